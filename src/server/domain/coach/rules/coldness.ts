import { findingAt } from './context.js';
import type { CoachRuleChecker } from './types.js';

/** Coldness: treating the problem as a nuisance ("as I already said", "you should have read"). */
export const coldnessChecker: CoachRuleChecker = {
  rule: 'coldness',
  kind: 'lexicon',
  check(context) {
    return context
      .find(context.lexicon.coldness.phrases)
      .map((hit) => findingAt(context, 'coldness', hit, 'coldness.message', 'coldness.suggestion'));
  },
};
