import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { AppError } from '../shared/errors.js';
import {
  addBusinessMinutes,
  buildBusinessCalendar,
  BusinessCalendarError,
  businessMinutesBetween,
  calendarView,
  isOpen,
  nextOpening,
  WEEKDAYS,
  type BusinessCalendar,
  type BusinessHoursInput,
  type Weekday,
} from './business-hours.js';

// Expectations are written as local wall time with the offset in force, computed by hand:
// Stockholm is +01:00 (CET) / +02:00 (CEST), Sofia +02:00 (EET) / +03:00 (EEST); in 2025 both zones spring
// forward on Sunday 30 March at 01:00Z and fall back on Sunday 26 October at 01:00Z.

type Ranges = Array<[string, string]>;
const on = (days: readonly Weekday[], ranges: Ranges): BusinessHoursInput['weekly'] =>
  Object.fromEntries(days.map((day) => [day, ranges]));
const WORKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
const weekdays = (timezone: string, ranges: Ranges, extra: Partial<BusinessHoursInput> = {}) =>
  buildBusinessCalendar({ timezone, weekly: on(WORKDAYS, ranges), ...extra });
const everyDay = (timezone: string, ranges: Ranges, extra: Partial<BusinessHoursInput> = {}) =>
  buildBusinessCalendar({ timezone, weekly: on(WEEKDAYS, ranges), ...extra });

const at = (iso: string) => new Date(iso);
function assertInstant(actual: Date, expected: string): void {
  assert.equal(actual.toISOString(), new Date(expected).toISOString(), `expected ${expected}`);
}
function due(calendar: BusinessCalendar, from: string, minutes: number): Date {
  return addBusinessMinutes(calendar, at(from), minutes);
}
function between(calendar: BusinessCalendar, from: string, to: string): number {
  return businessMinutesBetween(calendar, at(from), at(to));
}
function assertFieldError(fn: () => unknown, field: string, message?: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof BusinessCalendarError, `expected BusinessCalendarError, got ${String(error)}`);
    assert.equal(error.field, field);
    if (message) assert.match(error.message, message);
    return true;
  });
}

const stockholm = weekdays('Europe/Stockholm', [['09:00', '17:00']]);
const sofia = weekdays('Europe/Sofia', [['09:00', '18:00']]);

// --- DST: intervals that do not touch the shift ---------------------------------------------------------

test('Stockholm 09–17: a due time across the spring-forward weekend keeps Monday wall-clock time', () => {
  // Friday 16:00 CET + 60 min to closing, then Monday 09:00 CEST + 60 min.
  assertInstant(due(stockholm, '2025-03-28T16:00+01:00', 120), '2025-03-31T10:00+02:00');
  assert.equal(between(stockholm, '2025-03-28T16:00+01:00', '2025-03-31T10:00+02:00'), 120);
  assert.equal(between(stockholm, '2025-03-31T00:00+02:00', '2025-04-01T00:00+02:00'), 480);
});

test('Stockholm 09–17: a due time across the fall-back weekend keeps Monday wall-clock time', () => {
  assertInstant(due(stockholm, '2025-10-24T16:00+02:00', 120), '2025-10-27T10:00+01:00');
  assert.equal(between(stockholm, '2025-10-24T16:00+02:00', '2025-10-27T10:00+01:00'), 120);
});

test('a 09–17 Sunday is exactly 8 hours on both DST Sundays', () => {
  const sevenDays = everyDay('Europe/Stockholm', [['09:00', '17:00']]);
  assert.equal(between(sevenDays, '2025-03-30T00:00+01:00', '2025-03-31T00:00+02:00'), 480);
  assertInstant(due(sevenDays, '2025-03-30T09:00+02:00', 480), '2025-03-30T17:00+02:00');
  assert.equal(between(sevenDays, '2025-10-26T00:00+02:00', '2025-10-27T00:00+01:00'), 480);
  assertInstant(due(sevenDays, '2025-10-26T09:00+01:00', 480), '2025-10-26T17:00+01:00');
});

test('Sofia 09–18: due times across both DST weekends keep Monday wall-clock time', () => {
  assertInstant(due(sofia, '2025-03-28T17:00+02:00', 120), '2025-03-31T10:00+03:00');
  assertInstant(due(sofia, '2025-10-24T17:00+03:00', 120), '2025-10-27T10:00+02:00');
  assert.equal(between(sofia, '2025-10-24T17:00+03:00', '2025-10-27T10:00+02:00'), 120);
});

