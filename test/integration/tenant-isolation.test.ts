import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, uniqueEmail, type TestAccount, type TestApp } from '../helpers/harness.js';

/**
 * Two tenants that share a customer (same email) must never see or change each other's data, through any route or
 * the WebSocket feed. The foreign side always answers 404 (never 403: existence is not revealed).
 */

async function waitFor<T>(probe: () => T | undefined | null | false, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

interface FeedMessage {
  type: string;
  seq?: number;
  conversationId?: string | null;
  customerId?: string | null;
  data?: Record<string, unknown>;
}

/** A WebSocket client that records every message; listeners are attached before the socket opens. */
class Feed {
  readonly messages: FeedMessage[] = [];
  closed: { code: number; reason: string } | null = null;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (raw) => this.messages.push(JSON.parse(raw.toString()) as FeedMessage));
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
    });
    socket.on('error', () => undefined);
  }

  static async open(url: string, token: string, since?: number): Promise<Feed> {
    const feed = new Feed(new WebSocket(url));
    await new Promise<void>((resolve, reject) => {
      feed.socket.once('open', () => resolve());
      feed.socket.once('error', reject);
    });
    feed.socket.send(JSON.stringify({ type: 'auth', token, ...(since === undefined ? {} : { since }) }));
    await waitFor(() => feed.messages.find((m) => m.type === 'ready'), 5000, 'ready');
    return feed;
  }

  events(): FeedMessage[] {
    return this.messages.filter((m) => m.type !== 'ready');
  }

  async close(): Promise<void> {
    if (!this.closed) this.socket.close();
    await waitFor(() => this.closed, 5000, 'socket close');
  }
}

function assertNotFound(res: LightMyRequestResponse): void {
  assert.equal(res.statusCode, 404, `expected 404, got ${res.statusCode}: ${res.body.slice(0, 300)}`);
  assert.equal((res.json() as { error: { code: string } }).error.code, 'not_found');
}

const SHARED_EMAIL = 'shared.customer@example.test';

