import type { ConversationStatus, Priority, SlaMetric } from '../../db/schema.js';

/**
 * Texts Servisto writes to agents on its own (handover notes, the note that explains an automatic reassignment),
 * in the receiving agent's UI language. One file per language with the same keys (a unit test checks every
 * language has every key and keeps the placeholders). Times are filled in already formatted.
 */
export interface AgentTexts {
  /** First line of a shift-end handover: {agent} (who left), {time}. */
  shiftEndHandover: string;
  /** The agent asked to keep it, but the customer waits for us: {agent}. */
  shiftEndKeepRefused: string;
  /** A conversation kept over the end of a shift: {agent}, {time}, {reason} (one of the two below). */
  shiftKept: string;
  keepReasonPromise: string;
  keepReasonWaiting: string;
  /** The handover summary, one line each: {status}, {priority}; {time}, {excerpt}; {description}, {due}; {due}. */
  summaryStatus: string;
  summaryLastCustomer: string;
  summaryPromise: string;
  summarySlaDue: string;
  /** SLA breach action reassign: {metric}, {due}, {policy}. */
  slaReassignedToAgent: string;
  slaReassignedToTeam: string;
  status: Record<ConversationStatus, string>;
  priority: Record<Priority, string>;
  metric: Record<SlaMetric, string>;
}