// --- DST: 24-hour days and intervals that span the shift -------------------------------------------------

test('Stockholm 00:00–24:00: the spring-forward day has 23 business hours and the fall-back day 25', () => {
  const always = everyDay('Europe/Stockholm', [['00:00', '24:00']]);
  assert.equal(between(always, '2025-03-30T00:00+01:00', '2025-03-31T00:00+02:00'), 23 * 60);
  assert.equal(between(always, '2025-03-29T00:00+01:00', '2025-03-31T00:00+02:00'), 47 * 60);
  assertInstant(due(always, '2025-03-30T00:00+01:00', 23 * 60), '2025-03-31T00:00+02:00');
  assert.equal(between(always, '2025-10-26T00:00+02:00', '2025-10-27T00:00+01:00'), 25 * 60);
  assertInstant(due(always, '2025-10-26T00:00+02:00', 24 * 60), '2025-10-26T23:00+01:00');
  const [spring] = calendarView(always, '2025-03-30', '2025-03-30');
  assert.deepEqual(spring?.intervals, [{ start: '2025-03-29T23:00:00.000Z', end: '2025-03-30T22:00:00.000Z' }]);
  const [autumn] = calendarView(always, '2025-10-26', '2025-10-26');
  assert.deepEqual(autumn?.intervals, [{ start: '2025-10-25T22:00:00.000Z', end: '2025-10-26T23:00:00.000Z' }]);
});

test('Sofia 00:00–24:00: the spring-forward day has 23 business hours and the fall-back day 25', () => {
  const always = everyDay('Europe/Sofia', [['00:00', '24:00']]);
  assert.equal(between(always, '2025-03-30T00:00+02:00', '2025-03-31T00:00+03:00'), 23 * 60);
  assert.equal(between(always, '2025-10-26T00:00+03:00', '2025-10-27T00:00+02:00'), 25 * 60);
  assertInstant(due(always, '2025-10-26T00:00+03:00', 25 * 60), '2025-10-27T00:00+02:00');
});

test('on a 24/7 calendar business minutes are elapsed minutes, DST or not', () => {
  const always = everyDay('Europe/Stockholm', [['00:00', '24:00']]);
  const from = at('2025-01-15T10:17:00Z');
  const result = addBusinessMinutes(always, from, 1_000_000);
  assert.equal(result.getTime() - from.getTime(), 1_000_000 * 60_000);
  assert.equal(businessMinutesBetween(always, from, result), 1_000_000);
});

test('an interval spanning the shift counts real time: 01:00–05:00 is 3 h in spring and 5 h in autumn', () => {
  const sundays = buildBusinessCalendar({ timezone: 'Europe/Stockholm', weekly: { sun: [['01:00', '05:00']] } });
  assert.equal(between(sundays, '2025-03-30T00:00+01:00', '2025-03-31T00:00+02:00'), 180);
  assertInstant(due(sundays, '2025-03-30T01:30+01:00', 60), '2025-03-30T03:30+02:00');
  assert.equal(between(sundays, '2025-10-26T00:00+02:00', '2025-10-27T00:00+01:00'), 300);
  assertInstant(due(sundays, '2025-10-26T01:00+02:00', 150), '2025-10-26T02:30+01:00');
});

test('nonexistent local times resolve to the spring-forward transition (Stockholm 02:00–03:00 vanishes)', () => {
  const calendar = buildBusinessCalendar({
    timezone: 'Europe/Stockholm',
    weekly: { sun: [['02:00', '03:00'], ['05:00', '06:00']], sat: [['02:30', '04:00']] },
  });
  const [spring] = calendarView(calendar, '2025-03-30', '2025-03-30');
  assert.deepEqual(spring?.intervals, [{ start: '2025-03-30T03:00:00.000Z', end: '2025-03-30T04:00:00.000Z' }]);
  assert.equal(between(calendar, '2025-03-30T00:00+01:00', '2025-03-31T00:00+02:00'), 60);
  assert.equal(between(calendar, '2025-04-06T00:00+02:00', '2025-04-07T00:00+02:00'), 120);
  // Sofia's gap is 03:00–04:00 EET, so 03:30–05:00 starts at 04:00 EEST.
  const sofiaSunday = buildBusinessCalendar({ timezone: 'Europe/Sofia', weekly: { sun: [['03:30', '05:00']] } });
  const [sofiaSpring] = calendarView(sofiaSunday, '2025-03-30', '2025-03-30');
  assert.deepEqual(sofiaSpring?.intervals, [{ start: '2025-03-30T01:00:00.000Z', end: '2025-03-30T02:00:00.000Z' }]);
  assert.equal(isOpen(sofiaSunday, at('2025-03-30T04:00+03:00')), true);
  assert.equal(isOpen(sofiaSunday, at('2025-03-30T00:59:59.999Z')), false);
});

