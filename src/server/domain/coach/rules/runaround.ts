import { findingAt } from './context.js';
import type { CoachRuleChecker, RuleFinding } from './types.js';

/**
 * Runaround: sending the customer elsewhere (the website, a form) or asking them to come back later. Pointing
 * to the website is fine once the reply has already solved or answered the problem ("I have refunded the
 * order; the receipt is also on our website"), so referrals after a "resolved" marker are not flagged.
 * Asking the customer to come back later is never fine.
 */
export const runaroundChecker: CoachRuleChecker = {
  rule: 'runaround',
  kind: 'lexicon',
  check(context) {
    const { runaround } = context.lexicon;
    const firstResolved = context.find(runaround.resolved)[0];
    const findings: RuleFinding[] = [];
    for (const hit of context.find(runaround.referrals)) {
      if (firstResolved && firstResolved.end <= hit.start) continue;
      findings.push(findingAt(context, 'runaround', hit, 'runaround.referral', 'runaround.referral.suggestion'));
    }
    for (const hit of context.find(runaround.comeBack)) {
      findings.push(findingAt(context, 'runaround', hit, 'runaround.come_back', 'runaround.come_back.suggestion'));
    }
    return findings;
  },
};
