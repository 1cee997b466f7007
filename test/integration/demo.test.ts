import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../helpers/harness.js';
import { loadDemoData } from '../../src/server/domain/demo/demo-data.js';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

test('demo data: conversations in all six languages across channels, loaded once', async () => {
  const acc = await t.newAccount();
  const loaded = await loadDemoData(t.deps.db, acc.accountId, t.deps.attachments);
  assert.ok(loaded >= 12);
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/conversations?limit=100', headers: acc.auth });
  const items = (res.json() as { items: Array<{ id: string; language: string; channel: string; status: string; tags: string[] }> }).items;
  assert.equal(items.length, loaded);
  assert.deepEqual([...new Set(items.map((c) => c.language))].sort(), ['bg', 'en', 'eo', 'pl', 'sl', 'sv']);
  assert.ok(new Set(items.map((c) => c.channel)).size >= 3, 'several channels');
  assert.ok(items.some((c) => c.status === 'solved') && items.some((c) => c.status === 'new'));
  // Detected languages agree with the demo's own labels (the tag): the detector works on real customer text.
  for (const c of items) assert.ok(c.tags.includes(c.language), `conversation tagged ${c.tags.join(',')} detected as ${c.language}`);
  const withReply = items.find((c) => c.status === 'pending')!;
  const full = (await t.app.inject({ method: 'GET', url: `/api/v1/conversations/${withReply.id}`, headers: acc.auth })).json() as {
    messages: Array<{ direction: string }>;
  };
  assert.deepEqual(full.messages.map((m) => m.direction), ['inbound', 'outbound']);

  assert.equal(await loadDemoData(t.deps.db, acc.accountId, t.deps.attachments), 0, 'a second start does not load it again');
  const again = await t.app.inject({ method: 'GET', url: '/api/v1/conversations?limit=100', headers: acc.auth });
  assert.equal((again.json() as { items: unknown[] }).items.length, loaded);
});
