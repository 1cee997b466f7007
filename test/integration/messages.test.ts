import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, uniqueEmail, type TestAccount, type TestApp } from '../helpers/harness.js';

interface MessageJson {
  id: string;
  conversationId: string;
  seq: number;
  direction: 'inbound' | 'outbound';
  type: 'message' | 'note';
  channel: string;
  author: { type: string; userId: string | null; customerId: string | null };
  body: string;
  bodyFull: string;
  html: string | null;
  language: string;
  createdAt: string;
  attachments: unknown[];
}

interface ConversationJson {
  id: string;
  number: number;
  status: string;
  channel: string;
  messageCount: number;
  createdAt: string;
  updatedAt: string;
  lastActivityAt: string;
  firstResponseAt: string | null;
  messages: MessageJson[];
}

interface ErrorJson {
  error: { code: string; message: string; details?: { fields?: Array<{ field: string; message: string }> } };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let t: TestApp;

before(async () => {
  t = await createTestApp();
});

after(async () => {
  await t.close();
});

function assertFieldError(res: LightMyRequestResponse, field: string): void {
  assert.equal(res.statusCode, 400, res.body);
  const body = res.json<ErrorJson>();
  assert.equal(body.error.code, 'validation_failed');
  const fields = (body.error.details?.fields ?? []).map((f) => f.field);
  assert.ok(fields.includes(field), `details.fields names ${field}: ${res.body}`);
  assert.match(body.error.message, new RegExp(field));
}

function createConversationRequest(acc: TestAccount, payload: Record<string, unknown> = {}) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/conversations',
    headers: acc.auth,
    payload: {
      subject: 'My order has not arrived',
      customer: { email: uniqueEmail('customer') },
      message: { body: 'Hello, I ordered a blue lamp two weeks ago and it still has not arrived.' },
      ...payload,
    },
  });
}

async function createConversation(acc: TestAccount, payload: Record<string, unknown> = {}): Promise<ConversationJson> {
  const res = await createConversationRequest(acc, payload);
  assert.equal(res.statusCode, 201, res.body);
  return res.json<ConversationJson>();
}

function post(acc: TestAccount, conversationId: string, payload: unknown) {
  return t.app.inject({ method: 'POST', url: `/api/v1/conversations/${conversationId}/messages`, headers: acc.auth, payload: payload as object });
}