test('ambiguous local times: a start takes the first occurrence and an end the second', () => {
  const stockholmSunday = buildBusinessCalendar({ timezone: 'Europe/Stockholm', weekly: { sun: [['00:00', '02:30']] } });
  // 00:00 CEST to the second 02:30 (CET): 3.5 hours.
  assert.equal(between(stockholmSunday, '2025-10-26T00:00+02:00', '2025-10-27T00:00+01:00'), 210);
  assertInstant(due(stockholmSunday, '2025-10-26T00:00+02:00', 210), '2025-10-26T02:30+01:00');
  const lateStart = buildBusinessCalendar({ timezone: 'Europe/Stockholm', weekly: { sun: [['02:30', '06:00']] } });
  // The first 02:30 (CEST) to 06:00 CET: 4.5 hours.
  assert.equal(between(lateStart, '2025-10-26T00:00+02:00', '2025-10-27T00:00+01:00'), 270);
  assertInstant(nextOpening(lateStart, at('2025-10-26T00:00+02:00')), '2025-10-26T02:30+02:00');
  const sofiaSunday = buildBusinessCalendar({ timezone: 'Europe/Sofia', weekly: { sun: [['03:30', '05:00']] } });
  assert.equal(between(sofiaSunday, '2025-10-26T00:00+03:00', '2025-10-27T00:00+02:00'), 150);
});

test('the same rule covers midnight transitions (Santiago) and a date that never happened (Apia, 30 Dec 2011)', () => {
  const santiago = everyDay('America/Santiago', [['00:00', '24:00']]);
  // 8 Sep 2019 00:00 -04 did not exist: the day starts at 01:00 -03 and ends at 00:00 -03 the next day.
  assert.deepEqual(calendarView(santiago, '2019-09-08', '2019-09-08')[0]?.intervals, [
    { start: '2019-09-08T04:00:00.000Z', end: '2019-09-09T03:00:00.000Z' },
  ]);
  // 6 Apr 2019 repeats 23:00–24:00, so it lasts 25 hours.
  assert.equal(between(santiago, '2019-04-06T00:00-03:00', '2019-04-07T00:00-04:00'), 25 * 60);
  const apia = everyDay('Pacific/Apia', [['00:00', '24:00']]);
  assert.deepEqual(
    calendarView(apia, '2011-12-29', '2011-12-31').map((d) => [d.date, d.intervals]),
    [
      ['2011-12-29', [{ start: '2011-12-29T10:00:00.000Z', end: '2011-12-30T10:00:00.000Z' }]],
      ['2011-12-30', []],
      ['2011-12-31', [{ start: '2011-12-30T10:00:00.000Z', end: '2011-12-31T10:00:00.000Z' }]],
    ],
  );
  assertInstant(due(apia, '2011-12-29T23:00-10:00', 120), '2011-12-31T01:00+14:00');
});

// --- Holidays and closed dates ---------------------------------------------------------------------------

test('Sweden: midsommardagen is closed, midsommarafton (not a public holiday) stays open', () => {
  const shop = everyDay('Europe/Stockholm', [['10:00', '18:00']], { country: 'SE' });
  assert.equal(isOpen(shop, at('2025-06-20T12:00+02:00')), true);
  assert.equal(isOpen(shop, at('2025-06-21T12:00+02:00')), false);
  // Friday 17:00 + 60 to closing, Saturday closed, Sunday 10:00 + 60.
  assertInstant(due(shop, '2025-06-20T17:00+02:00', 120), '2025-06-22T11:00+02:00');
  assert.deepEqual(
    calendarView(shop, '2025-06-20', '2025-06-22').map((d) => [d.date, d.open, d.closedReason, d.holidayName]),
    [
      ['2025-06-20', true, undefined, undefined],
      ['2025-06-21', false, 'holiday', 'midsommardagen'],
      ['2025-06-22', true, undefined, undefined],
    ],
  );
});

