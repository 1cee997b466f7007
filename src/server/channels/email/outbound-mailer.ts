import { randomUUID } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Db } from '../../domain/shared/types.js';
import type { JobQueue } from '../../jobs/job-queue.js';
import { recordEvent } from '../../domain/events/record-event.js';
import { systemActor } from '../../domain/shared/actor.js';
import { defaultSender } from '../../domain/email/email-address-create.js';
import { customerTexts, fill } from '../../i18n/customer/index.js';

export const EMAIL_SEND_JOB = 'email.send';

export interface EmailSendJob {
  accountId: string;
  messageId: string;
}

/** Our Message-ID for an outbound message: replies to it thread back into the conversation. */
export async function newMessageId(db: Db, accountId: string, fallbackDomain: string): Promise<string> {
  const sender = await defaultSender(db, accountId);
  const domain = sender?.address.split('@')[1] ?? fallbackDomain;
  return `<${randomUUID()}@${domain}>`;
}

/** Queues delivery of an outbound email message in the caller's transaction. */
export async function queueEmailDelivery(trx: Db, jobs: JobQueue, job: EmailSendJob): Promise<void> {
  await jobs.enqueue(trx, EMAIL_SEND_JOB, job, { singletonKey: job.messageId });
}

export interface MailerOptions {
  relayUrl: string | undefined;
  retryLimit: number;
  retryDelaySeconds: number;
  /** Called after a delivery state changed and was committed (to publish it). */
  onChange?: () => void;
}

/**
 * Sends queued outbound mail through the relay. Each attempt is recorded on the message (attempts, last error);
 * pg-boss retries with exponential backoff; after the last retry the message is marked failed with the reason.
 * A message already marked sent is never sent again (a retried job after a crash finds it sent).
 */
export function defineEmailJobs(db: Kysely<Database>, jobs: JobQueue, options: MailerOptions): void {
  let transport: Transporter | undefined;
  const transporter = () => {
    if (!options.relayUrl) throw new Error('No SMTP_RELAY_URL is configured; the mail stays undelivered');
    transport ??= nodemailer.createTransport(options.relayUrl);
    return transport;
  };

  jobs.define<EmailSendJob>({
    name: EMAIL_SEND_JOB,
    retryLimit: options.retryLimit,
    retryDelaySeconds: options.retryDelaySeconds,
    handler: async ({ accountId, messageId }) => {
      const message = await db
        .selectFrom('messages as m')
        .innerJoin('conversations as c', (j) => j.onRef('c.id', '=', 'm.conversation_id').onRef('c.account_id', '=', 'm.account_id'))
        .select(['m.id', 'm.seq', 'm.body', 'm.html', 'm.external_id', 'm.delivery_status', 'm.auto_submitted', 'm.conversation_id', 'c.number', 'c.subject', 'c.customer_id', 'c.language'])
        .where('m.account_id', '=', accountId)
        .where('m.id', '=', messageId)
        .executeTakeFirst();
      if (!message || message.delivery_status === 'sent') return;
      try {
        const [customer, contact, sender, earlier] = await Promise.all([
          db.selectFrom('customers').select(['name', 'language']).where('account_id', '=', accountId).where('id', '=', message.customer_id).executeTakeFirst(),
          db
            .selectFrom('customer_contacts')
            .select('value')
            .where('account_id', '=', accountId)
            .where('customer_id', '=', message.customer_id)
            .where('kind', '=', 'email')
            .orderBy('is_primary', 'desc')
            .orderBy('created_at')
            .limit(1)
            .executeTakeFirst(),
          defaultSender(db, accountId),
          db
            .selectFrom('messages')
            .select(['external_id', 'direction'])
            .where('account_id', '=', accountId)
            .where('conversation_id', '=', message.conversation_id)
            .where('seq', '<', message.seq)
            .where('external_id', 'is not', null)
            .orderBy('seq')
            .execute(),
        ]);
        if (!contact) throw new Error('The customer has no email address');
        if (!sender) throw new Error('The account has no email address to send from');
        const texts = customerTexts(customer?.language ?? (message.language === 'und' ? null : message.language));
        const references = earlier.map((m) => m.external_id!).slice(-20);
        const lastInbound = [...earlier].reverse().find((m) => m.direction === 'inbound')?.external_id ?? references[references.length - 1];
        const subject = message.auto_submitted
          ? fill(texts.ackSubject, { subject: message.subject, number: message.number })
          : `Re: ${message.subject.replace(/\s*\[#\d+\]\s*$/, '')} [#${message.number}]`;
        await transporter().sendMail({
          from: sender.display_name ? { name: sender.display_name, address: sender.address } : sender.address,
          to: customer?.name ? { name: customer.name, address: contact.value } : contact.value,
          subject,
          text: message.body,
          // Outbound HTML exists only where the system wrote it (the survey mail's buttons); replies are text.
          ...(message.html ? { html: message.html } : {}),
          messageId: message.external_id ?? undefined,
          ...(lastInbound ? { inReplyTo: lastInbound } : {}),
          ...(references.length ? { references } : {}),
          headers: {
            'X-Servisto-Conversation': String(message.number),
            ...(message.auto_submitted ? { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' } : {}),
          },
        });
        await markDelivery(db, accountId, messageId, message.conversation_id, { status: 'sent', error: null });
      } catch (error) {
        await db
          .updateTable('messages')
          .set((eb) => ({ delivery_attempts: eb('delivery_attempts', '+', 1), delivery_error: errorText(error) }))
          .where('account_id', '=', accountId)
          .where('id', '=', messageId)
          .execute();
        throw error;
      }
      options.onChange?.();
    },
    onFinalFailure: async ({ accountId, messageId }, error) => {
      const row = await db.selectFrom('messages').select('conversation_id').where('account_id', '=', accountId).where('id', '=', messageId).executeTakeFirst();
      if (!row) return;
      await markDelivery(db, accountId, messageId, row.conversation_id, { status: 'failed', error: errorText(error), countAttempt: false });
      options.onChange?.();
    },
  });
}

function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 1000);
}

export async function markDelivery(
  db: Kysely<Database>,
  accountId: string,
  messageId: string,
  conversationId: string,
  change: { status: 'sent' | 'failed' | 'bounced'; error: string | null; countAttempt?: boolean },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('messages')
      .set((eb) => ({
        delivery_status: change.status,
        delivery_error: change.error,
        ...(change.countAttempt === false ? {} : { delivery_attempts: eb('delivery_attempts', '+', 1) }),
        ...(change.status === 'sent' ? { delivered_at: sql`now()` } : {}),
      }))
      .where('account_id', '=', accountId)
      .where('id', '=', messageId)
      .execute();
    await recordEvent(trx, systemActor(accountId), {
      type: 'message.delivery_updated',
      conversationId,
      data: { messageId, status: change.status, error: change.error },
      publish: { messageId, delivery: { status: change.status, error: change.error } },
    });
  });
}
