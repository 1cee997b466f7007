import { sql, type Kysely } from 'kysely';

/**
 * What became of the coach's findings on each sent reply: accepted (shown on a draft, gone from the sent text),
 * ignored (shown and still there) or unreviewed (in a reply that was never shown the coach, e.g. sent by an
 * integration). The courtesy metrics (docs/METRICS.md) read this table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE coach_outcomes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      account_id uuid NOT NULL,
      message_id uuid NOT NULL,
      conversation_id uuid NOT NULL,
      user_id uuid,
      rule text NOT NULL CHECK (rule IN ('runaround','brush_off','condescension','robotism','coldness','apathy','rulebook','calm_down','no_timeline')),
      outcome text NOT NULL CHECK (outcome IN ('accepted','ignored','unreviewed')),
      language text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (account_id, id),
      FOREIGN KEY (account_id, message_id) REFERENCES messages (account_id, id) ON DELETE CASCADE,
      FOREIGN KEY (account_id, conversation_id) REFERENCES conversations (account_id, id) ON DELETE CASCADE,
      FOREIGN KEY (account_id, user_id) REFERENCES users (account_id, id)
    )`.execute(db);
  await sql`CREATE INDEX coach_outcomes_time ON coach_outcomes (account_id, created_at)`.execute(db);
  await sql`CREATE INDEX coach_outcomes_message ON coach_outcomes (account_id, message_id)`.execute(db);
}
