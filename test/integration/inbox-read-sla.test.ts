import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, TEST_PASSWORD, uniqueEmail, type TestAccount, type TestApp } from '../helpers/harness.js';
import { ManualClock } from '../../src/server/domain/shared/clock.js';
import { appendMessage } from '../../src/server/domain/messages/message-append.js';
import { systemActor } from '../../src/server/domain/shared/actor.js';

// The inbox's server-side read state (POST /conversations/:id/read, `unread` per item) and SLA view
// (GET /conversations?sla=breached|at_risk) with a controllable clock, and ordering/deleting SLA policies.
const T0 = '2026-03-02T10:00:00.000Z';
const MINUTE = 60_000;

let t: TestApp;
let clock: ManualClock;
before(async () => {
  clock = new ManualClock(T0);
  t = await createTestApp({}, { clock });
});
after(() => t.close());

type Who = { auth: Record<string, string> };
interface Item {
  id: string;
  number: number;
  status: string;
  unread?: boolean;
}

async function api<T = unknown>(who: Who, method: string, url: string, payload?: unknown): Promise<{ status: number; body: T }> {
  const res = await t.app.inject({ method: method as 'GET', url, headers: who.auth, ...(payload !== undefined ? { payload: payload as object } : {}) });
  return { status: res.statusCode, body: (res.body ? res.json() : null) as T };
}

async function addUser(acc: TestAccount, role: 'admin' | 'supervisor' | 'agent') {
  const email = uniqueEmail(role);
  const res = await api<{ id: string }>(acc, 'POST', '/api/v1/users', { email, name: `A ${role}`, role, password: TEST_PASSWORD });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return { id: res.body.id, auth: { authorization: `Bearer ${await t.login(email, TEST_PASSWORD)}` } };
}

