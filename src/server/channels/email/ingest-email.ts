import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { AttachmentStore } from '../../domain/attachments/attachment-store.js';
import { systemActor, type Actor } from '../../domain/shared/actor.js';
import { parseInboundEmail, EmailParseError, type ParsedInboundEmail } from './parse-inbound.js';
import { extractVisibleBody } from './visible-body.js';
import { sanitizeCustomerHtml } from '../../domain/messages/sanitize-html.js';
import { detectLanguage } from '../../domain/language/detect-language.js';
import { createConversation } from '../../domain/conversations/conversation-create.js';
import { appendMessage } from '../../domain/messages/message-append.js';
import { resolveCustomerByEmail, normalizeEmail } from '../../domain/customers/customer-resolve.js';
import { isUniqueViolation } from '../../domain/shared/pg-errors.js';

export type IngestResult =
  | {
      ok: true;
      conversationId: string;
      messageId: string;
      from: string;
      subject: string;
      language: string;
      body: string;
      created: boolean;
    }
  | { ok: true; skipped: 'auto_reply' | 'bounce' | 'duplicate'; from: string | null; subject: string; conversationId?: string; messageId?: string }
  | { ok: false; error: { code: string; message: string } };

const SUBJECT_TOKEN = /\[#(\d{1,9})\]/;
const REPLY_PREFIX = /^\s*((re|fw|fwd|sv|vs|odp|pd|odg|fwd|от|отг|re\[\d+\]|aw|wg|tr|ref)\s*:\s*)+/i;

export function normalizeSubject(subject: string): string {
  return subject.replace(SUBJECT_TOKEN, '').replace(REPLY_PREFIX, '').replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * The inbound email pipeline shared by `servisto ingest` (and later SMTP and IMAP): parse, drop loops and noise,
 * identify the customer, thread into an existing conversation or open a new one. Everything is written in one
 * transaction, so a message acknowledged to its sender is durable.
 */
export async function ingestRawEmail(
  db: Kysely<Database>,
  accountId: string,
  store: AttachmentStore,
  raw: Buffer,
): Promise<IngestResult> {
  let mail: ParsedInboundEmail;
  try {
    mail = await parseInboundEmail(raw);
  } catch (error) {
    if (error instanceof EmailParseError) return { ok: false, error: { code: `email_${error.code}`, message: error.message } };
    return { ok: false, error: { code: 'email_malformed', message: String((error as Error).message ?? error) } };
  }
  const from = mail.from!.address;
  if (mail.bounce) return { ok: true, skipped: 'bounce', from, subject: mail.subject };
  if (mail.autoSubmitted) return { ok: true, skipped: 'auto_reply', from, subject: mail.subject };

  const actor: Actor = { ...systemActor(accountId), type: 'customer' };
  if (mail.messageId) {
    const duplicate = await db
      .selectFrom('messages')
      .select(['id', 'conversation_id'])
      .where('account_id', '=', accountId)
      .where('external_id', '=', mail.messageId)
      .executeTakeFirst();
    if (duplicate) {
      return { ok: true, skipped: 'duplicate', from, subject: mail.subject, conversationId: duplicate.conversation_id, messageId: duplicate.id };
    }
  }

  const html = mail.html ? sanitizeCustomerHtml(mail.html) : null;
  const bodyFull = mail.text.trim();
  const body = extractVisibleBody(bodyFull).trim();
  const language = detectLanguage(body).language;
  const subject = mail.subject.trim() === '' ? '(no subject)' : mail.subject.trim().slice(0, 1000);
  const stored = await Promise.all(mail.attachments.map((a) => store.put(a)));

  const existing = await findThread(db, accountId, mail, from);
  try {
    if (existing) {
      const result = await db.transaction().execute(async (trx) => {
        const customer = await resolveCustomerByEmail(trx, actor, { email: from, name: mail.from!.name ?? undefined });
        return appendMessage(trx, { ...actor, id: customer.id }, {
          conversationId: existing,
          direction: 'inbound',
          type: 'message',
          channel: 'email',
          authorType: 'customer',
          authorUserId: null,
          customerId: customer.id,
          body: body === '' ? bodyFull : body,
          bodyFull,
          html,
          language,
          attachments: stored,
          externalId: mail.messageId,
        });
      });
      return { ok: true, conversationId: existing, messageId: result.message.id, from, subject, language, body: result.message.body, created: false };
    }
    const created = await createConversation(db, actor, store, {
      subject,
      customer: { email: from, name: mail.from!.name ?? undefined },
      message: { body: body === '' ? bodyFull : body, bodyFull, html: mail.html ?? undefined, storedAttachments: stored, externalId: mail.messageId },
      channel: 'email',
    });
    return {
      ok: true,
      conversationId: created.conversation.id,
      messageId: created.message.id,
      from,
      subject,
      language: created.message.language,
      body: created.message.body,
      created: true,
    };
  } catch (error) {
    if (isUniqueViolation(error) && mail.messageId) {
      // The same Message-ID arrived twice at once (SMTP retry racing IMAP): the other copy won.
      return { ok: true, skipped: 'duplicate', from, subject: mail.subject };
    }
    throw error;
  }
}

/**
 * Threading: a reply to one of the conversation's messages (In-Reply-To/References), a [#number] token in the
 * subject, or — for clients that drop headers — the same customer writing with the same normalised subject within
 * 14 days. Never crosses customers: the token and the subject fallback must belong to the sender.
 */
async function findThread(db: Kysely<Database>, accountId: string, mail: ParsedInboundEmail, from: string): Promise<string | null> {
  const ids = [...new Set([mail.inReplyTo, ...mail.references].filter((x): x is string => !!x))];
  if (ids.length > 0) {
    const hit = await db
      .selectFrom('messages')
      .select('conversation_id')
      .where('account_id', '=', accountId)
      .where('external_id', 'in', ids)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (hit) return hit.conversation_id;
  }
  const contact = await db
    .selectFrom('customer_contacts')
    .select('customer_id')
    .where('account_id', '=', accountId)
    .where('kind', '=', 'email')
    .where('normalized', '=', normalizeEmail(from))
    .executeTakeFirst();
  if (!contact) return null;
  const token = SUBJECT_TOKEN.exec(mail.subject);
  if (token) {
    const byNumber = await db
      .selectFrom('conversations')
      .select(['id', 'status'])
      .where('account_id', '=', accountId)
      .where('number', '=', Number(token[1]))
      .where('customer_id', '=', contact.customer_id)
      .executeTakeFirst();
    if (byNumber && byNumber.status !== 'closed') return byNumber.id;
  }
  const normalized = normalizeSubject(mail.subject);
  if (normalized === '') return null;
  const recent = await db
    .selectFrom('conversations')
    .select(['id', 'subject'])
    .where('account_id', '=', accountId)
    .where('customer_id', '=', contact.customer_id)
    .where('status', '<>', 'closed')
    .where('last_activity_at', '>', sql<Date>`now() - interval '14 days'`)
    .orderBy('last_activity_at', 'desc')
    .limit(20)
    .execute();
  return recent.find((c) => normalizeSubject(c.subject) === normalized)?.id ?? null;
}
