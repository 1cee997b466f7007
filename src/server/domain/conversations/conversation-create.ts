import { sql, type Kysely, type Transaction } from 'kysely';
import { randomUUID } from 'node:crypto';
import type { AssignmentReason, AssignmentTrigger, Database, Channel, Priority, ConversationStatus, DetectedLanguage, Language } from '../../db/schema.js';
import type { Actor } from '../shared/actor.js';
import type { AttachmentStore, NewAttachment, StoredAttachment } from '../attachments/attachment-store.js';
import { resolveCustomerByEmail } from '../customers/customer-resolve.js';
import { appendMessage } from '../messages/message-append.js';
import { detectLanguage } from '../language/detect-language.js';
import { htmlToPlainText, sanitizeCustomerHtml } from '../messages/sanitize-html.js';
import { recordEvents } from '../events/record-event.js';
import { presentConversation, type ConversationRow } from '../presenters.js';
import { errors } from '../shared/errors.js';
import { isForeignKeyViolation } from '../shared/pg-errors.js';
import { defaultServiceClock, syncSla, type ServiceClock } from '../sla/sla-engine.js';
import { judgeCustomerMessage, onConversationCreated, stickyLookupFor } from '../routing/ownership-hooks.js';
import { ACTIVE_STATUSES, insertedAssignmentEvent, routeOnInsert, type RouteRow } from '../routing/routing-engine.js';
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
      const settings = await routingSettings(trx, actor.accountId);
      const judged = judgeCustomerMessage(`${input.subject.trim()}\n${body}`, messageLanguage, settings);
      const status = input.status ?? 'new';
      const tags = normalizeTags(input.tags ?? []);
      const id = randomUUID();
      // A conversation for a team, without an owner, is routed by its own insert (routeOnInsert): the row is written
      // once, with its owner.
      const route =
        input.teamId && !input.assigneeId && (ACTIVE_STATUSES as readonly string[]).includes(status)
          ? await routeOnInsert(
              trx,
              actor.accountId,
              { id, account_id: actor.accountId, team_id: input.teamId, channel, tags, language, difficult: judged.difficult },
              { stickyLookup: customer.created ? undefined : stickyLookupFor(customer.id, new Date(), settings) },
              svc.clock.now(),
            )
          : undefined;
      const values = {
        id,
        account_id: actor.accountId,
        // The account's own sequence (migration 003), taken by the insert itself: no lock held until commit and no
        // commit of its own; a failed create leaves a gap, as in every helpdesk, but a number is never reused.
        number: sql<number>`nextval(servisto_conversation_sequence(${actor.accountId})::regclass)::int`,
        subject: input.subject.trim(),
        status,
        priority: input.priority ?? 'normal',
        channel,
        language,
        customer_id: customer.id,
        assignee_id: input.assigneeId ?? null,
        team_id: input.teamId ?? null,
        tags,
        custom_fields: JSON.stringify(input.customFields ?? {}),
        created_at: sql<Date>`clock_timestamp()`,
        updated_at: sql<Date>`clock_timestamp()`,
        last_activity_at: sql<Date>`clock_timestamp()`,
        // The first message, appended below, is counted here: appendMessage then has no update to make.
        message_count: 1,
        customer_sentiment: judged.score,
        difficult: judged.difficult,
      };
      let decided: RouteRow | undefined;
      let inserted: ConversationRow;
      if (!route) {
        inserted = await trx.insertInto('conversations').values(values).returningAll().executeTakeFirstOrThrow();
      } else {
        // The decision in a CTE; the owner from it; the assignment logged in another CTE (its foreign key to the
        // conversation is checked at the end of the statement, when the row exists).
        const { route: decision, ...row } = await trx
          .with('r', () => sql<RouteRow>`(${route.call})`)
          .with('logged', (db) =>
            db
              .insertInto('assignments')
              .columns(['account_id', 'conversation_id', 'user_id', 'team_id', 'reason', 'trigger', 'skills_matched', 'assigned_at', 'difficult_since'])
              .expression(
                db
                  .selectFrom('r')
                  .select((eb) => [
                    eb.val(actor.accountId).as('account_id'),
                    eb.val(id).as('conversation_id'),
                    sql<string>`r.user_id`.as('user_id'),
                    eb.val(input.teamId!).as('team_id'),
                    sql<AssignmentReason>`r.reason`.as('reason'),
                    sql<AssignmentTrigger>`r.trigger`.as('trigger'),
                    sql<boolean>`r.skills_matched`.as('skills_matched'),
                    eb.val(route.request.now).as('assigned_at'),
                    eb.val(judged.difficult ? route.request.now : null).as('difficult_since'),
                  ])
                  .where(sql<boolean>`r.status = 'assigned'`),
              ),
          )
          .insertInto('conversations')
          .values({ ...values, assignee_id: sql<string | null>`(SELECT CASE WHEN r.status = 'assigned' THEN r.user_id END FROM r)` })
          .returningAll()
          .returning(sql<RouteRow>`(SELECT to_jsonb(r) FROM r)`.as('route'))
          .executeTakeFirstOrThrow();
        inserted = row;
        decided = { ...decision, updated_at: null };
      }
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
      const created = {
        actor,
        event: {
          type: 'conversation.created' as const,
          conversationId: conversation.id,
          customerId: customer.id,
          data: { number, channel, subject: conversation.subject, customerCreated: customer.created },
          publish: { conversation: presented, message: { ...message, bodyFull: undefined } },
        },
      };
      // An owner written by the insert is announced with the creation, in one statement.
      const assigned = route && decided ? insertedAssignmentEvent(route, decided, { ...conversation, difficult: judged.difficult }) : undefined;
      await recordEvents(trx, assigned ? [created, assigned] : [created]);
      // Ownership: the customer's sentiment, a recontact link, and routing for a team (routing/ownership-hooks.ts).
      conversation = await onConversationCreated(
        trx,
        svc,
        actor,
        conversation,
        { body: message.body, language: message.language },
        { newCustomer: customer.created, judged, routedOnInsert: route && decided ? { route, decided, eventRecorded: assigned !== undefined } : undefined },
      );
      // The row as it now is, and no clocks: nothing on this path before here starts one.
      // Inserted in this transaction with no clocks: it has some only if this started them.
      const slaClocks = await syncSla(trx, svc, actor.accountId, conversation.id, 'created', {
        conversation: { ...conversation, organisation_id: customer.organisationId },
        noClocks: true,
      });
      return { conversation, message, slaClocks };
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
