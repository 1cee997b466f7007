import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Actor } from '../shared/actor.js';
import { recordEvent } from '../events/record-event.js';
import { errors } from '../shared/errors.js';
import { appendMessage } from '../messages/message-append.js';
import { presentConversation } from '../presenters.js';
import { defaultServiceClock, syncSla, type ServiceClock } from '../sla/sla-engine.js';
import { startAssignment } from '../routing/routing-engine.js';
import { renumberMessages } from './conversation-merge.js';

export interface SplitInput {
  messageIds: string[];
  subject?: string | undefined;
}

/**
 * Splits a conversation: the chosen messages (a second matter the customer raised) move into a new conversation of
 * the same customer, channel, team and owner, in the order they were written; both conversations are renumbered
 * gap-free and note where the messages went. The new conversation starts its own SLA targets.
 */
export async function splitConversation(db: Kysely<Database>, actor: Actor, id: string, input: SplitInput, svc: ServiceClock = defaultServiceClock) {
  const ids = [...new Set(input.messageIds)];
  if (ids.length === 0) throw errors.validation('messageIds', 'choose at least one message to split off');
  return db.transaction().execute(async (trx) => {
    const source = await trx.selectFrom('conversations').selectAll().where('account_id', '=', actor.accountId).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!source) throw errors.notFound('Conversation');
    if (source.merged_into_id) throw errors.conflict('The conversation was merged into another', { field: 'id', mergedIntoId: source.merged_into_id });
    const chosen = await trx
      .selectFrom('messages')
      .select(['id', 'seq', 'direction'])
      .where('account_id', '=', actor.accountId)
      .where('conversation_id', '=', id)
      .where('id', 'in', ids)
      .orderBy('seq')
      .execute();
    if (chosen.length !== ids.length) throw errors.validation('messageIds', 'contains messages that are not in this conversation');
    if (chosen.length >= source.message_count) throw errors.validation('messageIds', 'leave at least one message in the conversation');
    const subject = (input.subject ?? source.subject).trim() || source.subject;
    const { number } = await sql<{ number: number }>`SELECT nextval(servisto_conversation_sequence(${actor.accountId})::regclass)::int AS number`
      .execute(trx)
      .then((r) => r.rows[0]!);
    const created = await trx
      .insertInto('conversations')
      .values({
        account_id: actor.accountId,
        number,
        subject,
        status: source.status === 'new' ? 'new' : 'open',
        priority: source.priority,
        channel: source.channel,
        language: source.language,
        customer_id: source.customer_id,
        assignee_id: source.assignee_id,
        team_id: source.team_id,
        tags: source.tags,
        custom_fields: JSON.stringify(source.custom_fields),
        difficult: source.difficult,
        customer_sentiment: source.customer_sentiment,
        created_at: sql`clock_timestamp()`,
        updated_at: sql`clock_timestamp()`,
        last_activity_at: sql`clock_timestamp()`,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await sql`
      UPDATE messages SET conversation_id = ${created.id}, seq = seq + 1000000000
      WHERE account_id = ${actor.accountId} AND conversation_id = ${id} AND id = ANY(${ids}::uuid[])`.execute(trx);
    await renumberMessages(trx, actor.accountId, created.id);
    await renumberMessages(trx, actor.accountId, id);
    const authorType = actor.type === 'user' ? 'user' : actor.type === 'api_token' ? 'api_token' : 'system';
    const note = (conversationId: string, body: string, channel = source.channel) =>
      appendMessage(trx, actor, {
        conversationId,
        direction: 'outbound',
        type: 'note',
        channel,
        authorType,
        authorUserId: actor.type === 'user' ? actor.userId : null,
        customerId: null,
        body,
        bodyFull: body,
        html: null,
        language: source.language,
        attachments: [],
      });
    const movedSeqs = chosen.map((m) => m.seq).join(', ');
    await note(id, `Messages ${movedSeqs} were split off into conversation #${number} (“${subject}”).`);
    await note(created.id, `Split off from conversation #${source.number} (“${source.subject}”): ${chosen.length} message${chosen.length === 1 ? '' : 's'}.`);
    const fresh = await trx.selectFrom('conversations').selectAll().where('account_id', '=', actor.accountId).where('id', '=', created.id).executeTakeFirstOrThrow();
    if (fresh.assignee_id) await startAssignment(trx, svc, actor.accountId, fresh, fresh.assignee_id, { reason: 'manual', trigger: 'created' });
    await recordEvent(trx, actor, {
      type: 'conversation.created',
      conversationId: fresh.id,
      customerId: fresh.customer_id,
      data: { number, channel: fresh.channel, subject, splitFromId: id, splitFromNumber: source.number, messageIds: ids },
      publish: { conversation: presentConversation(fresh), splitFromId: id },
    });
    await recordEvent(trx, actor, {
      type: 'conversation.split',
      conversationId: id,
      customerId: source.customer_id,
      data: { newId: fresh.id, newNumber: number, messageIds: ids, movedSeqs: chosen.map((m) => m.seq) },
      publish: { newId: fresh.id, newNumber: number, messageIds: ids },
    });
    await syncSla(trx, svc, actor.accountId, fresh.id, 'created');
    return fresh;
  });
}
