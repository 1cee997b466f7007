import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { createTestApp, uniqueEmail, type TestAccount, type TestApp } from '../helpers/harness.js';
import { OutboxDispatcher } from '../../src/server/realtime/outbox-dispatcher.js';
import type { RealtimeEvent } from '../../src/server/realtime/hub.js';

/** Polls until `probe` returns something truthy; fails after `timeoutMs` instead of hanging. */
async function waitFor<T>(probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

interface FeedMessage {
  type: string;
  seq?: number;
  eventId?: number;
  conversationId?: string | null;
  customerId?: string | null;
  actor?: { type: string; id: string | null };
  data?: { conversation?: { id: string; subject: string }; message?: { id: string; body: string; type: string } } & Record<string, unknown>;
  error?: { code: string; message: string };
}

/** A recording WebSocket client; listeners are attached before the connection opens so nothing is missed. */
class Feed {
  readonly messages: FeedMessage[] = [];
  closed: { code: number; reason: string } | null = null;

  constructor(readonly socket: WebSocket) {
    socket.on('message', (raw) => this.messages.push(JSON.parse(raw.toString()) as FeedMessage));
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
    });
    socket.on('error', () => undefined);
  }

  static async connect(url: string, headers?: Record<string, string>): Promise<Feed> {
    const feed = new Feed(new WebSocket(url, headers ? { headers } : {}));
    await new Promise<void>((resolve, reject) => {
      feed.socket.once('open', () => resolve());
      feed.socket.once('error', reject);
    });
    return feed;
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  ready(): Promise<FeedMessage> {
    return waitFor(() => this.messages.find((m) => m.type === 'ready'), 5000, 'ready');
  }

  /** Messages received after `ready` (live) or before it (replay). */
  get readyIndex(): number {
    return this.messages.findIndex((m) => m.type === 'ready');
  }

  events(type?: string): FeedMessage[] {
    return this.messages.filter((m) => m.type !== 'ready' && m.type !== 'error' && (type === undefined || m.type === type));
  }

  waitForEvent(predicate: (m: FeedMessage) => boolean, what: string): Promise<FeedMessage> {
    return waitFor(() => this.events().find(predicate), 5000, what);
  }

  async close(): Promise<void> {
    if (!this.closed) this.socket.close();
    await waitFor(() => this.closed, 5000, 'socket close');
  }
}