describe('tenant isolation', () => {
  let t: TestApp;

  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
  });

  interface Seeded {
    acc: TestAccount;
    conversationId: string;
    customerId: string;
    messageId: string;
    attachmentId: string;
    word: string;
  }

  async function seed(name: string, word: string): Promise<Seeded> {
    const acc = await t.newAccount(name);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/conversations',
      headers: acc.auth,
      payload: {
        subject: `Question about ${word}`,
        customer: { email: SHARED_EMAIL, name: `${name} customer` },
        message: {
          body: `Hello, my ${word} order is late. Please help.`,
          attachments: [{ filename: `${word}.txt`, contentType: 'text/plain', contentBase64: Buffer.from(`secret of ${word}`).toString('base64') }],
        },
        tags: [word],
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    const conv = res.json() as { id: string; customerId: string; messages: { id: string; attachments: { id: string }[] }[] };
    const message = conv.messages[0]!;
    return { acc, conversationId: conv.id, customerId: conv.customerId, messageId: message.id, attachmentId: message.attachments[0]!.id, word };
  }

  async function get(acc: TestAccount, url: string) {
    return t.app.inject({ method: 'GET', url, headers: acc.auth });
  }

  test('same customer email in two accounts gives two different customers', async () => {
    const a = await seed('Alpha', 'zephyrquokka');
    const b = await seed('Beta', 'marmaladegnu');
    assert.notEqual(a.customerId, b.customerId);
    const own = await get(a.acc, `/api/v1/customers/${a.customerId}`);
    assert.equal(own.statusCode, 200);
    const profile = own.json() as { email: string; conversations: { id: string }[]; timeline: unknown[] };
    assert.equal(profile.email, SHARED_EMAIL);
    assert.deepEqual(profile.conversations.map((c) => c.id), [a.conversationId]);
    assert.ok(!own.body.includes(b.word), 'B’s words are not in A’s customer timeline');
    assertNotFound(await get(a.acc, `/api/v1/customers/${b.customerId}`));
    assertNotFound(await get(b.acc, `/api/v1/customers/${a.customerId}`));

    // A second conversation from the same address joins each account's own customer.
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/conversations',
      headers: b.acc.auth,
      payload: { subject: 'Again', customer: { email: SHARED_EMAIL.toUpperCase() }, message: { body: 'Me again' } },
    });
    assert.equal((again.json() as { customerId: string }).customerId, b.customerId);
  });

  test('reads: list, get, events, customer, attachment and search never cross accounts', async () => {
    const a = await seed('Alpha', 'zephyrquokka');
    const b = await seed('Beta', 'marmaladegnu');

    for (const [me, other] of [
      [a, b],
      [b, a],
    ] as const) {
      // Positive controls: each account sees its own data.
      assert.equal((await get(me.acc, `/api/v1/conversations/${me.conversationId}`)).statusCode, 200);
      const attachment = await get(me.acc, `/api/v1/attachments/${me.attachmentId}`);
      assert.equal(attachment.statusCode, 200);
      assert.equal(attachment.body, `secret of ${me.word}`);

      const list = await get(me.acc, '/api/v1/conversations?limit=100');
      assert.equal(list.statusCode, 200);
      assert.deepEqual((list.json() as { items: { id: string }[] }).items.map((c) => c.id), [me.conversationId]);
      const byCustomer = await get(me.acc, `/api/v1/conversations?customerId=${other.customerId}`);
      assert.deepEqual((byCustomer.json() as { items: unknown[] }).items, []);
      const byAssignee = await get(me.acc, `/api/v1/conversations?assigneeId=${other.acc.adminId}`);
      assert.deepEqual((byAssignee.json() as { items: unknown[] }).items, []);

      assertNotFound(await get(me.acc, `/api/v1/conversations/${other.conversationId}`));
      assertNotFound(await get(me.acc, `/api/v1/conversations/${other.conversationId}/events`));
      assertNotFound(await get(me.acc, `/api/v1/customers/${other.customerId}`));
      assertNotFound(await get(me.acc, `/api/v1/attachments/${other.attachmentId}`));
      assertNotFound(await get(me.acc, `/api/v1/users/${other.acc.adminId}`));

      const ownEvents = await get(me.acc, `/api/v1/conversations/${me.conversationId}/events`);
      assert.equal(ownEvents.statusCode, 200);
      assert.ok((ownEvents.json() as { items: unknown[] }).items.length >= 1);
      assert.ok(!ownEvents.body.includes(other.conversationId));

      const users = await get(me.acc, '/api/v1/users');
      assert.deepEqual((users.json() as { items: { id: string }[] }).items.map((u) => u.id), [me.acc.adminId]);

      // Search: own word found (full-text and substring), the other account's words never.
      const found = await get(me.acc, `/api/v1/search?q=${me.word}`);
      assert.equal(found.statusCode, 200);
      const hits = (found.json() as { items: { conversationId: string }[] }).items;
      assert.ok(hits.length > 0, `search for ${me.word} finds own conversation`);
      assert.ok(hits.every((h) => h.conversationId === me.conversationId));
      for (const q of [other.word, other.word.slice(3, 9), 'order', 'late', 'help']) {
        const res = await get(me.acc, `/api/v1/search?q=${encodeURIComponent(q)}&limit=100`);
        assert.equal(res.statusCode, 200);
        const items = (res.json() as { items: { conversationId: string }[] }).items;
        assert.ok(items.every((h) => h.conversationId === me.conversationId), `search "${q}" leaked: ${res.body.slice(0, 300)}`);
        assert.ok(!res.body.includes(other.word));
      }
    }
  });

  test('writes: patch and messages on another account’s conversation are 404 and change nothing', async () => {
    const a = await seed('Alpha', 'zephyrquokka');
    const b = await seed('Beta', 'marmaladegnu');
    const before = (await get(b.acc, `/api/v1/conversations/${b.conversationId}`)).json() as Record<string, unknown>;
    const eventsBefore = (await get(b.acc, `/api/v1/conversations/${b.conversationId}/events`)).json() as { items: unknown[] };
    assert.ok(eventsBefore.items.length >= 1);

    const patches = [{ status: 'solved' }, { priority: 'urgent' }, { tags: ['hacked'] }, { assigneeId: a.acc.adminId }, { assigneeId: null }];
    for (const payload of patches) {
      assertNotFound(await t.app.inject({ method: 'PATCH', url: `/api/v1/conversations/${b.conversationId}`, headers: a.acc.auth, payload }));
    }
    for (const type of ['reply', 'note']) {
      assertNotFound(
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/conversations/${b.conversationId}/messages`,
          headers: a.acc.auth,
          payload: { type, body: 'Injected by another tenant' },
        }),
      );
    }

    const afterwards = (await get(b.acc, `/api/v1/conversations/${b.conversationId}`)).json() as Record<string, unknown> & { messages: unknown[] };
    assert.deepEqual(afterwards, before);
    assert.equal(afterwards.messages.length, 1);
    const events = (await get(b.acc, `/api/v1/conversations/${b.conversationId}/events`)).json() as { items: unknown[] };
    assert.deepEqual(events, eventsBefore);
    const rows = await t.deps.db.selectFrom('messages').select('id').where('conversation_id', '=', b.conversationId).execute();
    assert.equal(rows.length, 1);
  });

  test('references to another account’s users and teams are refused', async () => {
    const a = await seed('Alpha', 'zephyrquokka');
    const b = await seed('Beta', 'marmaladegnu');
    const team = await t.app.inject({ method: 'POST', url: '/api/v1/teams', headers: b.acc.auth, payload: { name: 'Beta team', memberIds: [], routing: 'manual' } });
    assert.equal(team.statusCode, 201, team.body);
    const teamId = (team.json() as { id: string }).id;

    const create = await t.app.inject({
      method: 'POST',
      url: '/api/v1/conversations',
      headers: a.acc.auth,
      payload: { subject: 'x', customer: { email: SHARED_EMAIL }, message: { body: 'x' }, assigneeId: b.acc.adminId },
    });
    assert.equal(create.statusCode, 400, create.body);
    const createTeam = await t.app.inject({
      method: 'POST',
      url: '/api/v1/conversations',
      headers: a.acc.auth,
      payload: { subject: 'x', customer: { email: SHARED_EMAIL }, message: { body: 'x' }, teamId },
    });
    assert.equal(createTeam.statusCode, 400, createTeam.body);
    const patchAssignee = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/conversations/${a.conversationId}`,
      headers: a.acc.auth,
      payload: { assigneeId: b.acc.adminId },
    });
    assert.equal(patchAssignee.statusCode, 400, patchAssignee.body);
    const patchTeam = await t.app.inject({ method: 'PATCH', url: `/api/v1/conversations/${a.conversationId}`, headers: a.acc.auth, payload: { teamId } });
    assert.equal(patchTeam.statusCode, 400, patchTeam.body);

    const own = (await get(a.acc, `/api/v1/conversations/${a.conversationId}`)).json() as { assigneeId: string | null; teamId: string | null };
    assert.equal(own.assigneeId, null);
    assert.equal(own.teamId, null);
  });

  test('an API token only reaches its own account', async () => {
    const a = await seed('Alpha', 'zephyrquokka');
    const b = await seed('Beta', 'marmaladegnu');
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/api-tokens', headers: a.acc.auth, payload: { name: 'integration', role: 'admin' } });
    assert.equal(res.statusCode, 201, res.body);
    const tokenAuth = { authorization: `Bearer ${(res.json() as { token: string }).token}` };
    const foreign = await t.app.inject({ method: 'GET', url: `/api/v1/conversations/${b.conversationId}`, headers: tokenAuth });
    assertNotFound(foreign);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/conversations', headers: tokenAuth });
    assert.deepEqual((list.json() as { items: { id: string }[] }).items.map((c) => c.id), [a.conversationId]);
    // A user created by A's token belongs to A.
    const user = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: tokenAuth,
      payload: { email: uniqueEmail('tok'), name: 'Token made', role: 'agent' },
    });
    assert.equal((user.json() as { accountId: string }).accountId, a.acc.accountId);
  });

  test('WebSocket: an agent of account A never receives account B’s events (live or replayed)', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    assert.ok(address && typeof address === 'object');
    const url = `ws://127.0.0.1:${address.port}/api/v1/ws`;

    const a = await seed('Alpha', 'zephyrquokka');
    const b = await seed('Beta', 'marmaladegnu');
    const agentEmail = uniqueEmail('agent');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: a.acc.auth,
      payload: { email: agentEmail, name: 'Agent A', role: 'agent', password: 'agent a password' },
    });
    assert.equal(created.statusCode, 201, created.body);
    const agentToken = await t.login(agentEmail, 'agent a password');

    const feedA = await Feed.open(url, agentToken);
    const feedB = await Feed.open(url, b.acc.token);
    try {
      // B is busy: a new conversation, a reply, a note and a status change.
      const bConv = await t.app.inject({
        method: 'POST',
        url: '/api/v1/conversations',
        headers: b.acc.auth,
        payload: { subject: 'marmaladegnu again', customer: { email: SHARED_EMAIL }, message: { body: 'Another marmaladegnu' } },
      });
      assert.equal(bConv.statusCode, 201);
      const bConvId = (bConv.json() as { id: string }).id;
      for (const payload of [
        { type: 'reply', body: 'We are on it, marmaladegnu' },
        { type: 'note', body: 'internal marmaladegnu note' },
      ]) {
        const res = await t.app.inject({ method: 'POST', url: `/api/v1/conversations/${b.conversationId}/messages`, headers: b.acc.auth, payload });
        assert.equal(res.statusCode, 201);
      }
      const patched = await t.app.inject({ method: 'PATCH', url: `/api/v1/conversations/${b.conversationId}`, headers: b.acc.auth, payload: { status: 'pending' } });
      assert.equal(patched.statusCode, 200);

      // Then A acts. Events are delivered in sequence order, so once A's marker arrives, anything of B's that
      // could have leaked would already be there.
      const aConv = await t.app.inject({
        method: 'POST',
        url: '/api/v1/conversations',
        headers: a.acc.auth,
        payload: { subject: 'zephyrquokka marker', customer: { email: SHARED_EMAIL }, message: { body: 'A marker' } },
      });
      assert.equal(aConv.statusCode, 201);
      const aConvId = (aConv.json() as { id: string }).id;
      await waitFor(() => feedA.events().find((m) => m.type === 'conversation.created' && m.conversationId === aConvId), 5000, 'A’s own event on A’s feed');
      // B's five: conversation.created, message.sent, conversation.updated (new → open), message.note_added, conversation.updated.
      await waitFor(() => feedB.events().length >= 5, 5000, 'B’s own events on B’s feed');

      const aIds = new Set([a.conversationId, aConvId]);
      const bIds = new Set([b.conversationId, bConvId]);
      assert.ok(feedA.events().length >= 1);
      for (const m of feedA.events()) {
        assert.ok(!bIds.has(m.conversationId ?? ''), `A received B’s ${m.type}`);
        assert.notEqual(m.customerId, b.customerId);
        assert.ok(!JSON.stringify(m).includes('marmaladegnu'), `A received B’s text in ${m.type}`);
      }
      // B received its own events (positive control) and none of A's.
      const bTypes = feedB.events().map((m) => m.type);
      assert.ok(bTypes.includes('conversation.created'));
      assert.ok(bTypes.includes('message.sent'));
      assert.ok(bTypes.includes('message.note_added'));
      for (const m of feedB.events()) {
        assert.ok(!aIds.has(m.conversationId ?? ''), `B received A’s ${m.type}`);
        assert.ok(!JSON.stringify(m).includes('zephyrquokka'), `B received A’s text in ${m.type}`);
      }

      // Replay from the very beginning: only A's own history comes back.
      const replay = await Feed.open(url, agentToken, 0);
      try {
        const replayed = replay.messages.slice(0, replay.messages.findIndex((m) => m.type === 'ready'));
        assert.ok(replayed.some((m) => m.conversationId === aConvId), 'replay includes A’s events');
        for (const m of replayed) {
          assert.ok(!bIds.has(m.conversationId ?? ''), `replay leaked B’s ${m.type}`);
          assert.ok(!JSON.stringify(m).includes('marmaladegnu'));
        }
      } finally {
        await replay.close();
      }
    } finally {
      await feedA.close();
      await feedB.close();
    }
    await waitFor(() => t.deps.hub.count() === 0, 5000, 'hub to forget closed sockets');
  });
});
