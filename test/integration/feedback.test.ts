import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, TEST_PASSWORD, uniqueEmail, type TestAccount, type TestApp } from '../helpers/harness.js';
import { startSmtpSink, waitFor, type SmtpSink } from '../helpers/smtp-sink.js';
import { ManualClock } from '../../src/server/domain/shared/clock.js';
import { runFeedbackClock } from '../../src/server/domain/feedback/feedback-runner.js';

// Surveys, recovery cases, gestures and the discretion budget, end to end through the HTTP API, the feedback
// runner (on a manual service clock) and a real SMTP relay that keeps what it receives.

const PUBLIC_URL = 'https://help.shop.test';
const START = '2026-03-02T08:00:00.000Z';

let t: TestApp;
let sink: SmtpSink;
let clock: ManualClock;

before(async () => {
  sink = await startSmtpSink();
  clock = new ManualClock(START);
  t = await createTestApp({ smtpRelayUrl: `smtp://127.0.0.1:${sink.port}`, mailRetryDelaySeconds: 1, mailRetryLimit: 3, publicUrl: PUBLIC_URL }, { clock });
});
after(async () => {
  await t.close();
  await sink.close();
});

type Auth = { auth: Record<string, string> };
interface Person extends Auth {
  id: string;
}

async function api<T = Record<string, unknown>>(who: Auth, method: string, url: string, payload?: unknown): Promise<{ status: number; body: T }> {
  const res = await t.app.inject({ method: method as 'GET', url, headers: who.auth, ...(payload !== undefined ? { payload: payload as object } : {}) });
  return { status: res.statusCode, body: String(res.headers['content-type'] ?? '').includes('json') ? (res.json() as T) : (res.body as T) };
}

