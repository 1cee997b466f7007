import { findingAt } from './context.js';
import { UNIVERSAL_TIMES } from './universal.js';
import type { CoachRuleChecker, RuleFinding } from './types.js';

/**
 * No timeline: "we'll look into it" without a time ("by Thursday 14:00", "within 2 hours", "tomorrow") or a
 * next step ("I have asked the warehouse; as soon as they reply I will call you"). The time or step must be in
 * the promise's sentence or right next to it, so a date elsewhere in the reply does not excuse a vague promise.
 * A promise under a condition ("if you send me the photo, I'll check it") waits for the customer and is skipped.
 */
export const noTimelineChecker: CoachRuleChecker = {
  rule: 'no_timeline',
  kind: 'lexicon',
  check(context) {
    const { noTimeline } = context.lexicon;
    const anchors = [...noTimeline.times, ...UNIVERSAL_TIMES, ...noTimeline.nextSteps];
    const anchored = new Map<number, boolean>();
    const isAnchored = (sentence: number) => {
      let known = anchored.get(sentence);
      if (known === undefined) {
        known = context.findInSentence(anchors, sentence).length > 0;
        anchored.set(sentence, known);
      }
      return known;
    };
    const findings: RuleFinding[] = [];
    for (const hit of context.find(noTimeline.promises)) {
      const conditional = context.findInSentence(noTimeline.conditions, hit.sentence).some((c) => c.end <= hit.start);
      if (conditional) continue;
      if (isAnchored(hit.sentence) || isAnchored(hit.sentence - 1) || isAnchored(hit.sentence + 1)) continue;
      findings.push(findingAt(context, 'no_timeline', hit, 'no_timeline.message', 'no_timeline.suggestion'));
    }
    return findings;
  },
};
