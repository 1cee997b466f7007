import type { AgentTexts } from './types.js';

export const pl: AgentTexts = {
  shiftEndHandover: 'Automatyczne przekazanie: zmiana osoby {agent} zakończyła się {time}, a ta rozmowa była nadal otwarta.',
  shiftEndKeepRefused: '{agent} chciał(a) ją zatrzymać, ale klient czeka na naszą odpowiedź, więc została przekazana.',
  shiftKept: '{agent} zatrzymuje tę rozmowę po zakończeniu zmiany ({time}): {reason}.',
  keepReasonPromise: 'ma wobec klienta otwartą obietnicę',
  keepReasonWaiting: 'czeka ona na klienta',
  summaryStatus: 'Status: {status}, priorytet {priority}.',
  summaryLastCustomer: 'Ostatnia wiadomość klienta ({time}): „{excerpt}”',
  summaryPromise: 'Otwarta obietnica: „{description}”, termin {due}.',
  summarySlaDue: 'Najbliższy termin SLA: {due}.',
  slaReassignedToAgent:
    'Przydzielono Ci automatycznie: cel „{metric}” nie został dotrzymany o {due} (polityka SLA „{policy}”). Klient czeka dłużej, niż obiecaliśmy; odpowiedz mu najpierw.',
  slaReassignedToTeam:
    'Przeniesiono automatycznie do tego zespołu: cel „{metric}” nie został dotrzymany o {due} (polityka SLA „{policy}”). Klient czeka dłużej, niż obiecaliśmy; kto ją przejmie, niech najpierw mu odpowie.',
  status: { new: 'nowa', open: 'otwarta', pending: 'czeka na klienta', on_hold: 'wstrzymana', solved: 'rozwiązana', closed: 'zamknięta' },
  priority: { low: 'niski', normal: 'normalny', high: 'wysoki', urgent: 'pilny' },
  metric: { first_response: 'pierwsza odpowiedź', next_response: 'kolejna odpowiedź', resolution: 'rozwiązanie' },
};
