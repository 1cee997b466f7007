import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildBusinessCalendar } from '../service-clock/business-hours.js';
import { businessTime, calendarTime } from './time-base.js';
import { instantAtFraction, instantsOf, pause, remainingMinutes, resume, usedMinutes, type ClockState } from './sla-math.js';
import { firstMatchingPolicy, normalizeConditions, policyMatches, type SlaPolicyRow } from './sla-policies.js';

const weekdays = (hours: [string, string][]) => ({ mon: hours, tue: hours, wed: hours, thu: hours, fri: hours });
const sofia = businessTime(buildBusinessCalendar({ timezone: 'Europe/Sofia', weekly: weekdays([['09:00', '17:00']]) }));
const stockholm = businessTime(buildBusinessCalendar({ timezone: 'Europe/Stockholm', weekly: weekdays([['09:00', '17:00']]) }));
const at = (iso: string) => new Date(iso);

test('a business-time target runs over the weekend of the DST change (Sofia, EET → EEST on 29 March 2026)', () => {
  // Friday 16:00 EET (14:00Z), 120 business minutes: 60 on Friday, 60 on Monday from 09:00 EEST (06:00Z).
  const state: ClockState = { targetMinutes: 120, consumed: 0, segmentStart: at('2026-03-27T14:00:00Z') };
  assert.equal(instantAtFraction(state, sofia, 1)?.toISOString(), '2026-03-30T07:00:00.000Z');
  // Saturday and the lost hour on Sunday do not count.
  assert.equal(remainingMinutes(state, sofia, at('2026-03-29T12:00:00Z')), 60);
});

test('pausing folds the running segment in; resuming counts the rest from the resume (Sofia, across DST)', () => {
  const running: ClockState = { targetMinutes: 120, consumed: 0, segmentStart: at('2026-03-27T14:00:00Z') };
  const paused = pause(running, sofia, at('2026-03-27T14:30:00Z')); // Friday 16:30 EET
  assert.deepEqual(paused, { targetMinutes: 120, consumed: 30, segmentStart: null });
  assert.equal(instantAtFraction(paused, sofia, 1), null, 'no due time while paused');
  assert.equal(remainingMinutes(paused, sofia, at('2026-04-01T12:00:00Z')), 90, 'time stands still while paused');
  const resumed = resume(paused, at('2026-03-30T06:15:00Z')); // Monday 09:15 EEST
  assert.equal(instantAtFraction(resumed, sofia, 1)?.toISOString(), '2026-03-30T07:45:00.000Z');
  assert.equal(remainingMinutes(resumed, sofia, at('2026-03-30T07:00:00Z')), 45);
  assert.equal(usedMinutes(resumed, sofia, at('2026-03-30T07:00:00Z')), 75);
  assert.deepEqual(pause(paused, sofia, at('2026-03-30T07:00:00Z')), paused, 'pausing twice changes nothing');
});

test('warning and notice instants are shares of the target (Stockholm)', () => {
  const state: ClockState = { targetMinutes: 60, consumed: 0, segmentStart: at('2026-03-02T08:00:00Z') }; // Mon 09:00 CET
  const i = instantsOf(state, stockholm, 80, 90);
  assert.equal(i.warnAt?.toISOString(), '2026-03-02T08:48:00.000Z');
  assert.equal(i.noticeAt?.toISOString(), '2026-03-02T08:54:00.000Z');
  assert.equal(i.dueAt?.toISOString(), '2026-03-02T09:00:00.000Z');
  assert.equal(instantsOf(state, stockholm, 80, null).noticeAt, null);
  // A warning point already behind (consumed before a pause) is reported as the segment start: it is due now.
  const late: ClockState = { targetMinutes: 60, consumed: 50, segmentStart: at('2026-03-03T08:00:00Z') };
  assert.equal(instantAtFraction(late, stockholm, 0.8)?.toISOString(), '2026-03-03T08:00:00.000Z');
  assert.equal(instantAtFraction(late, stockholm, 1)?.toISOString(), '2026-03-03T08:10:00.000Z');
});

test('an overnight schedule: a target started at 23:00 ends after midnight', () => {
  const night = businessTime(buildBusinessCalendar({ timezone: 'Europe/Stockholm', weekly: { mon: [['22:00', '24:00']], tue: [['00:00', '06:00']] } }));
  const state: ClockState = { targetMinutes: 120, consumed: 0, segmentStart: at('2026-03-02T22:00:00Z') }; // Mon 23:00 CET
  assert.equal(instantAtFraction(state, night, 1)?.toISOString(), '2026-03-03T00:00:00.000Z'); // Tue 01:00 CET
});

test('remaining minutes round towards the customer and go negative once breached (calendar time)', () => {
  const state: ClockState = { targetMinutes: 10, consumed: 0, segmentStart: at('2026-01-01T00:00:00Z') };
  assert.equal(remainingMinutes(state, calendarTime, at('2026-01-01T00:00:30Z')), 9, '9.5 minutes left shows 9');
  assert.equal(remainingMinutes(state, calendarTime, at('2026-01-01T00:10:00Z')), 0);
  assert.equal(remainingMinutes(state, calendarTime, at('2026-01-01T00:12:30Z')), -3, '2.5 minutes late shows -3');
});

const policy = (over: Partial<SlaPolicyRow>): SlaPolicyRow =>
  ({
    id: 'p',
    account_id: 'a',
    name: 'p',
    position: 0,
    enabled: true,
    conditions: {},
    first_response_minutes: 60,
    next_response_minutes: null,
    resolution_minutes: null,
    business_hours_id: null,
    calendar_time: false,
    pause_on: ['pending'],
    warn_at_percent: 80,
    notice_at_percent: 90,
    breach_actions: [],
    created_at: new Date('2026-01-01T00:00:00Z'),
    updated_at: new Date('2026-01-01T00:00:00Z'),
    ...over,
  }) as SlaPolicyRow;

test('policies match on every condition they set, first in order wins, disabled ones never', () => {
  const conversation = { priority: 'urgent' as const, channel: 'email' as const, team_id: 't1', tags: ['vip', 'billing'], organisation_id: null };
  assert.ok(policyMatches(normalizeConditions({ priority: 'urgent', channel: ['email', 'chat'] }), conversation));
  assert.ok(policyMatches(normalizeConditions({ tags: ['VIP '] }), conversation), 'tags are normalised like conversation tags');
  assert.ok(!policyMatches(normalizeConditions({ tags: ['vip', 'legal'] }), conversation), 'every listed tag is needed');
  assert.ok(!policyMatches(normalizeConditions({ organisationId: 'o1' }), conversation), 'no organisation: an organisation condition fails');
  assert.ok(!policyMatches(normalizeConditions({ teamId: ['t2'] }), conversation));
  const urgent = policy({ id: 'urgent', position: 1, conditions: { priority: ['urgent'] } });
  const all = policy({ id: 'all', position: 2 });
  const retired = policy({ id: 'retired', position: 0, enabled: false });
  assert.equal(firstMatchingPolicy([all, urgent, retired], conversation)?.id, 'urgent');
  assert.equal(firstMatchingPolicy([all, urgent], { ...conversation, priority: 'low' })?.id, 'all');
  assert.equal(firstMatchingPolicy([urgent], { ...conversation, priority: 'low' }), null);
});
