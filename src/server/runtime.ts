import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Config } from './config.js';
import type { Database } from './db/schema.js';
import { migrateToLatest, openDatabase, pgliteDirFor, type DatabaseHandle } from './db/database.js';
import { lockDataDir } from './data-dir-lock.js';
import { bootstrapAccount, type BootstrapResult } from './domain/accounts/account-bootstrap.js';
import { RealtimeHub } from './realtime/hub.js';
import { OutboxDispatcher } from './realtime/outbox-dispatcher.js';
import { AttachmentStore } from './domain/attachments/attachment-store.js';
import type { AppDeps } from './http/deps.js';
import { JobQueue } from './jobs/job-queue.js';
import { defineEmailJobs } from './channels/email/outbound-mailer.js';
import { definePromiseJobs } from './domain/promises/promises.js';
import { systemClock } from './domain/shared/clock.js';
import type { ServiceClock } from './domain/sla/sla-engine.js';
import { defineServiceClockJobs, SERVICE_CLOCK_SWEEP_JOB } from './domain/sla/service-clock-runner.js';
import { defineRoutingJobs, ROUTING_SWEEP_JOB } from './domain/routing/routing-runner.js';
import { defineFeedbackJobs } from './domain/feedback/feedback-runner.js';
import { FEEDBACK_SWEEP_JOB } from './domain/feedback/feedback-clock.js';

export interface Runtime {
  handle: DatabaseHandle;
  db: Kysely<Database>;
  deps: AppDeps;
  bootstrap: BootstrapResult;
  close(): Promise<void>;
}

export interface OpenRuntimeOptions {
  command: string;
  onError?: (error: unknown) => void;
}

/**
 * Opens everything a Servisto process needs besides its listeners: the data-dir lock (embedded database only),
 * the database with migrations applied, the first account, the outbox dispatcher and the realtime hub.
 * `servisto start` and `servisto ingest` share it, so both initialise an empty database identically.
 */
export async function openRuntime(config: Config, options: OpenRuntimeOptions): Promise<Runtime> {
  const unlock = config.databaseUrl ? () => undefined : lockDataDir(config.dataDir, options.command);
  let handle: DatabaseHandle | undefined;
  try {
    handle = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: pgliteDirFor(config.dataDir), preparedStatements: config.pgPreparedStatements });
    await migrateToLatest(handle.db);
    const bootstrap = await bootstrapAccount(handle.db, {
      adminEmail: config.adminEmail,
      adminPassword: config.adminPassword,
      supportEmail: config.supportEmail,
    });
    const hub = new RealtimeHub();
    const outbox = new OutboxDispatcher(handle.db, { pollMs: config.outboxPollMs, onError: options.onError });
    outbox.subscribe((events) => hub.publish(events));
    const attachments = new AttachmentStore(path.join(config.dataDir, 'attachments'), config.attachmentStorage);
    const jobs = new JobQueue(handle.db, { onError: options.onError });
    defineEmailJobs(handle.db, jobs, {
      relayUrl: config.smtpRelayUrl,
      retryLimit: config.mailRetryLimit,
      retryDelaySeconds: config.mailRetryDelaySeconds,
      onChange: () => outbox.kick(),
    });
    const serviceClock: ServiceClock = { clock: systemClock, jobs, mailDomain: config.mailDomain };
    definePromiseJobs(handle.db, jobs, serviceClock, () => outbox.kick());
    defineServiceClockJobs(handle.db, jobs, serviceClock, () => outbox.kick());
    defineRoutingJobs(handle.db, jobs, serviceClock, () => outbox.kick());
    defineFeedbackJobs(handle.db, jobs, serviceClock, { publicUrl: config.publicUrl }, () => outbox.kick());
    await jobs.start();
    // The backstop sweep: wake-up jobs act on time; this catches anything a lost wake-up would miss.
    await jobs.schedule(SERVICE_CLOCK_SWEEP_JOB, '* * * * *');
    await jobs.schedule(ROUTING_SWEEP_JOB, '* * * * *');
    await jobs.schedule(FEEDBACK_SWEEP_JOB, '* * * * *');
    const deps: AppDeps = { db: handle.db, databaseKind: handle.kind, config, hub, outbox, attachments, jobs, serviceClock };
    const h = handle;
    return {
      handle: h,
      db: h.db,
      deps,
      bootstrap,
      async close() {
        await jobs.stop();
        await outbox.stop();
        await h.close();
        unlock();
      },
    };
  } catch (error) {
    await handle?.close().catch(() => undefined);
    unlock();
    throw error;
  }
}
