import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { AttachmentStore } from '../../domain/attachments/attachment-store.js';
import { ingestRawEmail } from './ingest-email.js';

export interface SmtpIngressOptions {
  db: Kysely<Database>;
  accountId: string;
  attachments: AttachmentStore;
  maxMessageBytes: number;
  log: (line: string) => void;
}

type SmtpError = Error & { responseCode?: number };
function smtpError(code: number, message: string): SmtpError {
  const error: SmtpError = new Error(message);
  error.responseCode = code;
  return error;
}

/**
 * SMTP ingress: receives customer mail and answers 250 only after the message is committed (the same pipeline
 * as `servisto ingest`). Oversize → 552, unparseable → 550, database trouble → 451 so the sender retries later.
 * Receive-only: no AUTH, no relaying (nothing is ever forwarded).
 */
export function createSmtpIngress(options: SmtpIngressOptions): SMTPServer {
  return new SMTPServer({
    name: 'servisto',
    banner: 'Servisto ESMTP ready',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: options.maxMessageBytes,
    logger: false,
    onData(stream: SMTPServerDataStream, _session: SMTPServerSession, callback: (err?: Error | null, message?: string) => void) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (error) => callback(smtpError(451, `4.3.0 Could not read the message: ${error.message}`)));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          callback(smtpError(552, `5.3.4 Message too big: the limit is ${options.maxMessageBytes} bytes`));
          return;
        }
        const raw = Buffer.concat(chunks);
        ingestRawEmail(options.db, options.accountId, options.attachments, raw).then(
          (result) => {
            if (!result.ok) callback(smtpError(550, `5.6.0 Message refused: ${result.error.message}`));
            else if ('skipped' in result) callback(null, `2.0.0 Accepted (${result.skipped}, no conversation)`);
            else callback(null, `2.0.0 Stored as message ${result.messageId}`);
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
