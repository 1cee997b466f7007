import { findingAt } from './context.js';
import type { CoachRuleChecker } from './types.js';

/**
 * Brush-off: "not my department", "contact another team". Handing the case over is fine when the agent does
 * it personally (a warm handover: "I have forwarded your case to billing; Anna will call you"), so any
 * warm-handover marker in the draft clears the rule.
 */
export const brushOffChecker: CoachRuleChecker = {
  rule: 'brush_off',
  kind: 'lexicon',
  check(context) {
    const { brushOff } = context.lexicon;
    const hits = context.find(brushOff.phrases);
    if (hits.length === 0 || context.find(brushOff.warmHandovers).length > 0) return [];
    return hits.map((hit) => findingAt(context, 'brush_off', hit, 'brush_off.message', 'brush_off.suggestion'));
  },
};
