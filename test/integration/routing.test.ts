import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { createTestApp, uniqueEmail, type TestAccount, type TestApp } from '../helpers/harness.js';
import { ManualClock } from '../../src/server/domain/shared/clock.js';
import { systemActor } from '../../src/server/domain/shared/actor.js';
import { sql } from 'kysely';
import { routeConversation } from '../../src/server/domain/routing/routing-engine.js';
import { runRoutingClock } from '../../src/server/domain/routing/routing-runner.js';

// Routing with a controllable service clock: Monday 2 March 2026, 10:00 in Stockholm (CET, UTC+1).
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
  number: number;
  status: string;
  channel: string;
  language: string;
  assigneeId: string | null;
  teamId: string | null;
  difficult: boolean;
  routing: { queuedAt: string; reason: string | null; skillsFallbackAt: string | null } | null;
}
interface Agent {
  id: string;
  name: string;
}

async function api<T = unknown>(acc: { auth: Record<string, string> }, method: string, url: string, payload?: unknown): Promise<{ status: number; body: T }> {
  const res = await t.app.inject({ method: method as 'GET', url, headers: acc.auth, ...(payload !== undefined ? { payload: payload as object } : {}) });
  return { status: res.statusCode, body: res.json() as T };
}

async function agent(acc: TestAccount, name: string, extra: Record<string, unknown> = {}, presence: 'online' | 'away' | 'offline' = 'online'): Promise<Agent> {
  const res = await api<{ id: string; presence: string }>(acc, 'POST', '/api/v1/users', { email: uniqueEmail(name.toLowerCase()), name, role: 'agent', ...extra });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.equal(res.body.presence, 'offline', 'a new user starts offline');
  if (presence !== 'offline') await setPresence(acc, res.body.id, presence);
  return { id: res.body.id, name };
}

