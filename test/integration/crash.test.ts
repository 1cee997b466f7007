import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { freshProcessStorage } from '../helpers/harness.js';
import { json, startServerProcess } from '../helpers/server-process.js';

const PASSWORD = 'crash-test-password';
const ENV = { SERVISTO_ADMIN_EMAIL: 'crash@example.test', SERVISTO_ADMIN_PASSWORD: PASSWORD, SERVISTO_OUTBOX_POLL_MS: '50' };

interface FeedEvent {
  seq?: number;
  type: string;
  eventId?: number;
  conversationId?: string | null;
}

/** A WebSocket feed that records every event; resolves once the server said "ready". */
function openFeed(url: string, token: string, since?: number): Promise<{ events: FeedEvent[]; close(): void }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/api/v1/ws`);
    const events: FeedEvent[] = [];
    const timer = setTimeout(() => reject(new Error('feed not ready in 15 s')), 15_000);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', token, ...(since !== undefined ? { since } : {}) })));
    ws.on('message', (raw) => {
      const event = JSON.parse(raw.toString()) as FeedEvent;
      if (event.type === 'ready') {
        clearTimeout(timer);
        resolve({ events, close: () => ws.terminate() });
      } else events.push(event);
    });
    ws.on('error', () => undefined);
  });
}

async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const started = Date.now();
  while (!(await predicate())) {
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

test('SIGKILL while creating conversations: every 201 survives and each event is delivered exactly once', async () => {
  const storage = await freshProcessStorage();
  try {
    const first = await startServerProcess({ ...storage.env, ...ENV });
    const login = await json<{ token: string }>(`${first.url}/api/v1/auth/login`, {
      method: 'POST',
      body: JSON.stringify({ email: 'crash@example.test', password: PASSWORD }),
    });
    const token = login.body.token;
    const feed = await openFeed(first.url, token);

    // Concurrent clients create conversations until the server is killed under them.
    const acknowledged: string[] = [];
    let attempts = 0;
    let stop = false;
    const client = async (n: number) => {
      for (let i = 0; !stop && i < 200; i++) {
        attempts++;
        try {
          const res = await json<{ id: string }>(`${first.url}/api/v1/conversations`, {
            method: 'POST',
            token,
            body: JSON.stringify({ subject: `Crash ${n}-${i}`, customer: { email: `c${n}@example.test` }, message: { body: 'Durable please' } }),
          });
          if (res.status === 201) acknowledged.push(res.body.id);
        } catch {
          return; // connection reset by the kill
        }
      }
    };
    const clients = Array.from({ length: 6 }, (_, n) => client(n));
    await waitFor(() => acknowledged.length >= 25, 60_000);
    first.child.kill('SIGKILL');
    stop = true;
    await first.exited;
    await Promise.all(clients);
    feed.close();
    assert.ok(acknowledged.length >= 25, `some creations were acknowledged (${acknowledged.length} of ${attempts})`);
    const lastSeq = Math.max(0, ...feed.events.map((e) => e.seq ?? 0));

    const second = await startServerProcess({ ...storage.env, ...ENV });
    try {
      const relogin = await json<{ token: string }>(`${second.url}/api/v1/auth/login`, {
        method: 'POST',
        body: JSON.stringify({ email: 'crash@example.test', password: PASSWORD }),
      });
      const token2 = relogin.body.token;
      for (const id of acknowledged) {
        const res = await json(`${second.url}/api/v1/conversations/${id}`, { token: token2 });
        assert.equal(res.status, 200, `acknowledged conversation ${id} is there after the crash`);
      }

      // Resume the feed from the last sequence seen before the crash: the union must hold each creation once.
      const resumed = await openFeed(second.url, token2, lastSeq);
      const all = () => [...feed.events, ...resumed.events].filter((e) => e.type === 'conversation.created');
      await waitFor(() => {
        const ids = new Set(all().map((e) => e.conversationId));
        return acknowledged.every((id) => ids.has(id));
      }, 20_000);
      resumed.close();
      const created = all();
      const byConversation = new Map<string, number>();
      for (const e of created) byConversation.set(e.conversationId!, (byConversation.get(e.conversationId!) ?? 0) + 1);
      for (const id of acknowledged) assert.equal(byConversation.get(id), 1, `conversation.created for ${id} delivered exactly once`);
      const eventIds = created.map((e) => e.eventId);
      assert.equal(new Set(eventIds).size, eventIds.length, 'no event delivered twice');
      const seqs = [...feed.events, ...resumed.events].map((e) => e.seq!);
      assert.equal(new Set(seqs).size, seqs.length, 'no delivery sequence repeated');

      const list = await json<{ items: Array<{ number: number }> }>(`${second.url}/api/v1/conversations?limit=100`, { token: token2 });
      const numbers = list.body.items.map((c) => c.number);
      assert.equal(new Set(numbers).size, numbers.length, 'conversation numbers are unique after the crash');
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  } finally {
    await storage.drop();
  }
});
