import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Actor } from '../shared/actor.js';
import { recordEvent } from '../events/record-event.js';
import { errors } from '../shared/errors.js';
import { notifyUsers, supervisorsFor } from '../notifications/notify.js';
import { presentConversation } from '../presenters.js';
import { defaultServiceClock, syncSla, type ServiceClock } from '../sla/sla-engine.js';
import { assignConversation, routeConversation, startAssignment } from '../routing/routing-engine.js';
import { addHandoverNote, handoverSummary, insertHandover, tellCustomerNewOwner } from '../routing/handovers.js';

export interface TransferInput {
  toUserId?: string | undefined;
  toTeamId?: string | undefined;
  /** The handover note: required, the receiver reads it first. */
  note?: string | undefined;
}

/**
 * Hands a conversation to another agent or team — warmly, never as a brush-off: the handover note is required and
 * is what the receiver reads first (an internal note linked from the handover), the transfer is counted on the
 * conversation (transfers per conversation, docs/METRICS.md), and the customer is told who helps them now, in their
 * language, on the conversation's channel. To a team, the team's routing picks the receiver (never the agent who
 * hands over); with nobody available the conversation waits in the team's queue, note attached.
 */
export async function transferConversation(db: Kysely<Database>, actor: Actor, id: string, input: TransferInput, svc: ServiceClock = defaultServiceClock) {
  const note = input.note?.trim() ?? '';
  if (note === '') throw errors.validation('note', 'a handover note is required: tell the receiver what the customer needs and what was done so far');
  if (!input.toUserId && !input.toTeamId) throw errors.validation('toUserId', 'give toUserId or toTeamId');
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('conversations').selectAll().where('account_id', '=', actor.accountId).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!current) throw errors.notFound('Conversation');
    if (current.merged_into_id) throw errors.conflict('The conversation was merged into another; transfer that one', { field: 'id', mergedIntoId: current.merged_into_id });
    if (current.status === 'closed' || current.status === 'solved') {
      throw errors.conflict(`A ${current.status} conversation is not transferred; it has nothing left to hand over`, { field: 'id', status: current.status });
    }
    const toUser = input.toUserId
      ? await trx.selectFrom('users').select(['id', 'name', 'active']).where('account_id', '=', actor.accountId).where('id', '=', input.toUserId).executeTakeFirst()
      : undefined;
    if (input.toUserId && !toUser) throw errors.validation('toUserId', 'no such user in this account');
    if (toUser && !toUser.active) throw errors.validation('toUserId', 'the user is deactivated');
    if (input.toTeamId) {
      const team = await trx.selectFrom('teams').select('id').where('account_id', '=', actor.accountId).where('id', '=', input.toTeamId).executeTakeFirst();
      if (!team) throw errors.validation('toTeamId', 'no such team in this account');
    }
    const toTeamId = input.toTeamId ?? current.team_id;
    if (toUser && toUser.id === current.assignee_id && toTeamId === current.team_id) {
      throw errors.conflict('The conversation is already theirs', { field: 'toUserId' });
    }
    const fromUserId = current.assignee_id;
    const now = svc.clock.now();
    const summary = await handoverSummary(trx, current);

    // The note first, so that it sits in the history just before the owner changes.
    const messageId = await addHandoverNote(trx, actor, current, note);
    let conversation = await trx
      .updateTable('conversations')
      .set({
        team_id: toTeamId,
        transfer_count: sql`transfer_count + 1`,
        keep_on_shift_end: false,
        ...(toUser ? {} : { assignee_id: null }),
        updated_at: sql`greatest(updated_at, clock_timestamp())`,
        last_activity_at: sql`greatest(last_activity_at, clock_timestamp())`,
      })
      .where('account_id', '=', actor.accountId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (toUser) {
      conversation = await assignConversation(trx, svc, actor, conversation, toUser.id, { reason: 'transfer', trigger: 'transfer' });
    } else {
      await startAssignment(trx, svc, actor.accountId, conversation, null, { reason: 'transfer', trigger: 'transfer' });
      const excluded = [fromUserId, actor.userId].filter((x): x is string => x !== null);
      const outcome = await routeConversation(trx, svc, actor.accountId, id, { trigger: 'transfer', excludeUserIds: excluded });
      if (outcome.conversation) conversation = outcome.conversation;
    }
    const receiverId = conversation.assignee_id;
    const handover = await insertHandover(trx, actor, {
      conversation,
      kind: 'transfer',
      fromUserId,
      toUserId: receiverId,
      toTeamId: toTeamId,
      note,
      messageId,
      summary,
      at: now,
    });
    const receiver = receiverId ? await trx.selectFrom('users').select('name').where('account_id', '=', actor.accountId).where('id', '=', receiverId).executeTakeFirst() : undefined;
    const told = await tellCustomerNewOwner(trx, svc, conversation, receiver?.name ?? null);
    const notifyData = { handoverId: handover.id, kind: 'transfer', note, fromUserId, number: conversation.number, subject: conversation.subject };
    if (receiverId) await notifyUsers(trx, actor.accountId, [receiverId], 'handover', id, notifyData);
    else await notifyUsers(trx, actor.accountId, await supervisorsFor(trx, actor.accountId, toTeamId), 'handover', id, notifyData);
    await recordEvent(trx, actor, {
      type: 'conversation.transferred',
      conversationId: id,
      customerId: conversation.customer_id,
      data: {
        handoverId: handover.id,
        fromUserId,
        toUserId: receiverId,
        toTeamId,
        requestedUserId: input.toUserId ?? null,
        noteMessageId: messageId,
        customerMessageId: told.messageId,
        customerLanguage: told.language,
        transferCount: conversation.transfer_count,
      },
      publish: { handoverId: handover.id, fromUserId, toUserId: receiverId, toTeamId, note, conversation: presentConversation(conversation) },
    });
    if (toTeamId !== current.team_id) await syncSla(trx, svc, actor.accountId, id, 'changed');
    return { conversation, handover };
  });
}
