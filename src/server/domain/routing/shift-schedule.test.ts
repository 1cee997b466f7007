import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isOnShift, shiftCalendar, shiftStateAt } from './shift-schedule.js';
import { openStretchAt } from '../service-clock/business-hours.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;

test('a day shift in Stockholm: on shift inside, its end, and the next start', () => {
  const calendar = shiftCalendar({ timezone: 'Europe/Stockholm', weekly: { mon: [['08:00', '16:00']], tue: [['08:00', '16:00']] } });
  // Monday 2 March 2026, 10:00 CET = 09:00Z.
  const inside = shiftStateAt(calendar, new Date('2026-03-02T09:00:00Z'));
  assert.equal(inside.onShift, true);
  assert.equal(iso(inside.endsAt), '2026-03-02T15:00:00.000Z');
  assert.equal(iso(inside.nextEndAt), '2026-03-02T15:00:00.000Z');
  assert.equal(iso(inside.nextStartAt), '2026-03-03T07:00:00.000Z');
  const evening = shiftStateAt(calendar, new Date('2026-03-02T18:00:00Z'));
  assert.equal(evening.onShift, false);
  assert.equal(evening.endsAt, null);
  assert.equal(iso(evening.nextStartAt), '2026-03-03T07:00:00.000Z');
  assert.equal(iso(evening.nextEndAt), '2026-03-03T15:00:00.000Z');
  // Tuesday evening: the next shift is next Monday.
  assert.equal(iso(shiftStateAt(calendar, new Date('2026-03-03T16:00:00Z')).nextStartAt), '2026-03-09T07:00:00.000Z');
});

test('a night shift written across midnight is one shift, also across a DST change', () => {
  const calendar = shiftCalendar({ timezone: 'Europe/Stockholm', weekly: { sat: [['22:00', '24:00']], sun: [['00:00', '06:00']] } });
  // Saturday 28 March 2026 23:00 CET (22:00Z); the clocks go forward at 02:00 on Sunday: 06:00 CEST = 04:00Z.
  const night = shiftStateAt(calendar, new Date('2026-03-28T22:00:00Z'));
  assert.equal(night.onShift, true);
  assert.equal(iso(night.endsAt), '2026-03-29T04:00:00.000Z');
  const stretch = openStretchAt(calendar, new Date('2026-03-29T01:30:00Z'));
  assert.equal(iso(stretch!.start), '2026-03-28T21:00:00.000Z');
  assert.equal(iso(stretch!.end), '2026-03-29T04:00:00.000Z');
});

test('a round-the-clock schedule has no end to wait for', () => {
  const allDay: [string, string][] = [['00:00', '24:00']];
  const calendar = shiftCalendar({ timezone: 'UTC', weekly: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay } });
  const state = shiftStateAt(calendar, new Date('2026-03-02T09:00:00Z'));
  assert.equal(state.onShift, true);
  assert.equal(state.endsAt, null);
  assert.equal(state.nextStartAt, null);
});

test('a schedule without any working hours, or with a bad zone, is refused naming the field', () => {
  assert.throws(() => shiftCalendar({ timezone: 'Europe/Stockholm', weekly: {} }), /weekly/);
  assert.throws(() => shiftCalendar({ timezone: 'Mars/Olympus', weekly: { mon: [['08:00', '16:00']] } }), /timezone/);
  assert.throws(() => shiftCalendar({ timezone: 'UTC', weekly: { mon: [['16:00', '08:00']] } }), /weekly\.mon\[0\]/);
});

test('isOnShift answers from the current stretch and moves on at each boundary', () => {
  const calendar = shiftCalendar({ timezone: 'Europe/Stockholm', weekly: { mon: [['08:00', '16:00']] } });
  const at = (iso: string) => isOnShift(calendar, new Date(iso));
  assert.equal(at('2026-03-02T06:59:59.999Z'), false);
  assert.equal(at('2026-03-02T07:00:00.000Z'), true);
  assert.equal(at('2026-03-02T14:59:59.999Z'), true);
  assert.equal(at('2026-03-02T15:00:00.000Z'), false);
  assert.equal(at('2026-03-09T07:30:00.000Z'), true, 'next week');
  assert.equal(at('2026-03-02T10:00:00.000Z'), true, 'and back in time');
});