async function getConversation(acc: TestAccount, id: string): Promise<ConversationJson> {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/conversations/${id}`, headers: acc.auth });
  assert.equal(res.statusCode, 200, res.body);
  return res.json<ConversationJson>();
}

/** Every conversation number in the account, walking the cursor pages. */
async function allNumbers(acc: TestAccount): Promise<number[]> {
  const numbers: number[] = [];
  let cursor: string | null = null;
  do {
    const url: string = `/api/v1/conversations?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await t.app.inject({ method: 'GET', url, headers: acc.auth });
    assert.equal(res.statusCode, 200, res.body);
    const page = res.json<{ items: Array<{ number: number }>; nextCursor: string | null }>();
    numbers.push(...page.items.map((c) => c.number));
    cursor = page.nextCursor;
  } while (cursor);
  return numbers;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('POST /api/v1/conversations/:id/messages', () => {
  test('a reply is an outbound message; the first one opens the conversation and sets firstResponseAt', async () => {
    const acc = await t.newAccount();
    const c = await createConversation(acc, { channel: 'chat' });
    assert.equal(c.status, 'new');
    assert.equal(c.firstResponseAt, null);

    const res = await post(acc, c.id, { type: 'reply', body: '  Thanks for writing, the lamp left our warehouse today.  ' });
    assert.equal(res.statusCode, 201, res.body);
    const reply = res.json<MessageJson>();
    assert.match(reply.id, UUID);
    assert.equal(reply.conversationId, c.id);
    assert.equal(reply.seq, 2);
    assert.equal(reply.direction, 'outbound');
    assert.equal(reply.type, 'message');
    assert.equal(reply.channel, 'chat', 'a reply goes out on the conversation channel');
    assert.equal(reply.body, 'Thanks for writing, the lamp left our warehouse today.');
    assert.equal(reply.author.type, 'user');
    assert.equal(reply.author.userId, acc.adminId);
    assert.deepEqual(reply.attachments, []);

    const after1 = await getConversation(acc, c.id);
    assert.equal(after1.status, 'open', 'the first reply moves new → open');
    assert.ok(after1.firstResponseAt, 'firstResponseAt is set');
    const firstResponseAt = Date.parse(after1.firstResponseAt);
    assert.ok(firstResponseAt >= Date.parse(c.createdAt), 'first response is after the conversation started');
    assert.ok(Math.abs(firstResponseAt - Date.parse(reply.createdAt)) < 1000, 'first response time is the reply time');
    assert.deepEqual(after1.messages.map((m) => m.id), [c.messages[0]!.id, reply.id]);

    // A later reply changes neither the status back nor the first response time.
    assert.equal((await post(acc, c.id, { type: 'reply', body: 'It should arrive tomorrow.' })).statusCode, 201);
    const after2 = await getConversation(acc, c.id);
    assert.equal(after2.status, 'open');
    assert.equal(after2.firstResponseAt, after1.firstResponseAt);
  });

  test('a note is internal: type note, outbound, and neither opens the conversation nor sets firstResponseAt', async () => {
    const acc = await t.newAccount();
    const c = await createConversation(acc);
    const res = await post(acc, c.id, { type: 'note', body: 'Customer called earlier, checking with the courier.' });
    assert.equal(res.statusCode, 201, res.body);
    const note = res.json<MessageJson>();
    assert.equal(note.type, 'note');
    assert.equal(note.direction, 'outbound');
    assert.equal(note.seq, 2);

    const afterNote = await getConversation(acc, c.id);
    assert.equal(afterNote.status, 'new');
    assert.equal(afterNote.firstResponseAt, null);

    // A reply after the note is the first response.
    const reply = (await post(acc, c.id, { type: 'reply', body: 'We have asked the courier.' })).json<MessageJson>();
    const afterReply = await getConversation(acc, c.id);
    assert.equal(afterReply.status, 'open');
    assert.ok(afterReply.firstResponseAt);
    assert.ok(Date.parse(afterReply.firstResponseAt) >= Date.parse(note.createdAt), 'the note did not count as a response');
    assert.ok(Math.abs(Date.parse(afterReply.firstResponseAt) - Date.parse(reply.createdAt)) < 1000);
  });

  test('rejects an empty or missing body and an unknown type naming the field; unknown conversation → 404', async () => {
    const acc = await t.newAccount();
    const c = await createConversation(acc);
    assertFieldError(await post(acc, c.id, { type: 'reply', body: '' }), 'body');
    assertFieldError(await post(acc, c.id, { type: 'reply', body: ' \n\t ' }), 'body');
    assertFieldError(await post(acc, c.id, { type: 'note' }), 'body');
    assertFieldError(await post(acc, c.id, { type: 'email', body: 'Hello' }), 'type');
    assertFieldError(await post(acc, c.id, { body: 'Hello' }), 'type');

    const missing = await post(acc, randomUUID(), { type: 'reply', body: 'Hello?' });
    assert.equal(missing.statusCode, 404, missing.body);
    assert.equal(missing.json<ErrorJson>().error.code, 'not_found');
    assertFieldError(await post(acc, 'not-a-uuid', { type: 'reply', body: 'Hello?' }), 'id');

    // Another account's conversation is as good as unknown.
    const other = await t.newAccount();
    assert.equal((await post(other, c.id, { type: 'reply', body: 'Hijack' })).statusCode, 404);

    const stored = await getConversation(acc, c.id);
    assert.equal(stored.messages.length, 1, 'nothing was stored by the rejected requests');
    assert.equal(stored.status, 'new');
  });

  test('a closed conversation takes notes but no replies (409)', async () => {
    const acc = await t.newAccount();
    const c = await createConversation(acc);
    const closed = await t.app.inject({ method: 'PATCH', url: `/api/v1/conversations/${c.id}`, headers: acc.auth, payload: { status: 'closed' } });
    assert.equal(closed.statusCode, 200, closed.body);
    const reply = await post(acc, c.id, { type: 'reply', body: 'Too late' });
    assert.equal(reply.statusCode, 409, reply.body);
    assert.equal((await post(acc, c.id, { type: 'note', body: 'For the record' })).statusCode, 201);
    const stored = await getConversation(acc, c.id);
    assert.deepEqual(stored.messages.map((m) => m.type), ['message', 'note']);
    assert.equal(stored.status, 'closed');
  });
});

