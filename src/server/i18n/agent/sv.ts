import type { AgentTexts } from './types.js';

export const sv: AgentTexts = {
  shiftEndHandover: 'Automatisk överlämning: {agent}s arbetspass slutade {time} och konversationen var fortfarande öppen.',
  shiftEndKeepRefused: '{agent} ville behålla den, men kunden väntar på svar från oss, så den lämnades över.',
  shiftKept: '{agent} behåller konversationen efter arbetspassets slut ({time}): {reason}.',
  keepReasonPromise: 'hen har ett öppet löfte till kunden',
  keepReasonWaiting: 'den väntar på kunden',
  summaryStatus: 'Status: {status}, prioritet {priority}.',
  summaryLastCustomer: 'Kunden skrev senast ({time}): ”{excerpt}”',
  summaryPromise: 'Öppet löfte: ”{description}”, senast {due}.',
  summarySlaDue: 'Nästa SLA-mål löper ut {due}.',
  slaReassignedToAgent:
    'Automatiskt tilldelad dig: målet för {metric} missades {due} (SLA-policy ”{policy}”). Kunden har väntat längre än vi lovat; svara gärna kunden först.',
  slaReassignedToTeam:
    'Automatiskt flyttad till det här teamet: målet för {metric} missades {due} (SLA-policy ”{policy}”). Kunden har väntat längre än vi lovat; den som tar den, svara gärna kunden först.',
  status: { new: 'ny', open: 'öppen', pending: 'väntar på kunden', on_hold: 'pausad', solved: 'löst', closed: 'stängd' },
  priority: { low: 'låg', normal: 'normal', high: 'hög', urgent: 'brådskande' },
  metric: { first_response: 'första svar', next_response: 'nästa svar', resolution: 'lösning' },
};
