import { test } from 'node:test';
import assert from 'node:assert/strict';
import { followingOccurrence, isValidMonthDay, nextOccurrence, reminderInstant } from './date-occurrence.js';

const at = (iso: string) => new Date(iso);

test('a recurring date occurs this year if not yet passed, else next year; today counts', () => {
  const birthday = { month: 6, day: 15, year: 1984, recurring: true };
  assert.equal(nextOccurrence(birthday, at('2026-03-01T12:00:00Z')), '2026-06-15');
  assert.equal(nextOccurrence(birthday, at('2026-06-15T23:00:00Z')), '2026-06-15');
  assert.equal(nextOccurrence(birthday, at('2026-06-16T00:00:00Z')), '2027-06-15');
  assert.equal(followingOccurrence(birthday, '2026-06-15'), '2027-06-15');
});

test('29 February falls on the 28th in common years', () => {
  const leapling = { month: 2, day: 29, year: null, recurring: true };
  assert.equal(nextOccurrence(leapling, at('2026-01-10T00:00:00Z')), '2026-02-28');
  assert.equal(followingOccurrence(leapling, '2027-02-28'), '2028-02-29');
  assert.ok(isValidMonthDay(2, 29));
  assert.ok(!isValidMonthDay(4, 31));
  assert.ok(!isValidMonthDay(13, 1));
});

test('a one-off date occurs once', () => {
  const renewal = { month: 3, day: 1, year: 2027, recurring: false };
  assert.equal(nextOccurrence(renewal, at('2026-05-01T00:00:00Z')), '2027-03-01');
  assert.equal(nextOccurrence(renewal, at('2027-03-02T00:00:00Z')), null);
  assert.equal(followingOccurrence(renewal, '2027-03-01'), null);
});

test('the reminder goes out at 09:00 UTC the given days before, or at once if that has passed', () => {
  assert.deepEqual(reminderInstant('2026-06-15', 7, at('2026-03-01T00:00:00Z')), at('2026-06-08T09:00:00Z'));
  assert.deepEqual(reminderInstant('2026-06-15', 0, at('2026-03-01T00:00:00Z')), at('2026-06-15T09:00:00Z'));
  assert.deepEqual(reminderInstant('2026-03-03', 7, at('2026-03-01T10:00:00Z')), at('2026-03-01T10:00:00Z'));
});
