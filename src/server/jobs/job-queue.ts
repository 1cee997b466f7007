import PgBoss from 'pg-boss';
import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Db } from '../domain/shared/types.js';

/**
 * Durable jobs and timers on pg-boss 10, in the same database as everything else (PGlite or PostgreSQL).
 * pg-boss talks to the database through Kysely, so on PGlite its queries share our serialised connection, and a
 * job can be enqueued inside the transaction that makes the change it belongs to (it exists iff the change
 * committed).
 */

export interface JobDefinition<T extends object> {
  name: string;
  /** Retries with exponential backoff; after the last one the handler's `onFinalFailure` runs. */
  retryLimit: number;
  retryDelaySeconds: number;
  handler: (data: T, meta: { id: string; retryCount: number; retryLimit: number }) => Promise<void>;
  onFinalFailure?: (data: T, error: unknown) => Promise<void>;
}

function adapter(db: Db): PgBoss.Db {
  return {
    executeSql: async (text: string, values: unknown[] = []) => {
      const result = await db.executeQuery(CompiledQuery.raw(text, values));
      return { rows: result.rows as unknown[], rowCount: Number(result.numAffectedRows ?? result.rows.length) } as { rows: unknown[] };
    },
  };
}

export interface JobQueueOptions {
  pollingIntervalSeconds?: number;
  onError?: (error: unknown) => void;
}

export class JobQueue {
  private readonly boss: PgBoss;
  private readonly definitions = new Map<string, JobDefinition<object>>();
  private started = false;

  constructor(
    db: Kysely<Database>,
    private readonly options: JobQueueOptions = {},
  ) {
    this.boss = new PgBoss({
      db: adapter(db),
      schema: 'pgboss',
      // Maintenance and monitoring run on timers of their own; keep them infrequent on small machines.
      maintenanceIntervalSeconds: 120,
      monitorStateIntervalSeconds: 300,
    });
    this.boss.on('error', (error: unknown) => this.options.onError?.(error));
  }

  define<T extends object>(definition: JobDefinition<T>): void {
    this.definitions.set(definition.name, definition as unknown as JobDefinition<object>);
  }

  /** Creates pg-boss's schema (first time) and the queues. Call before enqueueing. */
  async start(): Promise<void> {
    if (this.started) return;
    await this.boss.start();
    for (const def of this.definitions.values()) {
      await this.boss.createQueue(def.name, { name: def.name, retryLimit: def.retryLimit, retryDelay: def.retryDelaySeconds, retryBackoff: true });
    }
    this.started = true;
  }

  /** A recurring job (cron, minute granularity), kept by pg-boss in the database: one per name across processes. */
  async schedule(name: string, cron: string, data: object = {}): Promise<void> {
    if (!this.definitions.has(name)) throw new Error(`unknown job ${name}`);
    await this.boss.schedule(name, cron, data, { tz: 'UTC' });
  }

  /** Starts the workers (a process that only enqueues, such as `servisto ingest`, does not call this). */
  async work(): Promise<void> {
    for (const def of this.definitions.values()) {
      await this.boss.work<object>(
        def.name,
        { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 2 },
        async ([job]) => {
          if (!job) return;
          try {
            await def.handler(job.data, { id: job.id, retryCount: job.retryCount, retryLimit: job.retryLimit });
          } catch (error) {
            if (job.retryCount >= job.retryLimit && def.onFinalFailure) await def.onFinalFailure(job.data, error);
            throw error;
          }
        },
      );
    }
  }

  /** Enqueues a job; pass the open transaction so the job commits (or rolls back) with the change. */
  async enqueue<T extends object>(trx: Db, name: string, data: T, options: { startAfter?: Date; singletonKey?: string } = {}): Promise<string | null> {
    if (!this.definitions.has(name)) throw new Error(`unknown job ${name}`);
    return this.boss.send(name, data, { db: adapter(trx), ...options });
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    // graceful: running handlers finish; close: false because the database belongs to us, not to pg-boss.
    await this.boss.stop({ graceful: true, wait: true, close: false, timeout: 15_000 });
    this.started = false;
  }
}
