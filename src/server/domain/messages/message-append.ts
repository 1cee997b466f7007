import { randomUUID } from 'node:crypto';
import { sql, type Compilable } from 'kysely';
import type { Db } from '../shared/types.js';
import type { Actor } from '../shared/actor.js';
import type { Channel, ConversationStatus, DetectedLanguage } from '../../db/schema.js';
import type { StoredAttachment } from '../attachments/attachment-store.js';
import { eventCtes, recordEvent, type NewEvent } from '../events/record-event.js';
import { errors } from '../shared/errors.js';
import { presentMessage, type AttachmentMeta, type ConversationRow, type MessageRow } from '../presenters.js';
import { MESSAGE_COLUMNS } from '../../db/repos/conversations.repo.js';
import { defaultServiceClock, syncSla, type ServiceClock } from '../sla/sla-engine.js';
import { raisePriorityIfUpset } from '../sentiment/raise-priority.js';
import { onCustomerMessage } from '../routing/ownership-hooks.js';
import { analyzeSentiment } from '../sentiment/index.js';
import { feedbackOnCustomerMessage } from '../feedback/feedback-hooks.js';

export interface AppendMessageInput {
  conversationId: string;
  direction: 'inbound' | 'outbound';
  type: 'message' | 'note';
  channel: Channel;
  authorType: 'customer' | 'user' | 'api_token' | 'system';
  authorUserId: string | null;
  customerId: string | null;
  body: string;
  bodyFull: string;
  html: string | null;
  language: DetectedLanguage;
  attachments: StoredAttachment[];
  /** The channel's own id of this message (email Message-ID), used for threading and de-duplication. */
  externalId?: string | null;
  /** Outbound mail starts as 'queued' and is updated by the mailer. */
  deliveryStatus?: 'queued' | null;
  /** A message written by the system on its own (an acknowledgement), never counted as a response. */
  autoSubmitted?: boolean;
  /** Log the event but do not publish it (the caller publishes a combined event, e.g. conversation.created). */
  silent?: boolean;
  /** The clock SLA targets run on (tests drive a manual one) and the job queue that wakes the runner. */
  serviceClock?: ServiceClock | undefined;
  /** The caller brings the SLA up to date itself (a new conversation's first message). */
  skipSla?: boolean;
  /** The customer was created in this transaction (createConversation): they have no history to look up yet. */
  newCustomer?: boolean;
  /**
   * The conversation was inserted in this transaction with this message already counted (createConversation:
   * message_count 1): the row as inserted, so that no update is needed to number the message.
   */
  created?: ConversationRow;
}

// Full-text: every language gets the 'simple' (unstemmed) vector; English and Swedish also get their stemmer.
// Lowercasing happens here, in JavaScript, so Cyrillic and Polish letters fold the same on every server locale.
export function searchTextOf(body: string): string {
  return body.toLocaleLowerCase('und').slice(0, 200_000);
}

export function searchVectorSql(text: string, language: DetectedLanguage) {
  const stemmer = language === 'en' ? 'english' : language === 'sv' ? 'swedish' : null;
  return stemmer
    ? sql<string>`to_tsvector('simple', ${text}) || to_tsvector(${stemmer}::regconfig, ${text})`
    : sql<string>`to_tsvector('simple', ${text})`;
}

/**
 * Appends a message to a conversation inside the caller's transaction.
 *
 * The conversation row is locked by the UPDATE that takes the next sequence number, so parallel appends to one
 * conversation queue up: sequence numbers are gap-free, and updated_at never moves backwards because it is set
 * from the clock *after* the lock is held (greatest() guards against clock steps).
 */
/** The message and its published event (with its outbox row) in one statement. */
async function insertPublished(trx: Db, actor: Actor, insert: Compilable, event: NewEvent): Promise<MessageRow> {
  const { rows } = await sql<MessageRow>`WITH m AS (${insert}), ${eventCtes(actor, event, 'e', sql`SELECT 1 FROM m`)} SELECT * FROM m`.execute(trx);
  return rows[0]!;
}

