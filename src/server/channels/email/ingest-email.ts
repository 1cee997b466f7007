import type { Kysely } from 'kysely';
import { systemClock } from '../../domain/shared/clock.js';
import { expectedFirstResponse, type ExpectedFirstResponse } from '../../domain/sla/expected-response.js';
import { formatForCustomer } from '../../domain/sla/service-clock-runner.js';
import type { ServiceClock } from '../../domain/sla/sla-engine.js';
import { sql } from 'kysely';
import type { Database, DetectedLanguage } from '../../db/schema.js';
import type { Db } from '../../domain/shared/types.js';
import type { JobQueue } from '../../jobs/job-queue.js';
import { addressForms, baseAddress } from '../../domain/email/email-address-create.js';
import { markDelivery, newMessageId, queueEmailDelivery } from './outbound-mailer.js';
import { customerTexts, fill } from '../../i18n/customer/index.js';
import type { AttachmentStore } from '../../domain/attachments/attachment-store.js';
import { systemActor, type Actor } from '../../domain/shared/actor.js';
import { cleanText, parseInboundEmail, EmailParseError, type ParsedInboundEmail } from './parse-inbound.js';
import { extractVisibleBody } from './visible-body.js';
import { sanitizeCustomerHtml } from '../../domain/messages/sanitize-html.js';
import { detectLanguage } from '../../domain/language/detect-language.js';
import { createConversation } from '../../domain/conversations/conversation-create.js';
import { appendMessage } from '../../domain/messages/message-append.js';
import { resolveCustomerByEmail, normalizeEmail } from '../../domain/customers/customer-resolve.js';
import { isUniqueViolation } from '../../domain/shared/pg-errors.js';
import { NAMED } from '../../db/prepared-statements.js';

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
  | { ok: true; skipped: 'auto_reply' | 'bounce' | 'loop' | 'duplicate'; from: string | null; subject: string; conversationId?: string; messageId?: string }
  | { ok: false; error: { code: string; message: string } };

