import { sql, type Kysely } from 'kysely';

/**
 * A supervisor corrects the runaround metric by hand (routing/recontact-link.ts): a conversation the judgement did
 * not link, or linked to the wrong one, is linked with reason `manual`; a wrong link is removed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE conversations DROP CONSTRAINT conversations_recontact_reason_check`.execute(db);
  await sql`
    ALTER TABLE conversations ADD CONSTRAINT conversations_recontact_reason_check
    CHECK (recontact_reason IN ('reference', 'similar', 'tags', 'unjudged', 'manual'))`.execute(db);
}
