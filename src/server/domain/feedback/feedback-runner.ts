import { sql, type Kysely } from 'kysely';
import { sendSystemMessage } from '../messages/system-message.js';
import type { Database, DetectedLanguage, Language } from '../../db/schema.js';
import type { Db } from '../shared/types.js';
import { systemActor } from '../shared/actor.js';
import { recordEvent } from '../events/record-event.js';
import { appendMessage } from '../messages/message-append.js';
import { notifyUsers, supervisorsFor } from '../notifications/notify.js';
import { customerTexts, fill } from '../../i18n/customer/index.js';
import { newMessageId, queueEmailDelivery } from '../../channels/email/outbound-mailer.js';
import type { JobQueue } from '../../jobs/job-queue.js';
import type { ServiceClock } from '../sla/sla-engine.js';
import { loadFeedbackSettings } from './feedback-settings.js';
import { FEEDBACK_SWEEP_JOB, FEEDBACK_WAKE_JOB, queueFeedbackWake } from './feedback-clock.js';
import { surveyToken } from './survey-token.js';
import { surveyUrl } from './surveys.js';
import { composeSurveyMail } from './survey-mail.js';
import { refreshLifecycle } from './customer-lifecycle.js';
import { followingOccurrence, reminderInstant } from './date-occurrence.js';
import { lockConversation } from './conversation-lock.js';

/**
 * The feedback runner: acts on every feedback timer that is due by the service clock — survey mails, overdue
 * recovery cases, check-ins after a gesture, reminders of customers' important dates and lifecycle changes that
 * come with time. Each act claims its row with a conditional UPDATE in its own transaction, so it happens exactly
 * once however many runners race (a wake-up job, the minute sweep, a test).
 */

export interface FeedbackRunReport {
  surveysSent: number;
  surveysHeld: number;
  casesOverdue: number;
  checkInsSent: number;
  datesReminded: number;
  segmentsChecked: number;
}

export interface FeedbackRunOptions {
  /** Base of the survey links in mail. */
  publicUrl: string;
}

const BATCH = 200;

export async function runFeedbackClock(db: Kysely<Database>, svc: ServiceClock, options: FeedbackRunOptions, scope: { accountId?: string | undefined } = {}): Promise<FeedbackRunReport> {
  const report: FeedbackRunReport = { surveysSent: 0, surveysHeld: 0, casesOverdue: 0, checkInsSent: 0, datesReminded: 0, segmentsChecked: 0 };
  const now = svc.clock.now();
  const surveys = await db
    .selectFrom('surveys')
    .select(['id', 'account_id', 'conversation_id'])
    .where('sent_at', 'is', null)
    .where('answered_at', 'is', null)
    .where('send_at', '<=', now)
    .$if(scope.accountId !== undefined, (q) => q.where('account_id', '=', scope.accountId!))
    .orderBy('send_at')
    .limit(BATCH)
    .execute();
  for (const s of surveys) {
    const r = await db.transaction().execute((trx) => sendSurvey(trx, svc, options, s.account_id, s.conversation_id, s.id));
    if (r === 'sent') report.surveysSent++;
    else if (r === 'held') report.surveysHeld++;
  }

  const overdue = await db
    .selectFrom('recovery_cases')
    .select(['id', 'account_id', 'conversation_id'])
    .where('closed_at', 'is', null)
    .where('escalated_at', 'is', null)
    .where('due_at', '<=', now)
    .$if(scope.accountId !== undefined, (q) => q.where('account_id', '=', scope.accountId!))
    .orderBy('due_at')
    .limit(BATCH)
    .execute();
  for (const c of overdue) {
    if (await db.transaction().execute((trx) => escalateCase(trx, svc, c.account_id, c.conversation_id, c.id))) report.casesOverdue++;
  }

  const followUps = await db
    .selectFrom('recovery_cases')
    .select(['id', 'account_id', 'conversation_id'])
    .where('closed_at', 'is', null)
    .where('follow_up_sent_at', 'is', null)
    .where('follow_up_at', '<=', now)
    .$if(scope.accountId !== undefined, (q) => q.where('account_id', '=', scope.accountId!))
    .orderBy('follow_up_at')
    .limit(BATCH)
    .execute();
  for (const c of followUps) {
    if (await db.transaction().execute((trx) => sendCheckIn(trx, svc, c.account_id, c.conversation_id, c.id))) report.checkInsSent++;
  }

  const dates = await db
    .selectFrom('customer_dates')
    .select(['id', 'account_id'])
    .where('remind_at', '<=', now)
    .$if(scope.accountId !== undefined, (q) => q.where('account_id', '=', scope.accountId!))
    .orderBy('remind_at')
    .limit(BATCH)
    .execute();
  for (const d of dates) {
    if (await db.transaction().execute((trx) => remindDate(trx, svc, d.account_id, d.id))) report.datesReminded++;
  }

  const lifecycles = await db
    .selectFrom('customer_lifecycle')
    .select(['account_id', 'customer_id'])
    .where('next_check_at', '<=', now)
    .$if(scope.accountId !== undefined, (q) => q.where('account_id', '=', scope.accountId!))
    .orderBy('next_check_at')
    .limit(BATCH * 5)
    .execute();
  for (const l of lifecycles) {
    await db.transaction().execute((trx) => refreshLifecycle(trx, svc, l.account_id, l.customer_id));
    report.segmentsChecked++;
  }
  return report;
}