test('Sweden: juldagen and annandag jul close Thursday and Friday before a weekend', () => {
  const calendar = weekdays('Europe/Stockholm', [['09:00', '17:00']], { country: 'SE' });
  assertInstant(due(calendar, '2025-12-24T16:00+01:00', 120), '2025-12-29T10:00+01:00');
  assert.equal(between(calendar, '2025-12-24T16:00+01:00', '2025-12-29T10:00+01:00'), 120);
  assert.deepEqual(
    calendarView(calendar, '2025-12-24', '2025-12-29').map((d) => [d.date, d.closedReason ?? 'open', d.holidayName]),
    [
      ['2025-12-24', 'open', undefined],
      ['2025-12-25', 'holiday', 'juldagen'],
      ['2025-12-26', 'holiday', 'annandag jul'],
      ['2025-12-27', 'weekend', undefined],
      ['2025-12-28', 'weekend', undefined],
      ['2025-12-29', 'open', undefined],
    ],
  );
});

test('Poland: 3 May (Constitution Day, a Friday in 2024) is closed', () => {
  const warsaw = weekdays('Europe/Warsaw', [['08:00', '16:00']], { country: 'PL' });
  assertInstant(due(warsaw, '2024-05-02T15:00+02:00', 120), '2024-05-06T09:00+02:00');
});

test('Slovenia: 25 June (Statehood Day) is closed', () => {
  const ljubljana = weekdays('Europe/Ljubljana', [['08:00', '16:00']], { country: 'SI' });
  assertInstant(due(ljubljana, '2025-06-24T15:00+02:00', 120), '2025-06-26T09:00+02:00');
  assert.equal(calendarView(ljubljana, '2025-06-25', '2025-06-25')[0]?.closedReason, 'holiday');
});

test('Bulgaria: 3 March (Liberation Day, a Monday in 2025) is closed', () => {
  const sofiaBg = weekdays('Europe/Sofia', [['09:00', '18:00']], { country: 'BG' });
  assertInstant(due(sofiaBg, '2025-02-28T17:00+02:00', 120), '2025-03-04T10:00+02:00');
});

test('United States: Thanksgiving is closed, the Friday after it is not', () => {
  const newYork = weekdays('America/New_York', [['09:00', '17:00']], { country: 'US' });
  assertInstant(due(newYork, '2025-11-26T16:00-05:00', 120), '2025-11-28T10:00-05:00');
  assert.equal(calendarView(newYork, '2025-11-27', '2025-11-27')[0]?.holidayName, 'Thanksgiving Day');
});

test('United Kingdom substitute days and German Unity Day come from the country, any case of its code', () => {
  const london = weekdays('Europe/London', [['09:00', '17:00']], { country: 'gb' });
  assert.equal(london.country, 'GB');
  assert.deepEqual(
    calendarView(london, '2027-12-27', '2027-12-29').map((d) => [d.date, d.open, d.holidayName]),
    [
      ['2027-12-27', false, 'Christmas Day (substitute day)'],
      ['2027-12-28', false, 'Boxing Day (substitute day)'],
      ['2027-12-29', true, undefined],
    ],
  );
  const berlin = weekdays('Europe/Berlin', [['09:00', '17:00']], { country: 'DE' });
  assert.equal(isOpen(berlin, at('2025-10-03T10:00+02:00')), false);
  assert.equal(isOpen(berlin, at('2025-10-02T10:00+02:00')), true);
});

test('closed dates close the whole local date and are labelled in the calendar view', () => {
  const calendar = weekdays('Europe/Stockholm', [['09:00', '17:00']], { closedDates: ['2025-04-22'] });
  assertInstant(due(calendar, '2025-04-21T16:00+02:00', 120), '2025-04-23T10:00+02:00');
  assert.equal(between(calendar, '2025-04-21T00:00+02:00', '2025-04-26T00:00+02:00'), 4 * 480);
  assert.deepEqual(calendarView(calendar, '2025-04-22', '2025-04-22'), [
    { date: '2025-04-22', open: false, intervals: [], closedReason: 'closed_date' },
  ]);
});

