import { sql, type Kysely } from 'kysely';

/**
 * Search matched subjects with to_tsvector('simple', lower(subject)) computed per row: a sequential scan of every
 * conversation (hundreds of ms at 200k conversations). This expression index serves exactly that predicate.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX conversations_subject_tsv ON conversations USING gin (to_tsvector('simple', lower(subject)))`.execute(db);
}
