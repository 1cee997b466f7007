import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isStronglyNegative, STRONGLY_NEGATIVE_SCORE } from './feedback-hooks.js';

test('only an upset message at or below −0.75 is strongly negative enough to open a recovery case', () => {
  assert.equal(STRONGLY_NEGATIVE_SCORE, -0.75);
  assert.equal(isStronglyNegative({ score: -0.97, upset: true }), true);
  assert.equal(isStronglyNegative({ score: -0.75, upset: true }), true);
  assert.equal(isStronglyNegative({ score: -0.65, upset: true }), false, 'an ordinary "still has not arrived" is answered in the conversation');
  assert.equal(isStronglyNegative({ score: -0.9, upset: false }), false);
});