// --- Split days, overnight hours, outside hours, boundaries ----------------------------------------------

test('split day 09–12 + 13–17: lunch does not count', () => {
  const calendar = weekdays('Europe/Stockholm', [['13:00', '17:00'], ['09:00', '12:00']]);
  assertInstant(due(calendar, '2025-09-01T11:30+02:00', 60), '2025-09-01T13:30+02:00');
  assertInstant(due(calendar, '2025-09-01T11:00+02:00', 60), '2025-09-01T12:00+02:00');
  assertInstant(due(calendar, '2025-09-01T12:00+02:00', 0), '2025-09-01T13:00+02:00');
  assert.equal(isOpen(calendar, at('2025-09-01T12:15+02:00')), false);
  assertInstant(nextOpening(calendar, at('2025-09-01T12:15+02:00')), '2025-09-01T13:00+02:00');
  assert.equal(between(calendar, '2025-09-01T11:00+02:00', '2025-09-01T14:00+02:00'), 120);
  assert.deepEqual(
    calendarView(calendar, '2025-09-01', '2025-09-01')[0]?.intervals,
    [
      { start: '2025-09-01T07:00:00.000Z', end: '2025-09-01T10:00:00.000Z' },
      { start: '2025-09-01T11:00:00.000Z', end: '2025-09-01T15:00:00.000Z' },
    ],
  );
});

test('touching intervals merge into one', () => {
  const calendar = buildBusinessCalendar({ timezone: 'UTC', weekly: { mon: [['12:00', '17:00'], ['09:00', '12:00']] } });
  assert.deepEqual(calendar.weekly[0], [{ start: 540, end: 1020 }]);
});

test('overnight hours split at midnight run as one stretch (Friday 22:00 – Saturday 06:00)', () => {
  const night = buildBusinessCalendar({
    timezone: 'Europe/Stockholm',
    weekly: { fri: [['22:00', '24:00']], sat: [['00:00', '06:00']] },
  });
  assertInstant(due(night, '2025-09-05T23:00+02:00', 120), '2025-09-06T01:00+02:00');
  assert.equal(isOpen(night, at('2025-09-06T00:00+02:00')), true);
  assert.equal(between(night, '2025-09-05T12:00+02:00', '2025-09-06T12:00+02:00'), 480);
  assertInstant(due(night, '2025-09-06T05:30+02:00', 60), '2025-09-12T22:30+02:00');
});

test('from outside business hours counting starts at the next opening', () => {
  assertInstant(due(stockholm, '2025-09-06T12:00+02:00', 30), '2025-09-08T09:30+02:00');
  assertInstant(due(stockholm, '2025-09-08T06:00+02:00', 30), '2025-09-08T09:30+02:00');
  assertInstant(due(stockholm, '2025-09-05T20:00+02:00', 0), '2025-09-08T09:00+02:00');
  assert.equal(between(stockholm, '2025-09-06T00:00+02:00', '2025-09-08T00:00+02:00'), 0);
  assert.equal(between(stockholm, '2025-09-08T10:00+02:00', '2025-09-08T09:30+02:00'), -30);
  assert.equal(between(stockholm, '2025-09-07T10:00+02:00', '2025-09-06T09:30+02:00'), 0);
});

test('exact boundaries: open at opening, closed at closing, a due time may land on closing', () => {
  assert.equal(isOpen(stockholm, at('2025-09-08T09:00+02:00')), true);
  assert.equal(isOpen(stockholm, at('2025-09-08T08:59:59.999+02:00')), false);
  assert.equal(isOpen(stockholm, at('2025-09-08T16:59:59.999+02:00')), true);
  assert.equal(isOpen(stockholm, at('2025-09-08T17:00+02:00')), false);
  assertInstant(due(stockholm, '2025-09-08T09:00+02:00', 480), '2025-09-08T17:00+02:00');
  assertInstant(due(stockholm, '2025-09-08T17:00+02:00', 0), '2025-09-09T09:00+02:00');
  assertInstant(due(stockholm, '2025-09-08T17:00+02:00', 1), '2025-09-09T09:01+02:00');
  assertInstant(nextOpening(stockholm, at('2025-09-08T09:00+02:00')), '2025-09-08T09:00+02:00');
  assertInstant(nextOpening(stockholm, at('2025-09-12T17:00+02:00')), '2025-09-15T09:00+02:00');
  assertInstant(due(stockholm, '2025-09-08T16:59:30+02:00', 1), '2025-09-09T09:00:30+02:00');
  assert.equal(between(stockholm, '2025-09-08T16:59:30+02:00', '2025-09-09T09:00:00+02:00'), 0.5);
});

