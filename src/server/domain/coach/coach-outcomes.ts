import { sql } from 'kysely';
import type { Db } from '../shared/types.js';
import type { Actor } from '../shared/actor.js';
import type { CoachRule } from './rules/types.js';
import { COACH_RULES } from './rules/types.js';
import { reviewDraft } from './review-draft.js';
import type { Language } from '../../db/schema.js';

export type CoachOutcome = 'accepted' | 'ignored' | 'unreviewed';

/**
 * Which findings a sent reply accepted or ignored. `shown`: the rules the composer displayed on drafts of this
 * reply (undefined when the sender never saw the coach). A shown rule that the sent text no longer triggers was
 * accepted; one it still triggers was ignored; findings in a reply that saw no coach are unreviewed.
 */
export function coachOutcomes(sentFindings: CoachRule[], shown: CoachRule[] | undefined): Array<{ rule: CoachRule; outcome: CoachOutcome }> {
  const still = new Set(sentFindings);
  if (shown === undefined) return [...still].map((rule) => ({ rule, outcome: 'unreviewed' as const }));
  const seen = new Set(shown);
  const out: Array<{ rule: CoachRule; outcome: CoachOutcome }> = [];
  for (const rule of seen) out.push({ rule, outcome: still.has(rule) ? 'ignored' : 'accepted' });
  // A finding the composer did not show (the draft changed after the last review) is still a finding sent.
  for (const rule of still) if (!seen.has(rule)) out.push({ rule, outcome: 'ignored' });
  return out;
}

/** Reviews the sent reply and stores the outcome of each finding, in the reply's transaction. */
export async function recordCoachOutcomes(
  trx: Db,
  actor: Actor,
  input: { messageId: string; conversationId: string; body: string; language: string; customerMessage?: string | undefined; shown?: CoachRule[] | undefined },
): Promise<Array<{ rule: CoachRule; outcome: CoachOutcome }>> {
  const language = (['en', 'sv', 'pl', 'sl', 'bg', 'eo'] as const).includes(input.language as Language) ? (input.language as Language) : undefined;
  const review = reviewDraft({ draft: input.body, ...(input.customerMessage ? { customerMessage: input.customerMessage } : {}), ...(language ? { language } : {}) });
  const outcomes = coachOutcomes(
    review.findings.map((f) => f.rule),
    input.shown?.filter((r): r is CoachRule => (COACH_RULES as readonly string[]).includes(r)),
  );
  if (outcomes.length > 0) {
    await trx
      .insertInto('coach_outcomes')
      .values(
        outcomes.map((o) => ({
          account_id: actor.accountId,
          message_id: input.messageId,
          conversation_id: input.conversationId,
          user_id: actor.userId,
          rule: o.rule,
          outcome: o.outcome,
          language: review.language,
        })),
      )
      .execute();
  }
  return outcomes;
}

/**
 * Courtesy in [from, to): per rule how often the coach's advice was taken, per agent the share of their replies
 * sent without an ignored finding. Definitions in docs/METRICS.md.
 */
export async function courtesyReport(db: Db, accountId: string, from: Date, to: Date) {
  const [byRule, replies, flagged] = await Promise.all([
    db
      .selectFrom('coach_outcomes')
      .select(['rule', 'outcome', sql<number>`count(*)::int`.as('n')])
      .where('account_id', '=', accountId)
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .groupBy(['rule', 'outcome'])
      .execute(),
    db
      .selectFrom('messages')
      .select(['author_user_id', sql<number>`count(*)::int`.as('n')])
      .where('account_id', '=', accountId)
      .where('direction', '=', 'outbound')
      .where('type', '=', 'message')
      .where('author_type', '=', 'user')
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .groupBy('author_user_id')
      .execute(),
    db
      .selectFrom('coach_outcomes')
      .select(['user_id', sql<number>`count(DISTINCT message_id)::int`.as('n')])
      .where('account_id', '=', accountId)
      .where('outcome', '=', 'ignored')
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .groupBy('user_id')
      .execute(),
  ]);
  const rules = COACH_RULES.map((rule) => {
    const count = (o: CoachOutcome) => byRule.find((r) => r.rule === rule && r.outcome === o)?.n ?? 0;
    const accepted = count('accepted');
    const ignored = count('ignored');
    return { rule, accepted, ignored, unreviewed: count('unreviewed'), acceptanceRate: accepted + ignored === 0 ? null : Math.round((accepted / (accepted + ignored)) * 10_000) / 10_000 };
  });
  const agents = replies.map((r) => {
    const withIgnored = flagged.find((f) => f.user_id === r.author_user_id)?.n ?? 0;
    return { userId: r.author_user_id, replies: r.n, repliesWithIgnoredFindings: withIgnored, courteousShare: r.n === 0 ? null : Math.round(((r.n - withIgnored) / r.n) * 10_000) / 10_000 };
  });
  return { from: from.toISOString(), to: to.toISOString(), rules, agents };
}
