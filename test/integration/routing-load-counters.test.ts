import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, uniqueEmail, type TestAccount, type TestApp } from '../helpers/harness.js';
import { ManualClock } from '../../src/server/domain/shared/clock.js';
import { systemActor } from '../../src/server/domain/shared/actor.js';
import { appendMessage } from '../../src/server/domain/messages/message-append.js';
import { runRoutingClock } from '../../src/server/domain/routing/routing-runner.js';
import { backfillAgentLoads } from '../../src/server/db/migrations/012-routing-load-counters.js';

// The per-agent load counters (agent_loads, migration 012) are kept by triggers on conversations: whatever the
// application does to owners, statuses, channels and difficulty, they must equal a fresh count.
const MONDAY_1000_LOCAL = '2026-03-02T09:00:00.000Z';

let t: TestApp;
let clock: ManualClock;
before(async () => {
  clock = new ManualClock(MONDAY_1000_LOCAL);
  t = await createTestApp({}, { clock });
});
after(() => t.close());

interface ConversationView {
  id: string;
  status: string;
  channel: string;
  assigneeId: string | null;
  difficult: boolean;
  messages?: Array<{ id: string; type: string }>;
}

async function api<T = unknown>(acc: { auth: Record<string, string> }, method: string, url: string, payload?: unknown): Promise<{ status: number; body: T }> {
  const res = await t.app.inject({ method: method as 'GET', url, headers: acc.auth, ...(payload !== undefined ? { payload: payload as object } : {}) });
  return { status: res.statusCode, body: res.json() as T };
}

async function agent(acc: TestAccount, name: string): Promise<string> {
  const res = await api<{ id: string }>(acc, 'POST', '/api/v1/users', { email: uniqueEmail(name.toLowerCase()), name, role: 'agent' });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.equal((await api(acc, 'POST', `/api/v1/users/${res.body.id}/presence`, { status: 'online' })).status, 200);
  return res.body.id;
}

async function team(acc: TestAccount, memberIds: string[], routing: string): Promise<string> {
  const res = await api<{ id: string }>(acc, 'POST', '/api/v1/teams', { name: `Team ${Math.random()}`, memberIds, routing });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id;
}

interface Load {
  userId: string;
  email: number;
  chat: number;
  difficult: number;
}

/**
 * The counters of every user of the account (their agent_loads row plus releases not yet folded into it), and the
 * same figures counted afresh from conversations.
 */
async function countersAndRecount(accountId: string): Promise<{ counters: Load[]; recount: Load[] }> {
  const counters = await sql<Load>`
    SELECT u.id AS "userId", l.email + coalesce(r.email, 0) AS email, l.chat + coalesce(r.chat, 0) AS chat, l.difficult + coalesce(r.difficult, 0) AS difficult
    FROM users u
    LEFT JOIN agent_loads l ON l.account_id = u.account_id AND l.user_id = u.id
    LEFT JOIN (SELECT user_id, sum(email) AS email, sum(chat) AS chat, sum(difficult) AS difficult FROM agent_load_releases GROUP BY user_id) r ON r.user_id = u.id
    WHERE u.account_id = ${accountId} ORDER BY u.id`.execute(t.deps.db);
  const recount = await sql<Load>`
    SELECT u.id AS "userId",
           count(c.id) FILTER (WHERE c.channel NOT IN ('chat','phone'))::int AS email,
           count(c.id) FILTER (WHERE c.channel IN ('chat','phone'))::int AS chat,
           count(c.id) FILTER (WHERE c.difficult)::int AS difficult
    FROM users u
    LEFT JOIN conversations c ON c.account_id = u.account_id AND c.assignee_id = u.id AND c.status IN ('new','open','pending','on_hold')
    WHERE u.account_id = ${accountId} GROUP BY u.id ORDER BY u.id`.execute(t.deps.db);
  const norm = (rows: Load[]) => rows.map((r) => ({ userId: r.userId, email: Number(r.email), chat: Number(r.chat), difficult: Number(r.difficult) }));
  return { counters: norm(counters.rows), recount: norm(recount.rows) };
}