// --- Multi-week spans and large minute counts ------------------------------------------------------------

test('multi-week spans: four full weeks land on Friday closing, one more minute on Monday 09:01', () => {
  assertInstant(due(stockholm, '2025-09-01T09:00+02:00', 4 * 2400), '2025-09-26T17:00+02:00');
  assertInstant(due(stockholm, '2025-09-01T09:00+02:00', 4 * 2400 + 1), '2025-09-29T09:01+02:00');
  // Three weeks and a day, across the autumn change.
  assertInstant(due(stockholm, '2025-10-06T09:00+02:00', 3 * 2400 + 480), '2025-10-27T17:00+01:00');
});

test('multi-week span over Swedish Christmas and Epiphany: 30 business days end 15 January', () => {
  // Dec 1–24 minus nothing = 18 days, Dec 29–31 = 3, Jan 2 and 5 = 2, Jan 7–9 = 3, Jan 12–15 = 4.
  const calendar = weekdays('Europe/Stockholm', [['09:00', '17:00']], { country: 'SE' });
  assertInstant(due(calendar, '2025-12-01T09:00+01:00', 30 * 480), '2026-01-15T17:00+01:00');
  assert.equal(between(calendar, '2025-12-01T09:00+01:00', '2026-01-15T17:00+01:00'), 30 * 480);
});

// Speed is measured in bench/, never asserted by wall clock here: these tests check the week-skipping arithmetic.
test('100,000 business minutes: hand-computed result, with and without holidays', () => {
  // 41 weeks of 2,400 minutes end Friday 17 October; 1,600 more = Mon–Wed (1,440) + 160 minutes on Thursday.
  const utc = weekdays('UTC', [['09:00', '17:00']]);
  assertInstant(due(utc, '2025-01-06T09:00Z', 100_000), '2025-10-23T11:40Z');
  const fresh = weekdays('Europe/Stockholm', [['09:00', '17:00']]);
  const result = due(fresh, '2025-01-06T09:00+01:00', 100_000);
  const remaining = businessMinutesBetween(fresh, at('2025-01-06T09:00+01:00'), result);
  assertInstant(result, '2025-10-23T11:40+02:00');
  assert.equal(remaining, 100_000);

  const withHolidays = weekdays('Europe/Berlin', [['09:00', '17:00']], { country: 'DE' });
  due(withHolidays, '2025-01-06T09:00+01:00', 0); // first use loads this year's holidays (date-holidays is slow)
  const dueAt = due(withHolidays, '2025-01-06T09:00+01:00', 100_000);
  assert.equal(businessMinutesBetween(withHolidays, at('2025-01-06T09:00+01:00'), dueAt), 100_000);
});

// --- Properties ------------------------------------------------------------------------------------------

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PROPERTY_CALENDARS: Array<[string, BusinessCalendar]> = [
  ['Stockholm split days with Swedish holidays', weekdays('Europe/Stockholm', [['09:00', '12:00'], ['13:00', '17:00']], { country: 'SE' })],
  ['Sofia 24/7 with Bulgarian holidays', everyDay('Europe/Sofia', [['00:00', '24:00']], { country: 'BG' })],
  ['Stockholm Sunday hours around the shift', buildBusinessCalendar({ timezone: 'Europe/Stockholm', weekly: { sun: [['00:00', '02:30'], ['02:45', '04:00']], wed: [['10:00', '11:00']] } })],
  ['New York with US holidays and closed dates', weekdays('America/New_York', [['08:30', '17:30']], { country: 'US', closedDates: ['2025-07-03', '2026-01-02'] })],
  ['overnight shifts', buildBusinessCalendar({ timezone: 'Europe/Warsaw', weekly: { thu: [['20:00', '24:00']], fri: [['00:00', '04:00'], ['20:00', '24:00']], sat: [['00:00', '04:00']] } })],
];

