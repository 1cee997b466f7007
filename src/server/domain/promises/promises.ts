import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, PromisesTable } from '../../db/schema.js';
import type { Actor } from '../shared/actor.js';
import { systemActor } from '../shared/actor.js';
import type { JobQueue } from '../../jobs/job-queue.js';
import { recordEvent } from '../events/record-event.js';
import { errors } from '../shared/errors.js';
import { isForeignKeyViolation } from '../shared/pg-errors.js';

export const PROMISE_DUE_JOB = 'promise.due';

export function presentPromise(p: Selectable<PromisesTable>) {
  return {
    id: p.id,
    conversationId: p.conversation_id,
    description: p.description,
    dueAt: p.due_at.toISOString(),
    ownerId: p.owner_id,
    status: p.status,
    createdAt: p.created_at.toISOString(),
    resolvedAt: p.resolved_at ? p.resolved_at.toISOString() : null,
  };
}

/**
 * Records a promise made to the customer. Its due time is a durable job (pg-boss, in the same transaction), not
 * an in-memory timer: when it fires and the promise is still open, the promise becomes missed.
 */
export async function recordPromise(
  db: Kysely<Database>,
  jobs: JobQueue,
  actor: Actor,
  conversationId: string,
  input: { description: string; dueAt: Date; ownerId?: string | undefined },
) {
  try {
    return await db.transaction().execute(async (trx) => {
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
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await jobs.enqueue(trx, PROMISE_DUE_JOB, { accountId: actor.accountId, promiseId: promise.id }, { startAfter: input.dueAt });
      await recordEvent(trx, actor, {
        type: 'promise.recorded',
        conversationId,
        customerId: conversation.customer_id,
        data: { promiseId: promise.id, dueAt: promise.due_at.toISOString(), ownerId: promise.owner_id },
        publish: { promise: presentPromise(promise) },
      });
      return promise;
    });
  } catch (error) {
    if (isForeignKeyViolation(error)) throw errors.validation('ownerId', 'no such user in this account');
    throw error;
  }
}

/** Marks a promise kept (or cancelled). A promise already missed can still be kept late: it stays counted as missed
 * on time but shows the customer got it. */
export async function resolvePromise(db: Kysely<Database>, actor: Actor, promiseId: string, status: 'kept' | 'cancelled') {
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('promises').selectAll().where('account_id', '=', actor.accountId).where('id', '=', promiseId).forUpdate().executeTakeFirst();
    if (!current) throw errors.notFound('Promise');
    if (current.status === 'kept' || current.status === 'cancelled') {
      if (current.status === status) return current;
      throw errors.conflict(`The promise is already ${current.status}`, { field: 'status' });
    }
    const updated = await trx
      .updateTable('promises')
      .set({ status, resolved_at: sql`now()` })
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

/** The due-time job: an open promise whose time has come is missed (the supervisor escalation comes with SLAs). */
export function definePromiseJobs(db: Kysely<Database>, jobs: JobQueue, onChange?: () => void): void {
  jobs.define<{ accountId: string; promiseId: string }>({
    name: PROMISE_DUE_JOB,
    retryLimit: 5,
    retryDelaySeconds: 5,
    handler: async ({ accountId, promiseId }) => {
      const changed = await db.transaction().execute(async (trx) => {
        const missed = await trx
          .updateTable('promises')
          .set({ status: 'missed', resolved_at: sql`now()` })
          .where('account_id', '=', accountId)
          .where('id', '=', promiseId)
          .where('status', '=', 'open')
          .where('due_at', '<=', sql<Date>`now()`)
          .returningAll()
          .executeTakeFirst();
        if (!missed) return false;
        await recordEvent(trx, systemActor(accountId), {
          type: 'promise.missed',
          conversationId: missed.conversation_id,
          data: { promiseId, ownerId: missed.owner_id, dueAt: missed.due_at.toISOString() },
          publish: { promise: presentPromise(missed) },
        });
        return true;
      });
      if (changed) onChange?.();
    },
  });
}
