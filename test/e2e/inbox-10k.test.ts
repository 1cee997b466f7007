import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { freshProcessStorage, TEST_DB, TEST_PG_URL } from '../helpers/harness.js';
import { json, startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { migrateToLatest, openDatabase, pgliteDirFor } from '../../src/server/db/database.js';
import { bootstrapAccount } from '../../src/server/domain/accounts/account-bootstrap.js';
import { apiLogin, launchBrowser, requireWebBuild, RESULTS_DIR, SERVER_START_TIMEOUT_MS, signIn, watchPage } from './helpers.js';

/**
 * 10,000 conversations in one view: the list stays virtualised (a bounded number of rows in the DOM however far
 * the agent scrolls) and pages arrive through the cursor as the end comes near. Timings are logged, not asserted.
 */
const ADMIN = 'bulk@example.test';
const PASSWORD = 'correct horse battery staple';
const TOTAL = 10_000;
const MAX_ROWS_IN_DOM = 100;

type Storage = Awaited<ReturnType<typeof freshProcessStorage>>;
let storage: Storage;
let server: ServerProcess;
let browser: Browser;
let page: Page;
const pageLog: string[] = [];
const timings: string[] = [];
const time = async <T>(label: string, run: () => Promise<T>): Promise<T> => {
  const started = performance.now();
  const result = await run();
  timings.push(`${label}: ${Math.round(performance.now() - started)} ms`);
  return result;
};

/**
 * The 10k view is about the browser, not the embedded database: when the PostgreSQL server of the integration suite
 * is reachable (npm test requires it anyway) the data goes there, which seeds and starts in seconds; otherwise into
 * a PGlite data dir like every other end-to-end test, which is much slower on 2 cores.
 */
async function storageForBulk(): Promise<Storage> {
  if (TEST_DB === 'postgres') return freshProcessStorage();
  const admin = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch {
    timings.push('PostgreSQL not reachable: 10k view on PGlite');
    return freshProcessStorage();
  }
  const name = `servisto_e2e_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'servisto-e2e-'));
  timings.push('database: PostgreSQL');
  return {
    dataDir,
    databaseUrl: url.toString(),
    env: { SERVISTO_DATA_DIR: dataDir, DATABASE_URL: url.toString() },
    async drop() {
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Fills the server's database before it starts: the first account, 400 customers and 10,000 conversations. */
async function seed(): Promise<void> {
  const handle = await openDatabase({ databaseUrl: storage.databaseUrl, pgliteDir: pgliteDirFor(storage.dataDir) });
  try {
    await migrateToLatest(handle.db);
    const { accountId } = await bootstrapAccount(handle.db, { adminEmail: ADMIN, adminPassword: PASSWORD, supportEmail: 'support@example.com' });
    await sql`
      INSERT INTO customers (account_id, name, language)
      SELECT ${accountId}::uuid, 'Customer ' || n, (ARRAY['en','sv','pl','sl','bg','eo'])[1 + n % 6]
      FROM generate_series(1, 400) AS n`.execute(handle.db);
    await sql`
      INSERT INTO customer_contacts (account_id, customer_id, kind, value, normalized, is_primary)
      SELECT account_id, id, 'email', lower(replace(name, ' ', '.')) || '@example.test', lower(replace(name, ' ', '.')) || '@example.test', true
      FROM customers WHERE account_id = ${accountId}::uuid`.execute(handle.db);
    // Conversation n had its last activity n minutes ago: #1 is the newest, #10000 the oldest.
    await sql`
      WITH c AS (SELECT id, row_number() OVER (ORDER BY name) AS i FROM customers WHERE account_id = ${accountId}::uuid)
      INSERT INTO conversations (account_id, number, subject, status, priority, channel, language, customer_id, message_count,
                                 created_at, updated_at, last_activity_at)
      SELECT ${accountId}::uuid, n, 'Bulk conversation ' || n,
             (ARRAY['new','open','pending','on_hold'])[1 + n % 4],
             (ARRAY['normal','normal','high','low','urgent'])[1 + n % 5],
             (ARRAY['email','chat','portal','phone','api'])[1 + n % 5],
             (ARRAY['en','sv','pl','sl','bg','eo'])[1 + n % 6],
             c.id, 0,
             now() - make_interval(mins => n + 60), now() - make_interval(mins => n), now() - make_interval(mins => n)
      FROM generate_series(1, ${TOTAL}) AS n JOIN c ON c.i = 1 + n % 400`.execute(handle.db);
    await sql`SELECT setval(servisto_conversation_sequence(${accountId}::uuid)::regclass, ${TOTAL})`.execute(handle.db);
  } finally {
    await handle.close();
  }
}

before(async () => {
  requireWebBuild();
  storage = await storageForBulk();
  const launching = launchBrowser();
  const seeded = time('seed 10,000 conversations', seed).then(() =>
    time('server start', () => startServerProcess({ ...storage.env, SERVISTO_ADMIN_EMAIL: ADMIN, SERVISTO_ADMIN_PASSWORD: PASSWORD }, SERVER_START_TIMEOUT_MS)),
  );
  // Both are awaited even if one fails, so that after() stops whatever did start.
  const [started, launched] = await Promise.allSettled([seeded, launching]);
  if (started.status === 'fulfilled') server = started.value;
  if (launched.status === 'fulfilled') browser = launched.value;
  if (started.status === 'rejected') throw started.reason;
  if (launched.status === 'rejected') throw launched.reason;
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  watchPage(page, pageLog);
});

after(async () => {
  process.stdout.write(`# 10k inbox timings:\n# ${timings.join('\n# ')}\n`);
  if (pageLog.length) process.stdout.write(`# browser log:\n# ${pageLog.join('\n# ')}\n`);
  await browser?.close();
  server?.child.kill('SIGTERM');
  await server?.exited;
  await storage?.drop();
});

