import { findingAt } from './context.js';
import type { CoachRuleChecker } from './types.js';

/** Never tell a customer to calm down or relax: it dismisses the feeling instead of the cause. */
export const calmDownChecker: CoachRuleChecker = {
  rule: 'calm_down',
  kind: 'lexicon',
  check(context) {
    return context
      .find(context.lexicon.calmDown.phrases)
      .map((hit) => findingAt(context, 'calm_down', hit, 'calm_down.message', 'calm_down.suggestion'));
  },
};
