import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Kysely, Migrator, PostgresDialect, type Migration, type MigrationProvider } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { PGliteDialect } from './pglite-dialect.js';
import { DEFAULT_PREPARED_STATEMENTS, preparingPool } from './prepared-statements.js';
import * as m001 from './migrations/001-core.js';
import * as m002 from './migrations/002-email.js';
import * as m003 from './migrations/003-conversation-number-sequences.js';
import * as m004 from './migrations/004-business-hours.js';
import * as m005 from './migrations/005-promises.js';
import * as m006 from './migrations/006-search-subject-index.js';
import * as m007 from './migrations/007-service-clock.js';
import * as m008 from './migrations/008-routing.js';
import * as m009 from './migrations/009-feedback.js';
import * as m010 from './migrations/010-conversations-created-index.js';
import * as m011 from './migrations/011-coach-outcomes.js';
import * as m012 from './migrations/012-routing-load-counters.js';
import * as m015 from './migrations/015-recontact-reasons.js';
import * as m016 from './migrations/016-routing-in-one-call.js';
import * as m017 from './migrations/017-routing-profile-on-load-row.js';
import * as m018 from './migrations/018-routing-on-insert.js';
import * as m019 from './migrations/019-manual-recontact.js';
import * as m020 from './migrations/020-routing-member-read.js';
import * as m014 from './migrations/014-conversation-reads.js';
import * as m013 from './migrations/013-customer-preferences.js';

export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  close(): Promise<void>;
  /** PGlite only: the whole data directory as a tar (tests reuse a migrated one; see test/helpers/harness.ts). */
  dumpDataDir?(): Promise<Blob>;
}

export interface OpenDatabaseOptions {
  /** postgres://… to use a server; otherwise PGlite. */
  databaseUrl?: string | undefined;
  /** PGlite data directory; `memory://` (or undefined) keeps the database in memory (tests). */
  pgliteDir?: string | undefined;
  /** node-postgres pool size. */
  poolSize?: number;
  /** PostgreSQL: statements prepared per connection (prepared-statements.ts; default 400, 0 = none). */
  preparedStatements?: number | undefined;
  /** PGlite only: start from this data directory dump (`dumpDataDir`) instead of an empty cluster (tests). */
  pgliteLoadDataDir?: Blob | undefined;
}

const INT8 = 20;
const NUMERIC = 1700;

function toNumber(value: string): number {
  return Number(value);
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      // Short OLTP queries: JIT compilation cost 8 ms on a 70 ms search at 200k (the planner overestimates rows)
      // and never paid back; docs/PERFORMANCE.md.
      options: '-c jit=off',
      types: {
        getTypeParser: ((oid: number, format?: string) =>
          oid === INT8 || oid === NUMERIC ? toNumber : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
      },
    });
    // A dropped connection must not crash the process; the next query gets a new one.
    pool.on('error', () => undefined);
    // Parameterised statements are prepared once per connection (prepared-statements.ts).
    const db = new Kysely<Database>({ dialect: new PostgresDialect({
      pool: preparingPool(pool, { ...DEFAULT_PREPARED_STATEMENTS, perConnection: options.preparedStatements ?? DEFAULT_PREPARED_STATEMENTS.perConnection }),
    }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  let dataDir: string | undefined;
  if (options.pgliteDir && options.pgliteDir !== 'memory://') {
    mkdirSync(options.pgliteDir, { recursive: true });
    dataDir = options.pgliteDir;
  }
  const client = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    ...(options.pgliteLoadDataDir ? { loadDataDir: options.pgliteLoadDataDir } : {}),
    extensions: { pg_trgm },
    parsers: { [INT8]: toNumber, [NUMERIC]: toNumber },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
  return { db, kind: 'pglite', close: () => db.destroy(), dumpDataDir: () => client.dumpDataDir('none') };
}

export function pgliteDirFor(dataDir: string): string {
  return path.join(dataDir, 'pglite');
}

const migrations: Record<string, Migration> = {
  '001-core': m001,
  '002-email': m002,
  '003-conversation-number-sequences': m003,
  '004-business-hours': m004,
  '005-promises': m005,
  '006-search-subject-index': m006,
  '007-service-clock': m007,
  '008-routing': m008,
  '009-feedback': m009,
  '010-conversations-created-index': m010,
  '011-coach-outcomes': m011,
  '012-routing-load-counters': m012,
  '013-customer-preferences': m013,
  '014-conversation-reads': m014,
  '015-recontact-reasons': m015,
  '016-routing-in-one-call': m016,
  '017-routing-profile-on-load-row': m017,
  '018-routing-on-insert': m018,
  '019-manual-recontact': m019,
  '020-routing-member-read': m020,
};

class StaticMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

/** Runs every pending migration; safe to call from several processes at once (advisory lock). */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  // Migrations are independent of each other's order (each only adds): work landed in parallel may number below
  // one a deployment already ran, and must still run.
  const migrator = new Migrator({ db, provider: new StaticMigrationProvider(), allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
