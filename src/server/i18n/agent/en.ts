import type { AgentTexts } from './types.js';

export const en: AgentTexts = {
  shiftEndHandover: "Automatic handover: {agent}'s shift ended at {time} and this conversation was still open.",
  shiftEndKeepRefused: '{agent} asked to keep it, but the customer is waiting for an answer from us, so it was handed over.',
  shiftKept: '{agent} keeps this conversation over the end of their shift ({time}): {reason}.',
  keepReasonPromise: 'they owe the customer an open promise',
  keepReasonWaiting: 'it waits on the customer',
  summaryStatus: 'Status: {status}, priority {priority}.',
  summaryLastCustomer: 'The customer last wrote ({time}): “{excerpt}”',
  summaryPromise: 'Open promise: “{description}”, due {due}.',
  summarySlaDue: 'Next SLA target due {due}.',
  slaReassignedToAgent:
    'Reassigned to you automatically: the {metric} target was missed at {due} (SLA policy “{policy}”). The customer has waited longer than we promised; please answer them first.',
  slaReassignedToTeam:
    'Moved to this team automatically: the {metric} target was missed at {due} (SLA policy “{policy}”). The customer has waited longer than we promised; whoever takes it, please answer them first.',
  status: { new: 'new', open: 'open', pending: 'pending', on_hold: 'on hold', solved: 'solved', closed: 'closed' },
  priority: { low: 'low', normal: 'normal', high: 'high', urgent: 'urgent' },
  metric: { first_response: 'first response', next_response: 'next response', resolution: 'resolution' },
};