export async function appendMessage(trx: Db, actor: Actor, input: AppendMessageInput) {
  const isCustomerMessage = input.direction === 'inbound';
  const isAgentReply = input.direction === 'outbound' && input.type === 'message' && input.authorType !== 'system';
  // A conversation inserted with this message counted (createConversation) is new to this transaction: nobody else
  // can append to it, and nothing is left to update.
  const conversation = input.created
    ? { ...input.created }
    : await trx
        .updateTable('conversations')
        .set((eb) => ({
          message_count: eb('message_count', '+', 1),
          updated_at: sql`greatest(updated_at, clock_timestamp())`,
          last_activity_at: sql`greatest(last_activity_at, clock_timestamp())`,
          ...(isAgentReply ? { first_response_at: sql`coalesce(first_response_at, greatest(updated_at, clock_timestamp()))` } : {}),
        }))
        .where('account_id', '=', actor.accountId)
        .where('id', '=', input.conversationId)
        .returningAll()
        .executeTakeFirst();
  if (!conversation) throw errors.notFound('Conversation');

  // A customer writing again reopens a waiting or solved conversation; an agent's first reply opens a new one.
  let nextStatus: ConversationStatus | null = null;
  if (isCustomerMessage && ['pending', 'solved', 'on_hold'].includes(conversation.status)) nextStatus = 'open';
  if (isAgentReply && conversation.status === 'new') nextStatus = 'open';
  const previousStatus = conversation.status;
  if (nextStatus) {
    await trx
      .updateTable('conversations')
      .set({ status: nextStatus, ...(nextStatus === 'open' ? { solved_at: null } : {}) })
      .where('account_id', '=', actor.accountId)
      .where('id', '=', input.conversationId)
      .execute();
    conversation.status = nextStatus;
    if (nextStatus === 'open') conversation.solved_at = null;
  }

  const searchText = searchTextOf(input.body);
  const row = {
    id: randomUUID(),
    account_id: actor.accountId,
    conversation_id: input.conversationId,
    seq: conversation.message_count,
    direction: input.direction,
    type: input.type,
    channel: input.channel,
    author_type: input.authorType,
    author_user_id: input.authorUserId,
    customer_id: input.customerId ?? (isCustomerMessage ? conversation.customer_id : null),
    body: input.body,
    body_full: input.bodyFull,
    html: input.html,
    language: input.language,
    external_id: input.externalId ?? null,
    delivery_status: input.deliveryStatus ?? null,
    auto_submitted: input.autoSubmitted ?? false,
    search_text: searchText,
    search_vector: searchVectorSql(searchText, input.language),
    created_at: conversation.updated_at,
  };
  const eventType = input.type === 'note' ? 'message.note_added' : input.direction === 'inbound' ? 'message.received' : 'message.sent';
  // A customer message is analysed once: the presented message, the priority check, routing and feedback share it.
  const sentiment = isCustomerMessage ? analyzeSentiment(input.body, input.language) : undefined;
  // A silent message without attachments (a new conversation's first: the creation's event publishes it) is logged by
  // the insert itself, in a CTE: one round trip less.
  const logged = input.silent === true && input.attachments.length === 0;
  // A published message without attachments (a reply, a customer's next message, an acknowledgement) is logged and
  // published by its insert too: its id is chosen here, so the message as the event publishes it is known before the
  // insert (the columns the insert does not set are their defaults for a new row: no delivery attempt yet).
  const publishedWithInsert = !input.silent && input.attachments.length === 0;
  const message: MessageRow = publishedWithInsert
    ? await insertPublished(trx, actor, trx.insertInto('messages').values(row).returning(MESSAGE_COLUMNS), {
        type: eventType,
        conversationId: input.conversationId,
        customerId: conversation.customer_id,
        data: { messageId: row.id, seq: row.seq, channel: input.channel, attachments: 0 },
        // As the insert will write it: the columns it does not set take their defaults (no delivery attempt yet).
        publish: { message: { ...presentMessage({ ...row, delivery_error: null, delivery_attempts: 0, delivered_at: null }, [], sentiment), bodyFull: undefined } },
      })
    : logged
    ? await trx
        .with('m', (db) => db.insertInto('messages').values(row).returning(MESSAGE_COLUMNS))
        .with('e', (db) =>
          db
            .insertInto('events')
            .columns(['account_id', 'type', 'actor_type', 'actor_id', 'conversation_id', 'customer_id', 'data'])
            .expression(
              db.selectFrom('m').select((eb) => [
                eb.val(actor.accountId).as('account_id'),
                eb.val(eventType).as('type'),
                eb.val(actor.type).as('actor_type'),
                eb.val(actor.id).as('actor_id'),
                eb.val(input.conversationId).as('conversation_id'),
                eb.val(conversation.customer_id).as('customer_id'),
                sql<string>`jsonb_build_object('messageId', m.id, 'seq', m.seq, 'channel', ${input.channel}::text, 'attachments', 0)`.as('data'),
              ]),
            ),
        )
        .selectFrom('m')
        .selectAll()
        .executeTakeFirstOrThrow()
    : await trx.insertInto('messages').values(row).returning(MESSAGE_COLUMNS).executeTakeFirstOrThrow();

  let attachments: AttachmentMeta[] = [];
  if (input.attachments.length > 0) {
    attachments = await trx
      .insertInto('attachments')
      .values(
        input.attachments.map((a) => ({
          account_id: actor.accountId,
          message_id: message.id,
          filename: a.filename,
          content_type: a.contentType,
          size: a.size,
          sha256: a.sha256,
          storage: a.storage,
          data: a.data,
          content_id: a.contentId,
          inline: a.inline,
        })),
      )
      .returning(['id', 'message_id', 'filename', 'content_type', 'size', 'inline', 'content_id'])
      .execute();
  }

  const presented = presentMessage(message, attachments, sentiment);
  if (!logged && !publishedWithInsert) {
    await recordEvent(trx, actor, {
      type: eventType,
      conversationId: input.conversationId,
      customerId: conversation.customer_id,
      data: { messageId: message.id, seq: message.seq, channel: input.channel, attachments: attachments.length },
      ...(input.silent ? {} : { publish: { message: { ...presented, bodyFull: undefined } } }),
    });
  }
  if (nextStatus) {
    await recordEvent(trx, actor, {
      type: 'conversation.updated',
      conversationId: input.conversationId,
      customerId: conversation.customer_id,
      data: { changes: { status: [previousStatus, nextStatus] }, cause: 'message' },
      publish: { changes: { status: nextStatus } },
    });
  }
  // An upset customer's conversation is raised to high priority before routing and the SLA look at it.
  if (sentiment) await raisePriorityIfUpset(trx, actor, conversation, sentiment);
  // Ownership: the customer's sentiment (difficult conversations), and routing again after a reopen from solved.
  if (sentiment) {
    await onCustomerMessage(trx, input.serviceClock ?? defaultServiceClock, actor, conversation, { body: input.body, language: input.language, previousStatus, sentiment });
    // Feedback: contact for the lifecycle segment, a new conversation for retention, sentiment for recovery.
    await feedbackOnCustomerMessage(
      trx,
      input.serviceClock ?? defaultServiceClock,
      conversation,
      { id: message.id, body: input.body, language: input.language, sentiment },
      { newCustomer: input.newCustomer },
    );
  }
  // Customer messages and agents' public replies move the SLA clocks; notes and automatic messages never do.
  if (!input.skipSla && (isCustomerMessage || isAgentReply)) {
    await syncSla(trx, input.serviceClock ?? defaultServiceClock, actor.accountId, input.conversationId, isAgentReply ? 'agent_reply' : 'customer_message');
  }
  /** The conversation as it is after this message (counts, timestamps, status). */
  return { message, attachments, presented, conversation };
}