async function primaryEmail(trx: Db, accountId: string, customerId: string): Promise<string | null> {
  const contact = await trx
    .selectFrom('customer_contacts')
    .select('value')
    .where('account_id', '=', accountId)
    .where('customer_id', '=', customerId)
    .where('kind', '=', 'email')
    .orderBy('is_primary', 'desc')
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst();
  return contact?.value ?? null;
}

/**
 * Sends the survey mail, once. A conversation reopened before the mail went out holds it (the next solve sets a
 * new send time); a customer without an email address gets none (the link stays available to agents).
 */
async function sendSurvey(trx: Db, svc: ServiceClock, options: FeedbackRunOptions, accountId: string, conversationId: string, surveyId: string): Promise<'sent' | 'held' | 'none'> {
  const now = svc.clock.now();
  // The conversation first, as every command that changes it does: no lock-order inversion with a re-solve.
  const conversation = await lockConversation(trx, accountId, conversationId);
  if (!conversation) return 'none';
  const survey = await trx
    .selectFrom('surveys')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', '=', surveyId)
    .where('sent_at', 'is', null)
    .where('answered_at', 'is', null)
    .where('send_at', '<=', now)
    .forUpdate()
    .executeTakeFirst();
  if (!survey) return 'none';
  const system = systemActor(accountId);
  if (conversation.status !== 'solved' && conversation.status !== 'closed') {
    await trx.updateTable('surveys').set({ send_at: null }).where('account_id', '=', accountId).where('id', '=', surveyId).execute();
    await recordEvent(trx, system, { type: 'survey.held', conversationId, customerId: survey.customer_id, data: { surveyId, reason: 'reopened', status: conversation.status } });
    return 'held';
  }
  const email = svc.jobs ? await primaryEmail(trx, accountId, survey.customer_id) : null;
  if (!email) {
    await trx.updateTable('surveys').set({ send_at: null }).where('account_id', '=', accountId).where('id', '=', surveyId).execute();
    await recordEvent(trx, system, { type: 'survey.not_sent', conversationId, customerId: survey.customer_id, data: { surveyId, reason: svc.jobs ? 'no_email_address' : 'no_mailer' } });
    return 'held';
  }
  const settings = await loadFeedbackSettings(trx, accountId);
  const customer = await trx.selectFrom('customers').select('name').where('account_id', '=', accountId).where('id', '=', survey.customer_id).executeTakeFirst();
  const texts = customerTexts(survey.language);
  const token = surveyToken(settings.link_key, survey.id, survey.conversation_id);
  const mail = composeSurveyMail({ texts, customerName: customer?.name ?? null, number: conversation.number, url: surveyUrl(options.publicUrl, token) });
  const { message } = await appendMessage(trx, system, {
    conversationId,
    direction: 'outbound',
    type: 'message',
    channel: 'email',
    authorType: 'system',
    authorUserId: null,
    customerId: null,
    body: mail.text,
    bodyFull: mail.text,
    html: mail.html,
    language: survey.language as DetectedLanguage,
    attachments: [],
    externalId: await newMessageId(trx, accountId, svc.mailDomain ?? 'servisto.local'),
    deliveryStatus: 'queued',
    serviceClock: svc,
  });
  await queueEmailDelivery(trx, svc.jobs!, { accountId, messageId: message.id });
  await trx.updateTable('surveys').set({ sent_at: now, message_id: message.id }).where('account_id', '=', accountId).where('id', '=', surveyId).execute();
  await recordEvent(trx, system, {
    type: 'survey.sent',
    conversationId,
    customerId: survey.customer_id,
    data: { surveyId, messageId: message.id, language: survey.language },
    publish: { surveyId, conversationId, sentAt: now.toISOString() },
  });
  return 'sent';
}