describe('concurrency', () => {
  test('50 parallel replies to one conversation get gap-free unique seq 1..51 and updatedAt follows the last message', async () => {
    const acc = await t.newAccount();
    const c = await createConversation(acc);
    const bodies = range(50).map((i) => `Parallel reply number ${i}`);
    const responses = await Promise.all(bodies.map((body) => post(acc, c.id, { type: 'reply', body })));
    for (const res of responses) assert.equal(res.statusCode, 201, res.body);
    const replies = responses.map((r) => r.json<MessageJson>());
    assert.deepEqual(
      replies.map((m) => m.seq).sort((a, b) => a - b),
      range(51).slice(1),
      'the replies got seq 2..51, each once',
    );

    const stored = await getConversation(acc, c.id);
    assert.equal(stored.messages.length, 51);
    assert.deepEqual(stored.messages.map((m) => m.seq), range(51), 'messages come back ordered by seq, 1..51 without gaps');
    assert.equal(new Set(stored.messages.map((m) => m.id)).size, 51);
    assert.deepEqual(
      stored.messages.slice(1).map((m) => m.body).sort(),
      [...bodies].sort(),
      'every reply is stored once',
    );
    for (let i = 1; i < stored.messages.length; i++) {
      const prev = stored.messages[i - 1]!;
      const cur = stored.messages[i]!;
      assert.ok(Date.parse(prev.createdAt) <= Date.parse(cur.createdAt), `seq ${cur.seq} is not older than seq ${prev.seq}`);
    }
    // Each reply's seq matches what the POST answered.
    const bySeq = new Map(stored.messages.map((m) => [m.seq, m]));
    for (const r of replies) assert.equal(bySeq.get(r.seq)?.id, r.id);

    const last = stored.messages[stored.messages.length - 1]!;
    const maxCreatedAt = Math.max(...stored.messages.map((m) => Date.parse(m.createdAt)));
    assert.ok(Date.parse(stored.updatedAt) >= Date.parse(last.createdAt), 'updatedAt is not older than the last message');
    assert.equal(Date.parse(stored.updatedAt), maxCreatedAt, 'updatedAt is the time of the newest message');
    assert.equal(Date.parse(stored.lastActivityAt), maxCreatedAt, 'lastActivityAt is the time of the newest message');
    assert.equal(stored.messageCount, 51);
    assert.equal(stored.status, 'open');
    assert.ok(stored.firstResponseAt);
  });

  test('40 parallel creates in one account are numbered exactly 1..40', async () => {
    const acc = await t.newAccount();
    // Half of them from one customer, so the customer is also resolved concurrently.
    const shared = uniqueEmail('same');
    const responses = await Promise.all(
      range(40).map((i) => createConversationRequest(acc, { subject: `Parallel ${i}`, customer: { email: i % 2 === 0 ? shared : uniqueEmail('c') } })),
    );
    for (const res of responses) assert.equal(res.statusCode, 201, res.body);
    const created = responses.map((r) => r.json<ConversationJson & { customerId: string }>());
    const numbers = created.map((c) => c.number).sort((a, b) => a - b);
    assert.deepEqual(numbers, range(40));
    assert.deepEqual((await allNumbers(acc)).sort((a, b) => a - b), range(40), 'what is stored matches');

    const sharedCustomers = new Set(created.filter((_, i) => (i + 1) % 2 === 0).map((c) => c.customerId));
    assert.equal(sharedCustomers.size, 1, 'parallel first contacts from one address become one customer');

    // The next one continues the sequence.
    assert.equal((await createConversation(acc)).number, 41);
  });

  test('parallel creates in two accounts at once: each account numbers its own 1..N', async () => {
    const [a, b] = await Promise.all([t.newAccount('A'), t.newAccount('B')]);
    const jobs = [...range(25).map(() => a), ...range(15).map(() => b)]
      // Interleave the accounts so both sequences are taken at the same time.
      .sort(() => Math.random() - 0.5)
      .map((acc) => createConversationRequest(acc).then((res) => ({ acc, res })));
    const results = await Promise.all(jobs);
    for (const { res } of results) assert.equal(res.statusCode, 201, res.body);
    const numbersOf = (acc: TestAccount) =>
      results
        .filter((r) => r.acc === acc)
        .map((r) => r.res.json<ConversationJson>().number)
        .sort((x, y) => x - y);
    assert.deepEqual(numbersOf(a), range(25));
    assert.deepEqual(numbersOf(b), range(15));
    assert.deepEqual((await allNumbers(a)).sort((x, y) => x - y), range(25));
    assert.deepEqual((await allNumbers(b)).sort((x, y) => x - y), range(15));
  });
});
