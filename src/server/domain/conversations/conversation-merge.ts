import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Db } from '../shared/types.js';
import type { Actor } from '../shared/actor.js';
import { recordEvent } from '../events/record-event.js';
import { errors } from '../shared/errors.js';
import { appendMessage } from '../messages/message-append.js';
import { presentConversation } from '../presenters.js';
import { defaultServiceClock, syncSla, type ServiceClock } from '../sla/sla-engine.js';
import { clearQueue, drainQueuesOf } from '../routing/routing-engine.js';

/** Out of the way of every real sequence number while messages are renumbered (seq is an int4, > 0). */
const PARKED = 1_000_000_000;
const PARKED_INCOMING = 1_500_000_000;

/**
 * Renumbers a conversation's messages 1…n by the time they were written (then their old order), gap-free. Called
 * after messages moved in or out; the caller holds the conversation's row lock.
 */
export async function renumberMessages(trx: Db, accountId: string, conversationId: string): Promise<number> {
  await sql`
    UPDATE messages SET seq = seq + ${PARKED}
    WHERE account_id = ${accountId} AND conversation_id = ${conversationId} AND seq < ${PARKED}`.execute(trx);
  const result = await sql<{ n: number }>`
    WITH ordered AS (
      SELECT id, row_number() OVER (ORDER BY created_at, seq, id) AS rn
      FROM messages WHERE account_id = ${accountId} AND conversation_id = ${conversationId}
    ), renumbered AS (
      UPDATE messages m SET seq = ordered.rn FROM ordered WHERE m.id = ordered.id RETURNING 1
    )
    SELECT count(*)::int AS n FROM renumbered`.execute(trx);
  const n = Number(result.rows[0]?.n ?? 0);
  await trx.updateTable('conversations').set({ message_count: n }).where('account_id', '=', accountId).where('id', '=', conversationId).execute();
  return n;
}

export interface MergeInput {
  intoId: string;
  /** Merging two customers' conversations must be asked for explicitly (the messages keep their own customer). */
  allowDifferentCustomer?: boolean | undefined;
}

/**
 * Merges a conversation into another (the customer wrote twice about one matter): every message moves into the
 * surviving conversation in the order it was written, open promises follow, transfers add up; the merged one is
 * closed with a pointer to the survivor (its running SLA targets are cancelled: they are the survivor's now).
 * Both keep their own change log; the customer's timeline shows the one conversation.
 */
export async function mergeConversation(db: Kysely<Database>, actor: Actor, id: string, input: MergeInput, svc: ServiceClock = defaultServiceClock) {
  if (id === input.intoId) throw errors.validation('intoId', 'must be another conversation');
  return db.transaction().execute(async (trx) => {
    // Both rows, locked in id order so that two opposite merges cannot deadlock.
    const rows = await trx
      .selectFrom('conversations')
      .selectAll()
      .where('account_id', '=', actor.accountId)
      .where('id', 'in', [id, input.intoId])
      .orderBy('id')
      .forUpdate()
      .execute();
    const source = rows.find((r) => r.id === id);
    const target = rows.find((r) => r.id === input.intoId);
    if (!source) throw errors.notFound('Conversation');
    if (!target) throw errors.validation('intoId', 'no such conversation in this account');
    if (source.merged_into_id) throw errors.conflict('The conversation was already merged', { field: 'id', mergedIntoId: source.merged_into_id });
    if (target.merged_into_id) {
      throw errors.conflict('The conversation to merge into was itself merged; merge into the surviving one', { field: 'intoId', mergedIntoId: target.merged_into_id });
    }
    if (target.status === 'closed') throw errors.conflict('The conversation to merge into is closed', { field: 'intoId' });
    if (source.customer_id !== target.customer_id && !input.allowDifferentCustomer) {
      throw errors.conflict('The conversations belong to different customers; pass allowDifferentCustomer: true to merge them anyway', { field: 'intoId' });
    }
    const now = svc.clock.now();
    const moved = source.message_count;
    await sql`
      UPDATE messages SET conversation_id = ${target.id}, seq = seq + ${PARKED_INCOMING}
      WHERE account_id = ${actor.accountId} AND conversation_id = ${source.id}`.execute(trx);
    await renumberMessages(trx, actor.accountId, target.id);
    await trx.updateTable('promises').set({ conversation_id: target.id }).where('account_id', '=', actor.accountId).where('conversation_id', '=', source.id).execute();
    await trx
      .updateTable('sla_clocks')
      .set({ cancelled_at: now })
      .where('account_id', '=', actor.accountId)
      .where('conversation_id', '=', source.id)
      .where('fulfilled_at', 'is', null)
      .where('cancelled_at', 'is', null)
      .execute();
    if (source.routing_queued_at) await clearQueue(trx, actor.accountId, source.id);
    const closed = await trx
      .updateTable('conversations')
      .set({
        status: 'closed',
        closed_at: sql`clock_timestamp()`,
        merged_into_id: target.id,
        message_count: 0,
        keep_on_shift_end: false,
        updated_at: sql`greatest(updated_at, clock_timestamp())`,
      })
      .where('account_id', '=', actor.accountId)
      .where('id', '=', source.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('conversations')
      .set({
        transfer_count: sql`transfer_count + ${source.transfer_count}`,
        difficult: sql`difficult OR ${source.difficult}`,
        last_activity_at: sql`greatest(last_activity_at, ${source.last_activity_at}, clock_timestamp())`,
        updated_at: sql`greatest(updated_at, clock_timestamp())`,
      })
      .where('account_id', '=', actor.accountId)
      .where('id', '=', target.id)
      .execute();
    const note = `Conversation #${source.number} (“${source.subject}”) was merged into this one: ${moved} message${moved === 1 ? '' : 's'} moved here in the order they were written.`;
    await appendMessage(trx, actor, {
      conversationId: target.id,
      direction: 'outbound',
      type: 'note',
      channel: target.channel,
      authorType: actor.type === 'user' ? 'user' : actor.type === 'api_token' ? 'api_token' : 'system',
      authorUserId: actor.type === 'user' ? actor.userId : null,
      customerId: null,
      body: note,
      bodyFull: note,
      html: null,
      language: target.language,
      attachments: [],
    });
    const survivor = await trx.selectFrom('conversations').selectAll().where('account_id', '=', actor.accountId).where('id', '=', target.id).executeTakeFirstOrThrow();
    await recordEvent(trx, actor, {
      type: 'conversation.merged',
      conversationId: source.id,
      customerId: source.customer_id,
      data: { intoId: target.id, intoNumber: target.number, movedMessages: moved },
      publish: { intoId: target.id, conversation: presentConversation(closed) },
    });
    await recordEvent(trx, actor, {
      type: 'conversation.merged_in',
      conversationId: target.id,
      customerId: target.customer_id,
      data: { fromId: source.id, fromNumber: source.number, movedMessages: moved, differentCustomer: source.customer_id !== target.customer_id },
      publish: { fromId: source.id, conversation: presentConversation(survivor) },
    });
    await syncSla(trx, svc, actor.accountId, target.id, 'changed');
    if (source.assignee_id && source.status !== 'solved') await drainQueuesOf(trx, svc, actor.accountId, source.assignee_id);
    return { conversation: survivor, merged: closed };
  });
}