async function setPresence(acc: TestAccount, userId: string, status: string) {
  const res = await api<{ presence: string; routed: number }>(acc, 'POST', `/api/v1/users/${userId}/presence`, { status });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

async function team(acc: TestAccount, members: Agent[], routing: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await api<{ id: string; routing: string }>(acc, 'POST', '/api/v1/teams', { name: `Team ${Math.random()}`, memberIds: members.map((m) => m.id), routing, ...extra });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id;
}

async function open(acc: TestAccount, teamId: string | undefined, body = 'Hello, could you tell me when my order ships? Thanks.', extra: Record<string, unknown> = {}) {
  const res = await api<ConversationView>(acc, 'POST', '/api/v1/conversations', {
    subject: 'Question',
    customer: { email: uniqueEmail('customer') },
    message: { body },
    ...(teamId ? { teamId } : {}),
    ...extra,
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

const get = async (acc: TestAccount, id: string) => (await api<ConversationView>(acc, 'GET', `/api/v1/conversations/${id}`)).body;
const events = async (acc: TestAccount, id: string) =>
  (await api<{ items: Array<{ type: string; data: Record<string, unknown> }> }>(acc, 'GET', `/api/v1/conversations/${id}/events`)).body.items;
const run = (acc: TestAccount) => runRoutingClock(t.deps.db, t.deps.serviceClock, { accountId: acc.accountId });
const countBy = (ids: Array<string | null>) => ids.reduce((m, id) => m.set(String(id), (m.get(String(id)) ?? 0) + 1), new Map<string, number>());

test('round robin: online members take turns, offline and away ones get nothing, the rotation is durable', async () => {
  clock.set(MONDAY_1000_LOCAL);
  const acc = await t.newAccount('round robin');
  const [ana, bo, cy, dee] = [await agent(acc, 'Ana'), await agent(acc, 'Bo'), await agent(acc, 'Cy', {}, 'offline'), await agent(acc, 'Dee', {}, 'away')];
  const teamId = await team(acc, [ana!, bo!, cy!, dee!], 'round_robin');
  const created = [];
  for (let i = 0; i < 6; i++) created.push(await open(acc, teamId));
  const owners = created.map((c) => c.assigneeId);
  assert.deepEqual([...countBy(owners).entries()].sort(), [[ana!.id, 3], [bo!.id, 3]].sort());
  for (let i = 1; i < owners.length; i++) assert.notEqual(owners[i], owners[i - 1], 'turns alternate');
  const log = await events(acc, created[0]!.id);
  const assigned = log.find((e) => e.type === 'conversation.assigned');
  assert.equal(assigned?.data.reason, 'round_robin');
  assert.equal(assigned?.data.trigger, 'created');
  assert.ok(log.findIndex((e) => e.type === 'conversation.created') < log.findIndex((e) => e.type === 'conversation.assigned'), 'created, then assigned');

  // The rotation lives in the database: the next conversation goes to whoever is next, also after Cy comes online
  // (never routed to, so first in line).
  await setPresence(acc, cy!.id, 'online');
  assert.equal((await open(acc, teamId)).assigneeId, cy!.id);
  const next = (await open(acc, teamId)).assigneeId;
  assert.equal(next, owners[owners.length - 2], 'then the rotation continues where it was');
});

test('least load with capacity per channel: agents at capacity are skipped, the rest waits and moves when capacity frees', async () => {
  clock.set(MONDAY_1000_LOCAL);
  const acc = await t.newAccount('least load');
  const ana = await agent(acc, 'Ana', { capacity: { email: 2, chat: 1 } });
  const bo = await agent(acc, 'Bo', { capacity: { email: 3, chat: 1 } });
  const teamId = await team(acc, [ana, bo], 'least_load');
  // Bo already owns one conversation (assigned by hand).
  const manual = await open(acc, undefined);
  assert.equal((await api(acc, 'PATCH', `/api/v1/conversations/${manual.id}`, { assigneeId: bo.id })).status, 200);

  const first = await open(acc, teamId);
  assert.equal(first.assigneeId, ana.id, 'Ana has the least load (0 vs 1)');
  const more = [await open(acc, teamId), await open(acc, teamId), await open(acc, teamId)];
  const owners = countBy([first, ...more].map((c) => c.assigneeId));
  assert.equal(owners.get(ana.id), 2, 'Ana reaches her email capacity of 2');
  assert.equal(owners.get(bo.id), 2, 'Bo reaches his capacity of 3 (with the one he had)');
  const waiting = await open(acc, teamId);
  assert.equal(waiting.assigneeId, null, 'everyone at capacity: it waits');
  assert.equal(waiting.routing?.reason, 'at_capacity');

  // Chat capacity is separate: both still have room for one chat.
  const chat = await open(acc, teamId, 'Hi, quick question about my order', { channel: 'chat' });
  assert.ok(chat.assigneeId === ana.id || chat.assigneeId === bo.id);
  const queue = await api<{ items: ConversationView[]; available: Array<{ userId: string }> }>(acc, 'GET', `/api/v1/teams/${teamId}/queue`);
  assert.deepEqual(queue.body.items.map((c) => c.id), [waiting.id]);

  // Ana solves one: the waiting conversation is hers in the same transaction.
  const anas = [first, ...more].find((c) => c.assigneeId === ana.id)!;
  assert.equal((await api(acc, 'PATCH', `/api/v1/conversations/${anas.id}`, { status: 'solved' })).status, 200);
  const moved = await get(acc, waiting.id);
  assert.equal(moved.assigneeId, ana.id);
  assert.equal(moved.routing, null);
  const assigned = (await events(acc, waiting.id)).find((e) => e.type === 'conversation.assigned');
  assert.equal(assigned?.data.trigger, 'queue');
  assert.equal(assigned?.data.reason, 'least_load');
});

test('skills: language and skill tags pick the agent; without one available the conversation waits, then falls back after the configured wait', async () => {
  clock.set(MONDAY_1000_LOCAL);
  const acc = await t.newAccount('skills');
  const sv = await agent(acc, 'Siri', { languages: ['sv'] });
  const billing = await agent(acc, 'Bill', { languages: ['en'], skills: ['billing'] });
  const teamId = await team(acc, [sv, billing], 'round_robin', { skillsFallbackMinutes: 10 });

  const swedish = await open(acc, teamId, 'Hej! Jag har inte fått min beställning än, kan ni hjälpa mig? Tack på förhand.');
  assert.equal(swedish.language, 'sv');
  assert.equal(swedish.assigneeId, sv.id, 'the Swedish speaker');
  const invoice = await open(acc, teamId, 'Hello, my invoice shows the wrong amount. Could you check it?', { tags: ['billing'] });
  assert.equal(invoice.assigneeId, billing.id, 'the billing skill');

  // The billing expert steps away: a billing conversation waits for them rather than going to someone unskilled.
  await setPresence(acc, billing.id, 'away');
  const waiting = await open(acc, teamId, 'Hello, I was charged twice this month. Please refund one payment.', { tags: ['billing'] });
  assert.equal(waiting.assigneeId, null);
  assert.equal(waiting.routing?.reason, 'skills_wait');
  assert.equal(waiting.routing?.skillsFallbackAt, '2026-03-02T09:10:00.000Z', 'ten minutes of the service clock');

  clock.set('2026-03-02T09:09:00.000Z');
  await run(acc);
  assert.equal((await get(acc, waiting.id)).assigneeId, null, 'still inside the wait');
  clock.set('2026-03-02T09:10:00.000Z');
  const report = await run(acc);
  assert.equal(report.routed, 1);
  const fallen = await get(acc, waiting.id);
  assert.equal(fallen.assigneeId, sv.id, 'after the wait any available member takes it');
  const assigned = (await events(acc, waiting.id)).find((e) => e.type === 'conversation.assigned');
  assert.equal(assigned?.data.trigger, 'skills_fallback');
  assert.equal(assigned?.data.skillsMatched, false);
  assert.equal((await run(acc)).routed, 0, 'acted on once');

  // Inside the wait, the skilled agent coming back gets it at once.
  const second = await open(acc, teamId, 'Hello, the VAT on my invoice is wrong, please correct it.', { tags: ['billing'] });
  assert.equal(second.assigneeId, null);
  const back = await setPresence(acc, billing.id, 'online');
  assert.equal(back.routed, 1);
  assert.equal((await get(acc, second.id)).assigneeId, billing.id);
});

test('sticky: a customer’s new conversation goes to their previous owner while available, else to the rotation', async () => {
  clock.set(MONDAY_1000_LOCAL);
  const acc = await t.newAccount('sticky');
  const ana = await agent(acc, 'Ana');
  const bo = await agent(acc, 'Bo');
  const teamId = await team(acc, [ana, bo], 'round_robin');
  const customer = { email: uniqueEmail('returning') };
  const first = await open(acc, teamId, 'Hello, my parcel has not arrived.', { customer });
  const owner = first.assigneeId!;
  const other = owner === ana.id ? bo.id : ana.id;
  assert.equal((await open(acc, teamId)).assigneeId, other);
  assert.equal((await open(acc, teamId)).assigneeId, owner);
  // By rotation the next is `other`; the returning customer goes to their previous owner instead.
  const again = await open(acc, teamId, 'Hello again, the parcel is still missing.', { customer });
  assert.equal(again.assigneeId, owner);
  assert.equal((await events(acc, again.id)).find((e) => e.type === 'conversation.assigned')?.data.reason, 'sticky');
  await setPresence(acc, owner, 'offline');
  const third = await open(acc, teamId, 'Is anybody there?', { customer });
  assert.equal(third.assigneeId, other, 'the previous owner is offline');

  // A team that does not route sticky.
  const plain = await team(acc, [ana, bo], 'round_robin', { stickyOwner: false });
  await setPresence(acc, owner, 'online');
  const a = await open(acc, plain, 'One more thing.', { customer });
  const b = await open(acc, plain, 'And another.', { customer });
  assert.notEqual(a.assigneeId, b.assigneeId);
});

test('off-shift and offline agents are skipped; coming online or on shift routes the queue', async () => {
  clock.set('2026-03-02T07:30:00.000Z'); // Monday 08:30 in Stockholm
  const acc = await t.newAccount('shifts');
  const early = await agent(acc, 'Early');
  const late = await agent(acc, 'Late', {}, 'offline');
  const shift = await api<{ onShift: boolean; nextStartAt: string; endsAt: string | null }>(acc, 'PUT', `/api/v1/users/${early.id}/shifts`, {
    timezone: 'Europe/Stockholm',
    weekly: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']] },
  });
  assert.equal(shift.status, 200, JSON.stringify(shift.body));
  assert.equal(shift.body.onShift, false);
  assert.equal(shift.body.nextStartAt, '2026-03-02T08:00:00.000Z');
  const bad = await api<{ error: { details: { fields: Array<{ field: string }> } } }>(acc, 'PUT', `/api/v1/users/${early.id}/shifts`, { timezone: 'Europe/Stockholm', weekly: { mon: [['17:00', '09:00']] } });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.details.fields[0]!.field, 'weekly.mon[0]');
  const teamId = await team(acc, [early, late], 'round_robin');

  const first = await open(acc, teamId);
  assert.equal(first.assigneeId, null, 'Early is online but before their shift; Late is offline');
  assert.equal(first.routing?.reason, 'nobody_available');
  const online = await setPresence(acc, late.id, 'online');
  assert.equal(online.routed, 1, 'coming online takes the waiting conversation');
  assert.equal((await get(acc, first.id)).assigneeId, late.id);

  await setPresence(acc, late.id, 'offline');
  const second = await open(acc, teamId);
  assert.equal(second.assigneeId, null);
  clock.set('2026-03-02T08:00:00.000Z'); // 09:00: Early's shift starts
  const report = await run(acc);
  assert.equal(report.shiftsStarted, 1);
  assert.equal((await get(acc, second.id)).assigneeId, early.id);
  assert.equal((await open(acc, teamId)).assigneeId, early.id, 'on shift now');

  // Only self or a supervisor sets someone's presence.
  const agentEmail = uniqueEmail('self');
  const self = await api<{ id: string }>(acc, 'POST', '/api/v1/users', { email: agentEmail, name: 'Self', role: 'agent', password: 'correct horse battery staple' });
  const selfAuth = { auth: { authorization: `Bearer ${await t.login(agentEmail, 'correct horse battery staple')}` } };
  assert.equal((await api(selfAuth, 'POST', `/api/v1/users/${self.body.id}/presence`, { status: 'online' })).status, 200);
  assert.equal((await api(selfAuth, 'POST', `/api/v1/users/${early.id}/presence`, { status: 'offline' })).status, 403);
  const other = await t.newAccount('other');
  assert.equal((await api(other, 'POST', `/api/v1/users/${early.id}/presence`, { status: 'offline' })).status, 404);
});

test('fairness: 1,000 conversations over 5 agents by round robin and 250 more by least load spread within 5 %', async () => {
  clock.set(MONDAY_1000_LOCAL);
  const acc = await t.newAccount('fairness');
  const agents: Agent[] = [];
  for (const name of ['A', 'B', 'C', 'D', 'E']) agents.push(await agent(acc, name));
  const seed = await open(acc, undefined);
  const customerId = (await t.deps.db.selectFrom('conversations').select('customer_id').where('id', '=', seed.id).executeTakeFirstOrThrow()).customer_id;
  // The routing function itself, in a loop inside the database: the conversations are inserted in one statement
  // (a third of them chats), then each is routed as createConversation routes it, 100 per transaction.
  const spread = async (teamId: string, n: number) => {
    const { rows } = await sql<{ id: string }>`
      INSERT INTO conversations (account_id, number, subject, channel, customer_id, team_id)
      SELECT ${acc.accountId}, nextval(servisto_conversation_sequence(${acc.accountId})::regclass), 'Order ' || i,
             CASE WHEN i % 3 = 0 THEN 'chat' ELSE 'email' END, ${customerId}, ${teamId}
      FROM generate_series(1, ${n}) AS i ORDER BY i
      RETURNING id`.execute(t.deps.db);
    const started = performance.now();
    const owners: Array<string | null> = [];
    for (let i = 0; i < rows.length; i += 100) {
      await t.deps.db.transaction().execute(async (trx) => {
        for (const { id } of rows.slice(i, i + 100)) {
          const outcome = await routeConversation(trx, t.deps.serviceClock, acc.accountId, id, { trigger: 'created' });
          owners.push(outcome.kind === 'assigned' ? outcome.userId : null);
        }
      });
    }
    return { counts: agents.map((a) => countBy(owners).get(a.id) ?? 0), ms: performance.now() - started };
  };
  const rr = await spread(await team(acc, agents, 'round_robin'), 1000);
  assert.equal(rr.counts.reduce((a, b) => a + b, 0), 1000, 'every conversation has an owner');
  assert.ok(Math.max(...rr.counts) - Math.min(...rr.counts) <= 10, `round robin within 5 % of 200: ${rr.counts.join(', ')}`);
  const ll = await spread(await team(acc, agents, 'least_load'), 250);
  // Least load sees the round-robin conversations too (all still open), per channel kind: it evens out the totals.
  const totals = agents.map((_, i) => rr.counts[i]! + ll.counts[i]!);
  assert.ok(Math.max(...totals) - Math.min(...totals) <= 12, `least load within 5 % of 250: ${totals.join(', ')}`);
  const assignments = await t.deps.db.selectFrom('assignments').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', acc.accountId).executeTakeFirstOrThrow();
  assert.equal(Number(assignments.n), 1250, 'each assignment is logged');
  process.stderr.write(`fairness: ${rr.ms.toFixed(0)} ms to route 1,000, ${ll.ms.toFixed(0)} ms to route 250 (${rr.counts.join('/')}; ${ll.counts.join('/')})\n`);
});

const ANGRY = [
  'This is absolutely terrible! I am furious, your service is awful and useless!!!',
  'I am very angry. This is unacceptable, the worst support I have ever had!',
  'Disgusting service. You ruined my holiday and nobody cares. I am furious!',
  'Third time I write!!! Useless, terrible, a complete disaster!',
];

test('difficult load: 20 negative conversations among 60 ordinary ones over 4 agents stay within 2 of each other; a break is suggested at the threshold', async () => {
  clock.set(MONDAY_1000_LOCAL);
  const acc = await t.newAccount('difficult');
  const supervisorEmail = uniqueEmail('sup');
  const sup = await api<{ id: string }>(acc, 'POST', '/api/v1/users', { email: supervisorEmail, name: 'Sue', role: 'supervisor', password: 'correct horse battery staple' });
  const supervisor = { id: sup.body.id, auth: { authorization: `Bearer ${await t.login(supervisorEmail, 'correct horse battery staple')}` } };
  const settings = await api<{ breakAfter: number; breakWindowMinutes: number }>(acc, 'PUT', '/api/v1/routing/settings', { breakAfter: 5, breakWindowMinutes: 240 });
  assert.equal(settings.status, 200, JSON.stringify(settings.body));
  const agentEmails: string[] = [];
  const agents: Agent[] = [];
  for (const name of ['A', 'B', 'C', 'D']) {
    const email = uniqueEmail(name);
    agentEmails.push(email);
    const res = await api<{ id: string }>(acc, 'POST', '/api/v1/users', { email, name, role: 'agent', password: 'correct horse battery staple' });
    await setPresence(acc, res.body.id, 'online');
    agents.push({ id: res.body.id, name });
  }
  const teamId = await team(acc, agents, 'round_robin');

  const difficultBy = new Map(agents.map((a) => [a.id, 0]));
  const suggestionsFor = async (userId: string) =>
    (await api<{ items: Array<{ userId: string; difficultCount: number }> }>(supervisor, 'GET', `/api/v1/routing/break-suggestions?userId=${userId}`)).body.items;
  for (let i = 0; i < 80; i++) {
    clock.advanceMinutes(1);
    const difficult = i % 4 === 0; // plain round robin would pile every one of these on the same agent
    const c = await open(acc, teamId, difficult ? ANGRY[(i / 4) % ANGRY.length]! : 'Hello, could you tell me when my order ships? Thanks.');
    assert.equal(c.difficult, difficult, `conversation ${i} judged ${difficult ? 'difficult' : 'ordinary'}`);
    assert.ok(c.assigneeId);
    if (!difficult) continue;
    const n = difficultBy.get(c.assigneeId)! + 1;
    difficultBy.set(c.assigneeId, n);
    const counts = [...difficultBy.values()];
    assert.ok(Math.max(...counts) - Math.min(...counts) <= 2, `never more than 2 apart: ${counts.join(', ')}`);
    // The break suggestion fires exactly when an agent takes on their fifth difficult conversation, not before.
    assert.equal((await suggestionsFor(c.assigneeId)).length, n >= 5 ? 1 : 0, `after ${n} difficult conversations`);
  }
  assert.deepEqual([...difficultBy.values()], [5, 5, 5, 5]);
  const all = await api<{ items: Array<{ userId: string; difficultCount: number; windowMinutes: number }> }>(supervisor, 'GET', '/api/v1/routing/break-suggestions?open=true');
  assert.equal(all.body.items.length, 4, 'the supervisor sees every suggestion');
  assert.ok(all.body.items.every((s) => s.difficultCount === 5 && s.windowMinutes === 240));
  const supNotes = await api<{ items: Array<{ kind: string; data: { userId: string } }> }>(supervisor, 'GET', '/api/v1/notifications');
  assert.equal(supNotes.body.items.filter((n) => n.kind === 'break_suggested').length, 4);
  const agentAuth = { auth: { authorization: `Bearer ${await t.login(agentEmails[0]!, 'correct horse battery staple')}` } };
  const own = await api<{ items: Array<{ id: string; userId: string }> }>(agentAuth, 'GET', '/api/v1/routing/break-suggestions');
  assert.deepEqual(own.body.items.map((s) => s.userId), [agents[0]!.id], 'an agent sees their own only');
  const ack = await api<{ acknowledgedAt: string | null }>(agentAuth, 'POST', `/api/v1/routing/break-suggestions/${own.body.items[0]!.id}/acknowledge`);
  assert.ok(ack.body.acknowledgedAt);

  // A conversation that turns difficult later weighs on its owner from then on.
  const calm = await open(acc, teamId);
  assert.equal(calm.difficult, false);
  const reply = await api(acc, 'POST', `/api/v1/conversations/${calm.id}/messages`, { type: 'reply', body: 'We are looking into it.' });
  assert.equal(reply.status, 201);
  const { appendMessage } = await import('../../src/server/domain/messages/message-append.js');
  await t.deps.db.transaction().execute((trx) =>
    appendMessage(trx, { ...systemActor(acc.accountId), type: 'customer' }, {
      conversationId: calm.id, direction: 'inbound', type: 'message', channel: 'api', authorType: 'customer', authorUserId: null, customerId: null,
      body: ANGRY[1]!, bodyFull: ANGRY[1]!, html: null, language: 'en', attachments: [], serviceClock: t.deps.serviceClock,
    }),
  );
  const turned = await get(acc, calm.id);
  assert.equal(turned.difficult, true);
  assert.ok((await events(acc, calm.id)).some((e) => e.type === 'conversation.difficult'));
});

test('a conversation reopened from solved stays with its owner when available, else the team routes it', async () => {
  clock.set(MONDAY_1000_LOCAL);
  const acc = await t.newAccount('reopen');
  const ana = await agent(acc, 'Ana');
  const bo = await agent(acc, 'Bo');
  const teamId = await team(acc, [ana, bo], 'round_robin');
  const c = await open(acc, teamId);
  const owner = c.assigneeId!;
  const { appendMessage } = await import('../../src/server/domain/messages/message-append.js');
  const customerWrites = (body: string) =>
    t.deps.db.transaction().execute((trx) =>
      appendMessage(trx, { ...systemActor(acc.accountId), type: 'customer' }, {
        conversationId: c.id, direction: 'inbound', type: 'message', channel: 'api', authorType: 'customer', authorUserId: null, customerId: null,
        body, bodyFull: body, html: null, language: 'en', attachments: [], serviceClock: t.deps.serviceClock,
      }),
    );
  await api(acc, 'PATCH', `/api/v1/conversations/${c.id}`, { status: 'solved' });
  await customerWrites('Thanks, but one more question.');
  assert.equal((await get(acc, c.id)).assigneeId, owner, 'the owner is online: they keep it');
  await api(acc, 'PATCH', `/api/v1/conversations/${c.id}`, { status: 'solved' });
  await setPresence(acc, owner, 'offline');
  await customerWrites('Sorry, it is still not working.');
  const rerouted = await get(acc, c.id);
  assert.equal(rerouted.status, 'open');
  assert.equal(rerouted.assigneeId, owner === ana.id ? bo.id : ana.id, 'the owner is away: a colleague takes over');
  assert.equal((await events(acc, c.id)).filter((e) => e.type === 'conversation.assigned').at(-1)?.data.trigger, 'reopened');
});

test('mail to a team’s address opens a conversation routed by that team', async () => {
  clock.set(MONDAY_1000_LOCAL);
  const acc = await t.newAccount('email routing');
  const ana = await agent(acc, 'Ana');
  const teamId = await team(acc, [ana], 'round_robin');
  const address = `billing.${Date.now().toString(36)}@example.test`;
  const created = await api<{ teamId: string }>(acc, 'POST', '/api/v1/email-addresses', { address, teamId });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal(created.body.teamId, teamId);
  const { ingestRawEmail } = await import('../../src/server/channels/email/ingest-email.js');
  const raw = Buffer.from(
    [`From: Mia <mia.${Date.now()}@example.org>`, `To: ${address.replace('@', '+invoices@')}`, 'Subject: Wrong invoice', `Message-ID: <${Date.now()}@example.org>`, 'Content-Type: text/plain; charset=utf-8', '', 'Hello, my invoice is wrong. Could you check it?', ''].join('\r\n'),
  );
  const result = await ingestRawEmail(t.deps.db, acc.accountId, t.deps.attachments, raw, { serviceClock: t.deps.serviceClock });
  assert.ok(result.ok && 'conversationId' in result && result.conversationId, JSON.stringify(result));
  const conversation = await get(acc, (result as { conversationId: string }).conversationId);
  assert.equal(conversation.teamId, teamId);
  assert.equal(conversation.assigneeId, ana.id);
  assert.equal((await api(acc, 'POST', '/api/v1/email-addresses', { address: `x.${Date.now()}@example.test`, teamId: '00000000-0000-4000-8000-000000000000' })).status, 400);
});

test('parallel creates never give an agent more than their capacity, and each one is routed once', async () => {
  clock.set(MONDAY_1000_LOCAL);
  const acc = await t.newAccount('parallel');
  const agents: Agent[] = [];
  for (const name of ['A', 'B', 'C', 'D', 'E']) agents.push(await agent(acc, name, { capacity: { email: 1 } }));
  const teamId = await team(acc, agents, 'least_load');
  const created = await Promise.all(Array.from({ length: 10 }, () => open(acc, teamId)));
  await run(acc); // whatever waited only because parallel routers held every agent is routed now
  const now = await Promise.all(created.map((c) => get(acc, c.id)));
  const owners = countBy(now.map((c) => c.assigneeId).filter((id) => id !== null));
  assert.deepEqual([...owners.values()], [1, 1, 1, 1, 1], 'one each: capacity 1');
  assert.equal(now.filter((c) => c.assigneeId === null && c.routing?.reason === 'at_capacity').length, 5, 'the rest waits');
  for (const c of now) {
    const assigned = (await events(acc, c.id)).filter((e) => e.type === 'conversation.assigned');
    assert.ok(assigned.length <= 1);
  }
});

test('a routed create writes its owner with the row: the creation and the assignment announced in order, logged once; a roster changed elsewhere and a busy agent are routed all the same', async () => {
  clock.set(MONDAY_1000_LOCAL);
  const acc = await t.newAccount('routed insert');
  const [ana, bo] = [await agent(acc, 'Ana'), await agent(acc, 'Bo')];
  const teamId = await team(acc, [ana, bo], 'least_load');
  const outboxOf = async (conversationId: string) =>
    (
      await sql<{ event_id: string; topic: string; payload: { eventId: number; data: { conversation?: { assigneeId: string | null } } } }>`
        SELECT event_id::text, topic, payload FROM outbox WHERE account_id = ${acc.accountId} AND payload->>'conversationId' = ${conversationId} ORDER BY id`.execute(t.deps.db)
    ).rows;
  const logOf = async (conversationId: string) =>
    t.deps.db.selectFrom('assignments').select(['user_id', 'reason', 'trigger', 'skills_matched']).where('account_id', '=', acc.accountId).where('conversation_id', '=', conversationId).execute();
  const loads = async () =>
    new Map(
      (await t.deps.db.selectFrom('agent_loads').select(['user_id', 'email']).where('account_id', '=', acc.accountId).where('user_id', 'in', [ana.id, bo.id]).execute()).map(
        (r) => [r.user_id, Number(r.email)],
      ),
    );

  const first = await open(acc, teamId);
  assert.ok(first.assigneeId === ana.id || first.assigneeId === bo.id, 'routed to a member');
  const stored = await t.deps.db.selectFrom('conversations').select(['assignee_id', 'routing_queued_at']).where('id', '=', first.id).executeTakeFirstOrThrow();
  assert.equal(stored.assignee_id, first.assigneeId);
  assert.equal(stored.routing_queued_at, null);
  assert.deepEqual(await logOf(first.id), [{ user_id: first.assigneeId, reason: 'least_load', trigger: 'created', skills_matched: true }], 'logged once');
  const outbox = await outboxOf(first.id);
  assert.deepEqual(
    outbox.map((o) => o.topic),
    ['conversation.created', 'conversation.assigned'],
  );
  assert.equal(Number(outbox[1]!.event_id), Number(outbox[0]!.event_id) + 1, 'recorded together, in order');
  for (const o of outbox) assert.equal(o.payload.eventId, Number(o.event_id), 'each payload carries its own event id');
  assert.equal(outbox[0]!.payload.data.conversation?.assigneeId, first.assigneeId, 'the creation already shows the owner');
  assert.deepEqual([...(await loads()).values()].sort(), [0, 1], 'the owner’s load counted once');

  // Another process changed the team (its roster version moved without this process knowing): routed all the same.
  await sql`UPDATE teams SET roster_version = roster_version + 1000 WHERE account_id = ${acc.accountId} AND id = ${teamId}`.execute(t.deps.db);
  const second = await open(acc, teamId);
  assert.ok(second.assigneeId !== null && second.assigneeId !== first.assigneeId, 'the other member, now least loaded');
  assert.equal((await logOf(second.id)).length, 1);
  assert.deepEqual(
    (await outboxOf(second.id)).map((o) => o.topic),
    ['conversation.created', 'conversation.assigned'],
  );
  assert.deepEqual([...(await loads()).values()], [1, 1]);

  // Both agents' counter rows held by another transaction for a moment: the create waits for the best of them.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const holder = t.deps.db.transaction().execute(async (trx) => {
    await sql`SELECT 1 FROM agent_loads WHERE account_id = ${acc.accountId} AND user_id IN (${ana.id}, ${bo.id}) FOR UPDATE`.execute(trx);
    locked();
    await held;
  });
  await isLocked;
  const pending = open(acc, teamId);
  setTimeout(release, 150);
  const third = await pending;
  await holder;
  assert.ok(third.assigneeId === ana.id || third.assigneeId === bo.id, 'assigned after the wait');
  assert.equal((await logOf(third.id)).length, 1);
  assert.deepEqual(
    (await outboxOf(third.id)).map((o) => o.topic),
    ['conversation.created', 'conversation.assigned'],
  );
  assert.deepEqual([...(await loads()).values()].sort(), [1, 2]);
});
