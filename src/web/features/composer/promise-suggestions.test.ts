import { test } from 'vitest';
import assert from 'node:assert/strict';
import { formatDue, isTrackable, MAX_PROMISES_PER_REPLY, suggestionKey, trackedPromises } from './promise-suggestions.ts';
import type { PromiseSuggestion } from '../../api/types.ts';

const NOW = Date.parse('2026-05-01T00:00:00.000Z');
const item = (description: string, dueAt: string, start = 0): PromiseSuggestion => ({ description, dueAt, kind: 'other', text: description, start, end: start + 5 });

test('every found promise is tracked unless unticked', () => {
  const a = item('Call you back', '2026-05-04T14:00:00.000Z');
  const b = item('Send the refund', '2026-05-05T09:00:00.000Z', 20);
  assert.deepEqual(trackedPromises([a, b], new Set(), NOW), [
    { description: 'Call you back', dueAt: '2026-05-04T14:00:00.000Z' },
    { description: 'Send the refund', dueAt: '2026-05-05T09:00:00.000Z' },
  ]);
  assert.deepEqual(trackedPromises([a, b], new Set([suggestionKey(a)]), NOW), [{ description: 'Send the refund', dueAt: '2026-05-05T09:00:00.000Z' }]);
  assert.deepEqual(trackedPromises([a, b], new Set([suggestionKey(a), suggestionKey(b)]), NOW), []);
});

test('an unticked promise stays unticked when the draft moves it', () => {
  const before = item('Call you back', '2026-05-04T14:00:00.000Z', 0);
  const after = item('Call you back', '2026-05-04T14:00:00.000Z', 42);
  assert.deepEqual(trackedPromises([after], new Set([suggestionKey(before)]), NOW), []);
});

test('duplicates and empty descriptions are dropped, and at most ten are sent', () => {
  const a = item('Call you back', '2026-05-04T14:00:00.000Z');
  assert.equal(trackedPromises([a, { ...a, start: 30 }, item('  ', '2026-05-04T14:00:00.000Z')], new Set(), NOW).length, 1);
  const many = Array.from({ length: 14 }, (_, i) => item(`Promise ${i}`, `2026-05-${String(i + 1).padStart(2, '0')}T10:00:00.000Z`));
  assert.equal(trackedPromises(many, new Set(), NOW).length, MAX_PROMISES_PER_REPLY);
});

test('due times are shown in the returned time zone and the UI language', () => {
  const iso = '2026-05-04T14:00:00.000Z';
  const stockholm = formatDue(iso, 'en', 'Europe/Stockholm');
  assert.match(stockholm, /16:00|4:00/);
  const tokyo = formatDue(iso, 'en', 'Asia/Tokyo');
  assert.match(tokyo, /23:00|11:00/);
  assert.notEqual(formatDue(iso, 'sv', 'Europe/Stockholm'), stockholm);
  // Unknown zones and languages still give a time, never throw.
  assert.ok(formatDue(iso, 'en', 'Not/AZone').length > 0);
  assert.ok(formatDue(iso, 'xx-invalid-', 'UTC').length > 0);
  assert.equal(formatDue('garbage', 'en', 'UTC'), 'garbage');
});

test('promises already due are not tracked (the server would refuse the reply)', () => {
  const past = item('Call you back', '2026-04-30T10:00:00.000Z');
  const future = item('Send the refund', '2026-05-02T10:00:00.000Z');
  assert.equal(isTrackable(past, NOW), false);
  assert.equal(isTrackable(future, NOW), true);
  assert.equal(isTrackable(item('x', 'not a date'), NOW), false);
  assert.deepEqual(trackedPromises([past, future], new Set(), NOW), [{ description: 'Send the refund', dueAt: '2026-05-02T10:00:00.000Z' }]);
});
