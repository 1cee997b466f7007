import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { createTestApp, uniqueEmail, type TestAccount, type TestApp } from '../helpers/harness.js';
import { registerErrorHandling } from '../../src/server/http/plugins/errors.js';
import { webAppRoutes } from '../../src/server/http/routes/web-app.js';

/** What the agent workspace needs from the API beyond the contract, and how the server serves the app itself. */

interface ListItem {
  id: string;
  priority: string;
  channel: string;
  customer: { id: string; name: string | null; email: string | null } | null;
}
interface Page {
  items: ListItem[];
  nextCursor: string | null;
}

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

async function create(acc: TestAccount, body: Record<string, unknown>): Promise<{ id: string; customerId: string }> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/conversations',
    headers: acc.auth,
    payload: { subject: 'Help', customer: { email: uniqueEmail('c') }, message: { body: 'Hello' }, ...body },
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { id: string; customerId: string };
}

async function list(acc: TestAccount, query: string): Promise<Page> {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/conversations?${query}`, headers: acc.auth });
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as Page;
}

describe('conversation list for the inbox', () => {
  test('filters by priority and channel (one or several), combined with the others, paged by cursor', async () => {
    const acc = await t.newAccount();
    const urgentChat = await create(acc, { priority: 'urgent', channel: 'chat' });
    const urgentMail = await create(acc, { priority: 'urgent', channel: 'email' });
    const lowChat = await create(acc, { priority: 'low', channel: 'chat' });
    const normalPhone = await create(acc, { channel: 'phone' });
    const ids = async (query: string) => (await list(acc, query)).items.map((c) => c.id).sort();
    const sorted = (xs: string[]) => [...xs].sort();

    assert.deepEqual(await ids('priority=urgent'), sorted([urgentChat.id, urgentMail.id]));
    assert.deepEqual(await ids('priority=urgent,low'), sorted([urgentChat.id, urgentMail.id, lowChat.id]));
    assert.deepEqual(await ids('channel=chat'), sorted([urgentChat.id, lowChat.id]));
    assert.deepEqual(await ids('channel=phone,email'), sorted([normalPhone.id, urgentMail.id]));
    assert.deepEqual(await ids('priority=urgent&channel=chat'), [urgentChat.id]);
    assert.deepEqual(await ids('priority=urgent&channel=chat&assigneeId=none&status=new'), [urgentChat.id]);

    // Cursor paging keeps the filter: one per page, all three chat-or-urgent ones, no repeats.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(acc, `limit=1&priority=urgent,low${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, [lowChat.id, urgentMail.id, urgentChat.id], 'newest activity first across pages');

    for (const bad of ['priority=critical', 'priority=urgent,', 'channel=fax', 'channel=email;drop']) {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/conversations?${bad}`, headers: acc.auth });
      assert.equal(res.statusCode, 400, bad);
      assert.equal((res.json() as { error: { code: string } }).error.code, 'validation_failed');
    }
  });

  test('each item names its customer (name and primary email) without a request per row', async () => {
    const acc = await t.newAccount();
    const email = uniqueEmail('named');
    const named = await create(acc, { customer: { email, name: 'Ana Novak' } });
    const unnamed = await create(acc, { customer: { email: uniqueEmail('anon') } });
    const page = await list(acc, 'limit=10');
    const byId = new Map(page.items.map((c) => [c.id, c]));
    assert.deepEqual(byId.get(named.id)?.customer, { id: named.customerId, name: 'Ana Novak', email });
    assert.equal(byId.get(unnamed.id)?.customer?.name, null);
    assert.match(byId.get(unnamed.id)?.customer?.email ?? '', /^anon\./);
  });
});

test('business hours can be listed (by name), per account', async () => {
  const acc = await t.newAccount();
  const other = await t.newAccount();
  const weekly = { mon: [['09:00', '17:00']] };
  for (const name of ['Stockholm', 'Ljubljana']) {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/business-hours', headers: acc.auth, payload: { name, timezone: 'Europe/Stockholm', weekly } });
    assert.equal(res.statusCode, 201, res.body);
  }
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/business-hours', headers: acc.auth });
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual((res.json() as { items: Array<{ name: string; weekly: unknown }> }).items.map((h) => h.name), ['Ljubljana', 'Stockholm']);
  const theirs = await t.app.inject({ method: 'GET', url: '/api/v1/business-hours', headers: other.auth });
  assert.deepEqual((theirs.json() as { items: unknown[] }).items, []);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/business-hours' })).statusCode, 401);
});

describe('the web app at /', () => {
  let dir: string;
  let app: FastifyInstance;
  let missing: FastifyInstance;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'servisto-web-'));
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Servisto</title><div id="root"></div>');
    writeFileSync(path.join(dir, 'assets', 'index-3f2a1b.js'), 'console.log("app")');
    writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    app = Fastify();
    registerErrorHandling(app);
    app.get('/api/v1/known', async () => ({ ok: true }));
    await webAppRoutes(app, { root: dir });
    await app.ready();
    missing = Fastify();
    registerErrorHandling(missing);
    await webAppRoutes(missing, { root: path.join(dir, 'not-built') });
    await missing.ready();
  });
  after(async () => {
    await app.close();
    await missing.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('index.html with a strict CSP and no-cache; hashed assets cached for good; app routes fall back to the app', async () => {
    const index = await app.inject({ method: 'GET', url: '/' });
    assert.equal(index.statusCode, 200);
    assert.match(index.headers['content-type'] as string, /text\/html/);
    assert.equal(index.headers['cache-control'], 'no-cache');
    const csp = index.headers['content-security-policy'] as string;
    assert.match(csp, /script-src 'self'(;|$)/, 'only our own scripts, no inline, no eval');
    assert.match(csp, /connect-src 'self' ws: wss:/);
    assert.match(csp, /object-src 'none'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-eval/);

    const asset = await app.inject({ method: 'GET', url: '/assets/index-3f2a1b.js' });
    assert.equal(asset.statusCode, 200);
    assert.equal(asset.body, 'console.log("app")');
    assert.match(asset.headers['cache-control'] as string, /max-age=31536000, immutable/);
    assert.equal((await app.inject({ method: 'GET', url: '/favicon.svg' })).headers['cache-control'], 'public, max-age=3600');

    const deep = await app.inject({ method: 'GET', url: '/inbox/mine/8d3c52d4-16c5-4a4c-9f3b-7a1c2f9e0b11', headers: { accept: 'text/html,application/xhtml+xml' } });
    assert.equal(deep.statusCode, 200);
    assert.match(deep.body, /<div id="root">/);
    assert.ok(deep.headers['content-security-policy']);
  });

  test('API and health paths keep their JSON 404; missing files are 404 unless a browser asks for a page', async () => {
    for (const url of ['/api/v1/nope', '/api/v2/conversations', '/healthz/deep']) {
      const res = await app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
      assert.equal(res.statusCode, 404, url);
      assert.equal((res.json() as { error: { code: string } }).error.code, 'not_found', url);
    }
    assert.equal((await app.inject({ method: 'GET', url: '/api/v1/known' })).statusCode, 200);
    const script = await app.inject({ method: 'GET', url: '/assets/gone-123.js', headers: { accept: '*/*' } });
    assert.equal(script.statusCode, 404);
    assert.equal((script.json() as { error: { code: string } }).error.code, 'not_found');
    const traversal = await app.inject({ method: 'GET', url: '/assets/..%2f..%2fetc%2fpasswd', headers: { accept: '*/*' } });
    assert.equal(traversal.statusCode, 404);
    assert.equal((await app.inject({ method: 'POST', url: '/inbox/mine', headers: { accept: 'text/html' } })).statusCode, 404);
  });

  test('without a build, pages answer 503 saying how to build; the API is unaffected', async () => {
    const res = await missing.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } });
    assert.equal(res.statusCode, 503);
    assert.match(res.body, /npm run build/);
    assert.equal((await missing.inject({ method: 'GET', url: '/inbox/all', headers: { accept: 'text/html' } })).statusCode, 503);
    assert.equal((await missing.inject({ method: 'GET', url: '/api/v1/nope' })).statusCode, 404);
    // Built while the server runs: served at once, no restart.
    mkdirSync(path.join(dir, 'not-built'));
    writeFileSync(path.join(dir, 'not-built', 'index.html'), '<!doctype html><title>now built</title>');
    const built = await missing.inject({ method: 'GET', url: '/inbox/all', headers: { accept: 'text/html' } });
    assert.equal(built.statusCode, 200);
    assert.match(built.body, /now built/);
  });
});
