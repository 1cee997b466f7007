import type { LifecycleSegment } from '../../db/schema.js';

/**
 * The customer lifecycle segment as a pure function of what we know about the customer and the time (definitions
 * in docs/METRICS.md, "Lifecycle segments"). Rules in order, first match wins:
 *
 * 1. lost         — dissatisfied (below) and no contact for `lostAfterDays` since the later of the dissatisfaction
 *                   (the open case's opening, or the closing of a case as not recovered) and their last contact.
 * 2. dissatisfied — a recovery case is open, or the last case closed as not recovered and no rating of 4–5 came
 *                   after it.
 * 3. at_risk      — a negative trend within `atRiskDays` (after the last closed case, if any): a rating of 3 or
 *                   lower, or two customer messages with negative sentiment.
 * 4. recovered    — the last case closed as recovered less than `retentionDays` ago.
 * 5. new          — first contact less than `newDays` ago (or no contact at all yet).
 * 6. active       — everyone else.
 *
 * `nextCheckAt` is the instant at which the segment would change if nothing else happened (a new fact triggers a
 * re-evaluation anyway), so timers are rows and the runner re-evaluates exactly then.
 */

export interface LifecycleRules {
  newDays: number;
  atRiskDays: number;
  lostAfterDays: number;
  retentionDays: number;
}

export const DEFAULT_LIFECYCLE_RULES: LifecycleRules = { newDays: 30, atRiskDays: 30, lostAfterDays: 90, retentionDays: 90 };

export interface LifecycleFacts {
  firstContactAt: Date | null;
  lastContactAt: Date | null;
  /** The earliest opening among the customer's open recovery cases. */
  openCaseSince: Date | null;
  /** The most recently closed case. */
  lastClosedCase: { closedAt: Date; outcome: 'recovered' | 'not_recovered' } | null;
  /** Survey answers (1–5), any order. */
  ratings: Array<{ at: Date; score: number }>;
  /** Customer messages with negative sentiment. */
  negativeMessages: Date[];
}

export interface SegmentDecision {
  segment: LifecycleSegment;
  nextCheckAt: Date | null;
}

const DAY = 86_400_000;
const plusDays = (at: Date, days: number) => new Date(at.getTime() + days * DAY);
const later = (a: Date, b: Date | null) => (b && b > a ? b : a);

export function decideSegment(facts: LifecycleFacts, rules: LifecycleRules, now: Date): SegmentDecision {
  if (!facts.firstContactAt) return { segment: 'new', nextCheckAt: null };
  const closed = facts.lastClosedCase;
  const afterClose = (at: Date) => !closed || at > closed.closedAt;

  // 1–2. Dissatisfaction and its end in loss.
  let dissatisfiedSince: Date | null = facts.openCaseSince;
  if (!dissatisfiedSince && closed?.outcome === 'not_recovered') {
    const pleasedSince = facts.ratings.some((r) => r.score >= 4 && r.at > closed.closedAt);
    if (!pleasedSince) dissatisfiedSince = closed.closedAt;
  }
  if (dissatisfiedSince) {
    const lostAt = plusDays(later(dissatisfiedSince, facts.lastContactAt), rules.lostAfterDays);
    return now >= lostAt ? { segment: 'lost', nextCheckAt: null } : { segment: 'dissatisfied', nextCheckAt: lostAt };
  }

  // 3. A negative trend: the segment lasts until the last signal that keeps it there leaves the window.
  const windowStart = plusDays(now, -rules.atRiskDays);
  const lowRatings = facts.ratings.filter((r) => r.score <= 3 && r.at > windowStart && r.at <= now && afterClose(r.at)).map((r) => r.at);
  const negatives = facts.negativeMessages.filter((at) => at > windowStart && at <= now && afterClose(at)).sort((a, b) => b.getTime() - a.getTime());
  const riskUntil: Date[] = [];
  if (lowRatings.length > 0) riskUntil.push(plusDays(new Date(Math.max(...lowRatings.map((d) => d.getTime()))), rules.atRiskDays));
  if (negatives.length >= 2) riskUntil.push(plusDays(negatives[1]!, rules.atRiskDays));
  if (riskUntil.length > 0) return { segment: 'at_risk', nextCheckAt: new Date(Math.max(...riskUntil.map((d) => d.getTime()))) };

  // 4. Recently won back.
  if (closed?.outcome === 'recovered') {
    const until = plusDays(closed.closedAt, rules.retentionDays);
    if (now < until) return { segment: 'recovered', nextCheckAt: until };
  }

  // 5–6.
  const newUntil = plusDays(facts.firstContactAt, rules.newDays);
  if (now < newUntil) return { segment: 'new', nextCheckAt: newUntil };
  return { segment: 'active', nextCheckAt: null };
}
