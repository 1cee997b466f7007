import { test } from 'vitest';
import assert from 'node:assert/strict';
import type { ConversationQuery } from '../../api/client.ts';
import type { Conversation, Page } from '../../api/types.ts';
import { ConversationListStore } from './conversation-list-store.ts';
import { UNSOLVED } from '../../api/types.ts';
import { buildListQuery, NO_FILTERS, slaAtRisk, type ListQuery } from './views.ts';

const ME = { id: '00000000-0000-4000-8000-0000000000aa' };

function conversation(n: number, overrides: Partial<Conversation> = {}): Conversation {
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, 0) + n * 60_000).toISOString();
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    number: n,
    subject: `Subject ${n}`,
    status: 'open',
    priority: 'normal',
    channel: 'email',
    language: 'en',
    customerId: '00000000-0000-4000-8000-0000000000cc',
    assigneeId: null,
    teamId: null,
    tags: [],
    messageCount: 1,
    sla: null,
    createdAt: at,
    updatedAt: at,
    lastActivityAt: at,
    firstResponseAt: null,
    solvedAt: null,
    closedAt: null,
    customer: { id: '00000000-0000-4000-8000-0000000000cc', name: 'Ana', email: 'ana@example.test' },
    ...overrides,
  };
}

/** A fake server: `total` conversations, newest first, paged by cursor = index of the next item. */
function server(all: Conversation[]) {
  const calls: ConversationQuery[] = [];
  const fetchPage = async (q: ConversationQuery): Promise<Page<Conversation>> => {
    calls.push(q);
    const start = q.cursor ? Number(q.cursor) : 0;
    const limit = q.limit ?? 25;
    const items = all.slice(start, start + limit);
    return { items, nextCursor: start + limit < all.length ? String(start + limit) : null };
  };
  return { fetchPage, calls };
}

const newestFirst = (n: number) => Array.from({ length: n }, (_, i) => conversation(n - i));

test('pages load by cursor, in order, without duplicates, until the server has no more', async () => {
  const { fetchPage, calls } = server(newestFirst(120));
  const store = new ConversationListStore(fetchPage, buildListQuery('all', NO_FILTERS, ME), 50);
  assert.equal(store.getSnapshot().hasMore, true);
  await store.loadMore();
  assert.equal(store.getSnapshot().items.length, 50);
  await Promise.all([store.loadMore(), store.loadMore()]); // concurrent calls share one request
  assert.equal(calls.length, 2);
  await store.loadMore();
  const snap = store.getSnapshot();
  assert.equal(snap.items.length, 120);
  assert.equal(snap.hasMore, false);
  assert.deepEqual(snap.items.map((c) => c.number), Array.from({ length: 120 }, (_, i) => 120 - i));
  assert.deepEqual(calls.map((c) => c.cursor ?? null), [null, '50', '100']);
});

test('a live new conversation goes to the top; an updated one moves up; one that stops matching leaves', async () => {
  const { fetchPage } = server(newestFirst(10));
  const store = new ConversationListStore(fetchPage, buildListQuery('open', NO_FILTERS, ME), 50);
  await store.loadMore();
  const fresh = conversation(11);
  assert.equal(store.upsert(fresh), 'added');
  assert.equal(store.getSnapshot().items[0]!.id, fresh.id);

  const old = store.getSnapshot().items[5]!;
  const touched = { ...old, lastActivityAt: new Date(Date.UTC(2026, 0, 2)).toISOString(), customer: undefined };
  assert.equal(store.upsert(touched), 'moved');
  const top = store.getSnapshot().items[0]!;
  assert.equal(top.id, old.id);
  assert.equal(top.customer?.name, 'Ana', 'a live payload without the customer keeps the name already known');
  assert.equal(store.getSnapshot().items.length, 11);

  assert.equal(store.upsert({ ...top, status: 'solved' }), 'removed', 'solved leaves the "all open" view');
  assert.equal(store.getSnapshot().items.length, 10);
  assert.equal(store.upsert({ ...top, status: 'solved' }), 'ignored');
});

test('a change that sorts after the loaded part is left for paging, so it is neither lost nor shown twice', async () => {
  const all = newestFirst(100);
  const { fetchPage } = server(all);
  const store = new ConversationListStore(fetchPage, buildListQuery('all', NO_FILTERS, ME), 25);
  await store.loadMore();
  const deep = conversation(3, { subject: 'changed deep down' });
  assert.equal(store.upsert(deep), 'ignored');
  while (store.getSnapshot().hasMore) await store.loadMore();
  const items = store.getSnapshot().items;
  assert.equal(items.length, 100);
  assert.equal(new Set(items.map((c) => c.id)).size, 100);
});

test('the SLA view is asked of the server (sla=at_risk) and its pages are taken as they come', async () => {
  const risky = newestFirst(30).map((c) => ({ ...c, sla: { policyId: 'p', firstResponse: { dueAt: '2026-01-01T00:00:00.000Z', breached: true, paused: false, remainingMinutes: -5 } } }));
  const { fetchPage, calls } = server(risky);
  const store = new ConversationListStore(fetchPage, buildListQuery('at_risk', NO_FILTERS, ME), 25);
  await store.loadMore();
  assert.equal(calls.length, 1, 'no scanning of further pages');
  assert.equal(calls[0]!.sla, 'at_risk');
  assert.equal(store.getSnapshot().items.length, 25);
  // A live change that meets the target takes the row out of the view.
  store.upsert({ ...store.getSnapshot().items[0]!, sla: null });
  assert.equal(store.getSnapshot().items.length, 24);
});

test('a view filtered on the client scans further pages until it finds enough', async () => {
  const clock = (remainingMinutes: number, breached = false) => ({ dueAt: '2026-01-01T00:00:00.000Z', breached, paused: false, remainingMinutes });
  const all = newestFirst(200).map((c) =>
    c.number % 40 === 0 ? { ...c, sla: { policyId: 'p', firstResponse: clock(10) } } : c.number % 41 === 0 ? { ...c, sla: { policyId: 'p', resolution: clock(-5, true) } } : c,
  );
  const { fetchPage, calls } = server(all);
  const clientFiltered: ListQuery = { server: { status: UNSOLVED }, empty: false, clientFilter: slaAtRisk, liveFilter: null };
  const store = new ConversationListStore(fetchPage, clientFiltered, 25);
  await store.loadMore();
  const snap = store.getSnapshot();
  assert.deepEqual(
    snap.items.map((c) => c.number),
    [200, 164, 160, 123, 120, 82, 80, 41, 40],
  );
  assert.equal(snap.scanned, 200);
  assert.equal(calls.length, 8, 'stops at the end of the data');
  assert.equal(calls[0]!.status?.join(','), 'new,open,pending,on_hold');
});

test('a failed page is reported and can be retried', async () => {
  let fail = true;
  const store = new ConversationListStore(
    async () => {
      if (fail) throw new Error('HTTP 503');
      return { items: [conversation(1)], nextCursor: null };
    },
    buildListQuery('all', NO_FILTERS, ME),
  );
  await store.loadMore();
  assert.equal(store.getSnapshot().error, 'HTTP 503');
  assert.equal(store.getSnapshot().hasMore, true);
  fail = false;
  await store.loadMore();
  assert.equal(store.getSnapshot().error, null);
  assert.equal(store.getSnapshot().items.length, 1);
});
