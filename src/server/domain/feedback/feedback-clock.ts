import type { Db } from '../shared/types.js';
import { wallTimeFor, type ServiceClock } from '../sla/sla-engine.js';

/**
 * Feedback timers (survey mail, case due times, check-ins, date reminders, lifecycle changes) are instants on
 * rows. A `feedback.wake` job queued in the same transaction wakes the runner at the instant; a `feedback.sweep`
 * cron every minute catches anything a lost wake-up would miss (and the lifecycle checks, which need no precision).
 */
export const FEEDBACK_WAKE_JOB = 'feedback.wake';
export const FEEDBACK_SWEEP_JOB = 'feedback.sweep';

export async function queueFeedbackWake(trx: Db, svc: ServiceClock, accountId: string, at: Date): Promise<void> {
  if (!svc.jobs) return;
  await svc.jobs.enqueue(trx, FEEDBACK_WAKE_JOB, { accountId }, { startAfter: wallTimeFor(svc, at) });
}
