import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideSegment, DEFAULT_LIFECYCLE_RULES as RULES, type LifecycleFacts } from './lifecycle-rules.js';

const T0 = new Date('2026-01-01T10:00:00Z');
const day = (n: number) => new Date(T0.getTime() + n * 86_400_000);
const facts = (f: Partial<LifecycleFacts>): LifecycleFacts => ({
  firstContactAt: day(0),
  lastContactAt: day(0),
  openCaseSince: null,
  lastClosedCase: null,
  ratings: [],
  negativeMessages: [],
  ...f,
});

test('new for the first 30 days after the first contact, then active', () => {
  assert.deepEqual(decideSegment(facts({}), RULES, day(29)), { segment: 'new', nextCheckAt: day(30) });
  assert.deepEqual(decideSegment(facts({}), RULES, day(30)), { segment: 'active', nextCheckAt: null });
  assert.deepEqual(decideSegment(facts({ firstContactAt: null, lastContactAt: null }), RULES, day(400)), { segment: 'new', nextCheckAt: null });
});

test('an open case is dissatisfied until 90 days without contact, then lost; contact pushes loss back', () => {
  const open = facts({ openCaseSince: day(40), lastContactAt: day(40) });
  assert.deepEqual(decideSegment(open, RULES, day(41)), { segment: 'dissatisfied', nextCheckAt: day(130) });
  assert.deepEqual(decideSegment(open, RULES, day(130)), { segment: 'lost', nextCheckAt: null });
  const wroteAgain = { ...open, lastContactAt: day(100) };
  assert.deepEqual(decideSegment(wroteAgain, RULES, day(130)), { segment: 'dissatisfied', nextCheckAt: day(190) });
});

test('not recovered stays dissatisfied until a 4–5 rating after the close, or lost', () => {
  const notRecovered = facts({ lastClosedCase: { closedAt: day(50), outcome: 'not_recovered' }, lastContactAt: day(45) });
  assert.deepEqual(decideSegment(notRecovered, RULES, day(60)), { segment: 'dissatisfied', nextCheckAt: day(140) });
  assert.equal(decideSegment(notRecovered, RULES, day(140)).segment, 'lost');
  const pleased = { ...notRecovered, ratings: [{ at: day(70), score: 5 }], lastContactAt: day(70) };
  assert.equal(decideSegment(pleased, RULES, day(71)).segment, 'active');
  const pleasedBefore = { ...notRecovered, ratings: [{ at: day(49), score: 5 }] };
  assert.equal(decideSegment(pleasedBefore, RULES, day(71)).segment, 'dissatisfied', 'a rating before the close does not count');
});

test('recovered for 90 days after the case closed as recovered', () => {
  const recovered = facts({ lastClosedCase: { closedAt: day(50), outcome: 'recovered' } });
  assert.deepEqual(decideSegment(recovered, RULES, day(51)), { segment: 'recovered', nextCheckAt: day(140) });
  assert.deepEqual(decideSegment(recovered, RULES, day(140)), { segment: 'active', nextCheckAt: null });
});

test('at risk on a low rating or two negative messages within 30 days, counted after the last closed case', () => {
  assert.deepEqual(decideSegment(facts({ ratings: [{ at: day(40), score: 3 }] }), RULES, day(45)), { segment: 'at_risk', nextCheckAt: day(70) });
  assert.equal(decideSegment(facts({ ratings: [{ at: day(40), score: 3 }] }), RULES, day(70)).segment, 'active');
  assert.equal(decideSegment(facts({ negativeMessages: [day(40)] }), RULES, day(45)).segment, 'active', 'one negative message is no trend');
  assert.deepEqual(decideSegment(facts({ negativeMessages: [day(40), day(50), day(35)] }), RULES, day(55)), { segment: 'at_risk', nextCheckAt: day(70) });
  const beforeRecovery = facts({ negativeMessages: [day(40), day(41)], lastClosedCase: { closedAt: day(45), outcome: 'recovered' } });
  assert.equal(decideSegment(beforeRecovery, RULES, day(46)).segment, 'recovered', 'the complaints that led to the case are settled');
  const afterRecovery = { ...beforeRecovery, ratings: [{ at: day(47), score: 2 }] };
  assert.deepEqual(decideSegment(afterRecovery, RULES, day(48)), { segment: 'at_risk', nextCheckAt: day(77) });
  assert.equal(decideSegment(facts({ ratings: [{ at: day(40), score: 3 }] }), RULES, day(5)).segment, 'new', 'a rating in the future of now is ignored');
});

test('configurable windows', () => {
  const rules = { ...RULES, newDays: 7, lostAfterDays: 10 };
  assert.equal(decideSegment(facts({}), rules, day(7)).segment, 'active');
  assert.equal(decideSegment(facts({ openCaseSince: day(1), lastContactAt: day(1) }), rules, day(11)).segment, 'lost');
});