describe('realtime WebSocket feed', () => {
  let t: TestApp;
  let url: string;
  const open: Feed[] = [];

  before(async () => {
    t = await createTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    assert.ok(address && typeof address === 'object');
    url = `ws://127.0.0.1:${address.port}/api/v1/ws`;
  });
  afterEach(async () => {
    // Every test closes its sockets; this also catches a test that failed half-way.
    await Promise.all(open.splice(0).map((f) => f.close()));
    await waitFor(() => t.deps.hub.count() === 0, 5000, 'the hub to drop closed sockets');
  });
  after(async () => {
    await t.close();
  });

  async function connectWithMessage(token: string, since?: number): Promise<Feed> {
    const feed = await Feed.connect(url);
    open.push(feed);
    feed.send({ type: 'auth', token, ...(since === undefined ? {} : { since }) });
    return feed;
  }

  async function connectWithHeader(token: string, query = ''): Promise<Feed> {
    const feed = await Feed.connect(`${url}${query}`, { authorization: `Bearer ${token}` });
    open.push(feed);
    return feed;
  }

  async function createConversation(acc: TestAccount, subject: string): Promise<{ id: string; customerId: string }> {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/conversations',
      headers: acc.auth,
      payload: { subject, customer: { email: 'live.customer@example.test' }, message: { body: `Body of ${subject}` } },
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as { id: string; customerId: string };
  }

  function assertIncreasing(seqs: (number | undefined)[]): void {
    for (const s of seqs) assert.equal(typeof s, 'number');
    for (let i = 1; i < seqs.length; i++) assert.ok(seqs[i]! > seqs[i - 1]!, `seq not increasing: ${seqs.join(',')}`);
  }

  test('(1) auth by first message: ready, then conversation.created and message.sent with increasing seq', async () => {
    const acc = await t.newAccount();
    const feed = await connectWithMessage(acc.token);
    const ready = await feed.ready();
    assert.equal(typeof ready.seq, 'number');
    assert.ok(ready.seq! >= 0);

    const conv = await createConversation(acc, 'Live one');
    const created = await feed.waitForEvent((m) => m.type === 'conversation.created', 'conversation.created');
    assert.equal(created.data?.conversation?.id, conv.id);
    assert.equal(created.data?.conversation?.subject, 'Live one');
    assert.equal(created.conversationId, conv.id);
    assert.equal(created.customerId, conv.customerId);
    assert.deepEqual(created.actor, { type: 'user', id: acc.adminId });
    assert.equal(typeof created.eventId, 'number');
    assert.ok(!JSON.stringify(created).includes('bodyFull'), 'no bodyFull in realtime payloads');

    const reply = await t.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conv.id}/messages`,
      headers: acc.auth,
      payload: { type: 'reply', body: 'We are looking into it.' },
    });
    assert.equal(reply.statusCode, 201);
    const sent = await feed.waitForEvent((m) => m.type === 'message.sent', 'message.sent');
    assert.equal(sent.conversationId, conv.id);
    assert.equal(sent.data?.message?.id, (reply.json() as { id: string }).id);
    assert.equal(sent.data?.message?.body, 'We are looking into it.');
    // The message as published (built before its insert, which publishes it) is the message as stored and answered.
    const { bodyFull: _stored, ...answered } = reply.json() as Record<string, unknown>;
    assert.deepEqual(sent.data?.message, answered);

    assertIncreasing([ready.seq, created.seq, sent.seq]);
    assertIncreasing(feed.events().map((m) => m.seq));
    // Nothing arrives twice.
    const eventIds = feed.events().map((m) => m.eventId);
    assert.equal(new Set(eventIds).size, eventIds.length);
  });

  test('(2) Authorization header works; bad tokens and bad first messages close with 44xx', async () => {
    const acc = await t.newAccount();
    const feed = await connectWithHeader(acc.token);
    await feed.ready();
    const conv = await createConversation(acc, 'Header auth');
    const created = await feed.waitForEvent((m) => m.type === 'conversation.created', 'conversation.created');
    assert.equal(created.data?.conversation?.id, conv.id);

    const badHeader = await connectWithHeader('sst_this_is_not_a_valid_token_at_all');
    const closed = await waitFor(() => badHeader.closed, 5000, 'close of bad header token');
    assert.equal(closed.code, 4401);
    assert.equal(badHeader.messages.find((m) => m.type === 'error')?.error?.code, 'unauthorized');
    assert.equal(badHeader.readyIndex, -1);

    const badMessage = await connectWithMessage('sst_this_is_not_a_valid_token_at_all');
    assert.equal((await waitFor(() => badMessage.closed, 5000, 'close of bad message token')).code, 4401);
    assert.equal(badMessage.readyIndex, -1);

    const wrongType = await Feed.connect(url);
    open.push(wrongType);
    wrongType.send({ type: 'hello', token: acc.token });
    assert.equal((await waitFor(() => wrongType.closed, 5000, 'close of wrong first message')).code, 4401);

    const notJson = await Feed.connect(url);
    open.push(notJson);
    notJson.send('not json');
    assert.equal((await waitFor(() => notJson.closed, 5000, 'close of non-JSON first message')).code, 4400);

    // A logged-out session token no longer opens a feed.
    const token = await t.login(acc.adminEmail, 'correct horse battery staple');
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { authorization: `Bearer ${token}` } });
    assert.equal(out.statusCode, 204);
    const revoked = await connectWithMessage(token);
    assert.equal((await waitFor(() => revoked.closed, 5000, 'close of revoked token')).code, 4401);

    // None of the refused sockets received any event of the account.
    for (const f of [badHeader, badMessage, wrongType, notJson, revoked]) assert.deepEqual(f.events(), []);
  });

  test('(3) resume: the events missed while disconnected are replayed once, in order, then live ones follow', async () => {
    const acc = await t.newAccount();
    const first = await connectWithMessage(acc.token);
    await first.ready();
    await createConversation(acc, 'Before the break');
    const seen = await first.waitForEvent((m) => m.type === 'conversation.created', 'first event');
    const lastSeq = seen.seq!;
    await first.close();

    const missed: string[] = [];
    for (let i = 1; i <= 3; i++) missed.push((await createConversation(acc, `Missed ${i}`)).id);
    // Make sure they were dispatched while nobody listened, so they can only come back by replay.
    await waitFor(
      async () => {
        const rows = await t.deps.db.selectFrom('outbox').select('dispatched_at').where('account_id', '=', acc.accountId).execute();
        return rows.length >= 4 && rows.every((r) => r.dispatched_at !== null);
      },
      5000,
      'outbox dispatch',
    );

    const again = await connectWithMessage(acc.token, lastSeq);
    const ready = await again.ready();
    const beforeReady = again.messages.slice(0, again.readyIndex);
    const replayed = beforeReady.filter((m) => m.type === 'conversation.created');
    assert.deepEqual(replayed.map((m) => m.data?.conversation?.id), missed, 'exactly the three missed, in order, before ready');
    assertIncreasing([lastSeq, ...beforeReady.map((m) => m.seq)]);
    const replayedIds = beforeReady.map((m) => m.eventId);
    assert.equal(new Set(replayedIds).size, replayedIds.length);
    assert.ok(ready.seq! >= replayed.at(-1)!.seq!);

    // Live delivery continues after the replay, without repeating anything.
    const live = await createConversation(acc, 'After the break');
    const liveEvent = await again.waitForEvent((m) => m.data?.conversation?.id === live.id, 'live event after resume');
    assert.ok(liveEvent.seq! > ready.seq!);
    const ids = again.events().map((m) => m.eventId);
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(again.events('conversation.created').length, 4);

    // Resuming with the header and ?since= works the same way.
    const viaHeader = await connectWithHeader(acc.token, `?since=${lastSeq}`);
    await viaHeader.ready();
    assert.deepEqual(viaHeader.events('conversation.created').map((m) => m.data?.conversation?.id), [...missed, live.id]);

    // Resuming from the newest sequence replays nothing.
    const upToDate = await connectWithMessage(acc.token, liveEvent.seq!);
    await upToDate.ready();
    assert.deepEqual(upToDate.events(), []);
  });

  test('(3) resume while conversations are being created: every event exactly once, in seq order', async () => {
    const acc = await t.newAccount();
    const base = await connectWithMessage(acc.token);
    const since = (await base.ready()).seq!;

    const total = 12;
    const created: string[] = [];
    const feeds: Feed[] = [];
    for (let i = 0; i < total; i++) {
      const pending = createConversation(acc, `Burst ${i}`);
      // Reconnect from the same point while events are in flight: replay and live delivery overlap.
      if (i % 3 === 0) feeds.push(await connectWithMessage(acc.token, since));
      created.push((await pending).id);
    }
    for (const feed of [base, ...feeds]) {
      await waitFor(() => feed.events('conversation.created').length >= total, 5000, `all ${total} events on every feed`);
      const eventIds = feed.events().map((m) => m.eventId);
      assert.equal(new Set(eventIds).size, eventIds.length, 'no event delivered twice');
      assertIncreasing(feed.events().map((m) => m.seq));
      const got = feed.events('conversation.created');
      assert.deepEqual(got.map((m) => m.data?.conversation?.id).sort(), [...created].sort());
      assert.equal(got.length, total, 'no duplicates');
      assertIncreasing(got.map((m) => m.seq));
      assert.ok(got.every((m) => m.seq! > since));
    }
  });

  test('(4) every outbox row is dispatched exactly once, with distinct gap-free delivery_seq', async () => {
    const acc = await t.newAccount();
    const feed = await connectWithMessage(acc.token);
    await feed.ready();

    const n = 15;
    const ids = (await Promise.all(Array.from({ length: n }, (_, i) => createConversation(acc, `Parallel ${i}`)))).map((c) => c.id);

    const rows = await waitFor(
      async () => {
        const r = await t.deps.db
          .selectFrom('outbox')
          .select(['id', 'event_id', 'topic', 'delivery_seq', 'dispatched_at', 'payload'])
          .where('account_id', '=', acc.accountId)
          .where('topic', '=', 'conversation.created')
          .execute();
        return r.length === n && r.every((row) => row.dispatched_at !== null) ? r : null;
      },
      5000,
      'all outbox rows dispatched',
    );
    const seqs = rows.map((r) => r.delivery_seq);
    assert.ok(seqs.every((s) => typeof s === 'number' && s > 0));
    assert.equal(new Set(seqs).size, n, 'distinct delivery_seq');
    assert.deepEqual(rows.map((r) => (r.payload as { conversationId: string }).conversationId).sort(), [...ids].sort());

    // The feed received each of them exactly once, in delivery order.
    await waitFor(() => feed.events('conversation.created').length >= n, 5000, 'all events on the feed');
    const got = feed.events('conversation.created');
    assert.equal(got.length, n);
    assert.deepEqual(got.map((m) => m.seq), [...seqs].sort((a, b) => a! - b!));

    // Across the whole database, sequences are gap-free from 1 and match outbox_state.
    const all = await waitFor(
      async () => {
        const r = await t.deps.db.selectFrom('outbox').select(['delivery_seq', 'dispatched_at']).execute();
        return r.every((row) => row.dispatched_at !== null && row.delivery_seq !== null) ? r : null;
      },
      5000,
      'every outbox row dispatched',
    );
    const sorted = all.map((r) => r.delivery_seq!).sort((a, b) => a - b);
    assert.deepEqual(sorted, Array.from({ length: sorted.length }, (_, i) => i + 1));
    const state = await t.deps.db.selectFrom('outbox_state').select('last_seq').where('id', '=', 1).executeTakeFirstOrThrow();
    assert.equal(state.last_seq, sorted.length);
  });

  test('(4) two dispatchers competing (as two processes would) never dispatch a row twice', async () => {
    const acc = await t.newAccount();
    const mine: RealtimeEvent[] = [];
    const theirs: RealtimeEvent[] = [];
    t.deps.outbox.subscribe((events) => {
      mine.push(...events.filter((e) => e.accountId === acc.accountId));
    });
    const other = new OutboxDispatcher(t.deps.db, { pollMs: 5 });
    other.subscribe((events) => {
      theirs.push(...events.filter((e) => e.accountId === acc.accountId));
    });
    other.start();
    try {
      const n = 20;
      await Promise.all(Array.from({ length: n }, (_, i) => createConversation(acc, `Contended ${i}`)));
      const rows = await waitFor(
        async () => {
          const r = await t.deps.db.selectFrom('outbox').select(['event_id', 'delivery_seq', 'dispatched_at']).where('account_id', '=', acc.accountId).execute();
          return r.length >= n && r.every((row) => row.dispatched_at !== null) ? r : null;
        },
        5000,
        'all rows dispatched',
      );
      await waitFor(() => mine.length + theirs.length >= rows.length, 5000, 'subscribers called');
      const published = [...mine, ...theirs];
      assert.equal(published.length, rows.length, 'each row published by exactly one dispatcher');
      const eventIds = published.map((e) => e.payload.eventId as number).sort((a, b) => a - b);
      assert.deepEqual(eventIds, rows.map((r) => r.event_id).sort((a, b) => a - b));
      const bySeq = new Map(rows.map((r) => [r.delivery_seq, r.event_id]));
      for (const e of published) assert.equal(bySeq.get(e.seq), e.payload.eventId, 'published seq matches the stored delivery_seq');
    } finally {
      await other.stop();
    }
  });

  test('a socket closed during authentication leaves nothing behind in the hub', async () => {
    const acc = await t.newAccount();
    for (let i = 0; i < 10; i++) {
      const feed = await Feed.connect(url);
      feed.send({ type: 'auth', token: acc.token });
      feed.socket.terminate();
      await waitFor(() => feed.closed, 5000, 'terminated socket');
    }
    // The afterEach hook checks that the hub forgot every one of them.
  });

  test('a user created in the account shows up as an event; other accounts’ users do not', async () => {
    const acc = await t.newAccount();
    const other = await t.newAccount();
    const feed = await connectWithMessage(acc.token);
    await feed.ready();
    const foreign = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: other.auth,
      payload: { email: uniqueEmail('other'), name: 'Other', role: 'agent' },
    });
    assert.equal(foreign.statusCode, 201);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: acc.auth, payload: { email: uniqueEmail('mine'), name: 'Mine', role: 'agent' } });
    assert.equal(res.statusCode, 201);
    const userId = (res.json() as { id: string }).id;
    await feed.waitForEvent((m) => m.type === 'user.created', 'user.created');
    const users = feed.events('user.created');
    assert.deepEqual(users.map((m) => m.data?.userId), [userId]);
  });
});
