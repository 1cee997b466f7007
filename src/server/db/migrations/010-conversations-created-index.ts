import { sql, type Kysely } from 'kysely';

/**
 * Reports count conversations by creation time per account (30-day report, first-response median, the
 * acknowledgement's queue figures). Without this index each was a sequential scan of every conversation
 * (100 ms at 200k, linear in data; docs/PERFORMANCE.md).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX conversations_account_created ON conversations (account_id, created_at)`.execute(db);
}