for (const [name, calendar] of PROPERTY_CALENDARS) {
  test(`round trip (${name}): businessMinutesBetween(from, addBusinessMinutes(from, m)) === m`, () => {
    const random = seededRandom(name.length * 7919);
    const start = Date.UTC(2025, 0, 1);
    for (let i = 0; i < 150; i++) {
      const anywhere = new Date(start + Math.floor(random() * 2 * 365 * 86_400_000));
      const inside = nextOpening(calendar, anywhere);
      assert.equal(isOpen(calendar, inside), true, `${inside.toISOString()} should be open`);
      const minutes = Math.floor(random() * 20_000);
      for (const from of [inside, anywhere]) {
        const dueAt = addBusinessMinutes(calendar, from, minutes);
        assert.equal(businessMinutesBetween(calendar, from, dueAt), minutes, `${from.toISOString()} + ${minutes}`);
        assert.equal(businessMinutesBetween(calendar, dueAt, from), minutes === 0 ? 0 : -minutes);
        if (minutes > 0) assert.equal(isOpen(calendar, new Date(dueAt.getTime() - 1)), true);
      }
      assert.ok(addBusinessMinutes(calendar, inside, minutes + 1) > addBusinessMinutes(calendar, inside, minutes));
    }
  });
}

test('agrees with a minute-by-minute count on local wall time across both Stockholm DST weekends', () => {
  const calendar = weekdays('Europe/Stockholm', [['09:00', '12:00'], ['13:00', '17:00']], { country: 'SE' });
  const closed = new Set(['2025-04-18', '2025-04-21']); // långfredagen, annandag påsk (hand-checked)
  const oracleOpen = (ms: number) => {
    const local = DateTime.fromMillis(ms, { zone: 'Europe/Stockholm' });
    const minute = local.hour * 60 + local.minute;
    return local.weekday <= 5 && !closed.has(local.toISODate() ?? '') && ((minute >= 540 && minute < 720) || (minute >= 780 && minute < 1020));
  };
  for (const [first, last] of [['2025-03-24T00:00+01:00', '2025-04-23T00:00+02:00'], ['2025-10-20T00:00+02:00', '2025-11-05T00:00+01:00']] as const) {
    const from = at(first).getTime();
    let expected = 0;
    for (let ms = from; ms < at(last).getTime(); ms += 5 * 60_000) {
      assert.equal(isOpen(calendar, new Date(ms)), oracleOpen(ms), new Date(ms).toISOString());
      if (oracleOpen(ms)) expected += 5;
      if (ms % (6 * 3_600_000) === 0) assert.equal(businessMinutesBetween(calendar, new Date(from), new Date(ms + 5 * 60_000)), expected);
    }
  }
});

// --- Calendars without hours, limits --------------------------------------------------------------------

test('a calendar with no weekly hours builds, reports closed and refuses to compute a due time', () => {
  const closedForever = buildBusinessCalendar({ timezone: 'Europe/Stockholm', weekly: {} });
  assertFieldError(() => due(closedForever, '2025-01-01T00:00Z', 10), 'weekly', /no business hours/);
  assert.equal(between(closedForever, '2025-01-01T00:00Z', '2025-12-31T00:00Z'), 0);
  assert.equal(isOpen(closedForever, at('2025-01-01T12:00Z')), false);
  assert.equal(calendarView(closedForever, '2025-01-01', '2025-01-01')[0]?.closedReason, 'weekend');
});

test('hours that are always closed by closed dates stop the scan after 3 years with a clear error', () => {
  const saturdays: string[] = [];
  for (let ms = Date.UTC(2025, 0, 4); ms < Date.UTC(2030, 0, 1); ms += 7 * 86_400_000) {
    saturdays.push(new Date(ms).toISOString().slice(0, 10));
  }
  const calendar = buildBusinessCalendar({ timezone: 'UTC', weekly: { sat: [['10:00', '12:00']] }, closedDates: saturdays });
  assertFieldError(() => due(calendar, '2025-01-01T00:00Z', 1), 'weekly', /no business hours in the 3 years after 2025-01-01/);
  assertInstant(due(calendar, '2030-01-01T00:00Z', 1), '2030-01-05T10:01Z');
});

test('a due time more than 10 years away is refused, not computed', () => {
  const oneHourAWeek = buildBusinessCalendar({ timezone: 'UTC', weekly: { mon: [['09:00', '10:00']] } });
  assertFieldError(() => due(oneHourAWeek, '2025-01-01T00:00Z', 60 * 600), 'minutes', /10 years/);
  assertFieldError(() => between(oneHourAWeek, '2025-01-01T00:00Z', '2040-01-01T00:00Z'), 'to', /10 years/);
});

