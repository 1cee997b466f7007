import type { AgentTexts } from './types.js';

export const sl: AgentTexts = {
  shiftEndHandover: 'Samodejna predaja: izmena osebe {agent} se je končala ob {time}, pogovor pa je bil še odprt.',
  shiftEndKeepRefused: '{agent} ga je želel(a) obdržati, vendar stranka čaka na naš odgovor, zato je bil predan.',
  shiftKept: '{agent} obdrži ta pogovor po koncu izmene ({time}): {reason}.',
  keepReasonPromise: 'stranki dolguje odprto obljubo',
  keepReasonWaiting: 'čaka na stranko',
  summaryStatus: 'Stanje: {status}, prednost {priority}.',
  summaryLastCustomer: 'Stranka je nazadnje pisala ({time}): »{excerpt}«',
  summaryPromise: 'Odprta obljuba: »{description}«, rok {due}.',
  summarySlaDue: 'Naslednji cilj SLA zapade {due}.',
  slaReassignedToAgent:
    'Samodejno dodeljeno vam: cilj »{metric}« ni bil dosežen ob {due} (pravilnik SLA »{policy}«). Stranka čaka dlje, kot smo obljubili; prosimo, najprej odgovorite njej.',
  slaReassignedToTeam:
    'Samodejno premaknjeno v to ekipo: cilj »{metric}« ni bil dosežen ob {due} (pravilnik SLA »{policy}«). Stranka čaka dlje, kot smo obljubili; kdor ga prevzame, naj ji najprej odgovori.',
  status: { new: 'nov', open: 'odprt', pending: 'čaka na stranko', on_hold: 'zadržan', solved: 'rešen', closed: 'zaprt' },
  priority: { low: 'nizka', normal: 'običajna', high: 'visoka', urgent: 'nujna' },
  metric: { first_response: 'prvi odgovor', next_response: 'naslednji odgovor', resolution: 'rešitev' },
};