/** A case still open at its due time: the owner and the supervisors are told, once. */
async function escalateCase(trx: Db, svc: ServiceClock, accountId: string, conversationId: string, caseId: string): Promise<boolean> {
  const now = svc.clock.now();
  await lockConversation(trx, accountId, conversationId);
  const claimed = await trx
    .updateTable('recovery_cases')
    .set({ escalated_at: now, updated_at: sql`now()` })
    .where('account_id', '=', accountId)
    .where('id', '=', caseId)
    .where('closed_at', 'is', null)
    .where('escalated_at', 'is', null)
    .where('due_at', '<=', now)
    .returningAll()
    .executeTakeFirst();
  if (!claimed) return false;
  const conversation = await trx.selectFrom('conversations').select(['team_id', 'number']).where('account_id', '=', accountId).where('id', '=', claimed.conversation_id).executeTakeFirst();
  const recipients = [...(claimed.owner_id ? [claimed.owner_id] : []), ...(await supervisorsFor(trx, accountId, conversation?.team_id ?? null))];
  await notifyUsers(trx, accountId, recipients, 'recovery_overdue', claimed.conversation_id, {
    caseId,
    ownerId: claimed.owner_id,
    dueAt: claimed.due_at.toISOString(),
    number: conversation?.number ?? null,
  });
  await recordEvent(trx, systemActor(accountId), {
    type: 'recovery.overdue',
    conversationId: claimed.conversation_id,
    customerId: claimed.customer_id,
    data: { caseId, ownerId: claimed.owner_id, dueAt: claimed.due_at.toISOString(), notified: [...new Set(recipients)] },
  });
  return true;
}

/**
 * The check-in after a gesture: the customer is asked, in their language, whether everything is in order now (with
 * the voucher code as a reminder); the owner is asked to close the case as recovered or not.
 */
async function sendCheckIn(trx: Db, svc: ServiceClock, accountId: string, conversationId: string, caseId: string): Promise<boolean> {
  const now = svc.clock.now();
  const conversation = await lockConversation(trx, accountId, conversationId);
  if (!conversation) return false;
  const claimed = await trx
    .updateTable('recovery_cases')
    .set({ follow_up_sent_at: now, status: 'following_up', updated_at: sql`now()` })
    .where('account_id', '=', accountId)
    .where('id', '=', caseId)
    .where('closed_at', 'is', null)
    .where('follow_up_sent_at', 'is', null)
    .where('follow_up_at', '<=', now)
    .returningAll()
    .executeTakeFirst();
  if (!claimed) return false;
  const [customer, vouchers] = await Promise.all([
    trx.selectFrom('customers').select(['name', 'language']).where('account_id', '=', accountId).where('id', '=', claimed.customer_id).executeTakeFirst(),
    trx
      .selectFrom('gestures')
      .select('voucher_code')
      .where('account_id', '=', accountId)
      .where('case_id', '=', caseId)
      .where('voucher_code', 'is not', null)
      .where('voucher_redeemed_at', 'is', null)
      .execute(),
  ]);
  const language: Language = customer?.language ?? (conversation.language === 'und' ? 'en' : conversation.language);
  const texts = customerTexts(language);
  const body = [
    customer?.name ? fill(texts.greetingNamed, { name: customer.name }) : texts.greeting,
    '',
    fill(texts.checkIn, { number: conversation.number }),
    ...vouchers.map((v) => fill(texts.checkInVoucher, { code: v.voucher_code! })),
    '',
    texts.ackClosing,
    texts.signature,
  ].join('\n');
  const email = svc.jobs ? await primaryEmail(trx, accountId, claimed.customer_id) : null;
  const viaEmail = email !== null && (conversation.channel === 'email' || conversation.channel === 'api' || conversation.channel === 'phone');
  const system = systemActor(accountId);
  const message = { id: (await sendSystemMessage(trx, svc, { accountId, conversationId, channel: viaEmail ? 'email' : conversation.channel, viaEmail, body, language: language as DetectedLanguage })).messageId };
  await trx.updateTable('recovery_cases').set({ follow_up_message_id: message.id }).where('account_id', '=', accountId).where('id', '=', caseId).execute();
  await recordEvent(trx, system, {
    type: 'recovery.checked_in',
    conversationId,
    customerId: claimed.customer_id,
    data: { caseId, messageId: message.id, language },
    publish: { caseId, status: 'following_up', followUpSentAt: now.toISOString() },
  });
  if (claimed.owner_id) {
    await notifyUsers(trx, accountId, [claimed.owner_id], 'recovery_follow_up', conversationId, { caseId, number: conversation.number });
  }
  return true;
}

