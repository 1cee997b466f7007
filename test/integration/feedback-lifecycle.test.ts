import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, TEST_PASSWORD, uniqueEmail, type TestAccount, type TestApp } from '../helpers/harness.js';
import { ManualClock } from '../../src/server/domain/shared/clock.js';
import { runFeedbackClock } from '../../src/server/domain/feedback/feedback-runner.js';

// Lifecycle segments and retention on a generated 130-day history, driven by a manual service clock. Every
// expected value below is worked out by hand from the rules in docs/METRICS.md (new 30 days, at risk 30 days,
// lost after 90 days without contact, recovered/retention window 90 days). Day n is T0 + n × 24 h.

const T0 = new Date('2026-01-05T09:00:00.000Z');
const DAY = 86_400_000;

let t: TestApp;
let clock: ManualClock;
before(async () => {
  clock = new ManualClock(T0);
  t = await createTestApp({ smtpRelayUrl: undefined, mailRetryLimit: 0 }, { clock });
});
after(() => t.close());

type Auth = { auth: Record<string, string> };
async function api<T = Record<string, unknown>>(who: Auth, method: string, url: string, payload?: unknown): Promise<T> {
  const res = await t.app.inject({ method: method as 'GET', url, headers: who.auth, ...(payload !== undefined ? { payload: payload as object } : {}) });
  assert.ok(res.statusCode < 300, `${method} ${url} → ${res.statusCode} ${res.body}`);
  return (res.body ? res.json() : undefined) as T;
}