async function newConversation(who: Who, extra: Record<string, unknown> = {}) {
  const res = await api<Item>(who, 'POST', '/api/v1/conversations', { subject: 'Help', customer: { email: uniqueEmail('customer') }, message: { body: 'My order is late' }, ...extra });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

async function customerWrites(acc: TestAccount, conversationId: string, body: string) {
  await t.deps.db.transaction().execute((trx) =>
    appendMessage(trx, { ...systemActor(acc.accountId), type: 'customer' }, {
      conversationId,
      direction: 'inbound',
      type: 'message',
      channel: 'api',
      authorType: 'customer',
      authorUserId: null,
      customerId: null,
      body,
      bodyFull: body,
      html: null,
      language: 'en',
      attachments: [],
      serviceClock: t.deps.serviceClock,
    }),
  );
}

const list = async (who: Who, query: string) => {
  const res = await api<{ items: Item[]; nextCursor: string | null; error?: { details?: { field?: string } } }>(who, 'GET', `/api/v1/conversations?${query}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
};
const unreadIn = async (who: Who, id: string) => (await list(who, 'limit=100')).items.find((c) => c.id === id)?.unread;

test('unread follows the user: new activity is unread, POST /read clears it, own messages never make it unread', async () => {
  const acc = await t.newAccount('Reads');
  const agent = await addUser(acc, 'agent');
  const c = await newConversation(acc);
  // The admin wrote it (creator has seen it); the agent has not.
  assert.equal(await unreadIn(acc, c.id), false);
  assert.equal(await unreadIn(agent, c.id), true);
  assert.equal((await api<Item>(agent, 'GET', `/api/v1/conversations/${c.id}`)).body.unread, true);

  const read = await api<{ conversationId: string; unread: boolean; seenActivityAt: string }>(agent, 'POST', `/api/v1/conversations/${c.id}/read`);
  assert.equal(read.status, 200, JSON.stringify(read.body));
  assert.equal(read.body.unread, false);
  assert.equal(await unreadIn(agent, c.id), false);
  assert.equal((await api<Item>(agent, 'GET', `/api/v1/conversations/${c.id}`)).body.unread, false);

  // The customer writes: unread again for both.
  await customerWrites(acc, c.id, 'Any news?');
  assert.equal(await unreadIn(agent, c.id), true);
  assert.equal(await unreadIn(acc, c.id), true);

  // The agent replies without opening it (e.g. from another browser): their own message marks it read for them only.
  const reply = await api(agent, 'POST', `/api/v1/conversations/${c.id}/messages`, { type: 'note', body: 'Checking with the warehouse' });
  assert.equal(reply.status, 201);
  assert.equal(await unreadIn(agent, c.id), false);
  assert.equal(await unreadIn(acc, c.id), true);

  // Reading twice is fine and never moves backwards.
  assert.equal((await api(acc, 'POST', `/api/v1/conversations/${c.id}/read`)).status, 200);
  assert.equal((await api(acc, 'POST', `/api/v1/conversations/${c.id}/read`)).status, 200);
  assert.equal(await unreadIn(acc, c.id), false);
});

test('POST /read: bad id → 400 naming it, unknown or another tenant’s → 404, a token without a user → 403; lists of tokens carry no unread', async () => {
  const acc = await t.newAccount('Reads A');
  const other = await t.newAccount('Reads B');
  const c = await newConversation(acc);
  const bad = await api<{ error: { code: string; details?: { field?: string } } }>(acc, 'POST', '/api/v1/conversations/not-a-uuid/read');
  assert.equal(bad.status, 400);
  assert.match(JSON.stringify(bad.body.error), /id/);
  assert.equal((await api(other, 'POST', `/api/v1/conversations/${c.id}/read`)).status, 404);
  assert.equal((await api(acc, 'POST', '/api/v1/conversations/00000000-0000-4000-8000-000000000000/read')).status, 404);
  // The other tenant's read did not write anything into this one.
  const rows = await t.deps.db.selectFrom('conversation_reads').select('account_id').where('conversation_id', '=', c.id).execute();
  assert.deepEqual(rows.map((r) => r.account_id), [acc.accountId]);

  const token = await api<{ token: string }>(acc, 'POST', '/api/v1/api-tokens', { name: 'integration', role: 'agent' });
  assert.equal(token.status, 201, JSON.stringify(token.body));
  const bot = { auth: { authorization: `Bearer ${token.body.token}` } };
  assert.equal((await api(bot, 'POST', `/api/v1/conversations/${c.id}/read`)).status, 403);
  const items = (await list(bot, 'limit=10')).items;
  assert.equal(items.length, 1);
  assert.equal('unread' in items[0]!, false);
});

async function slaSetup(name: string) {
  clock.set(T0);
  const acc = await t.newAccount(name);
  // High priority: first response in 120 calendar minutes, warned at half. Normal: 600 minutes.
  const high = await api<{ id: string }>(acc, 'POST', '/api/v1/sla-policies', {
    name: 'High',
    conditions: { priority: 'high' },
    targets: { firstResponseMinutes: 120 },
    calendarTime: true,
    warnAtPercent: 50,
    noticeAtPercent: null,
  });
  assert.equal(high.status, 201, JSON.stringify(high.body));
  const normal = await api(acc, 'POST', '/api/v1/sla-policies', { name: 'Normal', targets: { firstResponseMinutes: 600 }, calendarTime: true, noticeAtPercent: null });
  assert.equal(normal.status, 201);
  return acc;
}
const ids = (page: { items: Item[] }) => page.items.map((c) => c.id).sort();

test('sla=at_risk and sla=breached follow the service clock: warning point, due window, breach; met targets leave', async () => {
  const acc = await slaSetup('SLA view');
  const other = await slaSetup('SLA view, other tenant');
  const urgent = await newConversation(acc, { priority: 'high' });
  const calm = await newConversation(acc, { priority: 'normal' });
  await newConversation(other, { priority: 'high' });

  assert.deepEqual(ids(await list(acc, 'sla=at_risk')), []);
  assert.deepEqual(ids(await list(acc, 'sla=breached')), []);
  // 600 minutes away is at risk only with a window that long.
  assert.deepEqual(ids(await list(acc, 'sla=at_risk&slaWithinMinutes=700')), [urgent.id, calm.id].sort());

  clock.set(new Date(Date.parse(T0) + 61 * MINUTE)); // past the 50 % warning of the 120-minute target, 59 minutes left
  assert.deepEqual(ids(await list(acc, 'sla=at_risk')), [urgent.id]);
  assert.deepEqual(ids(await list(acc, 'sla=at_risk&slaWithinMinutes=30')), [urgent.id], 'the warning point alone makes it at risk');
  assert.deepEqual(ids(await list(acc, 'sla=breached')), []);

  clock.set(new Date(Date.parse(T0) + 121 * MINUTE));
  assert.deepEqual(ids(await list(acc, 'sla=breached')), [urgent.id]);
  assert.deepEqual(ids(await list(acc, 'sla=at_risk')), [urgent.id]);
  // Other filters still apply on top, and the other tenant's breached conversation never shows.
  assert.deepEqual(ids(await list(acc, 'sla=breached&priority=normal')), []);
  assert.deepEqual(ids(await list(acc, 'sla=breached&status=new,open')), [urgent.id]);
  assert.equal((await list(other, 'sla=breached')).items.length, 1);

  // A reply meets the first-response target: the conversation leaves both views.
  assert.equal((await api(acc, 'POST', `/api/v1/conversations/${urgent.id}/messages`, { type: 'reply', body: 'We are on it.' })).status, 201);
  assert.deepEqual(ids(await list(acc, 'sla=breached')), []);
  assert.deepEqual(ids(await list(acc, 'sla=at_risk')), []);
});

test('the SLA view pages with the cursor like every list; bad parameters name the field', async () => {
  const acc = await slaSetup('SLA paging');
  const made = [];
  for (let i = 0; i < 5; i += 1) made.push((await newConversation(acc, { priority: 'high' })).id);
  await newConversation(acc, { priority: 'normal' });
  clock.set(new Date(Date.parse(T0) + 130 * MINUTE));
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page: { items: Item[]; nextCursor: string | null } = await list(acc, `sla=breached&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    seen.push(...page.items.map((c) => c.id));
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor);
  assert.equal(pages, 3);
  assert.deepEqual([...seen].sort(), [...made].sort());
  assert.equal(new Set(seen).size, seen.length, 'no row twice');

  for (const [query, field] of [
    ['sla=late', 'sla'],
    ['sla=at_risk&slaWithinMinutes=0', 'slaWithinMinutes'],
    ['slaWithinMinutes=30', 'slaWithinMinutes'],
  ] as const) {
    const res = await api<{ error: { code: string; message: string; details?: unknown } }>(acc, 'GET', `/api/v1/conversations?${query}`);
    assert.equal(res.status, 400, query);
    assert.match(JSON.stringify(res.body.error), new RegExp(field), query);
  }
  // The existing parameters keep working without sla; number= finds one conversation (the merge dialog uses it).
  assert.equal((await list(acc, 'status=new&limit=3')).items.length, 3);
  const byNumber = (await list(acc, 'number=2')).items;
  assert.deepEqual(byNumber.map((c) => c.number), [2]);
  assert.equal((await list(acc, 'number=999')).items.length, 0);
  assert.equal((await api(acc, 'GET', '/api/v1/conversations?number=0')).status, 400);
});

