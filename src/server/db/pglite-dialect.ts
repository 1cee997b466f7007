import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';

/**
 * Kysely dialect for embedded PGlite.
 *
 * PGlite is one single-user backend: two interleaved transactions on it would see each other's
 * statements. The published kysely-pglite driver hands the same connection to every caller at once,
 * so parallel requests corrupt each other's transactions. This driver serialises connection use:
 * a caller holds the one connection from acquire to release, exactly like a pool of size one.
 */
export class PGliteDialect implements Dialect {
  constructor(private readonly client: PGlite) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.client);
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}

class PGliteDriver implements Driver {
  private queue: Promise<void> = Promise.resolve();
  private readonly connection: PGliteConnection;

  constructor(private readonly client: PGlite) {
    this.connection = new PGliteConnection(client);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = this.queue;
    this.queue = previous.then(() => held);
    await previous;
    this.connection.release = release;
    return this.connection;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('BEGIN'));
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('COMMIT'));
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('ROLLBACK'));
  }
  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const c = connection as PGliteConnection;
    const release = c.release;
    c.release = undefined;
    release?.();
  }
  async destroy(): Promise<void> {
    await this.queue;
    if (!this.client.closed) await this.client.close();
  }
}

class PGliteConnection implements DatabaseConnection {
  release: (() => void) | undefined;
  constructor(private readonly client: PGlite) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    if (compiledQuery.parameters.length === 0 && hasSeveralStatements(compiledQuery.sql)) {
      // The extended protocol takes one statement; pg-boss sends multi-statement scripts (as node-postgres allows
      // with the simple protocol). Run those with exec and answer with the last statement's result.
      const results = await this.client.exec(compiledQuery.sql);
      const last = results[results.length - 1];
      const out: { rows: R[]; numAffectedRows?: bigint } = { rows: (last?.rows ?? []) as R[] };
      if (last?.affectedRows !== undefined) out.numAffectedRows = BigInt(last.affectedRows);
      return out;
    }
    const result = await this.client.query<R>(compiledQuery.sql, [...compiledQuery.parameters]);
    const out: { rows: R[]; numAffectedRows?: bigint } = { rows: result.rows };
    if (result.affectedRows !== undefined) out.numAffectedRows = BigInt(result.affectedRows);
    return out;
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not supported on PGlite');
  }
}

/** True when a statement separator occurs outside quotes and dollar-quoted bodies (a cheap, conservative scan). */
export function hasSeveralStatements(text: string): boolean {
  const trimmed = text.trim().replace(/;\s*$/, '');
  if (!trimmed.includes(';')) return false;
  let i = 0;
  while (i < trimmed.length) {
    const ch = trimmed[i]!;
    if (ch === "'" || ch === '"') {
      const end = trimmed.indexOf(ch, i + 1);
      if (end < 0) return false;
      i = end + 1;
      continue;
    }
    if (ch === '$') {
      const tag = /^\$[A-Za-z_]*\$/.exec(trimmed.slice(i));
      if (tag) {
        const end = trimmed.indexOf(tag[0], i + tag[0].length);
        if (end < 0) return false;
        i = end + tag[0].length;
        continue;
      }
    }
    if (ch === '-' && trimmed[i + 1] === '-') {
      const end = trimmed.indexOf('\n', i);
      if (end < 0) return false;
      i = end + 1;
      continue;
    }
    if (ch === ';') return true;
    i++;
  }
  return false;
}
