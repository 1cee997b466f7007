import type { FastifyInstance } from 'fastify';
import { buildApp, LOG_REDACT } from './app.js';
import type { Config } from './config.js';
import { openRuntime, type Runtime } from './runtime.js';
import { loadDemoData } from './domain/demo/demo-data.js';
import { createSmtpIngress } from './channels/email/smtp-ingress.js';
import { ImapPoller, parseImapUrl } from './channels/email/imap-poller.js';

export interface RunningServer {
  app: FastifyInstance;
  runtime: Runtime;
  url: string;
  /** The SMTP ingress port, or null when SMTP_PORT=0. */
  smtpPort: number | null;
  stop(): Promise<void>;
}

/** `servisto start`: the whole process. Returns once listening; `stop()` drains and closes everything. */
export async function startServer(config: Config, log: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<RunningServer> {
  const runtime = await openRuntime(config, { command: 'start', onError: (e) => log(`outbox error: ${String(e)}`) });
  try {
    if (runtime.bootstrap.created) {
      log(`Created the first account and its admin ${runtime.bootstrap.adminEmail}`);
      if (runtime.bootstrap.generatedPassword) {
        log(`Generated admin password (shown once, store it now): ${runtime.bootstrap.generatedPassword}`);
      }
    }
    if (config.demo) {
      const loaded = await loadDemoData(runtime.db, runtime.bootstrap.accountId, runtime.deps.attachments);
      if (loaded > 0) log(`Loaded demo data: ${loaded} conversations in en, sv, pl, sl, bg, eo`);
    }
    const app = await buildApp(runtime.deps, {
      logger: { level: config.logLevel, redact: { paths: LOG_REDACT, censor: '[redacted]' } },
    });
    await app.listen({ port: config.port, host: config.host });
    runtime.deps.outbox.start();
    await runtime.deps.jobs.work();
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    let smtp: ReturnType<typeof createSmtpIngress> | null = null;
    let smtpPort: number | null = null;
    if (config.smtpPort !== 0) {
      smtp = createSmtpIngress({
        db: runtime.db,
        attachments: runtime.deps.attachments,
        maxMessageBytes: config.smtpMaxMessageBytes,
        log,
        ingest: {
          jobs: runtime.deps.jobs,
          mailDomain: config.mailDomain,
          defaultResponseHours: config.defaultResponseHours,
          afterCommit: () => runtime.deps.outbox.kick(),
          serviceClock: runtime.deps.serviceClock,
        },
      });
      const server = smtp;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.smtpPort, config.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      const smtpAddress = server.server.address();
      smtpPort = typeof smtpAddress === 'object' && smtpAddress ? smtpAddress.port : config.smtpPort;
      log(`SMTP ingress listening on ${config.host}:${smtpPort}`);
    }
    const ingestOptions = {
      jobs: runtime.deps.jobs,
      mailDomain: config.mailDomain,
      defaultResponseHours: config.defaultResponseHours,
      afterCommit: () => runtime.deps.outbox.kick(),
      serviceClock: runtime.deps.serviceClock,
    };
    const pollers = config.imapUrls.map(
      (imapUrl) =>
        new ImapPoller({
          db: runtime.db,
          attachments: runtime.deps.attachments,
          mailbox: { ...parseImapUrl(imapUrl), accountId: runtime.bootstrap.accountId },
          ingest: ingestOptions,
          pollIntervalMs: config.imapPollSeconds * 1000,
          maxMessageBytes: config.smtpMaxMessageBytes,
          log,
        }),
    );
    for (const poller of pollers) poller.start();
    if (pollers.length > 0) log(`Polling ${pollers.length} IMAP mailbox(es) every ${config.imapPollSeconds} s`);
    log(`Servisto listening on ${url} (database: ${runtime.handle.kind})`);
    let stopping: Promise<void> | undefined;
    return {
      app,
      runtime,
      url,
      smtpPort,
      stop() {
        stopping ??= (async () => {
          // SMTP first: a session in DATA finishes (its message is committed) before the database closes.
          if (smtp) await new Promise<void>((resolve) => smtp.close(() => resolve()));
          // IMAP rounds finish committing and flagging before the database closes.
          await Promise.all(pollers.map((p) => p.stop()));
          await app.close(); // stops accepting, lets in-flight requests finish
          await runtime.close(); // drains the outbox, closes the database, releases the data dir
        })();
        return stopping;
      },
    };
  } catch (error) {
    await runtime.close().catch(() => undefined);
    throw error;
  }
}
