import { test } from 'vitest';
import assert from 'node:assert/strict';
import { contactState, interrupts, localClock, parseDayWindows, summarizeContactHours, type ContactHours } from './contact-hours.ts';

const weekdayMornings: ContactHours = { mon: [['08:00', '12:00']], tue: [['08:00', '12:00']], wed: [['08:00', '12:00']], thu: [['08:00', '12:00']], fri: [['08:00', '12:00']] };

test('the customer’s clock, not the agent’s: one instant is within for Warsaw and outside for New York', () => {
  // Tuesday 2026-03-10 09:30 UTC = 10:30 in Warsaw (CET), 05:30 in New York (EDT since 8 March).
  const at = new Date('2026-03-10T09:30:00Z');
  assert.deepEqual(localClock(at, 'Europe/Warsaw'), { weekday: 'tue', minutes: 630, time: '10:30' });
  assert.equal(contactState(weekdayMornings, 'Europe/Warsaw', at).kind, 'within');
  const ny = contactState(weekdayMornings, 'America/New_York', at);
  assert.deepEqual(ny, { kind: 'outside', local: { weekday: 'tue', minutes: 330, time: '05:30' }, next: { weekday: 'tue', start: '08:00' } });
});

test('across the DST change the window follows the local clock (06:00 UTC is 08:00 in summer, 07:00 in winter)', () => {
  // Saturday 28 and Monday 30 March 2026: Warsaw moved from UTC+1 to UTC+2 on Sunday 29 March.
  assert.equal(contactState(weekdayMornings, 'Europe/Warsaw', new Date('2026-03-30T06:00:00Z')).kind, 'within', 'Mon 08:00 CEST');
  assert.equal(contactState(weekdayMornings, 'Europe/Warsaw', new Date('2026-03-30T05:59:00Z')).kind, 'outside', 'Mon 07:59 CEST');
  assert.equal(contactState(weekdayMornings, 'Europe/Warsaw', new Date('2026-03-27T06:30:00Z')).kind, 'outside', 'Fri 07:30 CET');
  assert.equal(contactState(weekdayMornings, 'Europe/Warsaw', new Date('2026-03-27T07:00:00Z')).kind, 'within', 'Fri 08:00 CET');
  // Ends are exclusive: 12:00 local is outside.
  assert.equal(contactState(weekdayMornings, 'Europe/Warsaw', new Date('2026-03-30T10:00:00Z')).kind, 'outside');
});

test('skipped and repeated local times: a 02:00–03:00 window never occurs in spring and occurs twice in autumn', () => {
  const night: ContactHours = { sun: [['02:00', '03:00']] };
  // 29 March 2026 in Stockholm: 02:00 CET → 03:00 CEST. 00:59 and 01:00 UTC are 01:59 CET and 03:00 CEST.
  assert.equal(contactState(night, 'Europe/Stockholm', new Date('2026-03-29T00:59:00Z')).kind, 'outside');
  assert.equal(contactState(night, 'Europe/Stockholm', new Date('2026-03-29T01:00:00Z')).kind, 'outside');
  // 25 October 2026: 03:00 CEST → 02:00 CET; 02:30 happens at 00:30 and at 01:30 UTC.
  assert.equal(contactState(night, 'Europe/Stockholm', new Date('2026-10-25T00:30:00Z')).kind, 'within');
  assert.equal(contactState(night, 'Europe/Stockholm', new Date('2026-10-25T01:30:00Z')).kind, 'within');
  assert.equal(contactState(night, 'Europe/Stockholm', new Date('2026-10-25T02:00:00Z')).kind, 'outside', '03:00 CET');
});

test('the next window: later today, a later day, or next week; overnight windows run on', () => {
  const at = new Date('2026-03-13T13:00:00Z'); // Friday 14:00 in Warsaw
  assert.deepEqual(contactState(weekdayMornings, 'Europe/Warsaw', at), {
    kind: 'outside',
    local: { weekday: 'fri', minutes: 840, time: '14:00' },
    next: { weekday: 'mon', start: '08:00' },
  });
  const onlyFriday: ContactHours = { fri: [['09:00', '10:00']] };
  const next = contactState(onlyFriday, 'Europe/Warsaw', at);
  assert.equal(next.kind === 'outside' && next.next?.weekday, 'fri', 'next Friday');
  const overnight: ContactHours = { fri: [['22:00', '24:00']], sat: [['00:00', '06:00']] };
  const late = contactState(overnight, 'Europe/Warsaw', new Date('2026-03-13T22:30:00Z')); // Fri 23:30
  assert.equal(late.kind, 'within');
  assert.equal(late.kind === 'within' && late.until, '06:00');
});

test('no hours, no zone or an unknown zone: nothing to warn about', () => {
  const at = new Date();
  assert.equal(contactState(null, 'Europe/Warsaw', at).kind, 'unknown');
  assert.equal(contactState(weekdayMornings, null, at).kind, 'unknown');
  assert.equal(contactState({}, 'Europe/Warsaw', at).kind, 'unknown');
  assert.equal(contactState(weekdayMornings, 'Mars/Olympus', at).kind, 'unknown');
  assert.equal(interrupts('phone') && interrupts('chat'), true);
  assert.equal(interrupts('email') || interrupts('portal') || interrupts('api'), false);
});

test('typed windows are parsed, sorted and checked; summaries join equal consecutive days', () => {
  assert.deepEqual(parseDayWindows(' 13:00–17:00, 8:00-12:00 '), [['08:00', '12:00'], ['13:00', '17:00']]);
  assert.deepEqual(parseDayWindows(''), []);
  assert.deepEqual(parseDayWindows('22:00-24:00'), [['22:00', '24:00']]);
  for (const bad of ['8-12', '12:00-08:00', '08:00-12:00, 11:00-13:00', '24:00-24:00', '08:00-25:00', 'mornings']) {
    assert.equal(parseDayWindows(bad), null, bad);
  }
  const names = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' } as const;
  assert.equal(
    summarizeContactHours({ ...weekdayMornings, wed: [['09:00', '12:00']], sat: [['10:00', '14:00']] }, (d) => names[d]),
    'Mon–Tue 08:00–12:00; Wed 09:00–12:00; Thu–Fri 08:00–12:00; Sat 10:00–14:00',
  );
  assert.equal(summarizeContactHours(null, (d) => names[d]), '');
});
