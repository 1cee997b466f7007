import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csatRate, customerEffortScore, netPromoterScore, npsGroup, recoveryRate, retentionRate, summarizeAnswers } from './feedback-metrics.js';

test('CSAT is the share of 4s and 5s among all answers', () => {
  // 5, 4, 4, 3, 1 → 3 satisfied of 5
  assert.equal(summarizeAnswers([5, 4, 4, 3, 1].map((score) => ({ score }))).csat, 0.6);
  assert.equal(csatRate(2, 3), 0.6667);
  assert.equal(csatRate(0, 0), null, 'no answers: no CSAT, not 0');
  assert.equal(csatRate(0, 4), 0);
});

test('NPS is % promoters (9–10) minus % detractors (0–6); passives (7–8) only dilute', () => {
  assert.deepEqual([0, 6, 7, 8, 9, 10].map(npsGroup), ['detractor', 'detractor', 'passive', 'passive', 'promoter', 'promoter']);
  // 10, 9, 9, 8, 7, 6, 3, 0 → 3 promoters, 3 detractors of 8 → 0
  const eight = [10, 9, 9, 8, 7, 6, 3, 0].map((nps) => ({ score: 3, nps }));
  assert.equal(summarizeAnswers(eight).nps, 0);
  // 10, 10, 9, 7 → 75 % promoters, 0 % detractors → 75
  assert.equal(summarizeAnswers([10, 10, 9, 7].map((nps) => ({ score: 5, nps }))).nps, 75);
  assert.equal(netPromoterScore(1, 2, 3), -33.3);
  assert.equal(netPromoterScore(0, 3, 3), -100);
  assert.equal(netPromoterScore(0, 0, 0), null);
  // Answers without NPS do not count towards it.
  assert.equal(summarizeAnswers([{ score: 5 }, { score: 1, nps: 10 }]).nps, 100);
});

test('CES is the mean effort answer', () => {
  assert.equal(summarizeAnswers([7, 6, 2].map((ces) => ({ score: 4, ces }))).ces, 5);
  assert.equal(customerEffortScore(10, 3), 3.33);
  assert.equal(customerEffortScore(0, 0), null);
});

test('recovery rate counts closed cases; retention counts only decided return windows', () => {
  assert.equal(recoveryRate(3, 1), 0.75);
  assert.equal(recoveryRate(0, 0), null);
  // 2 came back, 1 window ended without a return; windows still running are left out.
  assert.equal(retentionRate(2, 1), 0.6667);
  assert.equal(retentionRate(0, 0), null);
});