test('SLA policies: move in the matching order, delete unused ones, in-use ones are kept (409); admin only; tenant isolation', async () => {
  clock.set(T0);
  const acc = await t.newAccount('Policy order');
  const other = await t.newAccount('Policy order, other');
  const agent = await addUser(acc, 'agent');
  const make = async (name: string, extra: Record<string, unknown> = {}) => {
    const res = await api<{ id: string; position: number }>(acc, 'POST', '/api/v1/sla-policies', { name, targets: { firstResponseMinutes: 60 }, ...extra });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.id;
  };
  const a = await make('A', { conditions: { priority: 'urgent' } });
  const b = await make('B', { conditions: { priority: 'high' } });
  const c = await make('C', { conditions: { priority: 'high' } });
  const names = async () => (await api<{ items: Array<{ name: string; position: number }> }>(acc, 'GET', '/api/v1/sla-policies')).body.items.map((p) => `${p.name}${p.position}`);
  assert.deepEqual(await names(), ['A0', 'B1', 'C2']);

  const moved = await api<{ items: Array<{ id: string; position: number }> }>(acc, 'POST', `/api/v1/sla-policies/${c}/move`, { toIndex: 0 });
  assert.equal(moved.status, 200, JSON.stringify(moved.body));
  assert.deepEqual(moved.body.items.map((p) => p.id), [c, a, b]);
  assert.deepEqual(await names(), ['C0', 'A1', 'B2']);
  // The first match applies: a high-priority conversation now runs under C, not B.
  const conv = await newConversation(acc, { priority: 'high' });
  const full = await api<{ sla: { policyId: string } | null }>(acc, 'GET', `/api/v1/conversations/${conv.id}`);
  assert.equal(full.body.sla?.policyId, c);

  assert.equal((await api(acc, 'POST', `/api/v1/sla-policies/${c}/move`, { toIndex: 2 })).status, 200);
  assert.deepEqual(await names(), ['A0', 'B1', 'C2']);

  const tooFar = await api<{ error: unknown }>(acc, 'POST', `/api/v1/sla-policies/${a}/move`, { toIndex: 3 });
  assert.equal(tooFar.status, 400);
  assert.match(JSON.stringify(tooFar.body.error), /toIndex/);
  assert.equal((await api(acc, 'POST', `/api/v1/sla-policies/${a}/move`, {})).status, 400);
  assert.equal((await api(agent, 'POST', `/api/v1/sla-policies/${a}/move`, { toIndex: 1 })).status, 403);
  assert.equal((await api(other, 'POST', `/api/v1/sla-policies/${a}/move`, { toIndex: 0 })).status, 404);

  // Editing an existing policy (what the admin page's edit form sends).
  const edited = await api<{ name: string; targets: { firstResponseMinutes: number | null; resolutionMinutes: number | null }; conditions: Record<string, unknown> }>(
    acc, 'PATCH', `/api/v1/sla-policies/${b}`, { name: 'B (edited)', targets: { firstResponseMinutes: 30, resolutionMinutes: 480 }, conditions: { priority: ['high', 'urgent'] } },
  );
  assert.equal(edited.status, 200, JSON.stringify(edited.body));
  assert.equal(edited.body.name, 'B (edited)');
  assert.deepEqual(edited.body.targets, { firstResponseMinutes: 30, nextResponseMinutes: null, resolutionMinutes: 480 });
  assert.deepEqual(edited.body.conditions, { priority: ['high', 'urgent'] });

  // Delete: another tenant's → 404, agent → 403, unused → 204, in use (C timed a conversation) → 409.
  assert.equal((await api(other, 'DELETE', `/api/v1/sla-policies/${a}`)).status, 404);
  assert.equal((await api(agent, 'DELETE', `/api/v1/sla-policies/${a}`)).status, 403);
  assert.equal((await api(acc, 'DELETE', `/api/v1/sla-policies/${a}`)).status, 204);
  assert.equal((await api(acc, 'GET', `/api/v1/sla-policies/${a}`)).status, 404);
  const inUse = await api<{ error: { code: string; message: string } }>(acc, 'DELETE', `/api/v1/sla-policies/${c}`);
  assert.equal(inUse.status, 409);
  assert.match(inUse.body.error.message, /enabled: false/);
  const off = await api<{ enabled: boolean }>(acc, 'PATCH', `/api/v1/sla-policies/${c}`, { enabled: false });
  assert.equal(off.body.enabled, false);
  assert.deepEqual(await names(), ['B (edited)1', 'C2']);
  // Moving renumbers from 0 again.
  assert.equal((await api(acc, 'POST', `/api/v1/sla-policies/${c}/move`, { toIndex: 0 })).status, 200);
  assert.deepEqual(await names(), ['C0', 'B (edited)1']);
});
