import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, Channel, Priority, ConversationStatus, DetectedLanguage, Language } from '../../db/schema.js';
import type { Actor } from '../shared/actor.js';
import type { AttachmentStore, NewAttachment, StoredAttachment } from '../attachments/attachment-store.js';
import { resolveCustomerByEmail } from '../customers/customer-resolve.js';
import { appendMessage } from '../messages/message-append.js';
import { detectLanguage } from '../language/detect-language.js';
import { htmlToPlainText, sanitizeCustomerHtml } from '../messages/sanitize-html.js';
import { recordEvent } from '../events/record-event.js';
import { presentConversation, type ConversationRow } from '../presenters.js';
import { errors } from '../shared/errors.js';
import { isForeignKeyViolation } from '../shared/pg-errors.js';
import { defaultServiceClock, syncSla, type ServiceClock } from '../sla/sla-engine.js';
import { judgeCustomerMessage, onConversationCreated } from '../routing/ownership-hooks.js';
import { routingSettings } from '../routing/routing-settings.js';

export interface CreateConversationInput {
  subject: string;
  customer: { email: string; name?: string | undefined };
  message: {
    body?: string | undefined;
    html?: string | undefined;
    bodyFull?: string | undefined;
    attachments?: NewAttachment[] | undefined;
    /** Attachments already written to the store (the email pipeline stores them before threading). */
    storedAttachments?: StoredAttachment[] | undefined;
    /** The channel's id of the first message (email Message-ID). */
    externalId?: string | null | undefined;
    /** The language detected in `body` when the caller already detected it (the email pipeline). */
    detectedLanguage?: DetectedLanguage | undefined;
  };
  channel?: Channel | undefined;
  priority?: Priority | undefined;
  status?: ConversationStatus | undefined;
  tags?: string[] | undefined;
  teamId?: string | null | undefined;
  assigneeId?: string | null | undefined;
  customFields?: Record<string, unknown> | undefined;
  language?: Language | undefined;
  /**
   * Runs inside the creating transaction after the conversation and its first message exist. Returns the
   * conversation's row as it left it (e.g. from appendMessage), or nothing: the row is then read again.
   */
  onCreated?: ((trx: Transaction<Database>, conversation: ConversationRow) => Promise<ConversationRow | undefined>) | undefined;
}

export function normalizeTags(tags: string[]): string[] {
  return [...new Set(tags.map((t) => t.trim().toLowerCase()).filter((t) => t.length > 0))].sort();
}

/**
 * A customer's new request: resolves the customer from their address, numbers the conversation, stores the first
 * (inbound) message and records the events, all in one transaction.
 */
