import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../../src/server/config.js';
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../../src/server/db/database.js';
import { buildApp } from '../../src/server/app.js';
import { RealtimeHub } from '../../src/server/realtime/hub.js';
import { OutboxDispatcher } from '../../src/server/realtime/outbox-dispatcher.js';
import { AttachmentStore } from '../../src/server/domain/attachments/attachment-store.js';
import { createAccount } from '../../src/server/domain/accounts/account-bootstrap.js';
import type { AppDeps } from '../../src/server/http/deps.js';
import { JobQueue } from '../../src/server/jobs/job-queue.js';
import { defineEmailJobs } from '../../src/server/channels/email/outbound-mailer.js';
import { definePromiseJobs } from '../../src/server/domain/promises/promises.js';
import { systemClock, type Clock } from '../../src/server/domain/shared/clock.js';
import type { ServiceClock } from '../../src/server/domain/sla/sla-engine.js';
import { defineServiceClockJobs } from '../../src/server/domain/sla/service-clock-runner.js';
import { defineRoutingJobs } from '../../src/server/domain/routing/routing-runner.js';
import { defineFeedbackJobs } from '../../src/server/domain/feedback/feedback-runner.js';

/** Which database the integration suite runs against: `npm test` runs it once per kind. */
export const TEST_DB = (process.env.SERVISTO_TEST_DB ?? 'pglite') as 'pglite' | 'postgres';
export const TEST_PG_URL = process.env.SERVISTO_TEST_DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  handle: DatabaseHandle;
  /** postgres://… of the fresh database (postgres mode only). */
  url?: string;
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** A fresh, migrated database: in-memory PGlite, or a new database on the PostgreSQL server. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (TEST_DB === 'postgres') {
    const name = `servisto_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = withDatabase(TEST_PG_URL, name);
    const handle = await openDatabase({ databaseUrl: url, poolSize: 20 });
    await migrateToLatest(handle.db);
    return {
      handle,
      url,
      async drop() {
        await handle.close().catch(() => undefined);
        const c = new pg.Client({ connectionString: TEST_PG_URL });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const handle = await openDatabase({ pgliteDir: 'memory://', pgliteLoadDataDir: await migratedPgliteTemplate() });
  await migrateToLatest(handle.db); // a no-op on the template, kept so a stale template can never hide a migration
  return { handle, drop: () => handle.close() };
}

/**
 * A new PGlite cluster costs several seconds of initdb in WebAssembly, more than most test files spend on their
 * tests. Every in-memory test database therefore starts from one dump of a freshly migrated cluster, made once per
 * version of the migrations and shared between test processes through a file in the temp dir.
 */
let template: Promise<Blob> | undefined;
function migratedPgliteTemplate(): Promise<Blob> {
  template ??= (async () => {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
    const hash = createHash('sha256');
    const migrationsDir = path.join(root, 'src/server/db/migrations');
    for (const name of readdirSync(migrationsDir).sort()) hash.update(name).update(readFileSync(path.join(migrationsDir, name)));
    hash.update(readFileSync(path.join(root, 'src/server/db/database.ts')));
    hash.update(readFileSync(path.join(root, 'node_modules/@electric-sql/pglite/package.json')));
    const file = path.join(tmpdir(), `servisto-pglite-template-${hash.digest('hex').slice(0, 16)}.tar`);
    if (existsSync(file)) return new Blob([readFileSync(file)]);
    const fresh = await openDatabase({ pgliteDir: 'memory://' });
    await migrateToLatest(fresh.db);
    const dump = await fresh.dumpDataDir!();
    await fresh.close();
    const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, file); // atomic: a parallel test process reads the whole file or none
    return dump;
  })();
  return template;
}

export interface TestAccount {
  accountId: string;
  adminId: string;
  adminEmail: string;
  token: string;
  auth: { authorization: string };
}

export interface TestApp {
  app: FastifyInstance;
  deps: AppDeps;
  config: Config;
  dataDir: string;
  /** A new tenant with its admin, logged in. Every test makes its own, so tests never share data. */
  newAccount(name?: string): Promise<TestAccount>;
  login(email: string, password: string): Promise<string>;
  close(): Promise<void>;
}

export const TEST_PASSWORD = 'correct horse battery staple';

export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}.${Date.now().toString(36)}${randomBytes(3).toString('hex')}@example.test`;
}

