import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { DatabaseKind } from '../db/database.js';
import type { Config } from '../config.js';
import type { RealtimeHub } from '../realtime/hub.js';
import type { OutboxDispatcher } from '../realtime/outbox-dispatcher.js';
import type { AttachmentStore } from '../domain/attachments/attachment-store.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { ServiceClock } from '../domain/sla/sla-engine.js';

/** Everything a route may use; built once in main.ts (or by a test) and passed to buildApp. No globals. */
export interface AppDeps {
  db: Kysely<Database>;
  databaseKind: DatabaseKind;
  config: Config;
  hub: RealtimeHub;
  outbox: OutboxDispatcher;
  attachments: AttachmentStore;
  jobs: JobQueue;
  /** The clock SLAs and promises run on, with the job queue that wakes the runner. */
  serviceClock: ServiceClock;
}