// --- Validation -------------------------------------------------------------------------------------------

const valid: BusinessHoursInput = { timezone: 'Europe/Stockholm', weekly: { mon: [['09:00', '17:00']] } };
const invalid = (patch: Record<string, unknown>) => () => buildBusinessCalendar({ ...valid, ...patch } as BusinessHoursInput);

test('validation: an unknown time zone names the timezone field', () => {
  assertFieldError(invalid({ timezone: 'Europe/Stockholmm' }), 'timezone', /IANA/);
  assertFieldError(invalid({ timezone: '+02:00' }), 'timezone');
  assertFieldError(invalid({ timezone: 42 }), 'timezone');
});

test('validation: malformed times name the exact interval and end', () => {
  assertFieldError(invalid({ weekly: { mon: [['9:00', '17:00']] } }), 'weekly.mon[0][0]', /HH:MM/);
  assertFieldError(invalid({ weekly: { mon: [['09:00', '17:60']] } }), 'weekly.mon[0][1]');
  assertFieldError(invalid({ weekly: { mon: [['09:00', '12:00'], ['13:00', '25:00']] } }), 'weekly.mon[1][1]');
  assertFieldError(invalid({ weekly: { mon: [['24:00', '24:00']] } }), 'weekly.mon[0][0]', /only allowed as an end/);
  assertFieldError(invalid({ weekly: { mon: [['09:00']] } }), 'weekly.mon[0]', /pair/);
  assertFieldError(invalid({ weekly: { mon: '09:00-17:00' } }), 'weekly.mon');
  assertFieldError(invalid({ weekly: null }), 'weekly');
});

test('validation: an end at or before its start is refused with a hint about overnight hours', () => {
  assertFieldError(invalid({ weekly: { tue: [['17:00', '09:00']] } }), 'weekly.tue[0]', /after start.*midnight/);
  assertFieldError(invalid({ weekly: { tue: [['09:00', '09:00']] } }), 'weekly.tue[0]', /after start/);
});

test('validation: overlapping intervals name the later one', () => {
  assertFieldError(invalid({ weekly: { wed: [['09:00', '12:00'], ['11:00', '14:00']] } }), 'weekly.wed[1]', /overlaps/);
  assertFieldError(invalid({ weekly: { wed: [['11:00', '14:00'], ['09:00', '12:00']] } }), 'weekly.wed[0]', /overlaps/);
});

test('validation: unknown weekday keys and countries are named', () => {
  assertFieldError(invalid({ weekly: { monday: [['09:00', '17:00']] } }), 'weekly.monday', /unknown weekday/);
  assertFieldError(invalid({ country: 'XX' }), 'country', /country code/);
  assertFieldError(invalid({ country: 'SWE' }), 'country');
});

test('validation: closed dates must be real YYYY-MM-DD dates', () => {
  assertFieldError(invalid({ closedDates: ['2025-02-28', '2025-02-30'] }), 'closedDates[1]', /YYYY-MM-DD/);
  assertFieldError(invalid({ closedDates: ['28/02/2025'] }), 'closedDates[0]');
});

test('validation: bad arguments name the argument and map to a validation_failed AppError', () => {
  assertFieldError(() => due(stockholm, '2025-01-01T00:00Z', -1), 'minutes');
  assertFieldError(() => due(stockholm, '2025-01-01T00:00Z', Number.NaN), 'minutes');
  assertFieldError(() => addBusinessMinutes(stockholm, new Date('not a date'), 5), 'from');
  assertFieldError(() => calendarView(stockholm, '2025-02-01', '2025-01-01'), 'toDate');
  assertFieldError(() => calendarView(stockholm, '2025-01-01', '2027-01-01'), 'toDate', /400 days/);
  try {
    buildBusinessCalendar({ ...valid, timezone: 'Mars/Olympus' });
    assert.fail('expected an error');
  } catch (error) {
    assert.ok(error instanceof AppError);
    assert.equal(error.code, 'validation_failed');
    assert.deepEqual(error.details, { fields: [{ field: 'timezone', message: '"Mars/Olympus" is not an IANA time zone such as "Europe/Stockholm"' }] });
  }
});
