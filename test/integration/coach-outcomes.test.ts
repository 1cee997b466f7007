import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, uniqueEmail, type TestApp } from '../helpers/harness.js';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

test('each sent reply records what became of the coach findings; the courtesy report counts them', async () => {
  const acc = await t.newAccount();
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/conversations',
    headers: acc.auth,
    payload: { subject: 'Refund', customer: { email: uniqueEmail('c') }, message: { body: 'I was charged twice for my order and I am really annoyed.' } },
  });
  const id = (created.json() as { id: string }).id;
  const send = (body: string, coach?: { shown: string[] }) =>
    t.app.inject({ method: 'POST', url: `/api/v1/conversations/${id}/messages`, headers: acc.auth, payload: { type: 'reply', body, ...(coach ? { coach } : {}) } });

  // The composer showed runaround on an earlier draft; the agent rewrote it and sent a good reply.
  const good = 'I am sorry you were charged twice. I have refunded the second charge today; you will see it on your account within 3 business days.';
  assert.equal((await send(good, { shown: ['runaround'] })).statusCode, 201);
  // Shown and sent anyway.
  const bad = 'Please see our website for our refund policy.';
  const review = await t.app.inject({ method: 'POST', url: '/api/v1/coach/review', headers: acc.auth, payload: { draft: bad } });
  const rules = (review.json() as { findings: Array<{ rule: string }> }).findings.map((f) => f.rule);
  assert.ok(rules.includes('runaround'), `the coach flags the draft (${rules.join(',')})`);
  assert.equal((await send(bad, { shown: rules })).statusCode, 201);
  // An integration that never saw the coach.
  assert.equal((await send(bad)).statusCode, 201);
  const badRule = await t.app.inject({ method: 'POST', url: `/api/v1/conversations/${id}/messages`, headers: acc.auth, payload: { type: 'reply', body: 'x', coach: { shown: ['rudeness'] } } });
  assert.equal(badRule.statusCode, 400, 'unknown rules are refused');

  const from = new Date(Date.now() - 3600_000).toISOString();
  const to = new Date(Date.now() + 3600_000).toISOString();
  const report = await t.app.inject({ method: 'GET', url: `/api/v1/reports/courtesy?from=${from}&to=${to}`, headers: acc.auth });
  assert.equal(report.statusCode, 200, report.body);
  const body = report.json() as { rules: Array<{ rule: string; accepted: number; ignored: number; unreviewed: number; acceptanceRate: number | null }>; agents: Array<{ userId: string; replies: number; repliesWithIgnoredFindings: number; courteousShare: number }> };
  const runaround = body.rules.find((r) => r.rule === 'runaround')!;
  assert.deepEqual({ accepted: runaround.accepted, ignored: runaround.ignored, unreviewed: runaround.unreviewed }, { accepted: 1, ignored: 1, unreviewed: 1 });
  assert.equal(runaround.acceptanceRate, 0.5);
  const me = body.agents.find((a) => a.userId === acc.adminId)!;
  assert.equal(me.replies, 3);
  assert.equal(me.repliesWithIgnoredFindings, 1, 'the unreviewed reply is not held against the agent');
  assert.equal(me.courteousShare, 0.6667);
});

test('an upset customer raises the conversation to high priority; messages carry the customer’s sentiment', async () => {
  const acc = await t.newAccount();
  const create = (body: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/conversations', headers: acc.auth, payload: { subject: 'Order', customer: { email: uniqueEmail('c') }, message: { body } } });
  const angry = await create('This is absolutely unacceptable! Third time I write and NOBODY answers. I am furious and want my money back now!');
  const calm = await create('Hello, could you tell me when my order will arrive? Thank you.');
  const angryView = (await t.app.inject({ method: 'GET', url: `/api/v1/conversations/${(angry.json() as { id: string }).id}`, headers: acc.auth })).json() as {
    priority: string;
    messages: Array<{ sentiment: { label: string; upset: boolean; score: number } | null }>;
  };
  assert.equal(angryView.priority, 'high');
  assert.equal(angryView.messages[0]!.sentiment?.upset, true);
  assert.ok(angryView.messages[0]!.sentiment!.score < 0);
  const calmView = (await t.app.inject({ method: 'GET', url: `/api/v1/conversations/${(calm.json() as { id: string }).id}`, headers: acc.auth })).json() as {
    priority: string;
    messages: Array<{ sentiment: { upset: boolean } | null }>;
  };
  assert.equal(calmView.priority, 'normal');
  assert.equal(calmView.messages[0]!.sentiment?.upset, false);
  const reply = await t.app.inject({ method: 'POST', url: `/api/v1/conversations/${(calm.json() as { id: string }).id}/messages`, headers: acc.auth, payload: { type: 'reply', body: 'Tomorrow before noon.' } });
  assert.equal((reply.json() as { sentiment: unknown }).sentiment, null, 'agents’ messages carry no customer sentiment');
});
