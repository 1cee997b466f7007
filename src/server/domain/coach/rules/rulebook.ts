import { findingAt, withoutOverlaps } from './context.js';
import type { CoachRuleChecker, Hit } from './types.js';

/**
 * Rulebook: hiding behind policy without an alternative. A strong refusal ("no exceptions", "against our
 * policy") counts on its own; a mere mention ("according to our policy") only with a negation or restriction
 * in the same sentence. Any alternative offered anywhere in the draft ("but I can offer…", "instead")
 * clears the rule: the policy is then a reason, not a wall.
 */
export const rulebookChecker: CoachRuleChecker = {
  rule: 'rulebook',
  kind: 'lexicon',
  check(context) {
    const { rulebook } = context.lexicon;
    const refusals: Hit[] = context.find(rulebook.refusals);
    for (const mention of context.find(rulebook.policyMentions)) {
      const negated = context
        .findInSentence(rulebook.negations, mention.sentence)
        .some((negation) => negation.end <= mention.start || negation.start >= mention.end);
      if (negated) refusals.push(mention);
    }
    if (refusals.length === 0 || context.find(rulebook.alternatives).length > 0) return [];
    return withoutOverlaps(refusals).map((hit) =>
      findingAt(context, 'rulebook', hit, 'rulebook.message', 'rulebook.suggestion'),
    );
  },
};