export async function createConversation(
  db: Kysely<Database>,
  actor: Actor,
  store: AttachmentStore,
  input: CreateConversationInput,
  svc: ServiceClock = defaultServiceClock,
) {
  const html = input.message.html ? sanitizeCustomerHtml(input.message.html) : null;
  // An empty body counts as missing: the API requires the field, so an HTML-only message arrives with body ''
  // (with `??` alone that '' was kept, leaving nothing to read, search or detect the language of).
  const typed = input.message.body?.trim() ?? '';
  const body = typed !== '' ? typed : html ? htmlToPlainText(html) : '';
  // A mail may carry only an attachment (a scan) or only a subject: that is still a customer's request.
  if (body === '' && !html && input.channel !== 'email') throw errors.validation('message.body', 'must not be empty');
  const bodyFull = input.message.bodyFull ?? body;
  const language = input.language ?? detectLanguage(`${input.subject}\n${body}`).language;
  const stored = [
    ...(input.message.storedAttachments ?? []),
    ...(await Promise.all((input.message.attachments ?? []).map((a) => store.put(a)))),
  ];

  try {
    return await db.transaction().execute(async (trx) => {
      const customer = await resolveCustomerByEmail(trx, actor, {
        email: input.customer.email,
        name: input.customer.name,
        language: language === 'und' ? undefined : language,
      });
      const channel = input.channel ?? 'api';
      const bodyLanguage = input.message.detectedLanguage ?? detectLanguage(body).language;
      const messageLanguage = bodyLanguage === 'und' ? language : bodyLanguage;
      // The customer's first words are judged before the insert, so that the row is written with its mood
      // (ownership-hooks.ts) instead of updated for it: every update of a conversation writes all its indexes.
      const judged = judgeCustomerMessage(`${input.subject.trim()}\n${body}`, messageLanguage, await routingSettings(trx, actor.accountId));
      const inserted = await trx
        .insertInto('conversations')
        .values({
          account_id: actor.accountId,
          // The account's own sequence (migration 003), taken by the insert itself: no lock held until commit and no
          // commit of its own; a failed create leaves a gap, as in every helpdesk, but a number is never reused.
          number: sql<number>`nextval(servisto_conversation_sequence(${actor.accountId})::regclass)::int`,
          subject: input.subject.trim(),
          status: input.status ?? 'new',
          priority: input.priority ?? 'normal',
          channel,
          language,
          customer_id: customer.id,
          assignee_id: input.assigneeId ?? null,
          team_id: input.teamId ?? null,
          tags: normalizeTags(input.tags ?? []),
          custom_fields: JSON.stringify(input.customFields ?? {}),
          created_at: sql`clock_timestamp()`,
          updated_at: sql`clock_timestamp()`,
          last_activity_at: sql`clock_timestamp()`,
          // The first message, appended below, is counted here: appendMessage then has no update to make.
          message_count: 1,
          customer_sentiment: judged.score,
          difficult: judged.difficult,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const number = inserted.number;
      const { presented: message, conversation: afterFirstMessage } = await appendMessage(trx, actor, {
        conversationId: inserted.id,
        created: inserted,
        direction: 'inbound',
        type: 'message',
        channel,
        authorType: 'customer',
        authorUserId: null,
        customerId: customer.id,
        body,
        bodyFull,
        html,
        language: messageLanguage,
        attachments: stored,
        externalId: input.message.externalId ?? null,
        silent: true,
        skipSla: true,
        // Not for the SLA (synced below): the first contact is timed on the service clock (feedback lifecycle).
        serviceClock: svc,
        newCustomer: customer.created,
      });
      let conversation: ConversationRow = afterFirstMessage;
      if (input.onCreated) {
        conversation =
          (await input.onCreated(trx, conversation)) ??
          (await trx.selectFrom('conversations').selectAll().where('account_id', '=', actor.accountId).where('id', '=', inserted.id).executeTakeFirstOrThrow());
      }
      const presented = presentConversation(conversation);
      await recordEvent(trx, actor, {
        type: 'conversation.created',
        conversationId: conversation.id,
        customerId: customer.id,
        data: { number, channel, subject: conversation.subject, customerCreated: customer.created },
        publish: { conversation: presented, message: { ...message, bodyFull: undefined } },
      });
      // Ownership: the customer's sentiment, a recontact link, and routing for a team (routing/ownership-hooks.ts).
      conversation = await onConversationCreated(trx, svc, actor, conversation, { body: message.body, language: message.language }, { newCustomer: customer.created, judged });
      // The row as it now is, and no clocks: nothing on this path before here starts one.
      await syncSla(trx, svc, actor.accountId, conversation.id, 'created', {
        conversation: { ...conversation, organisation_id: customer.organisationId },
        noClocks: true,
      });
      return { conversation, message };
    });
  } catch (error) {
    if (isForeignKeyViolation(error)) {
      const detail = String((error as { detail?: string; constraint?: string }).constraint ?? '');
      if (detail.includes('team')) throw errors.validation('teamId', 'no such team in this account');
      if (detail.includes('assignee')) throw errors.validation('assigneeId', 'no such user in this account');
    }
    throw error;
  }
}