const rowsInDom = () => page.locator('.row').count();
const loadedCount = async () => page.evaluate(() => Number(/\d+/.exec(document.querySelector('.list-foot')?.textContent ?? '')?.[0] ?? 0));

test('a view of 10,000 conversations stays virtualised and pages in through the cursor as the agent scrolls', { timeout: 120_000 }, async () => {
  await signIn(page, server.url, ADMIN, PASSWORD);
  await time('open "All conversations" to first row', async () => {
    await page.getByRole('link', { name: 'All conversations', exact: true }).click();
    await page.locator('.row', { hasText: 'Bulk conversation 1' }).first().waitFor();
  });
  assert.ok((await rowsInDom()) < MAX_ROWS_IN_DOM, `rows in the DOM: ${await rowsInDom()}`);
  assert.equal(await page.locator('.row .row-subject').first().textContent(), '#1 Bulk conversation 1', 'newest activity first');

  const list = page.getByTestId('conversation-list-scroll');
  let loaded = await loadedCount();
  const first = loaded;
  const scrolls: number[] = [];
  // Scroll to the end again and again: each time the next page arrives by cursor; the DOM stays small.
  while (loaded < 1000) {
    const started = performance.now();
    await list.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await page.waitForFunction((before) => Number(/\d+/.exec(document.querySelector('.list-foot')?.textContent ?? '')?.[0] ?? 0) > before, loaded, { timeout: 15_000 });
    scrolls.push(performance.now() - started);
    loaded = await loadedCount();
    const rows = await rowsInDom();
    assert.ok(rows < MAX_ROWS_IN_DOM, `rows in the DOM after ${loaded} loaded: ${rows}`);
  }
  timings.push(`first page: ${first} rows; then ${scrolls.length} pages by scrolling, median ${Math.round(scrolls.sort((a, b) => a - b)[scrolls.length >> 1]!)} ms from scroll to next page rendered`);
  const bottom = await page.locator('.row').last().textContent();
  assert.match(bottom ?? '', /Bulk conversation \d+/);

  // Keep going to the very end: all 10,000 in memory, still a bounded DOM, and no duplicates or gaps.
  await time('scroll through all 10,000', async () => {
    for (let guard = 0; guard < 400 && loaded < TOTAL; guard++) {
      await list.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
      await page.waitForFunction((before) => Number(/\d+/.exec(document.querySelector('.list-foot')?.textContent ?? '')?.[0] ?? 0) > before, loaded, { timeout: 15_000 });
      loaded = await loadedCount();
    }
  });
  assert.equal(loaded, TOTAL);
  await page.getByText(`${TOTAL} in this view`).waitFor();
  assert.ok((await rowsInDom()) < MAX_ROWS_IN_DOM);
  await list.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await page.locator('.row', { hasText: '#10000 Bulk conversation 10000' }).waitFor();
  assert.equal(await page.locator('.row .row-subject').last().textContent(), '#10000 Bulk conversation 10000', 'the oldest is last');
  assert.ok((await rowsInDom()) < MAX_ROWS_IN_DOM);

  // Jumping back to the middle renders the rows there (and only those).
  const jump = await time('jump to the middle and render', async () => {
    await list.evaluate((el) => el.scrollTo({ top: el.scrollHeight / 2 }));
    await page.waitForFunction(() => [...document.querySelectorAll('.row')].some((r) => /#50\d\d /.test(r.textContent ?? '')));
    return rowsInDom();
  });
  assert.ok(jump < MAX_ROWS_IN_DOM);

  // Live update with 10,000 loaded: a new conversation appears at the top without a reload.
  const token = await apiLogin(server.url, ADMIN, PASSWORD);
  await list.evaluate((el) => el.scrollTo({ top: 0 }));
  await time('live arrival at the top with 10,000 loaded', async () => {
    const res = await json(`${server.url}/api/v1/conversations`, {
      method: 'POST',
      token,
      body: JSON.stringify({ subject: 'Arrives on top of ten thousand', customer: { email: 'late@example.test' }, message: { body: 'Hello?' } }),
    });
    assert.equal(res.status, 201);
    await page.locator('.row').first().filter({ hasText: 'Arrives on top of ten thousand' }).waitFor({ timeout: 10_000 });
  });
  await page.getByText(`${TOTAL + 1} in this view`).waitFor();

  // Keyboard: j opens the next conversation at once even in a list this long.
  await page.locator('.row-link').first().click();
  await page.getByRole('heading', { name: /Arrives on top of ten thousand/ }).waitFor();
  await time('j to the next conversation', async () => {
    await page.keyboard.press('j');
    await page.getByRole('heading', { name: /#1 Bulk conversation 1$/ }).waitFor();
  });
  await page.screenshot({ path: path.join(RESULTS_DIR, 'inbox-10k-en.png') });
});
