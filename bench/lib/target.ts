import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../../src/server/db/database.js';
import { generate, readMeta, GENERATOR_VERSION, type BenchMeta } from '../generate.js';

/** Generated data older than this is regenerated: statuses and the 30-day report depend on "now". */
const MAX_AGE_MS = 7 * 86_400_000;

export interface TargetOptions {
  kind: 'postgres' | 'pglite';
  scale: number;
  /** postgres://… of the server (any database on it; the bench creates its own). */
  serverUrl: string;
  /** Where PGlite data and the server's data dirs live. */
  workDir: string;
  /** Database name prefix (default servisto_bench). */
  name: string;
  regenerate: boolean;
  /** false: only make sure the generated data exists (no per-run copy). */
  copy?: boolean;
  progress: boolean;
  log: (line: string) => void;
}

export interface PreparedTarget {
  kind: 'postgres' | 'pglite';
  meta: BenchMeta;
  reused: boolean;
  generationSeconds: number;
  copySeconds: number;
  /** postgres://… of this run's database (postgres). */
  databaseUrl: string | undefined;
  /** The server's data dir (PGlite lives in its `pglite` folder). */
  dataDir: string;
  /** Opens this run's database in the bench process (close it before starting a PGlite server). */
  open(): Promise<DatabaseHandle>;
  /** Drops this run's copy (and with `all`, the generated template too). */
  drop(all: boolean): Promise<void>;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(serverUrl: string, f: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end();
  }
}

function fresh(meta: BenchMeta | null, scale: number): meta is BenchMeta {
  return (
    meta !== null &&
    meta.complete &&
    meta.scale === scale &&
    meta.generatorVersion === GENERATOR_VERSION &&
    Date.now() - Date.parse(meta.generatedAt) < MAX_AGE_MS
  );
}

/**
 * Makes sure generated data exists at this scale (a template database `<name>_<scale>_gen`, or a PGlite folder),
 * reusing it when it is complete, of this generator version and less than a week old; then makes this run's fresh
 * copy `<name>_<scale>` (CREATE DATABASE … TEMPLATE, a file copy) so every run starts from the same data.
 */
export async function prepareTarget(o: TargetOptions): Promise<PreparedTarget> {
  const base = `${o.name}_${o.scale}`;
  mkdirSync(o.workDir, { recursive: true });
  let meta: BenchMeta | null = null;
  let reused = false;
  let generationSeconds = 0;

  if (o.kind === 'postgres') {
    const template = `${base}_gen`;
    const templateUrl = withDatabase(o.serverUrl, template);
    const exists = await admin(o.serverUrl, async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [template])).rowCount === 1);
    if (exists && !o.regenerate) {
      const h = await openDatabase({ databaseUrl: templateUrl, poolSize: 1 });
      try {
        const m = await readMeta(h.db);
        if (fresh(m, o.scale)) {
          // Migrations added since the data was generated upgrade it as they would upgrade a real deployment.
          const applied = await migrateToLatest(h.db);
          if (applied.length > 0) o.log(`applied new migrations to the generated data: ${applied.join(', ')}`);
          meta = m;
          reused = true;
        }
      } finally {
        await h.close();
      }
    }
    if (!meta) {
      await admin(o.serverUrl, async (c) => {
        await c.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
        await c.query(`CREATE DATABASE ${template}`);
      });
      const started = Date.now();
      o.log(`generating ${o.scale} conversations into database ${template}…`);
      const h = await openDatabase({ databaseUrl: templateUrl, poolSize: 4 });
      try {
        meta = await generate({ db: h.db, kind: 'postgres', scale: o.scale, progress: o.progress, log: o.log });
      } finally {
        await h.close();
      }
      generationSeconds = (Date.now() - started) / 1000;
    } else {
      o.log(`reusing generated database ${template} (${meta.counts.conversations} conversations, ${meta.counts.messages} messages, generated ${meta.generatedAt})`);
    }
    const copyStarted = Date.now();
    if (o.copy !== false) {
      await admin(o.serverUrl, async (c) => {
        await c.query(`DROP DATABASE IF EXISTS ${base} WITH (FORCE)`);
        await c.query(`CREATE DATABASE ${base} TEMPLATE ${template} STRATEGY FILE_COPY`);
      });
      o.log(`fresh copy ${base} made in ${((Date.now() - copyStarted) / 1000).toFixed(1)} s`);
    }
    const copySeconds = (Date.now() - copyStarted) / 1000;
    const databaseUrl = withDatabase(o.serverUrl, base);
    const dataDir = path.join(o.workDir, `server-${base}`);
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true });
    return {
      kind: 'postgres',
      meta,
      reused,
      generationSeconds,
      copySeconds,
      databaseUrl,
      dataDir,
      open: () => openDatabase({ databaseUrl, poolSize: 8 }),
      async drop(all) {
        rmSync(dataDir, { recursive: true, force: true });
        await admin(o.serverUrl, async (c) => {
          await c.query(`DROP DATABASE IF EXISTS ${base} WITH (FORCE)`);
          if (all) await c.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
        });
      },
    };
  }

  // PGlite: the generated data is a folder; each run copies it.
  const templateDir = path.join(o.workDir, `pglite-${base}-gen`);
  if (existsSync(path.join(templateDir, 'pglite')) && !o.regenerate) {
    const h = await openDatabase({ pgliteDir: path.join(templateDir, 'pglite') });
    try {
      const m = await readMeta(h.db);
      if (fresh(m, o.scale)) {
        const applied = await migrateToLatest(h.db);
        if (applied.length > 0) o.log(`applied new migrations to the generated data: ${applied.join(', ')}`);
        meta = m;
        reused = true;
      }
    } finally {
      await h.close();
    }
  }
  if (!meta) {
    rmSync(templateDir, { recursive: true, force: true });
    mkdirSync(templateDir, { recursive: true });
    const started = Date.now();
    o.log(`generating ${o.scale} conversations into PGlite at ${templateDir}…`);
    const h = await openDatabase({ pgliteDir: path.join(templateDir, 'pglite') });
    try {
      meta = await generate({ db: h.db, kind: 'pglite', scale: o.scale, progress: o.progress, log: o.log });
    } finally {
      await h.close();
    }
    generationSeconds = (Date.now() - started) / 1000;
  } else {
    o.log(`reusing generated PGlite data ${templateDir}`);
  }
  const dataDir = path.join(o.workDir, `pglite-${base}`);
  const copyStarted = Date.now();
  rmSync(dataDir, { recursive: true, force: true });
  if (o.copy !== false) cpSync(templateDir, dataDir, { recursive: true });
  const copySeconds = (Date.now() - copyStarted) / 1000;
  return {
    kind: 'pglite',
    meta,
    reused,
    generationSeconds,
    copySeconds,
    databaseUrl: undefined,
    dataDir,
    open: () => openDatabase({ pgliteDir: path.join(dataDir, 'pglite') }),
    async drop(all) {
      rmSync(dataDir, { recursive: true, force: true });
      if (all) rmSync(templateDir, { recursive: true, force: true });
    },
  };
}
