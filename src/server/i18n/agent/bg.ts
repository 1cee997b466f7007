import type { AgentTexts } from './types.js';

export const bg: AgentTexts = {
  shiftEndHandover: 'Автоматично предаване: смяната на {agent} приключи в {time}, а този разговор все още беше отворен.',
  shiftEndKeepRefused: '{agent} искаше да го задържи, но клиентът чака отговор от нас, затова беше предаден.',
  shiftKept: '{agent} задържа този разговор след края на смяната си ({time}): {reason}.',
  keepReasonPromise: 'има открито обещание към клиента',
  keepReasonWaiting: 'той чака клиента',
  summaryStatus: 'Статус: {status}, приоритет {priority}.',
  summaryLastCustomer: 'Клиентът писа последно ({time}): „{excerpt}“',
  summaryPromise: 'Открито обещание: „{description}“, срок {due}.',
  summarySlaDue: 'Следващата SLA цел изтича в {due}.',
  slaReassignedToAgent:
    'Автоматично възложен на вас: целта „{metric}“ беше пропусната в {due} (SLA политика „{policy}“). Клиентът чака по-дълго, отколкото обещахме; моля, първо му отговорете.',
  slaReassignedToTeam:
    'Автоматично преместен в този екип: целта „{metric}“ беше пропусната в {due} (SLA политика „{policy}“). Клиентът чака по-дълго, отколкото обещахме; който го поеме, моля първо да му отговори.',
  status: { new: 'нов', open: 'отворен', pending: 'чака клиента', on_hold: 'задържан', solved: 'решен', closed: 'затворен' },
  priority: { low: 'нисък', normal: 'нормален', high: 'висок', urgent: 'спешен' },
  metric: { first_response: 'първи отговор', next_response: 'следващ отговор', resolution: 'решаване' },
};
