import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { AttachmentStore } from '../../domain/attachments/attachment-store.js';
import { accountForAddress } from '../../domain/email/email-address-create.js';
import { ingestRawEmail, type IngestOptions } from './ingest-email.js';

export interface SmtpIngressOptions {
  db: Kysely<Database>;
  attachments: AttachmentStore;
  maxMessageBytes: number;
  log: (line: string) => void;
  ingest?: IngestOptions;
}

type SmtpError = Error & { responseCode?: number };
function smtpError(code: number, message: string): SmtpError {
  const error: SmtpError = new Error(message);
  error.responseCode = code;
  return error;
}

/**
 * SMTP ingress: receives customer mail for the accounts' addresses and answers 250 only after the message is
 * committed (the same pipeline as `servisto ingest`). Unknown recipient → 550 at RCPT TO, oversize → 552,
 * unparseable → 550, database trouble → 451 so the sender retries later. Receive-only: no AUTH, no relaying.
 */
export function createSmtpIngress(options: SmtpIngressOptions): SMTPServer {
  // The account each accepted recipient belongs to, found at RCPT TO, for the DATA of the same session (one lookup
  // per recipient instead of two).
  const recipients = new WeakMap<SMTPServerSession, Map<string, string>>();
  return new SMTPServer({
    name: 'servisto',
    banner: 'ready',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: options.maxMessageBytes,
    logger: false,
    onRcptTo(address: SMTPServerAddress, session: SMTPServerSession, callback: (err?: Error | null) => void) {
      accountForAddress(options.db, address.address).then(
        (accountId) => {
          if (!accountId) {
            callback(smtpError(550, `5.1.1 <${address.address}>: no such mailbox here`));
            return;
          }
          const known = recipients.get(session) ?? new Map<string, string>();
          recipients.set(session, known.set(address.address, accountId));
          callback();
        },
        () => callback(smtpError(451, '4.3.0 Temporary failure looking up the recipient; please retry')),
      );
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null, message?: string) => void) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (error) => callback(smtpError(451, `4.3.0 Could not read the message: ${error.message}`)));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          callback(smtpError(552, `5.3.4 Message too big: the limit is ${options.maxMessageBytes} bytes`));
          return;
        }
        const raw = Buffer.concat(chunks);
        (async () => {
          // One mail to two tenants' addresses is stored by each of them.
          const known = recipients.get(session);
          const found = await Promise.all(session.envelope.rcptTo.map((r) => known?.get(r.address) ?? accountForAddress(options.db, r.address)));
          const accounts = [...new Set(found.filter((a): a is string => a !== null))];
          const results = [];
          for (const accountId of accounts) results.push(await ingestRawEmail(options.db, accountId, options.attachments, raw, options.ingest));
          return results;
        })().then(
          (results) => {
            const refused = results.find((r) => !r.ok);
            if (refused && !refused.ok) callback(smtpError(550, `5.6.0 Message refused: ${refused.error.message}`));
            else {
              const first = results[0];
              if (first && first.ok && 'skipped' in first) callback(null, `2.0.0 Accepted (${first.skipped}, no new message)`);
              else if (first && first.ok) callback(null, `2.0.0 Stored as message ${first.messageId}`);
              else callback(null, '2.0.0 Accepted');
            }
          },
          (error: unknown) => {
            options.log(`smtp ingest failed: ${(error as Error).message}`);
            callback(smtpError(451, '4.3.0 Temporary failure storing the message; please retry'));
          },
        );
      });
    },
  });
}