/** A small seeded generator (mulberry32): the same operations on every run. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]! };
}

const ANGRY = 'This is absolutely terrible! I am furious, your service is awful and useless!!!';
const CALM = 'Hello, could you tell me when my order ships? Thanks.';
const CHANNELS = ['email', 'chat', 'phone', 'portal', 'api'] as const;

test('load counters equal a fresh count after 100 random operations: routed creates, transfers, PATCH, solve, reopen, merge, split, difficult customers, channel changes', async () => {
  const acc = await t.newAccount('load counters');
  const agents = [await agent(acc, 'Ana'), await agent(acc, 'Bo'), await agent(acc, 'Cy'), await agent(acc, 'Dee')];
  const teams = [await team(acc, agents.slice(0, 3), 'least_load'), await team(acc, agents.slice(1), 'round_robin')];
  const rnd = random(20261122);
  const conversations: string[] = [];
  const done = new Map<string, number>();
  const did = (op: string) => done.set(op, (done.get(op) ?? 0) + 1);
  const someConversation = () => (conversations.length > 0 ? rnd.pick(conversations) : undefined);
  const customerWrites = (conversationId: string, body: string) =>
    t.deps.db.transaction().execute((trx) =>
      appendMessage(trx, { ...systemActor(acc.accountId), type: 'customer' }, {
        conversationId, direction: 'inbound', type: 'message', channel: 'api', authorType: 'customer', authorUserId: null, customerId: null,
        body, bodyFull: body, html: null, language: 'en', attachments: [], serviceClock: t.deps.serviceClock,
      }),
    );

  for (let i = 0; i < 100; i++) {
    clock.advanceMinutes(1);
    const roll = rnd.next();
    const id = someConversation();
    if (roll < 0.3 || !id) {
      // A create: routed by a team, given to an agent, or left unassigned; any channel; sometimes an upset customer.
      const how = rnd.next();
      const res = await api<ConversationView>(acc, 'POST', '/api/v1/conversations', {
        subject: `Case ${i}`,
        customer: { email: uniqueEmail('customer') },
        channel: rnd.pick(CHANNELS),
        message: { body: rnd.next() < 0.3 ? ANGRY : CALM },
        ...(how < 0.6 ? { teamId: rnd.pick(teams) } : how < 0.85 ? { assigneeId: rnd.pick(agents) } : {}),
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      conversations.push(res.body.id);
      did(res.body.difficult ? 'create difficult' : 'create');
    } else if (roll < 0.42) {
      const toTeam = rnd.next() < 0.4;
      const res = await api(acc, 'POST', `/api/v1/conversations/${id}/transfer`, { ...(toTeam ? { toTeamId: rnd.pick(teams) } : { toUserId: rnd.pick(agents) }), note: `Handover ${i}` });
      assert.ok([200, 409].includes(res.status), JSON.stringify(res.body));
      if (res.status === 200) did(toTeam ? 'transfer to team' : 'transfer to agent');
    } else if (roll < 0.54) {
      const res = await api(acc, 'PATCH', `/api/v1/conversations/${id}`, { assigneeId: rnd.next() < 0.2 ? null : rnd.pick(agents) });
      assert.ok([200, 409].includes(res.status), JSON.stringify(res.body));
      if (res.status === 200) did('patch assignee');
    } else if (roll < 0.68) {
      const status = rnd.pick(['solved', 'solved', 'pending', 'on_hold', 'closed'] as const);
      const res = await api(acc, 'PATCH', `/api/v1/conversations/${id}`, { status });
      assert.ok([200, 409].includes(res.status), JSON.stringify(res.body));
      if (res.status === 200) did(`status ${status}`);
    } else if (roll < 0.76) {
      // Reopen: by hand, or the customer writes again (upset, sometimes) — which also reopens a solved one.
      if (rnd.next() < 0.5) {
        const res = await api(acc, 'PATCH', `/api/v1/conversations/${id}`, { status: 'open' });
        assert.ok([200, 409].includes(res.status), JSON.stringify(res.body));
        if (res.status === 200) did('reopen by hand');
      } else {
        const current = await api<ConversationView>(acc, 'GET', `/api/v1/conversations/${id}`);
        if (current.body.status === 'closed') continue;
        await customerWrites(id, rnd.next() < 0.5 ? ANGRY : 'One more question, please.');
        did('customer writes');
      }
    } else if (roll < 0.84) {
      const into = someConversation()!;
      const res = await api(acc, 'POST', `/api/v1/conversations/${id}/merge`, { intoId: into, allowDifferentCustomer: true });
      assert.ok([200, 400, 409].includes(res.status), JSON.stringify(res.body));
      if (res.status === 200) did('merge');
    } else if (roll < 0.92) {
      // Split: an agent's reply goes off into a new conversation of the same owner.
      const reply = await api<{ id: string }>(acc, 'POST', `/api/v1/conversations/${id}/messages`, { type: 'reply', body: `Reply ${i}` });
      if (reply.status !== 201) continue;
      const res = await api<ConversationView>(acc, 'POST', `/api/v1/conversations/${id}/split`, { messageIds: [reply.body.id], subject: `Split ${i}` });
      assert.ok([201, 400, 409].includes(res.status), JSON.stringify(res.body));
      if (res.status === 201) {
        conversations.push(res.body.id);
        did('split');
      }
    } else {
      // What no endpoint does, straight in SQL: the triggers see it too.
      await sql`UPDATE conversations SET channel = ${rnd.pick(CHANNELS)}, difficult = ${rnd.next() < 0.5} WHERE id = ${id}`.execute(t.deps.db);
      did('sql channel/difficult');
    }
  }

  const { counters, recount } = await countersAndRecount(acc.accountId);
  assert.deepEqual(counters, recount);
  // The routing sweep folds what was released into the counter rows: the same figures, no releases left.
  const releases = async () =>
    Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM agent_load_releases WHERE account_id = ${acc.accountId}`.execute(t.deps.db)).rows[0]!.n);
  assert.ok((await releases()) > 0, 'some load was released since the agent last got work');
  await runRoutingClock(t.deps.db, t.deps.serviceClock, { accountId: acc.accountId });
  assert.equal(await releases(), 0);
  assert.deepEqual((await countersAndRecount(acc.accountId)).counters, recount);
  // The mix did what it should (else the comparison would prove little).
  for (const op of ['create', 'create difficult', 'transfer to team', 'transfer to agent', 'patch assignee', 'status solved', 'customer writes', 'merge', 'split', 'sql channel/difficult']) {
    assert.ok((done.get(op) ?? 0) > 0, `${op} happened: ${JSON.stringify([...done])}`);
  }
  assert.ok(recount.some((r) => r.email > 0) && recount.some((r) => r.chat > 0) && recount.some((r) => r.difficult > 0), JSON.stringify(recount));
});

test('parallel transfers between two agents in both directions, to each other and through their team, with routed creates: no deadlock, counters right', async () => {
  const acc = await t.newAccount('parallel counters');
  const ana = await agent(acc, 'Ana');
  const bo = await agent(acc, 'Bo');
  const teamId = await team(acc, [ana, bo], 'least_load');
  const open = async (assigneeId: string | undefined, i: number) => {
    const res = await api<ConversationView>(acc, 'POST', '/api/v1/conversations', {
      subject: `Case ${i}`,
      customer: { email: uniqueEmail('customer') },
      channel: i % 2 === 0 ? 'email' : 'chat',
      message: { body: CALM },
      ...(assigneeId ? { assigneeId, teamId } : { teamId }),
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  };
  const anas = await Promise.all(Array.from({ length: 10 }, (_, i) => open(ana, i)));
  const bos = await Promise.all(Array.from({ length: 10 }, (_, i) => open(bo, i)));
  // Half go straight to the other agent, half through the team (whose routing never picks the one handing over).
  const transfer = (c: ConversationView, i: number, to: string) =>
    api<ConversationView>(acc, 'POST', `/api/v1/conversations/${c.id}/transfer`, { ...(i % 2 === 0 ? { toUserId: to } : { toTeamId: teamId }), note: `Handover ${i}` });
  const started = Date.now();
  const results = await Promise.all([
    ...anas.map((c, i) => transfer(c, i, bo)),
    ...bos.map((c, i) => transfer(c, i, ana)),
    ...Array.from({ length: 10 }, (_, i) => open(undefined, 100 + i)),
  ]);
  const ms = Date.now() - started;
  const transfers = results.slice(0, 20) as Array<{ status: number; body: ConversationView }>;
  for (const r of transfers) assert.equal(r.status, 200, JSON.stringify(r.body));
  // A deadlock costs deadlock_timeout (1 s) before PostgreSQL breaks it, and fails one transaction: none of that.
  assert.ok(ms < 20_000, `${ms} ms`);
  // Straight to the other agent: at once (each transaction locks only the receiver's counter row). Through the
  // team (whose routing never picks the one handing over): to the other agent, or — when the receiver's row stayed
  // locked by the other transfers to them for longer than the router waits — into the team's queue.
  transfers.forEach((r, i) => {
    const other = i < 10 ? bo : ana;
    if (i % 2 === 0) assert.equal(r.body.assigneeId, other, `transfer ${i} to the other agent`);
    else assert.ok(r.body.assigneeId === other || r.body.assigneeId === null, `transfer ${i} through the team: ${r.body.assigneeId}`);
  });
  const queued = transfers.filter((r) => r.body.assigneeId === null).length;
  process.stderr.write(`parallel counters: ${ms} ms for 20 transfers and 10 routed creates; ${queued} of 10 team transfers queued\n`);
  const owner = async (id: string) => (await api<ConversationView>(acc, 'GET', `/api/v1/conversations/${id}`)).body.assigneeId;
  // A create finding both agents' rows locked by transfers to them waits in the queue (never for the lock); the
  // runner routes it, as the wake-up job would a second later.
  const created = results.slice(20) as ConversationView[];
  const waited = created.filter((c) => c.assigneeId === null).length;
  await runRoutingClock(t.deps.db, t.deps.serviceClock, { accountId: acc.accountId });
  for (const c of [...created, ...anas, ...bos]) assert.ok([ana, bo].includes((await owner(c.id))!), 'every conversation has an owner');
  process.stderr.write(`parallel counters: ${waited} of 10 creates waited for the runner\n`);

  const { counters, recount } = await countersAndRecount(acc.accountId);
  assert.deepEqual(counters, recount);
  const total = counters.reduce((n, c) => n + c.email + c.chat, 0);
  assert.equal(total, 30, 'every conversation counted once');
});

test('the migration’s backfill counts existing conversations: counters written without the triggers are set right again', async () => {
  const acc = await t.newAccount('backfill');
  const ana = await agent(acc, 'Ana');
  const bo = await agent(acc, 'Bo');
  for (const [assigneeId, channel, body] of [[ana, 'email', CALM], [ana, 'chat', ANGRY], [bo, 'phone', CALM], [bo, 'portal', CALM]] as const) {
    const res = await api(acc, 'POST', '/api/v1/conversations', { subject: 'Case', customer: { email: uniqueEmail('customer') }, channel, message: { body }, assigneeId });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  }
  const before = await countersAndRecount(acc.accountId);
  assert.deepEqual(before.counters, before.recount);
  // Data as it was before the migration: counters that know nothing of these conversations (and a stray release).
  await sql`UPDATE agent_loads SET email = 0, chat = 0, difficult = 0 WHERE account_id = ${acc.accountId}`.execute(t.deps.db);
  await sql`INSERT INTO agent_load_releases (account_id, user_id, email) VALUES (${acc.accountId}, ${ana}, -1)`.execute(t.deps.db);
  assert.notDeepEqual((await countersAndRecount(acc.accountId)).counters, before.recount);
  await backfillAgentLoads(t.deps.db, acc.accountId);
  const after = await countersAndRecount(acc.accountId);
  assert.deepEqual(after.counters, before.recount);
  assert.deepEqual(
    after.counters.filter((c) => c.userId === ana || c.userId === bo).map((c) => [c.email, c.chat, c.difficult]).sort(),
    [[1, 1, 1], [1, 1, 0]].sort(),
  );
});

test('each counter row carries what routing reads of its user (migration 017): online, and capacity per channel kind, through every change', async () => {
  const acc = await t.newAccount('profile');
  const profiles = async () =>
    (
      await sql<{ user_id: string; online: boolean; cap_email: number; cap_chat: number; expected_online: boolean; expected_email: number; expected_chat: number }>`
        SELECT l.user_id, l.online, l.cap_email, l.cap_chat, u.active AND u.presence = 'online' AS expected_online,
               coalesce((u.capacity ->> 'email')::int, -1) AS expected_email, coalesce((u.capacity ->> 'chat')::int, -1) AS expected_chat
        FROM users u JOIN agent_loads l ON l.account_id = u.account_id AND l.user_id = u.id
        WHERE u.account_id = ${acc.accountId} ORDER BY u.id`.execute(t.deps.db)
    ).rows;
  const check = async (what: string) => {
    const rows = await profiles();
    assert.ok(rows.length >= 2, what);
    for (const r of rows) {
      assert.deepEqual([r.online, r.cap_email, r.cap_chat], [r.expected_online, r.expected_email, r.expected_chat], `${what}: ${r.user_id}`);
    }
    return rows;
  };
  const ana = await agent(acc, 'Ana');
  const created = await api<{ id: string }>(acc, 'POST', '/api/v1/users', { email: uniqueEmail('cy'), name: 'Cy', role: 'agent', capacity: { email: 7, chat: 2 } });
  assert.equal(created.status, 201);
  const cy = created.body.id;
  let rows = await check('created');
  assert.deepEqual(rows.filter((r) => r.user_id === cy).map((r) => [r.online, r.cap_email, r.cap_chat]), [[false, 7, 2]]);
  assert.deepEqual(rows.filter((r) => r.user_id === ana).map((r) => [r.online, r.cap_email, r.cap_chat]), [[true, -1, -1]]);
  assert.equal((await api(acc, 'POST', `/api/v1/users/${cy}/presence`, { status: 'online' })).status, 200);
  assert.equal((await api(acc, 'PATCH', `/api/v1/users/${cy}`, { capacity: { email: 3 } })).status, 200);
  assert.equal((await api(acc, 'POST', `/api/v1/users/${ana}/presence`, { status: 'away' })).status, 200);
  rows = await check('presence and capacity changed');
  assert.deepEqual(rows.filter((r) => r.user_id === cy).map((r) => [r.online, r.cap_email, r.cap_chat]), [[true, 3, -1]]);
  assert.deepEqual(rows.filter((r) => r.user_id === ana).map((r) => r.online), [false]);
  assert.equal((await api(acc, 'PATCH', `/api/v1/users/${cy}`, { active: false })).status, 200);
  rows = await check('deactivated');
  assert.deepEqual(rows.filter((r) => r.user_id === cy).map((r) => r.online), [false]);
  // A counter row made again (as a backfill does) takes the profile from the user.
  await sql`DELETE FROM agent_loads WHERE account_id = ${acc.accountId}`.execute(t.deps.db);
  await backfillAgentLoads(t.deps.db, acc.accountId);
  await check('rows made again');
});