const SUBJECT_TOKEN = /\[#(\d{1,9})\]/;
const REPLY_PREFIX = /^\s*((re|fw|fwd|sv|vs|odp|pd|odg|fwd|от|отг|re\[\d+\]|aw|wg|tr|ref)\s*:\s*)+/i;

export function normalizeSubject(subject: string): string {
  return subject.replace(SUBJECT_TOKEN, '').replace(REPLY_PREFIX, '').replace(/\s+/g, ' ').trim().toLowerCase();
}

export interface IngestOptions {
  /** Sends the acknowledgement (and later other system mail); without it nothing is queued. */
  jobs?: JobQueue | undefined;
  mailDomain?: string | undefined;
  /** Promise made in the acknowledgement while there is too little history to measure it. */
  defaultResponseHours?: number | undefined;
  /** Called after a message was committed (wakes the outbox dispatcher so agents see it at once). */
  afterCommit?: (() => void) | undefined;
  /** The service clock SLA targets run on; the system clock when absent. */
  serviceClock?: ServiceClock | undefined;
}

/** Which account a mail belongs to: a fixed one (SMTP knows it from RCPT TO) or found from the mail's headers. */
export type AccountTarget = string | ((mail: ParsedInboundEmail) => Promise<string | null>);

/**
 * The inbound email pipeline shared by SMTP, IMAP and `servisto ingest`: parse, drop loops and noise (bounces are
 * attached to the outbound mail that bounced), identify the customer, thread into an existing conversation or
 * open a new one and acknowledge it. Each path writes in one transaction, so a message acknowledged to its
 * sender is durable, and a Message-ID is stored once per account.
 */
export async function ingestRawEmail(
  db: Kysely<Database>,
  target: AccountTarget,
  store: AttachmentStore,
  raw: Buffer,
  options: IngestOptions = {},
): Promise<IngestResult> {
  let mail: ParsedInboundEmail;
  try {
    mail = await parseInboundEmail(raw);
  } catch (error) {
    if (error instanceof EmailParseError) return { ok: false, error: { code: `email_${error.code}`, message: error.message } };
    return { ok: false, error: { code: 'email_malformed', message: error instanceof Error ? error.message : String(error) } };
  }
  const from = mail.from!.address;
  const accountId = typeof target === 'string' ? target : await target(mail);
  if (!accountId) return { ok: false, error: { code: 'email_unknown_recipient', message: 'No account receives mail for these recipients' } };
  if (mail.bounce) {
    const bounced = await attachBounce(db, accountId, raw, mail);
    return { ok: true, skipped: 'bounce', from, subject: mail.subject, ...bounced };
  }
  if (mail.autoSubmitted) return { ok: true, skipped: 'auto_reply', from, subject: mail.subject };
  // One statement for three facts: is the sender one of our own addresses (a loop), is this Message-ID stored already
  // (a retry, or the same mail by SMTP and IMAP), and which team the address it was sent to belongs to (a new
  // conversation is routed by that team).
  const recipients = [...new Set([...mail.to, ...mail.cc].map(baseAddress))];
  const { rows: checked } = await sql<{ own: boolean; duplicate_id: string | null; duplicate_conversation_id: string | null; team_id: string | null }>`
    SELECT EXISTS (SELECT 1 FROM email_addresses WHERE address = ANY(${addressForms(from)}::text[])) AS own,
           d.id AS duplicate_id, d.conversation_id AS duplicate_conversation_id,
           (SELECT team_id FROM email_addresses
            WHERE account_id = ${accountId} AND address = ANY(${recipients}::text[]) AND team_id IS NOT NULL
            ORDER BY is_default DESC, created_at LIMIT 1) AS team_id
    FROM (SELECT 1) one
    LEFT JOIN LATERAL (SELECT id, conversation_id FROM messages
                       WHERE account_id = ${accountId} AND external_id = ${mail.messageId ?? null} LIMIT 1) d ON true
    ${sql.raw(NAMED)}`.execute(db);
  const facts = checked[0]!;
  if (facts.own) return { ok: true, skipped: 'loop', from, subject: mail.subject };

  const actor: Actor = { ...systemActor(accountId), type: 'customer' };
  if (facts.duplicate_id !== null) {
    return { ok: true, skipped: 'duplicate', from, subject: mail.subject, conversationId: facts.duplicate_conversation_id!, messageId: facts.duplicate_id };
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
          serviceClock: options.serviceClock ?? (options.jobs ? { clock: systemClock, jobs: options.jobs, mailDomain: options.mailDomain } : undefined),
        });
      });
      options.afterCommit?.();
      return { ok: true, conversationId: existing, messageId: result.message.id, from, subject, language, body: result.message.body, created: false };
    }
    const svc = options.serviceClock ?? (options.jobs ? { clock: systemClock, jobs: options.jobs, mailDomain: options.mailDomain } : undefined);
    const expected = options.jobs ? await expectedFirstResponse(db, accountId, (svc?.clock ?? systemClock).now(), options.defaultResponseHours ?? 24) : null;
    const created = await createConversation(db, actor, store, {
      subject,
      customer: { email: from, name: mail.from!.name ?? undefined },
      // The address it was sent to may belong to a team: the new conversation is then routed by that team.
      teamId: facts.team_id ?? undefined,
      message: {
        body: body === '' ? bodyFull : body,
        bodyFull,
        html: mail.html ?? undefined,
        storedAttachments: stored,
        externalId: mail.messageId,
        // Detected above in the same text; not when the visible body was empty and the full body is used instead.
        detectedLanguage: body === '' ? undefined : language,
      },
      channel: 'email',
      onCreated: async (trx, conversation) => {
        if (!options.jobs || !expected) return undefined;
        // The row as the acknowledgement's append left it: no need to read it again.
        return acknowledge(trx, options.jobs, options.mailDomain ?? 'servisto.local', conversation, mail.from!.name, expected);
      },
    }, svc);
    options.afterCommit?.();
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
 * The acknowledgement: in the customer's language, with the conversation number and an honest expected answer
 * time. Marked Auto-Submitted so that other systems never answer it (and ours never answers theirs). Returns the
 * conversation row as the append left it.
 */
