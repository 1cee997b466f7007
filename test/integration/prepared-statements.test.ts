import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { createTestDatabase, TEST_DB, type TestDatabase } from '../helpers/harness.js';
import { NAMED, preparingPool, statementName, type PreparedStatementOptions } from '../../src/server/db/prepared-statements.js';
import type { Database } from '../../src/server/db/schema.js';

// Named statements on PostgreSQL (db/prepared-statements.ts): parsed once per connection, bounded, and the results
// are those of the unnamed statements. PGlite runs every statement unnamed: nothing to test there.
const skip = TEST_DB === 'pglite' ? 'PostgreSQL only: PGlite statements are not named' : false;

let testDb: TestDatabase | undefined;
before(async () => {
  if (!skip) testDb = await createTestDatabase();
});
after(async () => {
  await testDb?.drop();
});

/** Kysely over one connection (pool of 1), so that what one statement prepared is seen by the next. */
function oneConnection(options: PreparedStatementOptions): { db: Kysely<Database>; preparedNames(): Promise<string[]> } {
  const pool = new pg.Pool({ connectionString: testDb!.url, max: 1 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparingPool(pool, options) }) });
  return {
    db,
    // No parameter: this statement is never named itself.
    preparedNames: async () => (await sql<{ name: string }>`SELECT name FROM pg_prepared_statements ORDER BY name`.execute(db)).rows.map((r) => r.name),
  };
}

test('in a transaction a parameterised statement is prepared once per connection and gives the same results; outside, none is', { skip }, async () => {
  const { db, preparedNames } = oneConnection({ perConnection: 10, maxParameters: 64, maxTextLength: 20_000 });
  try {
    // Outside a transaction (the reads: planned for their values), nothing is named.
    assert.equal((await sql<{ x: number }>`SELECT ${1}::int + 1 AS x`.execute(db)).rows[0]!.x, 2);
    assert.deepEqual(await db.selectFrom('accounts').select('id').where('name', '=', 'nobody by this name').execute(), []);
    assert.deepEqual(await preparedNames(), []);
    await db.transaction().execute(async (trx) => {
      const add = (n: number) => sql<{ x: number }>`SELECT ${n}::int + 1 AS x`.execute(trx);
      assert.equal((await add(1)).rows[0]!.x, 2);
      assert.equal((await add(41)).rows[0]!.x, 42);
      // The query builder's statements too, with their results.
      assert.deepEqual(await trx.selectFrom('accounts').select('id').where('name', '=', 'nobody by this name').execute(), []);
    });
    const text = sql`SELECT ${1}::int + 1 AS x`.compile(db).sql;
    const names = await preparedNames();
    assert.equal(names.length, 2);
    assert.ok(names.includes(statementName(text)));
    // After the transaction, the connection runs unnamed again — even a text it has prepared.
    assert.equal((await sql<{ x: number }>`SELECT ${2}::int + ${sql.lit(9)} AS x`.execute(db)).rows[0]!.x, 11);
    assert.equal((await preparedNames()).length, 2);
    // A savepoint rolled back keeps the transaction, and naming with it.
    await db.transaction().execute(async (trx) => {
      await sql`SAVEPOINT s`.execute(trx);
      await sql`ROLLBACK TO SAVEPOINT s`.execute(trx);
      assert.equal((await sql<{ x: number }>`SELECT ${3}::int * 2 AS x`.execute(trx)).rows[0]!.x, 6);
    });
    assert.equal((await preparedNames()).length, 3);
    // Outside a transaction, a statement that ends with NAMED asks to be named all the same, raw or built.
    assert.equal((await sql<{ x: number }>`SELECT ${4}::int + 1 AS x ${sql.raw(NAMED)}`.execute(db)).rows[0]!.x, 5);
    const built = db.selectFrom('accounts').select('id').where('name', '=', 'nobody by this name').modifyEnd(sql.raw(NAMED));
    assert.deepEqual(await built.execute(), []);
    const after = await preparedNames();
    assert.equal(after.length, 5);
    assert.ok(after.includes(statementName(built.compile().sql)));
    assert.ok(after.includes(statementName(sql`SELECT ${4}::int + 1 AS x ${sql.raw(NAMED)}`.compile(db).sql)));
  } finally {
    await db.destroy();
  }
});

test('naming is bounded: per connection, by parameter count, and off with 0', { skip }, async () => {
  const capped = oneConnection({ perConnection: 2, maxParameters: 3, maxTextLength: 20_000 });
  try {
    await capped.db.transaction().execute(async (trx) => {
      for (let i = 1; i <= 4; i++) {
        // Four different texts (the constant differs): the first two are prepared, the others run unnamed.
        const rows = (await sql<{ x: number }>`SELECT ${i}::int + ${sql.lit(i)} AS x`.execute(trx)).rows;
        assert.equal(rows[0]!.x, 2 * i);
      }
    });
    assert.equal((await capped.preparedNames()).length, 2);
    // A statement already prepared is still used by name once the connection is full.
    await capped.db.transaction().execute(async (trx) => {
      assert.equal((await sql<{ x: number }>`SELECT ${5}::int + ${sql.lit(1)} AS x`.execute(trx)).rows[0]!.x, 6);
    });
    assert.equal((await capped.preparedNames()).length, 2);
  } finally {
    await capped.db.destroy();
  }
  const wide = oneConnection({ perConnection: 10, maxParameters: 3, maxTextLength: 20_000 });
  try {
    await wide.db.transaction().execute(async (trx) => {
      const rows = (await sql<{ x: number }>`SELECT ${1}::int + ${2}::int + ${3}::int + ${4}::int AS x`.execute(trx)).rows;
      assert.equal(rows[0]!.x, 10);
    });
    assert.deepEqual(await wide.preparedNames(), [], 'four parameters, more than 3: unnamed');
  } finally {
    await wide.db.destroy();
  }
  const off = oneConnection({ perConnection: 0, maxParameters: 64, maxTextLength: 20_000 });
  try {
    await off.db.transaction().execute(async (trx) => {
      assert.equal((await sql<{ x: number }>`SELECT ${1}::int + 1 AS x`.execute(trx)).rows[0]!.x, 2);
    });
    assert.deepEqual(await off.preparedNames(), []);
  } finally {
    await off.db.destroy();
  }
});

test('a named statement that fails, in a transaction rolled back, runs again afterwards', { skip }, async () => {
  const { db, preparedNames } = oneConnection({ perConnection: 10, maxParameters: 64, maxTextLength: 20_000 });
  try {
    const divide = (n: number) => db.transaction().execute((trx) => sql<{ x: number }>`SELECT 10 / ${n}::int AS x`.execute(trx));
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await sql`SELECT 10 / ${0}::int AS x`.execute(trx);
      }),
      /division by zero/,
    );
    assert.equal((await divide(5)).rows[0]!.x, 2);
    await db.transaction().execute(async (trx) => {
      assert.equal((await sql<{ x: number }>`SELECT 10 / ${2}::int AS x`.execute(trx)).rows[0]!.x, 5);
    });
    // A syntax error is not prepared; the connection goes on.
    await assert.rejects(
      db.transaction().execute((trx) => sql`SELEC ${1}::int`.execute(trx)),
      /syntax error/,
    );
    assert.equal((await divide(10)).rows[0]!.x, 1);
    assert.equal((await preparedNames()).length, 1);
  } finally {
    await db.destroy();
  }
});