/** A customer's date is coming up: its owner is reminded once per occurrence; a recurring date moves on a year. */
async function remindDate(trx: Db, svc: ServiceClock, accountId: string, dateId: string): Promise<boolean> {
  const now = svc.clock.now();
  const row = await trx
    .selectFrom('customer_dates')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', '=', dateId)
    .where('remind_at', '<=', now)
    .forUpdate()
    .executeTakeFirst();
  if (!row || !row.next_occurrence) return false;
  const following = followingOccurrence({ month: row.month, day: row.day, year: row.year, recurring: row.recurring }, row.next_occurrence);
  const nextRemindAt = following ? reminderInstant(following, row.remind_days_before, now) : null;
  await trx
    .updateTable('customer_dates')
    .set({ last_reminded_at: now, next_occurrence: following, remind_at: nextRemindAt })
    .where('account_id', '=', accountId)
    .where('id', '=', dateId)
    .execute();
  const customer = await trx.selectFrom('customers').select('name').where('account_id', '=', accountId).where('id', '=', row.customer_id).executeTakeFirst();
  const recipients = row.owner_id ? [row.owner_id] : row.created_by ? [row.created_by] : await supervisorsFor(trx, accountId, null);
  await notifyUsers(trx, accountId, recipients, 'date_reminder', null, {
    dateId,
    customerId: row.customer_id,
    customerName: customer?.name ?? null,
    kind: row.kind,
    label: row.label,
    date: row.next_occurrence,
  });
  await recordEvent(trx, systemActor(accountId), {
    type: 'customer.date_reminded',
    customerId: row.customer_id,
    data: { dateId, kind: row.kind, date: row.next_occurrence, to: recipients, next: following },
  });
  if (nextRemindAt) await queueFeedbackWake(trx, svc, accountId, nextRemindAt);
  return true;
}

/**
 * The runner's jobs: a wake-up at each timer instant (queued where the instant is set) and a sweep every minute
 * (scheduled by the runtime) that catches a lost wake-up and re-evaluates lifecycle segments due for it.
 */
export function defineFeedbackJobs(db: Kysely<Database>, jobs: JobQueue, svc: ServiceClock, options: FeedbackRunOptions, onChange?: () => void): void {
  const run = async (scope: { accountId?: string }) => {
    const r = await runFeedbackClock(db, svc, options, scope);
    if (Object.values(r).some((n) => n > 0)) onChange?.();
  };
  jobs.define<{ accountId: string }>({
    name: FEEDBACK_WAKE_JOB,
    retryLimit: 5,
    retryDelaySeconds: 5,
    handler: async ({ accountId }) => run({ accountId }),
  });
  jobs.define<object>({
    name: FEEDBACK_SWEEP_JOB,
    retryLimit: 0,
    retryDelaySeconds: 60,
    handler: async () => run({}),
  });
}
