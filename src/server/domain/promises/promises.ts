import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, PromisesTable } from '../../db/schema.js';
import type { Actor } from '../shared/actor.js';
import { systemActor } from '../shared/actor.js';
import type { JobQueue } from '../../jobs/job-queue.js';
import { recordEvent } from '../events/record-event.js';
import { errors } from '../shared/errors.js';
import { isForeignKeyViolation } from '../shared/pg-errors.js';
import type { Db } from '../shared/types.js';
import { queueWake, type ServiceClock } from '../sla/sla-engine.js';
import { presentPromiseRow, runServiceClock } from '../sla/service-clock-runner.js';

export const PROMISE_DUE_JOB = 'promise.due';

export function presentPromise(p: Selectable<PromisesTable>) {
  return presentPromiseRow(p);
}

/** When the owner is reminded and when the customer would be told of a delay, before a promise is due. */
export function promiseTimers(now: Date, dueAt: Date): { remindAt: Date; noticeAt: Date } {
  const lead = Math.max(0, dueAt.getTime() - now.getTime());
  return {
    remindAt: new Date(dueAt.getTime() - Math.min(60 * 60_000, lead * 0.25)),
    noticeAt: new Date(dueAt.getTime() - Math.min(30 * 60_000, lead * 0.1)),
  };
}

/**
 * Records a promise made to the customer. Its timers (reminder to the owner, delay notice to the customer, due
 * time) are instants on the row, acted on by the service-clock runner (sla/service-clock-runner.ts), never
 * in-memory timers: a promise still open when due becomes missed and is escalated to the supervisors.
 */
export async function recordPromise(
  db: Kysely<Database>,
  svc: ServiceClock,
  actor: Actor,
  conversationId: string,
  input: { description: string; dueAt: Date; ownerId?: string | undefined; sourceMessageId?: string | undefined },
) {
  try {
    return await db.transaction().execute((trx) => recordPromiseIn(trx, svc, actor, conversationId, input));
  } catch (error) {
    if (isForeignKeyViolation(error)) throw errors.validation('ownerId', 'no such user in this account');
    throw error;
  }
}

/** As recordPromise, inside the caller's transaction (a reply and the promise it makes commit together). */
export async function recordPromiseIn(
  trx: Db,
  svc: ServiceClock,
  actor: Actor,
  conversationId: string,
  input: { description: string; dueAt: Date; ownerId?: string | undefined; sourceMessageId?: string | undefined },
) {
  const now = svc.clock.now();
  if (input.dueAt.getTime() <= now.getTime()) throw errors.validation('dueAt', 'must be in the future');
  const { remindAt, noticeAt } = promiseTimers(now, input.dueAt);
  if (input.ownerId) {
    const owner = await trx.selectFrom('users').select('id').where('account_id', '=', actor.accountId).where('id', '=', input.ownerId).executeTakeFirst();
    if (!owner) throw errors.validation('ownerId', 'no such user in this account');
  }
  const conversation = await trx
    .selectFrom('conversations')
    .select(['id', 'assignee_id', 'customer_id'])
    .where('account_id', '=', actor.accountId)
    .where('id', '=', conversationId)
    .executeTakeFirst();
  if (!conversation) throw errors.notFound('Conversation');
  const promise = await trx
    .insertInto('promises')
    .values({
      account_id: actor.accountId,
      conversation_id: conversationId,
      description: input.description.trim(),
      due_at: input.dueAt,
      // The owner is who promised: the given user, else the acting agent, else the conversation's assignee.
      owner_id: input.ownerId ?? actor.userId ?? conversation.assignee_id,
      created_by_type: actor.type,
      created_by_id: actor.id,
      recorded_at: now,
      remind_at: remindAt,
      notice_at: noticeAt,
      source_message_id: input.sourceMessageId ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  // Timers are the row's instants; wake-up jobs run the service clock at each of them.
  for (const at of [remindAt, noticeAt, input.dueAt]) await queueWake(trx, svc, actor.accountId, conversationId, at);
  await recordEvent(trx, actor, {
    type: 'promise.recorded',
    conversationId,
    customerId: conversation.customer_id,
    data: { promiseId: promise.id, dueAt: promise.due_at.toISOString(), ownerId: promise.owner_id },
    publish: { promise: presentPromise(promise) },
  });
  return promise;
}

/** Marks a promise kept (or cancelled). A promise already missed can still be kept late: it stays counted as missed
 * on time but shows the customer got it. */
export async function resolvePromise(db: Kysely<Database>, svc: ServiceClock, actor: Actor, promiseId: string, status: 'kept' | 'cancelled') {
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('promises').selectAll().where('account_id', '=', actor.accountId).where('id', '=', promiseId).forUpdate().executeTakeFirst();
    if (!current) throw errors.notFound('Promise');
    if (current.status === 'kept' || current.status === 'cancelled') {
      if (current.status === status) return current;
      throw errors.conflict(`The promise is already ${current.status}`, { field: 'status' });
    }
    const updated = await trx
      .updateTable('promises')
      .set({ status, resolved_at: svc.clock.now() })
      .where('account_id', '=', actor.accountId)
      .where('id', '=', promiseId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordEvent(trx, actor, {
      type: status === 'kept' ? 'promise.kept' : 'promise.cancelled',
      conversationId: updated.conversation_id,
      data: { promiseId, late: current.status === 'missed' },
      publish: { promise: presentPromise(updated) },
    });
    return updated;
  });
}

/** The due-time job of promises recorded before the service clock existed: it now just runs the clock. */
export function definePromiseJobs(db: Kysely<Database>, jobs: JobQueue, svc: ServiceClock, onChange?: () => void): void {
  jobs.define<{ accountId: string; promiseId: string }>({
    name: PROMISE_DUE_JOB,
    retryLimit: 5,
    retryDelaySeconds: 5,
    handler: async ({ accountId, promiseId }) => {
      const promise = await db.selectFrom('promises').select('conversation_id').where('account_id', '=', accountId).where('id', '=', promiseId).executeTakeFirst();
      if (!promise) return;
      const report = await runServiceClock(db, svc, { accountId, conversationId: promise.conversation_id });
      if (report.missed + report.reminded + report.promiseNoticed > 0) onChange?.();
    },
  });
}