async function acknowledge(
  trx: Db,
  jobs: JobQueue,
  mailDomain: string,
  conversation: { id: string; account_id: string; number: number; subject: string; language: string; customer_id: string },
  customerName: string | null,
  expected: ExpectedFirstResponse,
) {
  const language = conversation.language === 'und' ? 'en' : conversation.language;
  const texts = customerTexts(language);
  let within: string;
  if (expected.kind === 'by') {
    within = fill(texts.byTime, { time: formatForCustomer(expected.at, language, expected.timeZone) });
  } else {
    const d = roundUpDuration(expected.minutes);
    within = fill(d.unit === 'minutes' ? texts.withinMinutes : d.unit === 'hours' ? texts.withinHours : texts.withinDays, { n: d.value });
  }
  const body = [
    customerName ? fill(texts.greetingNamed, { name: customerName }) : texts.greeting,
    '',
    fill(texts.ackBody, { number: conversation.number, expected: within }),
    '',
    texts.ackClosing,
    texts.signature,
  ].join('\n');
  const system = systemActor(conversation.account_id);
  const { message, conversation: after } = await appendMessage(trx, system, {
    conversationId: conversation.id,
    direction: 'outbound',
    type: 'message',
    channel: 'email',
    authorType: 'system',
    authorUserId: null,
    customerId: null,
    body,
    bodyFull: body,
    html: null,
    language: conversation.language === 'und' ? 'en' : (conversation.language as DetectedLanguage),
    attachments: [],
    externalId: await newMessageId(trx, conversation.account_id, mailDomain),
    deliveryStatus: 'queued',
    autoSubmitted: true,
  });
  await queueEmailDelivery(trx, jobs, { accountId: conversation.account_id, messageId: message.id });
  return after;
}

export interface ExpectedResponse {
  value: number;
  unit: 'minutes' | 'hours' | 'days';
}

export function roundUpDuration(minutes: number): ExpectedResponse {
  if (minutes <= 55) return { value: Math.max(5, Math.ceil(minutes / 5) * 5), unit: 'minutes' };
  const hours = Math.ceil(minutes / 60);
  if (hours <= 48) return { value: hours, unit: 'hours' };
  return { value: Math.ceil(hours / 24), unit: 'days' };
}

/**
 * A delivery report: find our message it reports on (by the Message-IDs the report quotes) and mark it bounced,
 * so the agent sees the reply did not arrive.
 */
async function attachBounce(db: Kysely<Database>, accountId: string, raw: Buffer, mail: ParsedInboundEmail) {
  // The parsed references are already cleaned and capped; from the raw report take only the quoted Message-IDs.
  const quoted = [...raw.toString('latin1').matchAll(/^(?:Message-ID|Original-Message-ID):\s*(<[^>\s]+>)/gim)]
    .map((m) => cleanText(m[1]!))
    .filter((id) => id !== mail.messageId);
  const candidates = [...new Set([...quoted, ...(mail.inReplyTo ? [mail.inReplyTo] : []), ...mail.references])].slice(0, 1000);
  if (candidates.length === 0) return {};
  const original = await db
    .selectFrom('messages')
    .select(['id', 'conversation_id'])
    .where('account_id', '=', accountId)
    .where('direction', '=', 'outbound')
    .where('external_id', 'in', candidates)
    .executeTakeFirst();
  if (!original) return {};
  const report = cleanText(raw.toString('latin1'));
  const status = /^Diagnostic-Code:\s*(.+)$/im.exec(report)?.[1]?.trim() ?? /^Status:\s*(.+)$/im.exec(report)?.[1]?.trim();
  await markDelivery(db, accountId, original.id, original.conversation_id, {
    status: 'bounced',
    error: (status ? `Bounced: ${status}` : `Bounced: ${mail.subject}`).slice(0, 1000),
    countAttempt: false,
  });
  return { conversationId: original.conversation_id, messageId: original.id };
}

/**
 * Threading: a reply to one of the conversation's messages (In-Reply-To/References), a [#number] token in the
 * subject, or — for clients that drop headers — the same customer writing with the same normalised subject within
 * 14 days. Never crosses customers: the token and the subject fallback must belong to the sender.
 */
/** Its lookups end with NAMED: point reads before the transaction, named (parsed and planned once) per connection. */
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
      .modifyEnd(sql.raw(NAMED))
      .executeTakeFirst();
    if (hit) return hit.conversation_id;
  }
  const contact = await db
    .selectFrom('customer_contacts')
    .select('customer_id')
    .where('account_id', '=', accountId)
    .where('kind', '=', 'email')
    .where('normalized', '=', normalizeEmail(from))
    .modifyEnd(sql.raw(NAMED))
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
      .modifyEnd(sql.raw(NAMED))
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
    .modifyEnd(sql.raw(NAMED))
    .execute();
  return recent.find((c) => normalizeSubject(c.subject) === normalized)?.id ?? null;
}
