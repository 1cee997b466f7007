import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import type { Database } from '../../src/server/db/schema.js';
import { newToken, tokenHash } from '../../src/server/domain/auth/tokens.js';
import type { PreparedTarget } from './target.js';
import { RssSampler, startServer, type ServerHandle } from './server.js';
import { runLoad, sleep, type LoadResult } from './stats.js';
import type { KnownCustomer } from './payloads.js';

export interface Context {
  target: PreparedTarget;
  scale: number;
  durationS: number;
  warmupS: number;
  /** Concurrent clients for create/ws and their baselines (smtp uses smtpConcurrency). */
  concurrency: number;
  smtpConcurrency: number;
  /** Clients for the routing scenario: one measures what routing adds to a create without queueing behind others. */
  routingConcurrency: number;
  log: (line: string) => void;
  seed: number;
  /** Extra node options for the server process (e.g. --cpu-prof). */
  serverNodeArgs?: string[];
}

export interface RssMb {
  /** After start-up, before any load. */
  start: number;
  /** Three seconds after the load ended (at most the load's duration: quick runs settle less). */
  idle: number;
  peak: number;
}

/** One JSON line of results. Fields that do not apply are null. */
export interface ResultLine {
  scenario: 'create' | 'smtp' | 'read' | 'ws' | 'routing';
  query?: string;
  database: 'postgres' | 'pglite';
  scale: number;
  throughput: number | null;
  baseline: number | null;
  ratio: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  rssMb: RssMb | null;
  [extra: string]: unknown;
}

/** An API token (admin) for the bench clients, written straight into the run's database. */
export async function insertApiToken(db: Kysely<Database>, accountId: string): Promise<string> {
  const token = newToken('sat');
  await db
    .insertInto('auth_tokens')
    .values({ account_id: accountId, kind: 'api', user_id: null, role: 'admin', name: `bench ${randomUUID().slice(0, 8)}`, token_hash: tokenHash(token) })
    .execute();
  return token;
}

/** Session tokens for agents (the WebSocket clients are agents' browsers). */
export async function insertSessionTokens(db: Kysely<Database>, accountId: string, userIds: string[]): Promise<string[]> {
  const tokens: string[] = [];
  for (const userId of userIds) {
    const token = newToken('sst');
    await db
      .insertInto('auth_tokens')
      .values({ account_id: accountId, kind: 'session', user_id: userId, role: 'agent', name: null, token_hash: tokenHash(token), expires_at: new Date(Date.now() + 86_400_000) })
      .execute();
    tokens.push(token);
  }
  return tokens;
}

export async function sampleCustomers(db: Kysely<Database>, accountId: string, n: number): Promise<KnownCustomer[]> {
  const r = await sql<{ email: string; name: string | null }>`
    SELECT cc.value AS email, c.name FROM customer_contacts cc JOIN customers c ON c.id = cc.customer_id
    WHERE cc.account_id = ${accountId} AND cc.kind = 'email' AND cc.is_primary
    ORDER BY random() LIMIT ${n}`.execute(db);
  return r.rows;
}

export async function databaseSettings(db: Kysely<Database>): Promise<{ synchronousCommit: string; fsync: string; version: string }> {
  const get = async (name: string) => {
    const r = await sql<{ v: string }>`SELECT current_setting(${name}) AS v`.execute(db);
    return r.rows[0]?.v ?? 'unknown';
  };
  return { synchronousCommit: await get('synchronous_commit'), fsync: await get('fsync'), version: await get('server_version') };
}

