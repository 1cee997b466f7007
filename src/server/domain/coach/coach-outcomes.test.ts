import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coachOutcomes } from './coach-outcomes.js';

test('a shown finding gone from the sent reply was accepted; one still there was ignored', () => {
  assert.deepEqual(coachOutcomes(['no_timeline'], ['runaround', 'no_timeline']), [
    { rule: 'runaround', outcome: 'accepted' },
    { rule: 'no_timeline', outcome: 'ignored' },
  ]);
});

test('findings never shown count as ignored when the coach was open, unreviewed when it was not', () => {
  assert.deepEqual(coachOutcomes(['coldness'], []), [{ rule: 'coldness', outcome: 'ignored' }]);
  assert.deepEqual(coachOutcomes(['coldness', 'coldness'], undefined), [{ rule: 'coldness', outcome: 'unreviewed' }]);
  assert.deepEqual(coachOutcomes([], undefined), []);
});
