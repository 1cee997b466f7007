import { test } from 'vitest';
import assert from 'node:assert/strict';
import type { AppNotification } from '../../api/types.ts';
import { badgeText, mergeUnread, metricKey, mineFromEvent, notificationMessage } from './notifications.ts';

const n = (id: string, createdAt: string, extra: Partial<AppNotification> = {}): AppNotification => ({
  id,
  userId: 'me',
  kind: 'sla_warning',
  conversationId: 'c1',
  data: {},
  createdAt,
  readAt: null,
  ...extra,
});

test('only the current user’s notifications count from a notification.created event', () => {
  const event = {
    type: 'notification.created',
    data: { kind: 'sla_breach', userIds: ['me', 'other'], notifications: [n('a', '2026-01-01T00:00:00Z'), n('b', '2026-01-01T00:00:00Z', { userId: 'other' })] },
  };
  assert.deepEqual(
    mineFromEvent(event, 'me').map((x) => x.id),
    ['a'],
  );
  assert.deepEqual(mineFromEvent({ type: 'conversation.updated', data: event.data }, 'me'), []);
  assert.deepEqual(mineFromEvent({ type: 'notification.created', data: {} }, 'me'), []);
  assert.deepEqual(mineFromEvent({ type: 'notification.created', data: { notifications: [null, 'x', { userId: 'me' }] } }, 'me'), []);
});

test('unread notifications merge once each, newest first, read ones dropped', () => {
  const current = [n('a', '2026-01-01T10:00:00Z'), n('b', '2026-01-01T09:00:00Z')];
  const merged = mergeUnread(current, [n('c', '2026-01-01T11:00:00Z'), n('a', '2026-01-01T10:00:00Z'), n('b', '2026-01-01T09:00:00Z', { readAt: '2026-01-01T12:00:00Z' })]);
  assert.deepEqual(
    merged.map((x) => x.id),
    ['c', 'a'],
  );
});

test('each kind has its text; unknown kinds a generic one', () => {
  assert.equal(notificationMessage({ kind: 'sla_breach', data: { number: 42, metric: 'resolution' } }).key, 'notifications.kinds.sla_breach');
  assert.equal(notificationMessage({ kind: 'sla_breach', data: { number: 42, metric: 'resolution' } }).values.metricKey, 'sla.resolution');
  const unknown = notificationMessage({ kind: 'gesture_approval', data: { number: 7 } });
  assert.equal(unknown.key, 'notifications.kinds.other');
  assert.equal(unknown.values.kind, 'gesture approval');
  assert.equal(unknown.values.number, '7');
  const reminder = notificationMessage({ kind: 'promise_reminder', data: { number: 3, description: 'Call back', dueAt: '2026-01-01T10:00:00Z' } });
  assert.deepEqual(reminder.values, { number: '3', description: 'Call back', dueAt: '2026-01-01T10:00:00Z', metricKey: null, kind: 'promise reminder' });
  assert.equal(notificationMessage({ kind: 'sla_warning', data: { dueAt: null } }).values.number, '');
});

test('SLA metrics map to their labels', () => {
  assert.equal(metricKey({ metric: 'first_response' }), 'sla.firstResponse');
  assert.equal(metricKey({ metric: 'resolution' }), 'sla.resolution');
  assert.equal(metricKey({ metric: 'weird' }), null);
  assert.equal(metricKey({}), null);
});

test('the badge shows a count, capped', () => {
  assert.equal(badgeText(0), '');
  assert.equal(badgeText(5), '5');
  assert.equal(badgeText(120), '99+');
});
