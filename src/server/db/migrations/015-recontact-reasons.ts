import { sql, type Kysely } from 'kysely';

/**
 * Why a conversation was judged a recontact of another (routing/recontact-match.ts): it names the earlier one's
 * number (reference), its words are about the same matter (similar, with the similarity score), or it carries the
 * same tags. Links made before this judgement existed (every new conversation within 7 days) keep their link and
 * are marked 'unjudged'.
 *
 * Also: an SLA breach action `reassign` is logged as an assignment like routing and transfers do (trigger
 * 'sla_breach'). The trigger list is read from the constraint as it stands, so values other migrations added are kept.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE conversations
      ADD COLUMN recontact_reason text CHECK (recontact_reason IN ('reference','similar','tags','unjudged')),
      ADD COLUMN recontact_score real CHECK (recontact_score BETWEEN 0 AND 1)`.execute(db);
  await sql`UPDATE conversations SET recontact_reason = 'unjudged' WHERE recontact_of_id IS NOT NULL`.execute(db);
  await sql`
    ALTER TABLE conversations ADD CONSTRAINT conversations_recontact_reason
    CHECK ((recontact_of_id IS NULL) = (recontact_reason IS NULL) AND (recontact_score IS NULL OR recontact_of_id IS NOT NULL))`.execute(db);

  const current = await sql<{ name: string; def: string }>`
    SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
    WHERE conrelid = 'assignments'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%trigger%'`.execute(db);
  const triggers = new Set<string>(['created', 'reopened', 'queue', 'skills_fallback', 'transfer', 'shift_end', 'team_changed', 'manual', 'sla_breach']);
  for (const row of current.rows) {
    for (const m of row.def.matchAll(/'([a-z_]+)'/g)) triggers.add(m[1]!);
    await sql`ALTER TABLE assignments DROP CONSTRAINT ${sql.id(row.name)}`.execute(db);
  }
  const list = sql.join([...triggers].sort().map((k) => sql.lit(k)));
  await sql`ALTER TABLE assignments ADD CONSTRAINT assignments_trigger_check CHECK (trigger IN (${list}))`.execute(db);
}