async function page(method: 'GET' | 'POST', path: string, form?: string, language?: string) {
  const res = await t.app.inject({
    method,
    url: path,
    headers: { ...(form !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...(language ? { 'accept-language': language } : {}) },
    ...(form !== undefined ? { payload: form } : {}),
  });
  return { status: res.statusCode, html: res.body, headers: res.headers };
}

async function person(acc: TestAccount, role: 'agent' | 'supervisor', name: string): Promise<Person> {
  const email = uniqueEmail(role);
  const res = await api<{ id: string }>(acc, 'POST', '/api/v1/users', { email, name, role, password: TEST_PASSWORD });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return { id: res.body.id, auth: { authorization: `Bearer ${await t.login(email, TEST_PASSWORD)}` } };
}

async function setup(name: string) {
  clock.set(START);
  const acc = await t.newAccount(name);
  const address = await api(acc, 'POST', '/api/v1/email-addresses', { address: `support@${name}.shop.test`, displayName: 'Shop support' });
  assert.equal(address.status, 201, JSON.stringify(address.body));
  const agent = await person(acc, 'agent', 'Anna Agent');
  const supervisor = await person(acc, 'supervisor', 'Sven Supervisor');
  return { acc, agent, supervisor };
}

async function openConversation(acc: TestAccount, assigneeId: string, customer: { email: string; name?: string }, body: string, extra: Record<string, unknown> = {}) {
  const res = await api<{ id: string; number: number; customerId: string; language: string }>(acc, 'POST', '/api/v1/conversations', {
    subject: 'My order',
    customer,
    message: { body },
    assigneeId,
    ...extra,
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

const run = (acc: TestAccount) => runFeedbackClock(t.deps.db, t.deps.serviceClock, { publicUrl: PUBLIC_URL }, { accountId: acc.accountId });

interface SurveyView {
  token: string;
  url: string;
  sentAt: string | null;
  answer: { score: number; comment: string | null; via: string } | null;
}
const surveyOf = async (who: Auth, conversationId: string) => api<SurveyView>(who, 'GET', `/api/v1/conversations/${conversationId}/survey`);

interface CaseView {
  id: string;
  conversationId: string;
  customerId: string;
  ownerId: string | null;
  dueAt: string;
  status: string;
  reason: string;
  followUpAt: string | null;
}
interface GestureView {
  id: string;
  status: string;
  withinDiscretion: boolean;
  value: number;
  voucher: { code: string; redeemedAt: string | null } | null;
}

test('solve → survey mail in the customer’s language → the one-click link only confirms → the rating is stored once; tampered links are refused', async () => {
  const { acc, agent } = await setup('survey');
  const settings = await api<{ surveyDelayMinutes: number }>(acc, 'PUT', '/api/v1/feedback/settings', { surveyDelayMinutes: 15 });
  assert.equal(settings.status, 200, JSON.stringify(settings.body));
  assert.equal(settings.body.surveyDelayMinutes, 15);

  const karin = { email: uniqueEmail('karin'), name: 'Karin Lind' };
  const conversation = await openConversation(
    acc,
    agent.id,
    karin,
    'Hej! Jag har en fråga om min beställning av en jacka. När kan jag räkna med att den levereras till mig?',
    { channel: 'email' },
  );
  assert.equal(conversation.language, 'sv');
  const reply = await api(agent, 'POST', `/api/v1/conversations/${conversation.id}/messages`, { type: 'reply', body: 'Hej Karin, jackan skickades i morse och kommer i morgon.' });
  assert.equal(reply.status, 201);
  assert.equal((await surveyOf(agent, conversation.id)).status, 404, 'no survey before the conversation is solved');

  const solved = await api(agent, 'PATCH', `/api/v1/conversations/${conversation.id}`, { status: 'solved' });
  assert.equal(solved.status, 200, JSON.stringify(solved.body));
  // The survey exists at once; its mail waits for the delay.
  const created = await surveyOf(agent, conversation.id);
  assert.equal(created.status, 200, JSON.stringify(created.body));
  assert.match(created.body.token, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(created.body.url, `${PUBLIC_URL}/s/${created.body.token}`);
  assert.equal(created.body.sentAt, null);
  assert.equal((await run(acc)).surveysSent, 0, 'not before the 15 minutes');
  clock.advanceMinutes(15);
  assert.equal((await run(acc)).surveysSent, 1);
  assert.equal((await run(acc)).surveysSent, 0, 'exactly once');

  const mail = await waitFor(() => sink.mails.find((m) => m.rcptTo.includes(karin.email) && (m.parsed.text ?? '').includes('Hur nöjd')), 15_000, 'survey mail');
  const text = mail.parsed.text ?? '';
  assert.match(text, /^Hej Karin Lind,/);
  assert.match(text, new RegExp(`Ditt ärende ${conversation.number} är löst`));
  assert.match(text, /5 – Mycket nöjd: /);
  assert.match(text, /1 – Mycket missnöjd: /);
  assert.match(String(mail.parsed.html), /href="https:\/\/help\.shop\.test\/s\/[A-Za-z0-9_-]{43}\?score=5"/);
  const links = Object.fromEntries([...text.matchAll(/(\d) – [^:\n]+: (\S+)/g)].map((m) => [m[1]!, m[2]!]));
  assert.deepEqual(Object.keys(links).sort(), ['1', '2', '3', '4', '5']);
  assert.equal(links['5'], `${created.body.url}?score=5`);
  assert.ok((await surveyOf(agent, conversation.id)).body.sentAt);

  // Opening a rating link (as a mail scanner would) shows a confirmation form and stores nothing.
  const path = links['5']!.slice(PUBLIC_URL.length);
  const opened = await page('GET', path);
  assert.equal(opened.status, 200);
  assert.match(opened.headers['content-type'] as string, /text\/html/);
  assert.match(opened.headers['content-security-policy'] as string, /default-src 'none'/);
  assert.equal(opened.headers['cache-control'], 'no-store');
  assert.match(opened.html, /<html lang="sv">/);
  assert.match(opened.html, /value="5" checked/);
  assert.match(opened.html, /Du valde ”5 – Mycket nöjd”/);
  assert.match(opened.html, /<form method="post"/);
  assert.doesNotMatch(opened.html, /<script/i);
  assert.equal((await surveyOf(agent, conversation.id)).body.answer, null, 'a GET never records a rating');

  // Tampered tokens: a clear page (in the visitor's language when we cannot know the customer's), nothing stored.
  const token = created.body.token;
  const tampered = (token[5] === 'A' ? 'B' : 'A') + token.slice(1, 5) + token.slice(5);
  const forged = token.slice(0, 5) + (token[5] === 'A' ? 'B' : 'A') + token.slice(6);
  for (const bad of [forged, tampered, token.slice(0, 40), `${token}x`, 'not-a-token']) {
    const got = await page('GET', `/s/${bad}?score=5`, undefined, 'sv-SE,sv;q=0.9');
    assert.equal(got.status, 404, bad);
    assert.match(got.html, /Länken är inte giltig/);
    const posted = await page('POST', `/s/${bad}`, 'score=5');
    assert.equal(posted.status, 404);
    assert.match(posted.html, /This link is not valid/);
    const viaApi = await api<{ error: { code: string } }>({ auth: {} }, 'POST', `/api/v1/surveys/${bad}`, { score: 5 });
    assert.equal(viaApi.status, 404);
    assert.equal(viaApi.body.error.code, 'not_found');
  }
  assert.equal((await surveyOf(agent, conversation.id)).body.answer, null, 'nothing stored for forged links');

  // A form without a score asks again, stores nothing.
  const empty = await page('POST', `/s/${token}`, 'comment=hej');
  assert.equal(empty.status, 400);
  assert.match(empty.html, /Välj ett betyg från 1 till 5/);
  assert.equal((await surveyOf(agent, conversation.id)).body.answer, null);

  // The customer presses the button: stored.
  const rated = await page('POST', `/s/${token}`, `score=5&comment=${encodeURIComponent('Snabb och vänlig hjälp')}`);
  assert.equal(rated.status, 200, rated.html);
  assert.match(rated.html, /Tack! Ditt betyg har registrerats/);
  const stored = (await surveyOf(agent, conversation.id)).body;
  assert.deepEqual({ score: stored.answer?.score, comment: stored.answer?.comment, via: stored.answer?.via }, { score: 5, comment: 'Snabb och vänlig hjälp', via: 'page' });

  // Replayed: the page, the form and the API all refuse; the stored answer is untouched.
  const again = await page('POST', `/s/${token}`, 'score=1');
  assert.equal(again.status, 409);
  assert.match(again.html, /redan besvarad/);
  assert.equal((await page('GET', `/s/${token}?score=1`)).status, 409);
  const replay = await api<{ error: { code: string } }>({ auth: {} }, 'POST', `/api/v1/surveys/${token}`, { score: 1 });
  assert.equal(replay.status, 409);
  assert.equal(replay.body.error.code, 'conflict');
  assert.equal((await surveyOf(agent, conversation.id)).body.answer?.score, 5);
  const cases = await api<{ items: CaseView[] }>(agent, 'GET', `/api/v1/recovery-cases?conversationId=${conversation.id}`);
  assert.equal(cases.body.items.length, 0, `the replayed 1 opened no case: ${JSON.stringify(cases.body.items)}`);

  // Another conversation's link is its own: answering one never touches the other.
  const second = await openConversation(acc, agent.id, karin, 'Hej igen, en fråga till om min faktura.', { channel: 'email' });
  await api(agent, 'PATCH', `/api/v1/conversations/${second.id}`, { status: 'solved' });
  const secondSurvey = (await surveyOf(agent, second.id)).body;
  assert.notEqual(secondSurvey.token, token);
  assert.equal(secondSurvey.answer, null);

  // Survey results: CSAT per agent and channel.
  const report = await api<{ answered: number; csat: number; byAgent: Array<{ userId: string; csat: number }>; byChannel: Array<{ channel: string; answered: number }> }>(
    acc,
    'GET',
    `/api/v1/reports/surveys?from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z`,
  );
  assert.equal(report.status, 200, JSON.stringify(report.body));
  assert.equal(report.body.answered, 1);
  assert.equal(report.body.csat, 1);
  assert.deepEqual(report.body.byAgent.map((a) => [a.userId, a.csat]), [[agent.id, 1]]);
  assert.deepEqual(report.body.byChannel.map((c) => [c.channel, c.answered]), [['email', 1]]);
});

test('bad rating → recovery case; within discretion → granted; above → pending → approved by a supervisor; check-in; voucher redeemed once', async () => {
  const { acc, agent, supervisor } = await setup('recovery');
  const customer = { email: uniqueEmail('oliver'), name: 'Oliver Grant' };
  const conversation = await openConversation(acc, agent.id, customer, 'Hello, my order 4471 has not arrived yet. Could you check where it is?');
  await api(agent, 'PATCH', `/api/v1/conversations/${conversation.id}`, { status: 'solved' });
  const { token } = (await surveyOf(agent, conversation.id)).body;

  const answered = await api({ auth: {} }, 'POST', `/api/v1/surveys/${token}`, { score: 1, comment: 'Still no parcel and nobody called me back.' });
  assert.equal(answered.status, 200, JSON.stringify(answered.body));
  const openedAt = clock.now();

  const open = await api<{ items: CaseView[] }>(agent, 'GET', '/api/v1/recovery-cases?status=open');
  assert.equal(open.status, 200);
  assert.equal(open.body.items.length, 1);
  const recoveryCase = open.body.items[0]!;
  assert.equal(recoveryCase.conversationId, conversation.id);
  assert.equal(recoveryCase.customerId, conversation.customerId);
  assert.equal(recoveryCase.ownerId, agent.id, 'the assignee owns the case');
  assert.equal(recoveryCase.reason, 'bad_rating');
  assert.equal(recoveryCase.status, 'open');
  // Due 480 minutes later on the service clock (no team, so calendar time).
  assert.equal(recoveryCase.dueAt, new Date(openedAt.getTime() + 480 * 60_000).toISOString());
  const agentNotes = await api<{ items: Array<{ kind: string; data: { caseId?: string } }> }>(agent, 'GET', '/api/v1/notifications');
  assert.ok(agentNotes.body.items.some((n) => n.kind === 'recovery_case' && n.data.caseId === recoveryCase.id));

  // Discretion: supervisors set it, agents may not.
  assert.equal((await api(agent, 'PUT', `/api/v1/users/${agent.id}/discretion`, { perCase: 1000, monthly: 1000, currency: 'EUR' })).status, 403);
  const discretion = await api(supervisor, 'PUT', `/api/v1/users/${agent.id}/discretion`, { perCase: 50, monthly: 200, currency: 'eur' });
  assert.equal(discretion.status, 200, JSON.stringify(discretion.body));
  assert.deepEqual(discretion.body, { userId: agent.id, perCase: 50, monthly: 200, currency: 'EUR', month: '2026-03', usedThisMonth: 0, remainingThisMonth: 200 });

  const voucher = await api<GestureView>(agent, 'POST', `/api/v1/recovery-cases/${recoveryCase.id}/gestures`, { type: 'voucher', value: 30, currency: 'EUR', description: 'For the next order' });
  assert.equal(voucher.status, 201, JSON.stringify(voucher.body));
  assert.equal(voucher.body.status, 'granted');
  assert.equal(voucher.body.withinDiscretion, true);
  assert.match(voucher.body.voucher?.code ?? '', /^V-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

  // 30 + 40 exceeds the per-case limit of 50: it waits for a supervisor.
  const refund = await api<GestureView>(agent, 'POST', `/api/v1/recovery-cases/${recoveryCase.id}/gestures`, { type: 'refund', value: 40, currency: 'EUR' });
  assert.equal(refund.status, 201);
  assert.equal(refund.body.status, 'pending_approval');
  const queue = await api<{ items: GestureView[] }>(supervisor, 'GET', '/api/v1/gestures?status=pending_approval');
  assert.deepEqual(queue.body.items.map((g) => g.id), [refund.body.id]);
  const supNotes = await api<{ items: Array<{ kind: string; data: { gestureId?: string; reason?: string } }> }>(supervisor, 'GET', '/api/v1/notifications');
  assert.ok(supNotes.body.items.some((n) => n.kind === 'gesture_approval' && n.data.gestureId === refund.body.id && n.data.reason === 'per_case_limit'));
  // Another currency never fits the budget.
  const dollars = await api<GestureView>(agent, 'POST', `/api/v1/recovery-cases/${recoveryCase.id}/gestures`, { type: 'gift', value: 5, currency: 'USD' });
  assert.equal(dollars.body.status, 'pending_approval');

  assert.equal((await api(agent, 'POST', `/api/v1/gestures/${refund.body.id}/approve`)).status, 403, 'agents do not approve');
  const approved = await api<GestureView>(supervisor, 'POST', `/api/v1/gestures/${refund.body.id}/approve`, { note: 'Second failed delivery: fair.' });
  assert.equal(approved.status, 200, JSON.stringify(approved.body));
  assert.equal(approved.body.status, 'granted');
  assert.equal(approved.body.withinDiscretion, false);
  assert.equal((await api(supervisor, 'POST', `/api/v1/gestures/${refund.body.id}/decline`)).status, 409, 'decided is decided');
  const declined = await api<GestureView>(supervisor, 'POST', `/api/v1/gestures/${dollars.body.id}/decline`);
  assert.equal(declined.body.status, 'declined');
  const requesterNotes = await api<{ items: Array<{ kind: string; data: { gestureId?: string; status?: string } }> }>(agent, 'GET', '/api/v1/notifications');
  assert.ok(requesterNotes.body.items.some((n) => n.kind === 'gesture_decided' && n.data.gestureId === refund.body.id && n.data.status === 'granted'));

  // Only the agent's own grants count against the budget.
  const budget = await api<{ usedThisMonth: number; remainingThisMonth: number }>(agent, 'GET', `/api/v1/users/${agent.id}/discretion`);
  assert.deepEqual([budget.body.usedThisMonth, budget.body.remainingThisMonth], [30, 170]);

  // Audited: every step is in the conversation's log with its actor.
  const log = await api<{ items: Array<{ type: string; actor: { id: string | null } }> }>(agent, 'GET', `/api/v1/conversations/${conversation.id}/events`);
  const steps = log.body.items.filter((e) => e.type.startsWith('gesture.') || e.type.startsWith('recovery.') || e.type === 'survey.answered');
  assert.deepEqual(
    steps.map((e) => e.type),
    ['survey.answered', 'recovery.opened', 'gesture.granted', 'recovery.updated', 'gesture.approval_requested', 'gesture.approval_requested', 'gesture.approved', 'gesture.declined'],
  );
  assert.equal(steps.find((e) => e.type === 'gesture.approved')?.actor.id, supervisor.id);

  // The check-in goes to the customer after the follow-up delay (3 days by default), with the voucher code.
  const withGestures = await api<CaseView & { gestures: GestureView[] }>(agent, 'GET', `/api/v1/recovery-cases/${recoveryCase.id}`);
  assert.equal(withGestures.body.status, 'gesture_offered');
  assert.equal(withGestures.body.gestures.length, 3);
  assert.equal(withGestures.body.followUpAt, new Date(clock.now().getTime() + 4320 * 60_000).toISOString());
  clock.advanceMinutes(4320);
  const report = await run(acc);
  assert.equal(report.checkInsSent, 1);
  assert.equal(report.casesOverdue, 1, 'the case was still open at its due time');
  const checkIn = await waitFor(() => sink.mails.find((m) => m.rcptTo.includes(customer.email) && (m.parsed.text ?? '').includes('check in')), 15_000, 'check-in mail');
  assert.match(checkIn.parsed.text ?? '', new RegExp(`your voucher code is ${voucher.body.voucher!.code}`));
  assert.equal((await api<CaseView>(agent, 'GET', `/api/v1/recovery-cases/${recoveryCase.id}`)).body.status, 'following_up');

  const closed = await api<CaseView & { closedAt: string }>(agent, 'PATCH', `/api/v1/recovery-cases/${recoveryCase.id}`, { status: 'recovered', note: 'Parcel arrived, customer happy.' });
  assert.equal(closed.status, 200, JSON.stringify(closed.body));
  assert.equal(closed.body.status, 'recovered');
  assert.equal((await api(agent, 'PATCH', `/api/v1/recovery-cases/${recoveryCase.id}`, { status: 'not_recovered' })).status, 409);
  assert.equal((await api(agent, 'POST', `/api/v1/recovery-cases/${recoveryCase.id}/gestures`, { type: 'gift', value: 5, currency: 'EUR' })).status, 409);

  // The voucher is redeemed at the till: once; the customer counts as come back.
  clock.advanceMinutes(60 * 24 * 10);
  const redeemed = await api<GestureView>(acc, 'POST', `/api/v1/vouchers/${voucher.body.voucher!.code.toLowerCase()}/redeem`);
  assert.equal(redeemed.status, 200, JSON.stringify(redeemed.body));
  assert.ok(redeemed.body.voucher?.redeemedAt);
  assert.equal((await api(acc, 'POST', `/api/v1/vouchers/${voucher.body.voucher!.code}/redeem`)).status, 409);
  assert.equal((await api(acc, 'POST', '/api/v1/vouchers/V-0000-0000-0000/redeem')).status, 404);
  const after = await api<CaseView & { cameBackVia: string }>(agent, 'GET', `/api/v1/recovery-cases/${recoveryCase.id}`);
  assert.equal(after.body.cameBackVia, 'voucher');
  const lifecycle = await api<{ segment: string }>(agent, 'GET', `/api/v1/customers/${conversation.customerId}/lifecycle`);
  assert.equal(lifecycle.body.segment, 'recovered');
});

test('a complaint tag and an upset customer message open cases; a second trigger joins the open case', async () => {
  const { acc, agent } = await setup('triggers');
  const complaint = await openConversation(acc, agent.id, { email: uniqueEmail('mia') }, 'The parcel came damaged and this is the second time.');
  const tagged = await api(agent, 'PATCH', `/api/v1/conversations/${complaint.id}`, { tags: ['complaint', 'delivery'] });
  assert.equal(tagged.status, 200);
  const upset = await openConversation(acc, agent.id, { email: uniqueEmail('max') }, 'This is absolutely unacceptable! I am furious, your service is the worst and I want my money back NOW!!!');
  const cases = (await api<{ items: CaseView[] }>(agent, 'GET', '/api/v1/recovery-cases?status=active')).body.items;
  assert.deepEqual(cases.map((c) => [c.conversationId, c.reason]).sort(), [[complaint.id, 'complaint'], [upset.id, 'negative_message']].sort());
  // A bad rating on the complaint's conversation joins the open case instead of opening another.
  await api(agent, 'PATCH', `/api/v1/conversations/${complaint.id}`, { status: 'solved' });
  const { token } = (await surveyOf(agent, complaint.id)).body;
  assert.equal((await api({ auth: {} }, 'POST', `/api/v1/surveys/${token}`, { score: 2 })).status, 200);
  assert.equal((await api<{ items: CaseView[] }>(agent, 'GET', `/api/v1/recovery-cases?conversationId=${complaint.id}`)).body.items.length, 1);
  const segment = await api<{ segment: string }>(agent, 'GET', `/api/v1/customers/${upset.customerId}`);
  assert.equal((segment.body as unknown as { lifecycle: { segment: string } }).lifecycle.segment, 'dissatisfied');
});

test('20 parallel gesture requests never spend more than the monthly budget', async () => {
  const { acc, agent, supervisor } = await setup('race');
  const conversation = await openConversation(acc, agent.id, { email: uniqueEmail('pat') }, 'My invoice is wrong again.');
  const opened = await api<CaseView>(agent, 'POST', '/api/v1/recovery-cases', { conversationId: conversation.id, reason: 'complaint' });
  assert.equal(opened.status, 201, JSON.stringify(opened.body));
  assert.equal((await api(supervisor, 'PUT', `/api/v1/users/${agent.id}/discretion`, { perCase: 1000, monthly: 100, currency: 'EUR' })).status, 200);

  const results = await Promise.all(
    Array.from({ length: 20 }, () => api<GestureView>(agent, 'POST', `/api/v1/recovery-cases/${opened.body.id}/gestures`, { type: 'refund', value: 15, currency: 'EUR' })),
  );
  assert.ok(results.every((r) => r.status === 201), JSON.stringify(results.map((r) => r.status)));
  const granted = results.filter((r) => r.body.status === 'granted');
  assert.equal(granted.length, 6, '6 × 15 = 90 fits 100; a seventh would be 105');
  assert.equal(results.filter((r) => r.body.status === 'pending_approval').length, 14);
  const spent = await t.deps.db
    .selectFrom('gestures')
    .select((eb) => eb.fn.sum<number>('value').as('total'))
    .where('account_id', '=', acc.accountId)
    .where('within_discretion', '=', true)
    .executeTakeFirstOrThrow();
  assert.equal(Number(spent.total), 90);
  const view = await api<{ usedThisMonth: number; remainingThisMonth: number }>(agent, 'GET', `/api/v1/users/${agent.id}/discretion`);
  assert.deepEqual([view.body.usedThisMonth, view.body.remainingThisMonth], [90, 10]);
});

test('the summary report brings CSAT, response, SLA, promise, recovery and transfer figures together', async () => {
  const { acc, agent, supervisor } = await setup('summary');
  const a = await openConversation(acc, agent.id, { email: uniqueEmail('sam') }, 'Where is my order?');
  await api(agent, 'POST', `/api/v1/conversations/${a.id}/messages`, { type: 'reply', body: 'It ships today.' });
  await api(agent, 'PATCH', `/api/v1/conversations/${a.id}`, { status: 'solved' });
  const { token } = (await surveyOf(agent, a.id)).body;
  await api({ auth: {} }, 'POST', `/api/v1/surveys/${token}`, { score: 4, nps: 9, ces: 6 });
  const window = `from=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}&to=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`;
  // Survey answers count in the window of the service clock; conversations in their record time (the database's).
  assert.equal((await api(agent, 'GET', `/api/v1/reports/summary?${window}`)).status, 403, 'supervisors and admins only');
  const summary = await api<Record<string, number | null> & { byStatus: Record<string, number> }>(supervisor, 'GET', `/api/v1/reports/summary?${window}`);
  assert.equal(summary.status, 200, JSON.stringify(summary.body));
  assert.equal(summary.body.conversations, 1);
  assert.deepEqual(summary.body.byStatus, { new: 0, open: 0, pending: 0, on_hold: 0, solved: 1, closed: 0 });
  assert.equal(typeof summary.body.firstResponseMedianMinutes, 'number');
  assert.equal(summary.body.slaAttainment, null, 'no SLA policy');
  assert.equal(summary.body.promiseKeptRate, null, 'no promises');
  assert.equal(summary.body.recoveryRate, null, 'no case closed');
  assert.equal(summary.body.transfersPerConversation, 0);
  // Two more in the window, one waiting on the customer: counted by their status now.
  const b = await openConversation(acc, agent.id, { email: uniqueEmail('ida') }, 'Can I change my address?');
  const c = await openConversation(acc, agent.id, { email: uniqueEmail('ole') }, 'The lid is cracked.');
  await api(agent, 'PATCH', `/api/v1/conversations/${c.id}`, { status: 'pending' });
  // Two transfers of one of them: 2 transfers over 3 conversations, as the routing report counts them.
  for (const [from, to] of [[agent, supervisor], [supervisor, agent]] as const) {
    const moved = await api(from, 'POST', `/api/v1/conversations/${b.id}/transfer`, { toUserId: to.id, note: 'Ida asks about the delivery address; the order number is in her first message.' });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
  }
  const later = await api<{ conversations: number; byStatus: Record<string, number>; transfersPerConversation: number }>(supervisor, 'GET', `/api/v1/reports/summary?${window}`);
  assert.equal(later.body.conversations, 3);
  assert.equal(later.body.transfersPerConversation, 0.67);
  const routing = await api<{ transfersPerConversation: number }>(supervisor, 'GET', `/api/v1/reports/routing?${window}`);
  assert.equal(routing.status, 200, JSON.stringify(routing.body));
  assert.equal(Math.round(routing.body.transfersPerConversation * 100) / 100, later.body.transfersPerConversation, 'the same figure as the routing report');
  assert.equal(later.body.byStatus.solved, 1);
  assert.equal(later.body.byStatus.pending, 1);
  assert.equal(Object.values(later.body.byStatus).reduce((a, b) => a + b, 0), 3, JSON.stringify(later.body.byStatus));
  const surveys = await api<Record<string, number | null>>(supervisor, 'GET', `/api/v1/reports/summary?from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z`);
  assert.deepEqual([surveys.body.csat, surveys.body.nps, surveys.body.ces, surveys.body.surveysAnswered], [1, 100, 6, 1]);
});

test('changed feedback settings apply to the very next message (they are kept in memory per account)', async () => {
  const { acc, agent } = await setup('settings-cache');
  const UPSET = 'This is absolutely unacceptable! I am furious, your service is the worst and I want my money back NOW!!!';
  const casesOf = async (conversationId: string) =>
    (await api<{ items: CaseView[] }>(agent, 'GET', `/api/v1/recovery-cases?conversationId=${conversationId}`)).body.items.map((c) => c.reason);
  // Read once with the defaults, so that what follows would see a stale copy if a change did not reach it.
  const first = await openConversation(acc, agent.id, { email: uniqueEmail('ulla') }, UPSET);
  assert.deepEqual(await casesOf(first.id), ['negative_message']);

  const off = await api(acc, 'PUT', '/api/v1/feedback/settings', { negativeMessageCases: false, complaintTag: 'angry' });
  assert.equal(off.status, 200, JSON.stringify(off.body));
  const second = await openConversation(acc, agent.id, { email: uniqueEmail('ulf') }, UPSET);
  assert.deepEqual(await casesOf(second.id), [], 'no case for a strongly negative message once switched off');
  const tagged = await openConversation(acc, agent.id, { email: uniqueEmail('uno') }, 'Where is my order?', { tags: ['angry'] });
  assert.deepEqual(await casesOf(tagged.id), ['complaint'], 'the new complaint tag applies at once');

  assert.equal((await api(acc, 'PUT', '/api/v1/feedback/settings', { negativeMessageCases: true })).status, 200);
  const third = await openConversation(acc, agent.id, { email: uniqueEmail('ursula') }, UPSET);
  assert.deepEqual(await casesOf(third.id), ['negative_message']);
});
