import { test } from 'vitest';
import assert from 'node:assert/strict';
import type { Conversation } from '../../api/types.ts';
import { buildListQuery, matchesQuery, NO_FILTERS, slaAtRisk, sortConversations } from './views.ts';

const me = { id: '11111111-1111-4111-8111-111111111111' };
const base = { status: 'open', priority: 'normal', channel: 'email', assigneeId: null, teamId: null, customerId: 'c', sla: null } as unknown as Conversation;

test('views become server queries; a status filter outside the view means nothing can match', () => {
  assert.deepEqual(buildListQuery('mine', NO_FILTERS, me).server, { status: ['new', 'open', 'pending', 'on_hold'], assigneeId: me.id });
  assert.deepEqual(buildListQuery('unassigned', NO_FILTERS, me).server, { status: ['new', 'open', 'pending', 'on_hold'], assigneeId: 'none' });
  assert.deepEqual(buildListQuery('all', { status: '', priority: 'urgent', channel: 'chat' }, me).server, { priority: ['urgent'], channel: ['chat'] });
  assert.deepEqual(buildListQuery('team:22222222-2222-4222-8222-222222222222', NO_FILTERS, me).server.teamId, '22222222-2222-4222-8222-222222222222');
  assert.equal(buildListQuery('pending', { ...NO_FILTERS, status: 'open' }, me).empty, true);
  assert.equal(buildListQuery('open', { ...NO_FILTERS, status: 'on_hold' }, me).empty, false);
});

test('live conversations are matched against the view like the server would', () => {
  const mine = buildListQuery('mine', NO_FILTERS, me);
  assert.equal(matchesQuery({ ...base, assigneeId: me.id }, mine), true);
  assert.equal(matchesQuery({ ...base, assigneeId: 'someone-else' }, mine), false);
  assert.equal(matchesQuery({ ...base, assigneeId: me.id, status: 'solved' }, mine), false);
  const unassigned = buildListQuery('unassigned', NO_FILTERS, me);
  assert.equal(matchesQuery(base, unassigned), true);
  assert.equal(matchesQuery({ ...base, assigneeId: me.id }, unassigned), false);
  const urgentChat = buildListQuery('all', { status: '', priority: 'urgent', channel: 'chat' }, me);
  assert.equal(matchesQuery({ ...base, priority: 'urgent', channel: 'chat' }, urgentChat), true);
  assert.equal(matchesQuery({ ...base, priority: 'urgent' }, urgentChat), false);
});

test('the at-risk view is filtered by the server (sla=at_risk); live rows are checked on the client', () => {
  const q = buildListQuery('at_risk', NO_FILTERS, me);
  assert.equal(q.server.sla, 'at_risk');
  assert.equal(q.clientFilter, null);
  const risky = { ...base, sla: { policyId: 'p', firstResponse: { dueAt: '2026-01-01T00:00:00Z', breached: true, paused: false, remainingMinutes: -5 } } } as Conversation;
  assert.equal(matchesQuery(risky, q), true);
  assert.equal(matchesQuery(base, q), false, 'a row whose target was met leaves the view');
  assert.equal(buildListQuery('mine', NO_FILTERS, me).server.sla, undefined);
});

test('at risk: breached or under an hour left on a running clock; paused clocks do not count', () => {
  const clock = (remainingMinutes: number | null, breached = false, paused = false) => ({ dueAt: '2026-01-01T00:00:00Z', breached, paused, remainingMinutes });
  assert.equal(slaAtRisk({ sla: null }), false);
  assert.equal(slaAtRisk({ sla: { policyId: 'p', firstResponse: clock(30) } }), true);
  assert.equal(slaAtRisk({ sla: { policyId: 'p', firstResponse: clock(240) } }), false);
  assert.equal(slaAtRisk({ sla: { policyId: 'p', firstResponse: { ...clock(61), targetMinutes: 600 } } }), false, 'as the server: due within an hour');
  assert.equal(slaAtRisk({ sla: { policyId: 'p', firstResponse: { ...clock(59), targetMinutes: 600 } } }), true);
  assert.equal(slaAtRisk({ sla: { policyId: 'p', firstResponse: { ...clock(200), warned: true } } }), true, 'the policy warned');
  assert.equal(slaAtRisk({ sla: { policyId: 'p', resolution: clock(-10, true) } }), true);
  assert.equal(slaAtRisk({ sla: { policyId: 'p', nextResponse: clock(5, false, true) } }), false);
  assert.equal(slaAtRisk({ sla: { policyId: 'p', firstResponse: { ...clock(-30, true), fulfilledAt: '2026-01-01T00:10:00Z' } } }), false, 'met late: no longer urgent');
});

test('priority order is stable: newest activity stays first among equals', () => {
  const items = [
    { ...base, id: 'a', priority: 'normal' },
    { ...base, id: 'b', priority: 'urgent' },
    { ...base, id: 'c', priority: 'low' },
    { ...base, id: 'd', priority: 'urgent' },
  ] as Conversation[];
  assert.deepEqual(sortConversations(items, 'priority').map((c) => c.id), ['b', 'd', 'a', 'c']);
  assert.equal(sortConversations(items, 'activity'), items);
});
