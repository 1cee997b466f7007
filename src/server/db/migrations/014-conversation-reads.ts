import { sql, type Kysely } from 'kysely';

/**
 * Per-agent read state, so unread markers follow the agent across browsers: one row per (account, user,
 * conversation) holding the conversation's last activity the agent has seen. The inbox reads it with one LEFT JOIN
 * on this primary key; a conversation is unread while its last_activity_at is later (no row: later than the moment
 * the user was created).
 *
 * Also the indexes behind the inbox's server-side SLA view (GET /conversations?sla=breached|at_risk): running
 * clocks by due and warning instant per account, and breached clocks that are still active (a paused clock stays
 * breached). They are small: only active clocks are in them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE conversation_reads (
      account_id uuid NOT NULL,
      user_id uuid NOT NULL,
      conversation_id uuid NOT NULL,
      seen_activity_at timestamptz NOT NULL,
      read_at timestamptz NOT NULL DEFAULT now(),
      -- Key order (account, conversation, user): the inbox's join and the cascade from a deleted conversation both
      -- use this one index.
      PRIMARY KEY (account_id, conversation_id, user_id),
      FOREIGN KEY (account_id, user_id) REFERENCES users (account_id, id) ON DELETE CASCADE,
      FOREIGN KEY (account_id, conversation_id) REFERENCES conversations (account_id, id) ON DELETE CASCADE
    )`.execute(db);

  await sql`
    CREATE INDEX sla_clocks_running_due ON sla_clocks (account_id, due_at)
    WHERE fulfilled_at IS NULL AND cancelled_at IS NULL AND NOT paused`.execute(db);
  await sql`
    CREATE INDEX sla_clocks_running_warn ON sla_clocks (account_id, warn_at)
    WHERE fulfilled_at IS NULL AND cancelled_at IS NULL AND NOT paused`.execute(db);
  await sql`
    CREATE INDEX sla_clocks_active_breached ON sla_clocks (account_id, conversation_id)
    WHERE fulfilled_at IS NULL AND cancelled_at IS NULL AND breached_at IS NOT NULL`.execute(db);
}