/** Starts a server for `body` and stops it afterwards (with its last output in the error if `body` fails). */
export async function withServer<T>(ctx: Context, smtp: boolean, body: (server: ServerHandle) => Promise<T>): Promise<T> {
  const server = await startServer({ databaseUrl: ctx.target.databaseUrl, dataDir: ctx.target.dataDir, smtp, ...(ctx.serverNodeArgs ? { nodeArgs: ctx.serverNodeArgs } : {}) });
  try {
    await sleep(1000);
    return await body(server);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- server output ---\n${server.output().slice(-3000)}`);
  } finally {
    await server.stop();
  }
}

/**
 * Runs `body` (a scenario's load) against a running server and measures its RSS: before the load, the peak while
 * it runs (sampled every 100 ms), and idle three seconds after it (at most the load's duration).
 */
export async function measureRss<T>(ctx: Context, server: ServerHandle, body: () => Promise<T>): Promise<{ value: T; rss: RssMb }> {
  const start = server.rssMb();
  const sampler = new RssSampler(server.pid).start();
  const value = await body();
  await sleep(Math.min(3000, ctx.durationS * 1000));
  const idle = server.rssMb();
  const peak = sampler.stop();
  return { value, rss: { start: round1(start), idle: round1(idle), peak: round1(Math.max(peak, start, idle)) } };
}

/**
 * A scenario in three steps, so that `--one-server` can run every scenario's direct-database part first and then
 * all loads against one server process (a quick smoke; each scenario normally gets a server of its own).
 */
export interface ScenarioPlan {
  /** Needs the SMTP ingress. */
  smtp: boolean;
  /** Straight on the database while no server runs (PGlite is single-process): tokens, samples, baselines. */
  direct(): Promise<void>;
  /** The load against a running server. */
  load(server: ServerHandle): Promise<void>;
  /** The JSON lines, once both ran. */
  result(rss: RssMb, server: 'dist' | 'tsx'): ResultLine[];
}

const round1 = (v: number) => Math.round(v * 10) / 10;

/**
 * The database's own limit: single-row INSERT transactions (autocommit, so one durable commit each) of rows of the
 * same size as the scenario's, from `concurrency` connections, into a plain table in the same database.
 */
export async function rawInsertBaseline(
  ctx: Context,
  kind: 'create' | 'smtp',
  concurrency: number,
  row: () => string[],
): Promise<LoadResult & { synchronousCommit: string }> {
  const table = `bench_baseline_${kind}`;
  const columns = kind === 'create' ? ['subject', 'body'] : ['raw'];
  const ddl = `CREATE TABLE ${table} (id bigserial PRIMARY KEY, account_id uuid NOT NULL, ${columns.map((c) => `${c} text NOT NULL`).join(', ')},
               created_at timestamptz NOT NULL DEFAULT now())`;
  const insert = `INSERT INTO ${table} (account_id, ${columns.join(', ')}) VALUES (${['$1', ...columns.map((_, i) => `$${i + 2}`)].join(', ')})`;
  const accountId = ctx.target.meta.mainAccountId;

  if (ctx.target.kind === 'postgres') {
    const clients = await Promise.all(
      Array.from({ length: concurrency }, async () => {
        const c = new pg.Client({ connectionString: ctx.target.databaseUrl });
        await c.connect();
        return c;
      }),
    );
    try {
      await clients[0]!.query(`DROP TABLE IF EXISTS ${table}`);
      await clients[0]!.query(ddl);
      const sync = (await clients[0]!.query<{ s: string }>("SELECT current_setting('synchronous_commit') AS s")).rows[0]!.s;
      const result = await runLoad({
        concurrency,
        durationS: ctx.durationS,
        warmupS: ctx.warmupS,
        op: async (w) => {
          await clients[w]!.query({ text: insert, values: [accountId, ...row()], name: `bench_${kind}` });
        },
      });
      await clients[0]!.query(`DROP TABLE ${table}`);
      return { ...result, synchronousCommit: sync };
    } finally {
      await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    }
  }

  // PGlite: one connection in the bench process (the server is not running); the same concurrency of callers.
  const handle = await ctx.target.open();
  try {
    await sql.raw(`DROP TABLE IF EXISTS ${table}`).execute(handle.db);
    await sql.raw(ddl).execute(handle.db);
    const result = await runLoad({
      concurrency,
      durationS: ctx.durationS,
      warmupS: ctx.warmupS,
      op: async () => {
        const values = [accountId, ...row()];
        await sql`INSERT INTO ${sql.table(table)} (account_id, ${sql.join(columns.map((c) => sql.ref(c)))}) VALUES (${sql.join(values)})`.execute(handle.db);
      },
    });
    await sql.raw(`DROP TABLE ${table}`).execute(handle.db);
    return { ...result, synchronousCommit: 'n/a (PGlite)' };
  } finally {
    await handle.close();
  }
}

/**
 * A poor man's profiler of database time: samples pg_stat_activity of the run's database every 25 ms while a load
 * runs and counts which statements are active (and what they wait for). PostgreSQL only (`--pg-sample`).
 */
export class PgActivitySampler {
  private client: pg.Client | undefined;
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  private samples = 0;
  private readonly counts = new Map<string, number>();

  constructor(private readonly databaseUrl: string) {}

  async start(): Promise<this> {
    this.client = new pg.Client({ connectionString: this.databaseUrl });
    await this.client.connect();
    const database = new URL(this.databaseUrl).pathname.slice(1);
    this.timer = setInterval(() => {
      if (this.busy || !this.client) return;
      this.busy = true;
      this.client
        .query<{ query: string; wait: string | null }>(
          `SELECT query, wait_event_type || ':' || wait_event AS wait FROM pg_stat_activity
           WHERE datname = $1 AND state = 'active' AND pid <> pg_backend_pid()`,
          [database],
        )
        .then((r) => {
          this.samples++;
          for (const row of r.rows) {
            const key = `${row.query.replace(/\s+/g, ' ').trim().slice(0, 220)}${row.wait ? `  [wait ${row.wait}]` : ''}`;
            this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
          }
        })
        .catch(() => undefined)
        .finally(() => {
          this.busy = false;
        });
    }, 25);
    return this;
  }

  /** The statements seen most often; `activeAvg` = how many backends ran it at an average sample. */
  async stop(top = 10): Promise<Array<{ query: string; activeAvg: number }>> {
    if (this.timer) clearInterval(this.timer);
    await this.client?.end().catch(() => undefined);
    return [...this.counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([query, n]) => ({ query, activeAvg: Math.round((n / Math.max(1, this.samples)) * 100) / 100 }));
  }
}
