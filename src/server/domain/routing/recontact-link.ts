import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { hasRole, type Actor } from '../shared/actor.js';
import { errors } from '../shared/errors.js';
import { recordEvent } from '../events/record-event.js';
import type { ConversationRow } from '../presenters.js';
import { RECONTACT_DAYS } from './ownership-hooks.js';

/**
 * Correcting the runaround metric by hand. The judgement at creation (recontact-match.ts) can miss a customer who
 * came back about the same matter in other words, or link an unrelated question; a supervisor links or unlinks
 * (agents may not: the figure counts against the owner of the solved conversation). A manual link follows the
 * metric's definition — a conversation of the same customer, solved or closed within the 7 days before this one
 * was created (docs/METRICS.md) — and its reason is `manual`.
 */
export async function linkRecontact(db: Kysely<Database>, actor: Actor, conversationId: string, recontactOfId: string): Promise<ConversationRow> {
  if (!hasRole(actor, 'supervisor')) throw errors.forbidden('Only a supervisor corrects recontact links');
  return db.transaction().execute(async (trx) => {
    const current = await lockConversation(trx, actor.accountId, conversationId);
    if (recontactOfId === current.id) throw errors.validation('recontactOfId', 'a conversation cannot be a recontact of itself');
    const earlier = await trx
      .selectFrom('conversations')
      .select(['id', 'number', 'customer_id', 'assignee_id', 'merged_into_id', sql<Date | null>`coalesce(solved_at, closed_at)`.as('ended_at')])
      .where('account_id', '=', actor.accountId)
      .where('id', '=', recontactOfId)
      .executeTakeFirst();
    if (!earlier) throw errors.validation('recontactOfId', 'no such conversation in this account');
    if (earlier.customer_id !== current.customer_id) throw errors.validation('recontactOfId', 'must be a conversation of the same customer');
    if (earlier.merged_into_id !== null) throw errors.validation('recontactOfId', 'was merged into another conversation: link that one');
    const created = current.created_at.getTime();
    const ended = earlier.ended_at?.getTime() ?? null;
    if (ended === null || ended > created || ended < created - RECONTACT_DAYS * 86_400_000) {
      throw errors.validation('recontactOfId', `must have been solved or closed within the ${RECONTACT_DAYS} days before this conversation was created`);
    }
    if (current.recontact_of_id === earlier.id && current.recontact_reason === 'manual') return current;
    const updated = await trx
      .updateTable('conversations')
      .set({ recontact_of_id: earlier.id, recontact_reason: 'manual', recontact_score: null, updated_at: sql`greatest(updated_at, clock_timestamp())` })
      .where('account_id', '=', actor.accountId)
      .where('id', '=', current.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const data = {
      recontactOfId: earlier.id,
      recontactOfNumber: earlier.number,
      previousAssigneeId: earlier.assignee_id,
      previousSolvedAt: earlier.ended_at!.toISOString(),
      reason: 'manual',
      score: null,
      sharedTerms: [],
      replacedOfId: current.recontact_of_id,
    };
    await recordEvent(trx, actor, {
      type: 'conversation.recontact',
      conversationId: updated.id,
      customerId: updated.customer_id,
      data,
      publish: { recontactOfId: earlier.id, recontactOfNumber: earlier.number, reason: 'manual', score: null },
    });
    return updated;
  });
}

/** Removes a recontact link (judged or manual); a conversation without one is returned as it is. */
export async function unlinkRecontact(db: Kysely<Database>, actor: Actor, conversationId: string): Promise<ConversationRow> {
  if (!hasRole(actor, 'supervisor')) throw errors.forbidden('Only a supervisor corrects recontact links');
  return db.transaction().execute(async (trx) => {
    const current = await lockConversation(trx, actor.accountId, conversationId);
    if (current.recontact_of_id === null) return current;
    const updated = await trx
      .updateTable('conversations')
      .set({ recontact_of_id: null, recontact_reason: null, recontact_score: null, updated_at: sql`greatest(updated_at, clock_timestamp())` })
      .where('account_id', '=', actor.accountId)
      .where('id', '=', current.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const data = { recontactOfId: current.recontact_of_id, reason: current.recontact_reason, score: current.recontact_score };
    await recordEvent(trx, actor, { type: 'conversation.recontact_removed', conversationId: updated.id, customerId: updated.customer_id, data, publish: data });
    return updated;
  });
}

async function lockConversation(trx: Kysely<Database>, accountId: string, id: string): Promise<ConversationRow> {
  const row = await trx.selectFrom('conversations').selectAll().where('account_id', '=', accountId).where('id', '=', id).forNoKeyUpdate().executeTakeFirst();
  if (!row) throw errors.notFound('Conversation');
  return row;
}
