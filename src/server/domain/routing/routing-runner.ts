import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { JobQueue } from '../../jobs/job-queue.js';
import type { ServiceClock } from '../sla/sla-engine.js';
import { drainQueuesOf, drainTeamQueue, foldLoadReleases, routeConversation, ROUTING_WAKE_JOB } from './routing-engine.js';
import { handOverAtShiftEnd } from './shift-end.js';
import { queueShiftWakes, shiftStateOf } from './shifts.js';

/**
 * The routing runner acts on every routing timer that is due by the service clock: shift ends (hand over), shift
 * starts (the agent may take queued work), skills waits that ended (any member may take the conversation), and a
 * sweep of the queues. Each act runs in its own transaction and is conditional on the timer row it consumes
 * (`… WHERE next_end_at = <the instant seen>`), so it happens once however many runners race. It is woken by a
 * `routing.wake` pg-boss job at each instant and by a `routing.sweep` cron every minute.
 */

export interface RoutingRunReport {
  shiftsEnded: number;
  shiftsStarted: number;
  handedOver: number;
  kept: number;
  queued: number;
  routed: number;
}

export interface RoutingRunScope {
  accountId?: string | undefined;
}

const BATCH = 200;

export async function runRoutingClock(db: Kysely<Database>, svc: ServiceClock, scope: RoutingRunScope = {}): Promise<RoutingRunReport> {
  const report: RoutingRunReport = { shiftsEnded: 0, shiftsStarted: 0, handedOver: 0, kept: 0, queued: 0, routed: 0 };
  const now = svc.clock.now();

  // 1. Shift ends: hand over (or keep) what the agent owns.
  let ends = db.selectFrom('agent_shifts').select(['account_id', 'user_id', 'next_end_at']).where('next_end_at', '<=', now).orderBy('next_end_at').limit(BATCH);
  if (scope.accountId) ends = ends.where('account_id', '=', scope.accountId);
  for (const due of await ends.execute()) {
    await db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('agent_shifts').selectAll().where('account_id', '=', due.account_id).where('user_id', '=', due.user_id).forUpdate().executeTakeFirst();
      if (!row || row.next_end_at?.getTime() !== due.next_end_at?.getTime()) return; // another runner did it
      const state = shiftStateOf(row, now);
      await trx
        .updateTable('agent_shifts')
        .set({ next_end_at: state.nextEndAt, next_start_at: state.nextStartAt })
        .where('account_id', '=', row.account_id)
        .where('user_id', '=', row.user_id)
        .execute();
      await queueShiftWakes(trx, svc, row.account_id, row.user_id, state);
      report.shiftsEnded++;
      // Already in the next shift (the runner was late across a short break): the agent keeps working.
      if (state.onShift) return;
      const r = await handOverAtShiftEnd(trx, svc, row.account_id, row.user_id, due.next_end_at!);
      report.handedOver += r.handedOver;
      report.kept += r.kept;
      report.queued += r.queued;
    });
  }

  // 2. Shift starts: an online agent may now take what waits.
  let starts = db.selectFrom('agent_shifts').select(['account_id', 'user_id', 'next_start_at']).where('next_start_at', '<=', now).orderBy('next_start_at').limit(BATCH);
  if (scope.accountId) starts = starts.where('account_id', '=', scope.accountId);
  for (const due of await starts.execute()) {
    await db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('agent_shifts').selectAll().where('account_id', '=', due.account_id).where('user_id', '=', due.user_id).forUpdate().executeTakeFirst();
      if (!row || row.next_start_at?.getTime() !== due.next_start_at?.getTime()) return;
      const state = shiftStateOf(row, now);
      // The end timer stays as it is when it is still pending (it belongs to this shift or fires next).
      const nextEnd = row.next_end_at && row.next_end_at > now ? row.next_end_at : state.nextEndAt;
      await trx
        .updateTable('agent_shifts')
        .set({ next_start_at: state.nextStartAt, next_end_at: nextEnd })
        .where('account_id', '=', row.account_id)
        .where('user_id', '=', row.user_id)
        .execute();
      await queueShiftWakes(trx, svc, row.account_id, row.user_id, { nextStartAt: state.nextStartAt, nextEndAt: nextEnd?.getTime() === row.next_end_at?.getTime() ? null : nextEnd });
      report.shiftsStarted++;
      const user = await trx.selectFrom('users').select('presence').where('account_id', '=', row.account_id).where('id', '=', row.user_id).executeTakeFirst();
      if (state.onShift && user?.presence === 'online') report.routed += await drainQueuesOf(trx, svc, row.account_id, row.user_id);
    });
  }

  // 3. Skills waits that ended: any available member may take the conversation now.
  let fallbacks = db
    .selectFrom('conversations')
    .select(['account_id', 'id'])
    .where('routing_fallback_at', '<=', now)
    .where('routing_queued_at', 'is not', null)
    .orderBy('routing_fallback_at')
    .limit(BATCH);
  if (scope.accountId) fallbacks = fallbacks.where('account_id', '=', scope.accountId);
  for (const c of await fallbacks.execute()) {
    await db.transaction().execute(async (trx) => {
      const locked = await trx.selectFrom('conversations').select('id').where('account_id', '=', c.account_id).where('id', '=', c.id).forUpdate().skipLocked().executeTakeFirst();
      if (!locked) return;
      const outcome = await routeConversation(trx, svc, c.account_id, c.id, { trigger: 'queue' });
      if (outcome.kind === 'assigned') report.routed++;
    });
  }

  // 4. The sweep: every queue once more (catches a wake-up that was lost, or capacity freed elsewhere).
  let queues = db.selectFrom('conversations').select(['account_id', 'team_id']).distinct().where('routing_queued_at', 'is not', null).limit(BATCH);
  if (scope.accountId) queues = queues.where('account_id', '=', scope.accountId);
  for (const q of await queues.execute()) {
    if (!q.team_id) continue;
    report.routed += await db.transaction().execute((trx) => drainTeamQueue(trx, svc, q.account_id, q.team_id!));
  }

  // 5. Housekeeping: released load of agents who got no work meanwhile is folded into their counters.
  await foldLoadReleases(db, scope.accountId);
  return report;
}

export const ROUTING_SWEEP_JOB = 'routing.sweep';

/** The runner's jobs: a wake-up at each routing instant (queued where the instant is set) and a sweep every minute. */
export function defineRoutingJobs(db: Kysely<Database>, jobs: JobQueue, svc: ServiceClock, onChange?: () => void): void {
  const run = async (scope: RoutingRunScope) => {
    const r = await runRoutingClock(db, svc, scope);
    if (Object.values(r).some((n) => n > 0)) onChange?.();
  };
  jobs.define<{ accountId: string }>({
    name: ROUTING_WAKE_JOB,
    retryLimit: 5,
    retryDelaySeconds: 5,
    handler: async ({ accountId }) => run({ accountId }),
  });
  jobs.define<object>({
    name: ROUTING_SWEEP_JOB,
    retryLimit: 0,
    retryDelaySeconds: 60,
    handler: async () => run({}),
  });
}
