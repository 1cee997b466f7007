import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateWait, MIN_ANSWERED } from './expected-response.js';

test('the wait is the queue ahead plus this conversation, at last week’s answering rate', () => {
  // 10 answers in 2,400 business minutes: one per 240 minutes; 2 ahead → the third answer, 720 minutes.
  assert.deepEqual(estimateWait({ backlog: 2, answeredLastWeek: 10, businessMinutesLastWeek: 2400 }), { basis: 'queue', businessMinutes: 720 });
  assert.deepEqual(estimateWait({ backlog: 0, answeredLastWeek: 10, businessMinutesLastWeek: 2400 }), { basis: 'queue', businessMinutes: 240 });
  // A fast team never promises less than five minutes.
  assert.deepEqual(estimateWait({ backlog: 0, answeredLastWeek: 10_000, businessMinutesLastWeek: 2400 }), { basis: 'queue', businessMinutes: 5 });
});

test('too little history falls back to the configured default', () => {
  assert.deepEqual(estimateWait({ backlog: 3, answeredLastWeek: MIN_ANSWERED - 1, businessMinutesLastWeek: 2400 }), { basis: 'default' });
  assert.deepEqual(estimateWait({ backlog: 3, answeredLastWeek: 50, businessMinutesLastWeek: 0 }), { basis: 'default' });
});
