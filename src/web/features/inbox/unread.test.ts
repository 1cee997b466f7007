import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UnreadTracker, type KeyValueStorage } from './unread.ts';

class MemoryStorage implements KeyValueStorage {
  data = new Map<string, string>();
  getItem(key: string) {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.data.set(key, value);
  }
}

test('unread = activity after the agent last opened it; older history counts as read; it survives a reload', () => {
  const storage = new MemoryStorage();
  const tracker = new UnreadTracker(storage, 'agent-1', () => new Date('2026-03-01T12:00:00Z'));
  assert.equal(tracker.isUnread({ id: 'a', lastActivityAt: '2026-02-01T00:00:00.000Z' }), false, 'before the agent started here');
  assert.equal(tracker.isUnread({ id: 'b', lastActivityAt: '2026-03-01T12:05:00.000Z' }), true);
  tracker.markSeen({ id: 'b', lastActivityAt: '2026-03-01T12:05:00.000Z' });
  assert.equal(tracker.isUnread({ id: 'b', lastActivityAt: '2026-03-01T12:05:00.000Z' }), false);
  assert.equal(tracker.isUnread({ id: 'b', lastActivityAt: '2026-03-01T13:00:00.000Z' }), true, 'the customer wrote again');

  const again = new UnreadTracker(storage, 'agent-1', () => new Date('2026-04-01T00:00:00Z'));
  assert.equal(again.isUnread({ id: 'b', lastActivityAt: '2026-03-01T12:05:00.000Z' }), false);
  assert.equal(again.isUnread({ id: 'c', lastActivityAt: '2026-03-15T00:00:00.000Z' }), true, 'the first-use instant is kept');
  const other = new UnreadTracker(storage, 'agent-2', () => new Date('2026-04-01T00:00:00Z'));
  assert.equal(other.isUnread({ id: 'c', lastActivityAt: '2026-03-15T00:00:00.000Z' }), false, 'each agent has their own markers');
});

test('garbage in storage is ignored instead of breaking the inbox', () => {
  const storage = new MemoryStorage();
  storage.setItem('servisto.seen.agent-1', '{not json');
  const tracker = new UnreadTracker(storage, 'agent-1', () => new Date('2026-03-01T00:00:00Z'));
  assert.equal(tracker.isUnread({ id: 'x', lastActivityAt: '2026-03-02T00:00:00.000Z' }), true);
});
