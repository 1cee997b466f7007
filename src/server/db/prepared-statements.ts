import { createHash } from 'node:crypto';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

/**
 * Named (prepared) statements for the node-postgres pool behind Kysely. Kysely sends every query unnamed, so
 * PostgreSQL parses and plans it again on every execution: in a create, parsing and planning took more of the
 * database's time than executing (docs/PERFORMANCE.md, "Prepared statements"). Naming a parameterised statement after
 * its text lets each connection parse it once and lets PostgreSQL's plan cache keep its plan (a generic plan after
 * five executions when that is no worse than the custom ones; otherwise it keeps planning per execution, as before).
 *
 * Only inside transactions — the write paths (a create, a mail, a reply), many short statements whose plans do not
 * depend on their values — and statements that end with NAMED. A read outside a transaction (inbox lists, search,
 * reports) runs unnamed and is planned for its values, as before: a generic plan of the search made a rare word ten
 * times slower (docs/PERFORMANCE.md).
 *
 * Bounded: at most `perConnection` statements are prepared on one connection (later new texts run unnamed, as
 * before), and a statement with very many parameters (a multi-row insert, whose text changes with the row count) or
 * a very long text is never prepared.
 */
export interface PreparedStatementOptions {
  /** Named statements per connection; 0 turns naming off. */
  perConnection: number;
  /** Statements with more parameters than this run unnamed. */
  maxParameters: number;
  /** Statements longer than this (characters) run unnamed. */
  maxTextLength: number;
}

export const DEFAULT_PREPARED_STATEMENTS: PreparedStatementOptions = { perConnection: 400, maxParameters: 64, maxTextLength: 20_000 };

/** Statement names by text (shared by all connections; a name is a digest of the text, so it cannot collide in use). */
const names = new Map<string, string>();
const MAX_NAMES = 5000;

export function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    // 'sv' + 27 characters of base64url (160 bits): well under PostgreSQL's 63-byte name limit.
    name = `sv${createHash('sha1').update(text).digest('base64url')}`;
    if (names.size >= MAX_NAMES) names.delete(names.keys().next().value!);
    names.set(text, name);
  }
  return name;
}

/**
 * The ending of a statement outside a transaction that may be named all the same: a point lookup on a hot path (the
 * email pipeline's checks before its transaction) whose plan cannot depend on its values. Append it as the statement's
 * last text (`sql.raw(NAMED)`, or `.modifyEnd(sql.raw(NAMED))` on a Kysely select).
 */
export const NAMED = '/* named */';

/** What each physical connection has prepared (a pooled client is the same object every time it is checked out). */
const prepared = new WeakMap<pg.PoolClient, Set<string>>();

/** How Kysely opens and ends a transaction (savepoints and `ROLLBACK TO SAVEPOINT` stay inside one). */
const BEGIN = /^\s*(begin|start\s+transaction)\b/i;
const END = /^\s*(commit|end|rollback|abort)(\s+(work|transaction))?\s*;?\s*$/i;

/** The pool Kysely's PostgresDialect uses, naming what may be named. */
export function preparingPool(pool: pg.Pool, options: PreparedStatementOptions = DEFAULT_PREPARED_STATEMENTS): PostgresPool {
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      let statements = prepared.get(client);
      if (!statements) {
        statements = new Set();
        prepared.set(client, statements);
      }
      const known = statements;
      // A connection comes out of the pool outside any transaction (Kysely ends each one before releasing it).
      let inTransaction = false;
      const query = ((textOrCursor: unknown, parameters?: ReadonlyArray<unknown>) => {
        if (typeof textOrCursor !== 'string') return (client.query as (q: unknown) => unknown)(textOrCursor);
        const values = parameters ? [...parameters] : [];
        if (values.length === 0) {
          if (BEGIN.test(textOrCursor)) inTransaction = true;
          else if (END.test(textOrCursor)) inTransaction = false;
        }
        if (
          (inTransaction || textOrCursor.endsWith(NAMED)) &&
          options.perConnection > 0 &&
          values.length > 0 &&
          values.length <= options.maxParameters &&
          textOrCursor.length <= options.maxTextLength
        ) {
          const name = statementName(textOrCursor);
          if (known.has(name) || known.size < options.perConnection) {
            known.add(name);
            return client.query({ name, text: textOrCursor, values });
          }
        }
        return client.query(textOrCursor, values);
      }) as PostgresPoolClient['query'];
      return { query, release: () => client.release() };
    },
    end: () => pool.end(),
  };
}
