import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, TEST_PASSWORD, uniqueEmail, type TestAccount, type TestApp } from '../helpers/harness.js';
import { ManualClock } from '../../src/server/domain/shared/clock.js';
import { runServiceClock } from '../../src/server/domain/sla/service-clock-runner.js';
import { appendMessage } from '../../src/server/domain/messages/message-append.js';
import { systemActor } from '../../src/server/domain/shared/actor.js';
import { ingestRawEmail } from '../../src/server/channels/email/ingest-email.js';

// The service clock with a controllable clock: business hours in Stockholm (Mon–Fri 09:00–17:00, CET = UTC+1 in
// March before the DST change), a Monday morning start. Every expectation below is computed by hand.
const MONDAY_0830_LOCAL = '2026-03-02T07:30:00.000Z';

let t: TestApp;
let clock: ManualClock;
before(async () => {
  clock = new ManualClock(MONDAY_0830_LOCAL);
  t = await createTestApp({}, { clock });
});
after(() => t.close());

interface TargetView {
  metric: string;
  targetMinutes: number;
  dueAt: string | null;
  breached: boolean;
  paused: boolean;
  remainingMinutes: number;
  fulfilledAt: string | null;
  warned: boolean;
}
interface ConversationView {
  id: string;
  number: number;
  priority: string;
  status: string;
  sla: { policyId: string; firstResponse: TargetView | null; nextResponse: TargetView | null; resolution: TargetView | null } | null;
  messages?: Array<{ id: string; direction: string; type: string; body: string; language: string }>;
}

async function api<T = unknown>(acc: { auth: Record<string, string> }, method: string, url: string, payload?: unknown): Promise<{ status: number; body: T }> {
  const res = await t.app.inject({ method: method as 'GET', url, headers: acc.auth, ...(payload !== undefined ? { payload: payload as object } : {}) });
  return { status: res.statusCode, body: res.json() as T };
}

async function setup(name: string) {
  clock.set(MONDAY_0830_LOCAL);
  const acc = await t.newAccount(name);
  const supervisorEmail = uniqueEmail('supervisor');
  const sup = await api<{ id: string }>(acc, 'POST', '/api/v1/users', { email: supervisorEmail, name: 'Siv Supervisor', role: 'supervisor', password: TEST_PASSWORD });
  assert.equal(sup.status, 201, JSON.stringify(sup.body));
  const supervisor = { id: sup.body.id, auth: { authorization: `Bearer ${await t.login(supervisorEmail, TEST_PASSWORD)}` } };
  const bh = await api<{ id: string }>(acc, 'POST', '/api/v1/business-hours', {
    name: 'Stockholm office',
    timezone: 'Europe/Stockholm',
    country: 'SE',
    weekly: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']], wed: [['09:00', '17:00']], thu: [['09:00', '17:00']], fri: [['09:00', '17:00']] },
  });
  assert.equal(bh.status, 201);
  return { acc, supervisor, businessHoursId: bh.body.id };
}

