import { test } from 'vitest';
import assert from 'node:assert/strict';
import { ApiError } from '../../api/client.ts';
import type { SlaPolicy } from '../../api/types.ts';
import { conditionValues, emptySlaPolicyForm, formFromPolicy, formProblems, slaPolicyInput, slaPolicyPatch, slotForField, splitTags } from './sla-policy-form.ts';

test('an almost empty form sends the name, the targets set and the default pause', () => {
  const input = slaPolicyInput({ ...emptySlaPolicyForm(), name: '  Standard  ', firstResponseMinutes: '60', resolutionMinutes: ' 1440 ' });
  assert.deepEqual(input, { name: 'Standard', targets: { firstResponseMinutes: 60, resolutionMinutes: 1440 }, pauseOn: ['pending'] });
});

test('conditions, clock, warnings and breach actions are sent only when set', () => {
  const input = slaPolicyInput({
    ...emptySlaPolicyForm(),
    name: 'VIP',
    priority: ['high', 'urgent'],
    channel: ['email'],
    teamId: ['t1'],
    tags: 'vip, gold  vip',
    nextResponseMinutes: '30',
    businessHoursId: 'h1',
    calendarTime: true,
    pauseOn: [],
    warnAtPercent: '70',
    noticeAtPercent: '85',
    raisePriority: true,
    notifySupervisors: true,
    reassign: true,
    reassignTeamId: 't2',
  });
  assert.deepEqual(input, {
    name: 'VIP',
    conditions: { priority: ['high', 'urgent'], channel: ['email'], teamId: ['t1'], tags: ['vip', 'gold'] },
    targets: { nextResponseMinutes: 30 },
    businessHoursId: 'h1',
    calendarTime: true,
    pauseOn: [],
    warnAtPercent: 70,
    noticeAtPercent: 85,
    breachActions: [{ type: 'raise_priority' }, { type: 'notify_supervisors' }, { type: 'reassign', teamId: 't2' }],
  });
});

test('a reassignment with nobody chosen is still sent, for the server to refuse', () => {
  const input = slaPolicyInput({ ...emptySlaPolicyForm(), name: 'X', reassign: true });
  assert.deepEqual(input.breachActions, [{ type: 'reassign' }]);
});

test('tags split on commas and spaces, once each', () => {
  assert.deepEqual(splitTags(' a, b,,c  a '), ['a', 'b', 'c']);
  assert.deepEqual(splitTags(''), []);
});

test('API field names find their place on the form', () => {
  assert.equal(slotForField('name'), 'name');
  assert.equal(slotForField('targets'), 'targets');
  assert.equal(slotForField('targets.firstResponseMinutes'), 'firstResponseMinutes');
  assert.equal(slotForField('/targets/resolutionMinutes'), 'resolutionMinutes');
  assert.equal(slotForField('conditions.priority.0'), 'conditions');
  assert.equal(slotForField('teamId'), 'conditions');
  assert.equal(slotForField('businessHoursId'), 'hours');
  assert.equal(slotForField('noticeAtPercent'), 'noticeAtPercent');
  assert.equal(slotForField('breachActions.0'), 'breachActions');
  assert.equal(slotForField('body'), 'general');
  assert.equal(slotForField('something'), 'general');
});

test('validation problems are read from the API error', () => {
  const error = new ApiError(400, 'validation_failed', 'noticeAtPercent: must be later than warnAtPercent', {
    fields: [{ field: 'noticeAtPercent', message: 'must be later than warnAtPercent' }, { field: 'x' }],
  });
  assert.deepEqual(formProblems(error), {
    message: 'noticeAtPercent: must be later than warnAtPercent',
    fields: [{ field: 'noticeAtPercent', message: 'must be later than warnAtPercent', slot: 'noticeAtPercent' }],
  });
  assert.deepEqual(formProblems(new ApiError(500, 'internal', 'boom')), { message: 'boom', fields: [] });
  assert.deepEqual(formProblems(new Error('offline')), { message: 'offline', fields: [] });
});

test('stored conditions may be one value or a list', () => {
  assert.deepEqual(conditionValues({ conditions: { priority: 'high' } }, 'priority'), ['high']);
  assert.deepEqual(conditionValues({ conditions: { priority: ['high', 'urgent'] } }, 'priority'), ['high', 'urgent']);
  assert.deepEqual(conditionValues({ conditions: {} }, 'priority'), []);
});

const stored: SlaPolicy = {
  id: 'p1',
  name: 'VIP',
  position: 0,
  enabled: true,
  conditions: { priority: ['high', 'urgent'], channel: 'email', tags: ['vip', 'gold'] },
  targets: { firstResponseMinutes: 30, nextResponseMinutes: null, resolutionMinutes: 480 },
  businessHoursId: 'h1',
  calendarTime: false,
  pauseOn: ['pending', 'on_hold'],
  warnAtPercent: 70,
  noticeAtPercent: null,
  breachActions: [{ type: 'notify_supervisors' }, { type: 'reassign', teamId: 't2' }],
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

test('editing: the form is filled from the stored policy and saving it unchanged sends the same policy back', () => {
  const form = formFromPolicy(stored);
  assert.equal(form.tags, 'vip, gold');
  assert.deepEqual(form.channel, ['email'], 'a single stored value becomes a list');
  assert.equal(form.noticeAtPercent, '');
  assert.equal(form.reassignTeamId, 't2');
  assert.deepEqual(slaPolicyPatch(form), {
    name: 'VIP',
    conditions: { priority: ['high', 'urgent'], channel: ['email'], tags: ['vip', 'gold'] },
    targets: { firstResponseMinutes: 30, resolutionMinutes: 480 },
    businessHoursId: 'h1',
    calendarTime: false,
    pauseOn: ['pending', 'on_hold'],
    warnAtPercent: 70,
    noticeAtPercent: null,
    breachActions: [{ type: 'notify_supervisors' }, { type: 'reassign', teamId: 't2' }],
  });
});

test('editing: what the admin cleared is sent as cleared', () => {
  const patch = slaPolicyPatch({ ...formFromPolicy(stored), priority: [], channel: [], tags: '', businessHoursId: '', warnAtPercent: '', notifySupervisors: false, reassign: false });
  assert.deepEqual(patch.conditions, {});
  assert.equal(patch.businessHoursId, null);
  assert.equal(patch.warnAtPercent, 80);
  assert.deepEqual(patch.breachActions, []);
});
