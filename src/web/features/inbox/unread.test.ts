import { test } from 'vitest';
import assert from 'node:assert/strict';
import { UnreadTracker } from './unread.ts';

const T1 = '2026-03-01T12:00:00.000Z';
const T2 = '2026-03-01T12:05:00.000Z';

test('the server decides; opening marks read here at once and tells the server once', () => {
  const sent: string[] = [];
  const tracker = new UnreadTracker(async (id) => sent.push(id));
  assert.equal(tracker.isUnread({ id: 'a', lastActivityAt: T1, unread: true }), true, 'straight from the list item');
  assert.equal(tracker.isUnread({ id: 'b', lastActivityAt: T1, unread: false }), false);
  tracker.markSeen({ id: 'a', lastActivityAt: T1, unread: true });
  assert.equal(tracker.isUnread({ id: 'a', lastActivityAt: T1, unread: true }), false, 'a stale list item does not undo the read');
  tracker.markSeen({ id: 'a', lastActivityAt: T1 });
  assert.deepEqual(sent, ['a'], 'a live refresh of the open conversation sends nothing new');
  // A list read before our POST landed still says unread at the same activity: the read wins.
  tracker.fromServer({ id: 'a', lastActivityAt: T1, unread: true });
  assert.equal(tracker.isUnread({ id: 'a', lastActivityAt: T1 }), false);
});

test('live activity by someone else makes it unread; our own does not; older news is ignored', () => {
  const tracker = new UnreadTracker();
  const loaded = { id: 'c', lastActivityAt: T1, unread: false };
  tracker.activity({ id: 'c', lastActivityAt: T1 }, loaded);
  assert.equal(tracker.isUnread({ id: 'c', lastActivityAt: T1 }), false, 'a change without new activity (e.g. status)');
  tracker.activity({ id: 'c', lastActivityAt: T2 }, loaded);
  assert.equal(tracker.isUnread({ id: 'c', lastActivityAt: T2 }), true, 'the customer wrote');
  tracker.fromServer({ id: 'c', lastActivityAt: T1, unread: false });
  assert.equal(tracker.isUnread({ id: 'c', lastActivityAt: T2 }), true, 'older news is ignored');

  tracker.assumeSeen({ id: 'd', lastActivityAt: T2 });
  assert.equal(tracker.isUnread({ id: 'd', lastActivityAt: T2, unread: true }), false);
  tracker.activity({ id: 'e', lastActivityAt: T2 });
  assert.equal(tracker.isUnread({ id: 'e', lastActivityAt: T2 }), true, 'a new conversation from someone else');
  assert.equal(tracker.isUnread({ id: 'e', lastActivityAt: '2026-03-01T13:00:00.000Z' }), true);
});

test('listeners hear changes; a failing POST does not throw', async () => {
  const tracker = new UnreadTracker(() => Promise.reject(new Error('offline')));
  let heard = 0;
  const off = tracker.subscribe(() => (heard += 1));
  tracker.markSeen({ id: 'x', lastActivityAt: T1, unread: true });
  tracker.markSeen({ id: 'x', lastActivityAt: T1 });
  off();
  tracker.markSeen({ id: 'x', lastActivityAt: T2 });
  assert.equal(heard, 1);
  assert.equal(tracker.version, 2);
  await new Promise((r) => setTimeout(r, 0));
});
