import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestAccount, type TestApp } from '../helpers/harness.js';
import { waitFor } from '../helpers/smtp-sink.js';

let t: TestApp;
let acc: TestAccount;
let conversationId: string;
before(async () => {
  t = await createTestApp();
  acc = await t.newAccount();
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/conversations',
    headers: acc.auth,
    payload: { subject: 'Refund', customer: { email: 'p@example.org' }, message: { body: 'I want my money back.' } },
  });
  conversationId = (res.json() as { id: string }).id;
});
after(() => t.close());

interface PromiseView {
  id: string;
  status: string;
  dueAt: string;
  ownerId: string | null;
}

const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

test('a promise is recorded open with its owner, can be kept, and is not missed afterwards', async () => {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/conversations/${conversationId}/promises`,
    headers: acc.auth,
    payload: { description: 'Call back with the refund status', dueAt: inSeconds(2) },
  });
  assert.equal(res.statusCode, 201, res.body);
  const promise = res.json() as PromiseView;
  assert.equal(promise.status, 'open');
  assert.equal(promise.ownerId, acc.adminId, 'the agent who promised owns it');
  const kept = await t.app.inject({ method: 'PATCH', url: `/api/v1/promises/${promise.id}`, headers: acc.auth, payload: { status: 'kept' } });
  assert.equal(kept.statusCode, 200, kept.body);
  assert.equal((kept.json() as PromiseView).status, 'kept');
  await new Promise((r) => setTimeout(r, 3500)); // past the due time: the due job must leave a kept promise alone
  const list = await t.app.inject({ method: 'GET', url: `/api/v1/conversations/${conversationId}/promises`, headers: acc.auth });
  assert.equal((list.json() as { items: PromiseView[] }).items.find((p) => p.id === promise.id)?.status, 'kept');
});

test('an open promise past its due time becomes missed through the durable due job', async () => {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/conversations/${conversationId}/promises`,
    headers: acc.auth,
    payload: { description: 'Send the replacement', dueAt: inSeconds(1) },
  });
  const id = (res.json() as PromiseView).id;
  const missed = await waitFor(async () => {
    const list = await t.app.inject({ method: 'GET', url: `/api/v1/conversations/${conversationId}/promises`, headers: acc.auth });
    return (list.json() as { items: PromiseView[] }).items.find((p) => p.id === id && p.status === 'missed');
  }, 20_000, 'missed');
  assert.ok(missed);
  const events = await t.app.inject({ method: 'GET', url: `/api/v1/conversations/${conversationId}/events`, headers: acc.auth });
  assert.ok((events.json() as { items: Array<{ type: string }> }).items.some((e) => e.type === 'promise.missed'));
  // Kept late: allowed, recorded.
  const late = await t.app.inject({ method: 'PATCH', url: `/api/v1/promises/${id}`, headers: acc.auth, payload: { status: 'kept' } });
  assert.equal((late.json() as PromiseView).status, 'kept');
});

test('bad input names the field; unknown and foreign ids are 404', async () => {
  const past = await t.app.inject({ method: 'POST', url: `/api/v1/conversations/${conversationId}/promises`, headers: acc.auth, payload: { description: 'x', dueAt: '2020-01-01T00:00:00Z' } });
  assert.equal(past.statusCode, 400);
  assert.match(past.json().error.message, /dueAt/);
  const noDescription = await t.app.inject({ method: 'POST', url: `/api/v1/conversations/${conversationId}/promises`, headers: acc.auth, payload: { dueAt: inSeconds(60) } });
  assert.equal(noDescription.statusCode, 400);
  assert.match(noDescription.json().error.message, /description/);
  const other = await t.newAccount();
  const foreignOwner = await t.app.inject({ method: 'POST', url: `/api/v1/conversations/${conversationId}/promises`, headers: acc.auth, payload: { description: 'x', dueAt: inSeconds(60), ownerId: other.adminId } });
  assert.equal(foreignOwner.statusCode, 400);
  assert.match(foreignOwner.json().error.message, /ownerId/);
  const foreign = await t.app.inject({ method: 'POST', url: `/api/v1/conversations/${conversationId}/promises`, headers: other.auth, payload: { description: 'x', dueAt: inSeconds(60) } });
  assert.equal(foreign.statusCode, 404);
  const badStatus = await t.app.inject({ method: 'PATCH', url: `/api/v1/promises/00000000-0000-4000-8000-000000000000`, headers: acc.auth, payload: { status: 'kept' } });
  assert.equal(badStatus.statusCode, 404);
  const wrong = await t.app.inject({ method: 'PATCH', url: `/api/v1/promises/00000000-0000-4000-8000-000000000000`, headers: acc.auth, payload: { status: 'open' } });
  assert.equal(wrong.statusCode, 400);
  assert.match(wrong.json().error.message, /status/);
});