test('lifecycle segments and retention by gesture type match the hand-computed history', async () => {
  const acc: TestAccount = await t.newAccount('lifecycle');
  const agentEmail = uniqueEmail('agent');
  const { id: agentId } = await api<{ id: string }>(acc, 'POST', '/api/v1/users', { email: agentEmail, name: 'Alva Agent', role: 'agent', password: TEST_PASSWORD });
  const agent = { auth: { authorization: `Bearer ${await t.login(agentEmail, TEST_PASSWORD)}` } };
  await api(acc, 'PUT', '/api/v1/feedback/settings', { surveyDelayMinutes: 0 });

  const at = (day: number) => clock.set(new Date(T0.getTime() + day * DAY));
  const run = () => runFeedbackClock(t.deps.db, t.deps.serviceClock, { publicUrl: 'https://help.test' }, { accountId: acc.accountId });
  const customers = new Map<string, { email: string; id?: string; conversationId?: string }>();
  const converse = async (who: string, body = `Hello, I have a question about my order ${Math.floor(Math.random() * 9000) + 1000}.`) => {
    const c = customers.get(who) ?? { email: uniqueEmail(who.toLowerCase()) };
    const conv = await api<{ id: string; customerId: string }>(acc, 'POST', '/api/v1/conversations', { subject: 'Order', customer: { email: c.email, name: who }, message: { body }, assigneeId: agentId });
    customers.set(who, { ...c, id: conv.customerId, conversationId: conv.id });
    return conv.id;
  };
  const conversationOf = (who: string) => customers.get(who)!.conversationId!;
  const solveAndRate = async (who: string, score: number) => {
    await api(agent, 'PATCH', `/api/v1/conversations/${conversationOf(who)}`, { status: 'solved' });
    const { token } = await api<{ token: string }>(agent, 'GET', `/api/v1/conversations/${conversationOf(who)}/survey`);
    await api({ auth: {} }, 'POST', `/api/v1/surveys/${token}`, { score });
  };
  const complain = (who: string) => api(agent, 'PATCH', `/api/v1/conversations/${conversationOf(who)}`, { tags: ['complaint'] });
  const caseOf = async (who: string) => (await api<{ items: Array<{ id: string }> }>(agent, 'GET', `/api/v1/recovery-cases?customerId=${customers.get(who)!.id}`)).items[0]!.id;
  const grant = async (who: string, type: string, value: number) => {
    const g = await api<{ status: string; voucher: { code: string } | null }>(acc, 'POST', `/api/v1/recovery-cases/${await caseOf(who)}/gestures`, { type, value, currency: 'EUR' });
    assert.equal(g.status, 'granted');
    return g;
  };
  const close = async (who: string, status: 'recovered' | 'not_recovered') => api(agent, 'PATCH', `/api/v1/recovery-cases/${await caseOf(who)}`, { status });
  const segments = async (names: string[]) => {
    await run();
    const out: Record<string, string> = {};
    for (const name of names) out[name] = (await api<{ segment: string }>(agent, 'GET', `/api/v1/customers/${customers.get(name)!.id}/lifecycle`)).segment;
    return out;
  };
  const ALL = ['Alma', 'Bo', 'Cecilia', 'Dawid', 'Eva', 'Filip', 'Greta'];

  // Day 0: seven first contacts. Alma's birthday (20 January, reminder 7 days before: day 8 at 09:00 UTC) and
  // a one-off contract renewal on 1 March (reminder 14 days before: 15 February, day 41).
  at(0);
  for (const name of ALL) await converse(name);
  await api(acc, 'POST', `/api/v1/customers/${customers.get('Alma')!.id}/dates`, { kind: 'birthday', date: '--01-20' });
  await api(acc, 'POST', `/api/v1/customers/${customers.get('Alma')!.id}/dates`, { kind: 'contract_renewal', date: '2026-03-01', label: 'Gold plan', remindDaysBefore: 14 });
  at(1);
  await solveAndRate('Alma', 5);
  await solveAndRate('Dawid', 2); // case (bad rating)
  await solveAndRate('Eva', 1); // case (bad rating)
  await complain('Filip'); // case (complaint)
  at(2);
  await complain('Cecilia'); // case (complaint)
  await solveAndRate('Greta', 3); // at risk for 30 days: until day 32
  await grant('Dawid', 'refund', 20);
  const evasVoucher = await grant('Eva', 'voucher', 25);
  at(3);
  await grant('Cecilia', 'voucher', 25);
  await close('Filip', 'not_recovered'); // dissatisfied; lost at day 3 + 90 = day 93 without contact
  at(4);
  await close('Eva', 'recovered'); // recovered until day 94
  at(5);
  await converse('Bo', 'Hello again, I have another question about a delivery.');
  await solveAndRate('Bo', 1); // case opened day 5, last contact day 5: lost at day 95
  at(7);
  await close('Cecilia', 'recovered'); // recovered until day 97
  at(8);
  await close('Dawid', 'recovered'); // recovered until day 98

  at(10);
  assert.deepEqual(await segments(ALL), {
    Alma: 'new',
    Bo: 'dissatisfied',
    Cecilia: 'recovered',
    Dawid: 'recovered',
    Eva: 'recovered',
    Filip: 'dissatisfied',
    Greta: 'at_risk',
  });
  // Retention windows still running are not counted either way.
  const early = await api<{ retentionRate: number | null; cameBack: number; notBackWithinWindow: number }>(acc, 'GET', '/api/v1/reports/recovery?from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z');
  assert.deepEqual([early.cameBack, early.notBackWithinWindow, early.retentionRate], [0, 0, null]);
  // The birthday reminder (due day 8) went out once, to the person who added the date.
  const notes = await api<{ items: Array<{ kind: string; data: { kind: string; date: string } }> }>(acc, 'GET', '/api/v1/notifications');
  assert.deepEqual(notes.items.filter((n) => n.kind === 'date_reminder').map((n) => [n.data.kind, n.data.date]), [['birthday', '2026-01-20']]);
  assert.equal((await run()).datesReminded, 0);

  at(20);
  await converse('Cecilia'); // came back 13 days after her case closed (new conversation)
  at(40);
  await converse('Hugo'); // first contact: new until day 70
  at(50);
  assert.deepEqual(await segments([...ALL, 'Hugo']), {
    Alma: 'active',
    Bo: 'dissatisfied',
    Cecilia: 'recovered',
    Dawid: 'recovered',
    Eva: 'recovered',
    Filip: 'dissatisfied',
    Greta: 'active',
    Hugo: 'new',
  });
  at(60);
  await api(acc, 'POST', `/api/v1/vouchers/${evasVoucher.voucher!.code}/redeem`); // Eva came back (voucher)

  at(94);
  assert.deepEqual(await segments([...ALL, 'Hugo']), {
    Alma: 'active',
    Bo: 'dissatisfied',
    Cecilia: 'recovered',
    Dawid: 'recovered',
    Eva: 'active',
    Filip: 'lost',
    Greta: 'active',
    Hugo: 'active',
  });

  at(100);
  await api(acc, 'POST', `/api/v1/customers/${customers.get('Dawid')!.id}/purchases`, { amount: 80, currency: 'EUR', reference: 'ORDER-100' }); // day 100 > day 8 + 90: too late
  assert.deepEqual(await segments([...ALL, 'Hugo']), {
    Alma: 'active',
    Bo: 'lost',
    Cecilia: 'active',
    Dawid: 'active',
    Eva: 'active',
    Filip: 'lost',
    Greta: 'active',
    Hugo: 'active',
  });

  at(120);
  await converse('Filip', 'I am writing again about the same broken order.'); // back, still dissatisfied (not recovered, no good rating since)
  at(130);
  assert.equal((await segments(['Filip'])).Filip, 'dissatisfied');

  const lifecycle = await api<{ customers: number; segments: Record<string, number> }>(acc, 'GET', '/api/v1/reports/lifecycle');
  assert.deepEqual(lifecycle, { customers: 8, segments: { new: 0, active: 6, at_risk: 0, dissatisfied: 1, recovered: 0, lost: 1 } });

  // Closed: Filip (not recovered, no gesture), Eva (voucher; came back), Cecilia (voucher; came back), Dawid
  // (refund; window ended on day 98 without a return). Bo's case is still open.
  const recovery = await api<Record<string, unknown>>(acc, 'GET', '/api/v1/reports/recovery?from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z');
  assert.deepEqual(recovery.opened, { bad_rating: 3, complaint: 2, negative_message: 0, manual: 0 });
  const outcome = (o: Record<string, unknown>) => [o.cases, o.recovered, o.notRecovered, o.recoveryRate, o.cameBack, o.notBackWithinWindow, o.retentionRate];
  assert.deepEqual(outcome(recovery), [4, 3, 1, 0.75, 2, 1, 0.6667]);
  const byType = recovery.byGestureType as Array<Record<string, unknown>>;
  assert.deepEqual(
    byType.map((r) => [r.type, ...outcome(r)]),
    [
      ['none', 1, 0, 1, 0, 0, 0, null],
      ['refund', 1, 1, 0, 1, 0, 1, 0],
      ['voucher', 2, 2, 0, 1, 2, 0, 1],
    ],
  );
  assert.deepEqual(recovery.gesturesGranted, [
    { type: 'refund', currency: 'EUR', count: 1, value: 20 },
    { type: 'voucher', currency: 'EUR', count: 2, value: 50 },
  ]);
  const cases = await api<{ items: Array<{ customerId: string; cameBackVia: string | null }> }>(agent, 'GET', '/api/v1/recovery-cases?status=closed');
  const via = Object.fromEntries(cases.items.map((c) => [[...customers].find(([, v]) => v.id === c.customerId)![0], c.cameBackVia]));
  assert.deepEqual(via, { Filip: null, Eva: 'voucher', Cecilia: 'conversation', Dawid: null });

  // CSAT of the five answers (5, 2, 1, 3, 1): one of five satisfied.
  const surveys = await api<{ answered: number; csat: number; distribution: Record<string, number> }>(acc, 'GET', '/api/v1/reports/surveys?from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z');
  assert.deepEqual([surveys.answered, surveys.csat, surveys.distribution], [5, 0.2, { '1': 2, '2': 1, '3': 1, '4': 0, '5': 1 }]);

  // The profile shows the segment and the dates: the birthday moved on to next year, the renewal was reminded.
  const profile = await api<{ lifecycle: { segment: string }; importantDates: Array<{ kind: string; nextOccurrence: string | null; remindAt: string | null; lastRemindedAt: string | null }> }>(
    agent,
    'GET',
    `/api/v1/customers/${customers.get('Alma')!.id}`,
  );
  assert.equal(profile.lifecycle.segment, 'active');
  assert.deepEqual(
    profile.importantDates.map((d) => [d.kind, d.nextOccurrence, d.remindAt]),
    [
      ['birthday', '2027-01-20', '2027-01-13T09:00:00.000Z'],
      ['contract_renewal', null, null],
    ],
  );
  // Reminded between the reminder instant and the next look at the clock (a wake-up job may act first).
  const reminded = profile.importantDates.map((d) => new Date(d.lastRemindedAt!).getTime());
  assert.ok(reminded[0]! >= T0.getTime() + 8 * DAY && reminded[0]! <= T0.getTime() + 10 * DAY);
  assert.ok(reminded[1]! >= T0.getTime() + 41 * DAY && reminded[1]! <= T0.getTime() + 50 * DAY);
});