async function createConversation(acc: TestAccount, body: string, extra: Record<string, unknown> = {}) {
  const res = await api<ConversationView>(acc, 'POST', '/api/v1/conversations', {
    subject: 'Help',
    customer: { email: uniqueEmail('customer') },
    message: { body },
    assigneeId: acc.adminId,
    ...extra,
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

const get = async (acc: TestAccount, id: string) => (await api<ConversationView>(acc, 'GET', `/api/v1/conversations/${id}`)).body;
// Scoped to the test's own tenant: other tests' clocks jump with the shared manual clock.
const run = (acc: TestAccount) => runServiceClock(t.deps.db, t.deps.serviceClock, { accountId: acc.accountId });
const events = async (acc: TestAccount, id: string) =>
  (await api<{ items: Array<{ type: string; data: Record<string, unknown> }> }>(acc, 'GET', `/api/v1/conversations/${id}/events`)).body.items;
const notifications = async (who: { auth: Record<string, string> }) =>
  (await api<{ items: Array<{ kind: string; conversationId: string; data: Record<string, unknown> }> }>(who, 'GET', '/api/v1/notifications')).body.items;

async function waitUntil(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
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

test('SLA policies: created by admins only, validated, listed in match order', async () => {
  const { acc, supervisor, businessHoursId } = await setup('policies');
  const created = await api<{ id: string; targets: Record<string, number | null>; pauseOn: string[]; warnAtPercent: number; position: number }>(acc, 'POST', '/api/v1/sla-policies', {
    name: 'Urgent email',
    conditions: { priority: 'urgent', channel: ['email', 'chat'] },
    targets: { firstResponseMinutes: 30, resolutionMinutes: 240 },
    businessHoursId,
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.deepEqual(created.body.targets, { firstResponseMinutes: 30, nextResponseMinutes: null, resolutionMinutes: 240 });
  assert.deepEqual(created.body.pauseOn, ['pending']);
  assert.equal(created.body.warnAtPercent, 80);
  const second = await api<{ position: number }>(acc, 'POST', '/api/v1/sla-policies', { name: 'Everything else', targets: { firstResponseMinutes: 480 } });
  assert.equal(second.body.position, created.body.position + 1, 'new policies go to the end of the list');

  const noTargets = await api<{ error: { code: string; details: { fields: Array<{ field: string }> } } }>(acc, 'POST', '/api/v1/sla-policies', { name: 'x', targets: {} });
  assert.equal(noTargets.status, 400);
  assert.equal(noTargets.body.error.details.fields[0]!.field, 'targets');
  const badHours = await api<{ error: { code: string } }>(acc, 'POST', '/api/v1/sla-policies', { name: 'x', targets: { firstResponseMinutes: 5 }, businessHoursId: '00000000-0000-4000-8000-000000000000' });
  assert.equal(badHours.status, 400);
  const badOrder = await api(acc, 'POST', '/api/v1/sla-policies', { name: 'x', targets: { firstResponseMinutes: 5 }, warnAtPercent: 90, noticeAtPercent: 50 });
  assert.equal(badOrder.status, 400, 'the customer is never told before the agent is warned');
  const forbidden = await api(supervisor, 'POST', '/api/v1/sla-policies', { name: 'x', targets: { firstResponseMinutes: 5 } });
  assert.equal(forbidden.status, 403);

  const list = await api<{ items: Array<{ name: string }> }>(supervisor, 'GET', '/api/v1/sla-policies');
  assert.deepEqual(list.body.items.map((p) => p.name), ['Urgent email', 'Everything else']);
  const patched = await api<{ enabled: boolean; name: string }>(acc, 'PATCH', `/api/v1/sla-policies/${created.body.id}`, { enabled: false, name: 'Urgent (retired)' });
  assert.equal(patched.status, 200);
  assert.equal(patched.body.enabled, false);
  const other = await t.newAccount('other tenant');
  assert.equal((await api(other, 'GET', `/api/v1/sla-policies/${created.body.id}`)).status, 404, 'another tenant cannot see it');

  // Conditions pick the policy: an urgent chat matches nothing now (retired), a normal one the catch-all.
  const c = await createConversation(acc, 'Where is my parcel?', { priority: 'urgent', channel: 'chat' });
  assert.equal(c.sla?.policyId, (await api<{ items: Array<{ id: string; name: string }> }>(acc, 'GET', '/api/v1/sla-policies')).body.items[1]!.id);
});

test('first response in business hours: due one business hour after opening, warned at 80 %, breached once with its actions', async () => {
  const { acc, supervisor, businessHoursId } = await setup('breach');
  const policy = await api<{ id: string }>(acc, 'POST', '/api/v1/sla-policies', {
    name: 'Standard',
    targets: { firstResponseMinutes: 60, resolutionMinutes: 480 },
    businessHoursId,
    breachActions: [{ type: 'raise_priority' }, { type: 'notify_supervisors' }],
  });
  assert.equal(policy.status, 201);
  // A live client of the account, as the workspace's WebSocket is: SLA changes are pushed to it.
  const pushed: Array<{ type: string; conversationId?: string; data: { sla?: { firstResponse: TargetView | null } | null } }> = [];
  const client = { accountId: acc.accountId, send: (d: string) => pushed.push(JSON.parse(d)), lastSeq: 0, buffer: null };
  t.deps.hub.add(client);
  // Monday 08:30 local: the office opens at 09:00, so 60 business minutes end at 10:00 local (09:00Z); eight hours
  // of resolution time end at 17:00 local (16:00Z).
  const c = await createConversation(acc, 'My invoice is wrong, please help.');
  assert.equal(c.sla?.policyId, policy.body.id);
  assert.equal(c.sla?.firstResponse?.dueAt, '2026-03-02T09:00:00.000Z');
  assert.equal(c.sla?.firstResponse?.remainingMinutes, 60);
  assert.equal(c.sla?.resolution?.dueAt, '2026-03-02T16:00:00.000Z');
  assert.equal(c.sla?.nextResponse, null);

  clock.set('2026-03-02T08:47:00.000Z'); // 47 business minutes used: under 80 %
  assert.equal((await run(acc)).warned, 0);
  assert.equal((await get(acc, c.id)).sla?.firstResponse?.remainingMinutes, 13);
  clock.set('2026-03-02T08:48:30.000Z'); // 48.5 minutes: past 80 % (48)
  assert.equal((await run(acc)).warned, 1);
  const warning = (await notifications(acc)).filter((n) => n.kind === 'sla_warning' && n.conversationId === c.id);
  assert.equal(warning.length, 1, 'the assignee is warned');
  assert.equal(warning[0]!.data.metric, 'first_response');

  clock.set('2026-03-02T09:00:30.000Z');
  const report = await run(acc);
  assert.equal(report.breached, 1);
  assert.equal(report.warned, 0);
  const after = await get(acc, c.id);
  assert.equal(after.priority, 'high', 'breach action: priority raised one step');
  assert.equal(after.sla?.firstResponse?.breached, true);
  assert.ok(after.sla!.firstResponse!.remainingMinutes < 0);
  assert.equal(after.sla?.resolution?.breached, false);
  const supervisorNotes = (await notifications(supervisor)).filter((n) => n.kind === 'sla_breach' && n.conversationId === c.id);
  assert.equal(supervisorNotes.length, 1, 'breach action: the supervisor is notified');
  assert.equal(supervisorNotes[0]!.data.number, c.number);

  await waitUntil(() => pushed.some((e) => e.type === 'sla.breached' && e.conversationId === c.id));
  const started = pushed.find((e) => e.type === 'conversation.sla_updated' && e.conversationId === c.id);
  assert.equal(started?.data.sla?.firstResponse?.dueAt, '2026-03-02T09:00:00.000Z', 'the SLA state is pushed when the clock starts');
  assert.equal(pushed.find((e) => e.type === 'sla.breached')?.data.sla?.firstResponse?.breached, true, 'and when it breaches');
  assert.ok(pushed.some((e) => e.type === 'sla.warning' && e.conversationId === c.id));
  t.deps.hub.remove(client);

  // Running again (a wake-up job, the minute sweep, another process) changes nothing.
  assert.deepEqual(await run(acc), { warned: 0, breached: 0, slaNoticed: 0, reminded: 0, promiseNoticed: 0, missed: 0 });
  const log = await events(acc, c.id);
  assert.equal(log.filter((e) => e.type === 'sla.breached').length, 1);
  assert.equal(log.filter((e) => e.type === 'sla.warning').length, 1);
  const change = log.find((e) => e.type === 'conversation.updated' && e.data.cause === 'sla_breach');
  assert.deepEqual(change?.data.changes, { priority: ['normal', 'high'] });

  // The late reply still fulfils the target, which stays breached.
  await api(acc, 'POST', `/api/v1/conversations/${c.id}/messages`, { type: 'reply', body: 'Sorry for the wait — I have corrected the invoice.' });
  const answered = await get(acc, c.id);
  assert.equal(answered.sla?.firstResponse?.fulfilledAt, '2026-03-02T09:00:30.000Z');
  assert.equal(answered.sla?.firstResponse?.breached, true);
});

test('pending pauses the clock and reopening resumes it exactly; notes never count, replies fulfil, a customer message starts next response', async () => {
  const { acc, businessHoursId } = await setup('pause');
  await api(acc, 'POST', '/api/v1/sla-policies', { name: 'Standard', targets: { firstResponseMinutes: 60, nextResponseMinutes: 120 }, businessHoursId });
  const c = await createConversation(acc, 'The app crashes when I log in.');
  clock.set('2026-03-02T08:30:00.000Z'); // 09:30 local: 30 business minutes used
  const pending = await api<ConversationView>(acc, 'PATCH', `/api/v1/conversations/${c.id}`, { status: 'pending' });
  assert.equal(pending.status, 200);
  assert.equal(pending.body.sla?.firstResponse?.paused, true);
  assert.equal(pending.body.sla?.firstResponse?.dueAt, null);
  assert.equal(pending.body.sla?.firstResponse?.remainingMinutes, 30);

  clock.set('2026-03-03T09:00:00.000Z'); // Tuesday 10:00 local: a whole business day later
  assert.equal((await get(acc, c.id)).sla?.firstResponse?.remainingMinutes, 30, 'no time passes while pending');
  assert.equal((await run(acc)).breached, 0);
  const reopened = await api<ConversationView>(acc, 'PATCH', `/api/v1/conversations/${c.id}`, { status: 'open' });
  assert.equal(reopened.body.sla?.firstResponse?.paused, false);
  assert.equal(reopened.body.sla?.firstResponse?.dueAt, '2026-03-03T09:30:00.000Z', 'the remaining 30 minutes count from the resume');

  clock.set('2026-03-03T09:10:00.000Z');
  await api(acc, 'POST', `/api/v1/conversations/${c.id}/messages`, { type: 'note', body: 'Asked the developers.' });
  assert.equal((await get(acc, c.id)).sla?.firstResponse?.fulfilledAt, null, 'an internal note is not a response');
  await api(acc, 'POST', `/api/v1/conversations/${c.id}/messages`, { type: 'reply', body: 'Thanks — a fix is on its way; please update the app tomorrow.' });
  const answered = await get(acc, c.id);
  assert.equal(answered.sla?.firstResponse?.fulfilledAt, '2026-03-03T09:10:00.000Z');
  assert.equal(answered.sla?.firstResponse?.breached, false);
  assert.equal(answered.sla?.nextResponse, null);

  clock.set('2026-03-03T15:30:00.000Z'); // 16:30 local: 30 minutes before closing
  await customerWrites(acc, c.id, 'It still crashes after the update.');
  const next = (await get(acc, c.id)).sla?.nextResponse;
  // 120 business minutes: 30 today, 90 on Wednesday from 09:00 → 10:30 local = 09:30Z.
  assert.equal(next?.dueAt, '2026-03-04T09:30:00.000Z');
  assert.equal(next?.remainingMinutes, 120);
});

test('delay notice for a resolution target: sent once, in the customer’s language, and not when the agent already wrote', async () => {
  const { acc } = await setup('delay');
  await api(acc, 'POST', '/api/v1/sla-policies', {
    name: 'VIP',
    conditions: { tags: ['vip'] },
    targets: { resolutionMinutes: 60 },
    calendarTime: true,
    warnAtPercent: 50,
    noticeAtPercent: 80,
    breachActions: [],
  });
  const swedish = await createConversation(acc, 'Hej! Jag har fortfarande inte fått min beställning och jag behöver den till helgen. Kan ni hjälpa mig?', { tags: ['vip'] });
  const silent = await createConversation(acc, 'Hello, my order has still not arrived and I need it for the weekend. Can you help me?', { tags: ['vip'] });
  assert.equal(swedish.sla?.resolution?.dueAt, '2026-03-02T08:30:00.000Z', 'calendar time: one hour after creation');

  clock.set('2026-03-02T08:00:30.000Z'); // 50 %: both assignees are warned
  assert.equal((await run(acc)).warned, 2);
  // The agent of the second conversation writes to the customer after the warning.
  await api(acc, 'POST', `/api/v1/conversations/${silent.id}/messages`, { type: 'reply', body: 'I am checking with the courier right now and will write again within the hour.' });

  clock.set('2026-03-02T08:18:00.000Z'); // 80 %: the customer is told, unless the agent wrote
  const report = await run(acc);
  assert.equal(report.slaNoticed, 1);
  assert.equal((await run(acc)).slaNoticed, 0, 'sent once');
  const sv = await get(acc, swedish.id);
  const notices = sv.messages!.filter((m) => m.direction === 'outbound');
  assert.equal(notices.length, 1);
  assert.match(notices[0]!.body, /tar längre tid än vi räknade med/);
  assert.match(notices[0]!.body, new RegExp(`${sv.number}`));
  assert.equal(notices[0]!.language, 'sv');
  assert.equal(sv.sla?.resolution?.fulfilledAt, null, 'a notice is not a resolution');
  const en = await get(acc, silent.id);
  assert.equal(en.messages!.filter((m) => m.direction === 'outbound').length, 1, 'only the agent’s own reply');
  assert.ok((await events(acc, silent.id)).some((e) => e.type === 'sla.delay_notice_skipped' && e.data.reason === 'agent_wrote'));
});

test('promises: reminder to the owner, delay notice in the customer’s language, missed and escalated once; kept rate per agent', async () => {
  const { acc, supervisor } = await setup('promises');
  const c = await createConversation(acc, 'Dzień dobry, nadal nie otrzymałem zwrotu pieniędzy za zamówienie. Kiedy mogę się go spodziewać?');
  assert.equal(c.sla, null, 'no policy: no SLA');
  const due = new Date(clock.now().getTime() + 120 * 60_000).toISOString(); // 09:30Z
  const made = await api<{ id: string; remindAt: string; status: string }>(acc, 'POST', `/api/v1/conversations/${c.id}/promises`, { description: 'zwrot pieniędzy na konto', dueAt: due });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  assert.equal(made.body.remindAt, '2026-03-02T09:00:00.000Z', 'reminded an hour before (a quarter of the lead is more)');
  const kept = await api<{ id: string }>(acc, 'POST', `/api/v1/conversations/${c.id}/promises`, { description: 'potwierdzenie e-mailem', dueAt: due });
  assert.equal((await api(acc, 'PATCH', `/api/v1/promises/${kept.body.id}`, { status: 'kept' })).status, 200);
  const past = await api<{ error: { code: string } }>(acc, 'POST', `/api/v1/conversations/${c.id}/promises`, { description: 'x', dueAt: '2026-03-02T07:00:00.000Z' });
  assert.equal(past.status, 400, 'a due time in the past (by the service clock) is refused');

  clock.set('2026-03-02T09:00:00.000Z');
  assert.equal((await run(acc)).reminded, 1);
  const reminder = (await notifications(acc)).filter((n) => n.kind === 'promise_reminder');
  assert.equal(reminder.length, 1);
  assert.equal(reminder[0]!.data.description, 'zwrot pieniędzy na konto');

  clock.set('2026-03-02T09:18:00.000Z'); // 12 minutes before due: the customer hears first
  assert.equal((await run(acc)).promiseNoticed, 1);
  const notice = (await get(acc, c.id)).messages!.filter((m) => m.direction === 'outbound');
  assert.equal(notice.length, 1);
  assert.match(notice[0]!.body, /Obiecaliśmy: „zwrot pieniędzy na konto”/);
  assert.equal(notice[0]!.language, 'pl');

  clock.set('2026-03-02T09:30:01.000Z');
  assert.equal((await run(acc)).missed, 1);
  assert.deepEqual(await run(acc), { warned: 0, breached: 0, slaNoticed: 0, reminded: 0, promiseNoticed: 0, missed: 0 });
  const list = await api<{ items: Array<{ id: string; status: string; escalatedAt: string | null; delayNoticeSentAt: string | null }> }>(acc, 'GET', `/api/v1/conversations/${c.id}/promises`);
  const missed = list.body.items.find((p) => p.id === made.body.id)!;
  assert.equal(missed.status, 'missed');
  assert.equal(missed.escalatedAt, '2026-03-02T09:30:01.000Z');
  assert.equal(missed.delayNoticeSentAt, '2026-03-02T09:18:00.000Z');
  const escalations = (await notifications(supervisor)).filter((n) => n.kind === 'promise_missed');
  assert.equal(escalations.length, 1, 'escalated to the supervisor once');
  assert.equal((await events(acc, c.id)).filter((e) => e.type === 'promise.missed').length, 1);

  const rates = await api<{ due: number; keptOnTime: number; missed: number; keptRate: number; byAgent: Array<{ userId: string; keptRate: number }> }>(
    supervisor,
    'GET',
    '/api/v1/reports/promises?from=2026-03-02T00:00:00Z&to=2026-03-03T00:00:00Z',
  );
  assert.equal(rates.status, 200, JSON.stringify(rates.body));
  assert.equal(rates.body.keptOnTime, 1);
  assert.equal(rates.body.missed, 1);
  assert.equal(rates.body.keptRate, 0.5);
  assert.deepEqual(rates.body.byAgent, [{ userId: acc.adminId, due: 2, keptOnTime: 1, missed: 1, keptLate: 0, open: 0, keptRate: 0.5 }]);
  const sla = await api<{ attainment: number | null }>(supervisor, 'GET', '/api/v1/reports/sla?from=2026-03-02T00:00:00Z&to=2026-03-03T00:00:00Z');
  assert.equal(sla.status, 200);
  assert.equal(sla.body.attainment, null, 'no SLA clocks in this account');
});

test('a promise the agent already wrote about gets no delay notice', async () => {
  const { acc } = await setup('promise-wrote');
  const c = await createConversation(acc, 'Could you call me back about my contract?');
  const due = new Date(clock.now().getTime() + 60 * 60_000).toISOString();
  await api(acc, 'POST', `/api/v1/conversations/${c.id}/promises`, { description: 'call back about the contract', dueAt: due });
  clock.advanceMinutes(10);
  await api(acc, 'POST', `/api/v1/conversations/${c.id}/messages`, { type: 'reply', body: 'I tried to call you a moment ago; I will try again at 09:25.' });
  clock.advanceMinutes(45);
  const report = await run(acc);
  assert.equal(report.promiseNoticed, 0);
  assert.equal((await get(acc, c.id)).messages!.filter((m) => m.direction === 'outbound').length, 1);
});

test('concurrent runners act on a due timer exactly once', async () => {
  const { acc, businessHoursId } = await setup('race');
  await api(acc, 'POST', '/api/v1/sla-policies', { name: 'Fast', targets: { firstResponseMinutes: 5 }, businessHoursId, breachActions: [{ type: 'notify_supervisors' }] });
  clock.set('2026-03-02T08:00:00.000Z');
  const conversations = await Promise.all([1, 2, 3].map((i) => createConversation(acc, `Question number ${i} about my account.`)));
  clock.set('2026-03-02T08:10:00.000Z');
  const reports = await Promise.all([run(acc), run(acc), run(acc), run(acc)]);
  assert.equal(reports.reduce((n, r) => n + r.breached, 0), 3, 'three breaches in all, however the runners raced');
  for (const c of conversations) assert.equal((await events(acc, c.id)).filter((e) => e.type === 'sla.breached').length, 1);
});

test('the acknowledgement states the expected first answer from the queue and the business hours', async () => {
  const { acc, businessHoursId } = await setup('acknowledgement');
  await api(acc, 'POST', '/api/v1/sla-policies', { name: 'Standard', targets: { firstResponseMinutes: 480 }, businessHoursId });
  // History: ten conversations answered (in the last week, by the service clock); two still waiting.
  for (let i = 0; i < 12; i++) {
    const c = await createConversation(acc, `Question ${i} about my subscription.`);
    if (i < 10) await api(acc, 'POST', `/api/v1/conversations/${c.id}/messages`, { type: 'reply', body: 'Here is the answer.' });
  }
  // 10 answers in the 2,400 business minutes of the past week (Mon 23 Feb – Fri 27 Feb, 09–17): one per 240 minutes.
  // Two ahead: the new mail is the third, 720 business minutes from Monday 08:30 local → Tuesday 13:00 local.
  const raw = Buffer.from(
    [
      'From: Karin Berg <karin@example.se>',
      `To: support@${t.config.mailDomain}`,
      'Subject: Fakturan stämmer inte',
      'Message-ID: <ack-queue-1@example.se>',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Hej! Fakturan för februari stämmer inte, ni har dragit pengar två gånger. Kan ni hjälpa mig att rätta det?',
      '',
    ].join('\r\n'),
  );
  const result = await ingestRawEmail(t.deps.db, acc.accountId, t.deps.attachments, raw, { jobs: t.deps.jobs, mailDomain: t.config.mailDomain, serviceClock: t.deps.serviceClock });
  assert.equal(result.ok, true, JSON.stringify(result));
  const c = await get(acc, (result as { conversationId: string }).conversationId);
  const ack = c.messages!.find((m) => m.direction === 'outbound');
  assert.ok(ack, 'acknowledged');
  assert.match(ack.body, /senast tisdag 3 mars kl\. 13:00/, ack.body);
});

test('a reply that states a time is turned into a promise, recorded with the reply in one transaction', async () => {
  const { acc } = await setup('reply-promise');
  const c = await createConversation(acc, 'When will someone call me about the broken heat pump?');
  const draft = 'Thank you for your patience. I will call you back tomorrow at 10:00 with the technician’s answer.';
  const suggested = await api<{ language: string; timeZone: string; items: Array<{ kind: string; dueAt: string; description: string; text: string }> }>(
    acc,
    'POST',
    `/api/v1/conversations/${c.id}/promise-suggestions`,
    { body: draft },
  );
  assert.equal(suggested.status, 200, JSON.stringify(suggested.body));
  assert.equal(suggested.body.timeZone, 'Europe/Stockholm', 'read in the account’s business-hours zone');
  assert.equal(suggested.body.items.length, 1);
  const item = suggested.body.items[0]!;
  assert.equal(item.kind, 'call_back');
  assert.equal(item.dueAt, '2026-03-03T09:00:00.000Z', 'tomorrow 10:00 in Stockholm (CET)');

  // A bad promise rolls back the reply with it, and the error names the promise.
  const before = (await get(acc, c.id)).messages!.length;
  const bad = await api<{ error: { details: { fields: Array<{ field: string }> } } }>(acc, 'POST', `/api/v1/conversations/${c.id}/messages`, {
    type: 'reply',
    body: draft,
    promises: [{ description: item.description, dueAt: item.dueAt }, { description: 'x', dueAt: '2026-03-01T00:00:00Z' }],
  });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.details.fields[0]!.field, 'promises.1.dueAt');
  assert.equal((await get(acc, c.id)).messages!.length, before, 'nothing stored');
  const onNote = await api(acc, 'POST', `/api/v1/conversations/${c.id}/messages`, { type: 'note', body: 'x', promises: [{ description: 'x', dueAt: item.dueAt }] });
  assert.equal(onNote.status, 400);

  const sent = await api<{ id: string; promises: Array<{ id: string; status: string; dueAt: string; ownerId: string }> }>(acc, 'POST', `/api/v1/conversations/${c.id}/messages`, {
    type: 'reply',
    body: draft,
    promises: [{ description: item.description, dueAt: item.dueAt }],
  });
  assert.equal(sent.status, 201, JSON.stringify(sent.body));
  assert.equal(sent.body.promises.length, 1);
  assert.equal(sent.body.promises[0]!.status, 'open');
  assert.equal(sent.body.promises[0]!.ownerId, acc.adminId);
  const list = await api<{ items: Array<{ id: string; dueAt: string }> }>(acc, 'GET', `/api/v1/conversations/${c.id}/promises`);
  assert.deepEqual(list.body.items.map((p) => p.dueAt), ['2026-03-03T09:00:00.000Z']);
});

test('breach action reassign moves the conversation to another team and clears the owner; on_hold pauses only when the policy says so', async () => {
  const { acc } = await setup('reassign');
  const team = await api<{ id: string }>(acc, 'POST', '/api/v1/teams', { name: 'Escalations', memberIds: [], routing: 'manual' });
  assert.equal(team.status, 201, JSON.stringify(team.body));
  await api(acc, 'POST', '/api/v1/sla-policies', {
    name: 'Escalate',
    targets: { firstResponseMinutes: 30 },
    calendarTime: true,
    pauseOn: ['pending', 'on_hold'],
    breachActions: [{ type: 'reassign', teamId: team.body.id }],
  });
  const c = await createConversation(acc, 'Nobody has answered my question about the warranty.');
  const held = await api<ConversationView>(acc, 'PATCH', `/api/v1/conversations/${c.id}`, { status: 'on_hold' });
  assert.equal(held.body.sla?.firstResponse?.paused, true, 'on_hold pauses: the policy lists it');
  clock.advanceMinutes(120);
  assert.equal((await run(acc)).breached, 0);
  await api(acc, 'PATCH', `/api/v1/conversations/${c.id}`, { status: 'open' });
  clock.advanceMinutes(31);
  assert.equal((await run(acc)).breached, 1);
  const after = (await api<ConversationView & { teamId: string | null; assigneeId: string | null }>(acc, 'GET', `/api/v1/conversations/${c.id}`)).body;
  assert.equal(after.teamId, team.body.id);
  assert.equal(after.assigneeId, null);
  // Nobody takes it (a manual team): the note waits on top for whoever does, in the account's language.
  const note = after.messages!.filter((m) => m.type === 'note').at(-1);
  assert.match(note?.body ?? '', /^Moved to this team automatically: the first response target was missed at 2026-03-02 10:00 UTC \(SLA policy “Escalate”\)/);
});

async function agent(acc: TestAccount, name: string, uiLanguage: string) {
  const email = uniqueEmail(name.toLowerCase());
  const res = await api<{ id: string }>(acc, 'POST', '/api/v1/users', { email, name, role: 'agent', password: TEST_PASSWORD, uiLanguage });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.equal((await api(acc, 'POST', `/api/v1/users/${res.body.id}/presence`, { status: 'online' })).status, 200);
  return { id: res.body.id, auth: { authorization: `Bearer ${await t.login(email, TEST_PASSWORD)}` } };
}

test('breach action reassign is an assignment like any other: logged, announced, and the new owner is told why in their language', async () => {
  const { acc } = await setup('reassign logged');
  const missed = await agent(acc, 'Mia', 'en');
  const borislav = await agent(acc, 'Borislav', 'bg');
  const karin = await agent(acc, 'Karin', 'sv');
  const team = await api<{ id: string }>(acc, 'POST', '/api/v1/teams', { name: 'Second line', memberIds: [missed.id, borislav.id], routing: 'round_robin' });
  assert.equal(team.status, 201, JSON.stringify(team.body));
  const policy = await api<{ id: string }>(acc, 'POST', '/api/v1/sla-policies', {
    name: 'Second line in 30',
    targets: { firstResponseMinutes: 30 },
    calendarTime: true,
    breachActions: [{ type: 'reassign', teamId: team.body.id }],
  });
  assert.equal(policy.status, 201, JSON.stringify(policy.body));

  // To the team: its routing picks someone other than the owner who missed the target.
  const c = await createConversation(acc, 'My invoice is wrong and nobody answers.', { assigneeId: missed.id });
  clock.advanceMinutes(31);
  assert.equal((await run(acc)).breached, 1);
  const after = (await api<ConversationView & { teamId: string; assigneeId: string }>(acc, 'GET', `/api/v1/conversations/${c.id}`)).body;
  assert.equal(after.teamId, team.body.id);
  assert.equal(after.assigneeId, borislav.id, 'never back to the owner who missed it');
  const log = await t.deps.db.selectFrom('assignments').select(['user_id', 'trigger', 'team_id']).where('account_id', '=', acc.accountId).where('conversation_id', '=', c.id).orderBy('assigned_at').orderBy('created_at').execute();
  assert.deepEqual(log.map((a) => [a.user_id, a.trigger]), [[missed.id, 'created'], [borislav.id, 'sla_breach']]);
  const assigned = (await events(acc, c.id)).filter((e) => e.type === 'conversation.assigned');
  assert.equal(assigned.at(-1)?.data.assigneeId, borislav.id);
  assert.equal(assigned.at(-1)?.data.trigger, 'sla_breach');
  const note = after.messages!.filter((m) => m.type === 'note').at(-1)!;
  assert.match(note.body, /^Автоматично възложен на вас: целта „първи отговор“ беше пропусната в 2026-03-02 08:00 UTC \(SLA политика „Second line in 30“\)/);
  const told = (await notifications(borislav)).find((n) => n.kind === 'assigned' && n.conversationId === c.id);
  assert.equal(told?.data.cause, 'sla_breach');
  assert.equal(told?.data.note, note.body);
  assert.equal(told?.data.previousAssigneeId, missed.id);

  // To a person: the same path.
  const toKarin = await api(acc, 'PATCH', `/api/v1/sla-policies/${policy.body.id}`, { breachActions: [{ type: 'reassign', userId: karin.id }] });
  assert.equal(toKarin.status, 200, JSON.stringify(toKarin.body));
  const d = await createConversation(acc, 'Second question, still waiting.', { assigneeId: missed.id });
  clock.advanceMinutes(31);
  assert.equal((await run(acc)).breached, 1);
  const toPerson = (await api<ConversationView & { assigneeId: string }>(acc, 'GET', `/api/v1/conversations/${d.id}`)).body;
  assert.equal(toPerson.assigneeId, karin.id);
  const personLog = await t.deps.db.selectFrom('assignments').select(['user_id', 'trigger']).where('account_id', '=', acc.accountId).where('conversation_id', '=', d.id).orderBy('assigned_at').orderBy('created_at').execute();
  assert.deepEqual(personLog.map((a) => [a.user_id, a.trigger]), [[missed.id, 'created'], [karin.id, 'sla_breach']]);
  assert.ok((await events(acc, d.id)).some((e) => e.type === 'conversation.assigned' && e.data.assigneeId === karin.id && e.data.trigger === 'sla_breach'));
  assert.match(toPerson.messages!.filter((m) => m.type === 'note').at(-1)!.body, /^Automatiskt tilldelad dig: målet för första svar missades/);
  assert.ok((await notifications(karin)).some((n) => n.kind === 'assigned' && n.conversationId === d.id && n.data.cause === 'sla_breach'));
});

test('an SLA policy created, changed, reordered, switched off or deleted applies to the very next conversation', async () => {
  // Policies are kept in memory per account (sla-policies.ts): every write through the API must reach that copy.
  const { acc } = await setup('policy-cache');
  const firstResponse = async (extra: Record<string, unknown> = {}) => {
    const c = await createConversation(acc, 'Where is my parcel?', extra);
    return c.sla?.firstResponse?.targetMinutes ?? null;
  };
  assert.equal(await firstResponse(), null, 'no policy yet');
  const general = await api<{ id: string }>(acc, 'POST', '/api/v1/sla-policies', { name: 'Everyone', targets: { firstResponseMinutes: 60 }, calendarTime: true });
  assert.equal(general.status, 201);
  assert.equal(await firstResponse(), 60, 'created');
  assert.equal((await api(acc, 'PATCH', `/api/v1/sla-policies/${general.body.id}`, { targets: { firstResponseMinutes: 45 } })).status, 200);
  assert.equal(await firstResponse(), 45, 'changed');
  const vip = await api<{ id: string }>(acc, 'POST', '/api/v1/sla-policies', { name: 'Fast', targets: { firstResponseMinutes: 15 }, calendarTime: true });
  assert.equal(await firstResponse(), 45, 'the first matching policy applies');
  assert.equal((await api(acc, 'POST', `/api/v1/sla-policies/${vip.body.id}/move`, { toIndex: 0 })).status, 200);
  assert.equal(await firstResponse(), 15, 'reordered');
  assert.equal((await api(acc, 'PATCH', `/api/v1/sla-policies/${vip.body.id}`, { enabled: false })).status, 200);
  assert.equal(await firstResponse(), 45, 'switched off');
  const urgent = await api<{ id: string }>(acc, 'POST', '/api/v1/sla-policies', {
    name: 'Urgent',
    conditions: { priority: 'urgent' },
    targets: { firstResponseMinutes: 5 },
    calendarTime: true,
    position: 0,
  });
  assert.equal(await firstResponse(), 45, 'an urgent-only policy leaves a normal conversation alone (and the list is read)');
  assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/v1/sla-policies/${urgent.body.id}`, headers: acc.auth })).statusCode, 204);
  assert.equal(await firstResponse({ priority: 'urgent' }), 45, 'deleted');
});