export interface TestAppOptions {
  /** The service clock's time source: a ManualClock lets a test move SLA and promise time at will. */
  clock?: Clock;
}

export async function createTestApp(overrides: Partial<Config> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'servisto-test-'));
  const config: Config = { ...loadConfig({}), dataDir, loginRateLimitPerMinute: 10_000, outboxPollMs: 50, ...overrides };
  const hub = new RealtimeHub();
  const outbox = new OutboxDispatcher(database.handle.db, { pollMs: config.outboxPollMs });
  outbox.subscribe((events) => hub.publish(events));
  const jobs = new JobQueue(database.handle.db, { pollingIntervalSeconds: 0.5 });
  defineEmailJobs(database.handle.db, jobs, {
    relayUrl: config.smtpRelayUrl,
    retryLimit: config.mailRetryLimit,
    retryDelaySeconds: config.mailRetryDelaySeconds,
    onChange: () => outbox.kick(),
  });
  const serviceClock: ServiceClock = { clock: options.clock ?? systemClock, jobs, mailDomain: config.mailDomain };
  definePromiseJobs(database.handle.db, jobs, serviceClock, () => outbox.kick());
  defineServiceClockJobs(database.handle.db, jobs, serviceClock, () => outbox.kick());
  defineRoutingJobs(database.handle.db, jobs, serviceClock, () => outbox.kick());
  defineFeedbackJobs(database.handle.db, jobs, serviceClock, { publicUrl: config.publicUrl }, () => outbox.kick());
  await jobs.start();
  const deps: AppDeps = {
    db: database.handle.db,
    databaseKind: database.handle.kind,
    config,
    hub,
    outbox,
    attachments: new AttachmentStore(path.join(dataDir, 'attachments'), config.attachmentStorage),
    jobs,
    serviceClock,
  };
  const app = await buildApp(deps);
  await app.ready();
  outbox.start();
  await jobs.work();

  async function login(email: string, password: string): Promise<string> {
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
    if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
    return (res.json() as { token: string }).token;
  }

  return {
    app,
    deps,
    config,
    dataDir,
    login,
    async newAccount(name = 'Test account') {
      const adminEmail = uniqueEmail('admin');
      const { accountId, adminId } = await createAccount(deps.db, { name, adminEmail, adminPassword: TEST_PASSWORD });
      const token = await login(adminEmail, TEST_PASSWORD);
      return { accountId, adminId, adminEmail, token, auth: { authorization: `Bearer ${token}` } };
    },
    async close() {
      await app.close();
      await jobs.stop();
      await outbox.stop();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * For tests that run the real server process: an empty PostgreSQL database (postgres mode) and/or an empty data
 * dir. In PGlite mode `databaseUrl` is undefined and the process uses the embedded database in `dataDir`.
 */
export async function freshProcessStorage(): Promise<{ dataDir: string; databaseUrl: string | undefined; env: NodeJS.ProcessEnv; drop(): Promise<void> }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'servisto-proc-'));
  let databaseUrl: string | undefined;
  let dropDb = async () => undefined as void;
  if (TEST_DB === 'postgres') {
    const name = `servisto_proc_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    databaseUrl = withDatabase(TEST_PG_URL, name);
    dropDb = async () => {
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  return {
    dataDir,
    databaseUrl,
    env: { SERVISTO_DATA_DIR: dataDir, DATABASE_URL: databaseUrl ?? '' },
    async drop() {
      await dropDb();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
