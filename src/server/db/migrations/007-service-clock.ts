import { sql, type Kysely } from 'kysely';

/**
 * The service clock: SLA policies, one clock row per running target of a conversation, notifications for agents
 * and supervisors, and the timer columns of promises (reminder, delay notice, escalation). Timers are rows: a
 * sweep finds what is due (partial indexes below), pg-boss jobs only wake it up on time.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE sla_policies (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      account_id uuid NOT NULL,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      position integer NOT NULL DEFAULT 0,
      enabled boolean NOT NULL DEFAULT true,
      conditions jsonb NOT NULL DEFAULT '{}',
      first_response_minutes integer CHECK (first_response_minutes > 0),
      next_response_minutes integer CHECK (next_response_minutes > 0),
      resolution_minutes integer CHECK (resolution_minutes > 0),
      business_hours_id uuid,
      calendar_time boolean NOT NULL DEFAULT false,
      pause_on text[] NOT NULL DEFAULT '{pending}' CHECK (pause_on <@ ARRAY['pending','on_hold']::text[]),
      warn_at_percent integer NOT NULL DEFAULT 80 CHECK (warn_at_percent BETWEEN 1 AND 99),
      notice_at_percent integer CHECK (notice_at_percent BETWEEN 1 AND 99),
      breach_actions jsonb NOT NULL DEFAULT '[]',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (account_id, id),
      FOREIGN KEY (account_id, business_hours_id) REFERENCES business_hours (account_id, id),
      CHECK (first_response_minutes IS NOT NULL OR next_response_minutes IS NOT NULL OR resolution_minutes IS NOT NULL)
    )`.execute(db);
  await sql`CREATE INDEX sla_policies_order ON sla_policies (account_id, position, created_at) WHERE enabled`.execute(db);

  // One row per target and cycle (a conversation has many next-response cycles). A clock is active while neither
  // fulfilled nor cancelled; running while active and not paused. consumed_minutes holds the (business) minutes
  // used before the current running segment, so pausing and resuming is exact.
  await sql`
    CREATE TABLE sla_clocks (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      account_id uuid NOT NULL,
      conversation_id uuid NOT NULL,
      policy_id uuid NOT NULL,
      metric text NOT NULL CHECK (metric IN ('first_response','next_response','resolution')),
      target_minutes integer NOT NULL CHECK (target_minutes > 0),
      business_hours_id uuid,
      started_at timestamptz NOT NULL,
      segment_started_at timestamptz,
      consumed_minutes double precision NOT NULL DEFAULT 0,
      paused boolean NOT NULL DEFAULT false,
      due_at timestamptz,
      warn_at timestamptz,
      notice_at timestamptz,
      warned_at timestamptz,
      noticed_at timestamptz,
      breached_at timestamptz,
      fulfilled_at timestamptz,
      fulfilled_by text CHECK (fulfilled_by IN ('reply','solved')),
      cancelled_at timestamptz,
      last_agent_reply_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (account_id, id),
      FOREIGN KEY (account_id, conversation_id) REFERENCES conversations (account_id, id) ON DELETE CASCADE,
      FOREIGN KEY (account_id, policy_id) REFERENCES sla_policies (account_id, id),
      FOREIGN KEY (account_id, business_hours_id) REFERENCES business_hours (account_id, id),
      CHECK (paused = (segment_started_at IS NULL) OR fulfilled_at IS NOT NULL OR cancelled_at IS NOT NULL)
    )`.execute(db);
  await sql`
    CREATE UNIQUE INDEX sla_clocks_active ON sla_clocks (account_id, conversation_id, metric)
    WHERE fulfilled_at IS NULL AND cancelled_at IS NULL`.execute(db);
  await sql`CREATE INDEX sla_clocks_conversation ON sla_clocks (account_id, conversation_id, created_at)`.execute(db);
  await sql`
    CREATE INDEX sla_clocks_due ON sla_clocks (due_at)
    WHERE fulfilled_at IS NULL AND cancelled_at IS NULL AND NOT paused AND breached_at IS NULL`.execute(db);
  await sql`
    CREATE INDEX sla_clocks_warn ON sla_clocks (warn_at)
    WHERE fulfilled_at IS NULL AND cancelled_at IS NULL AND NOT paused AND warned_at IS NULL`.execute(db);
  await sql`
    CREATE INDEX sla_clocks_notice ON sla_clocks (notice_at)
    WHERE fulfilled_at IS NULL AND cancelled_at IS NULL AND NOT paused AND noticed_at IS NULL`.execute(db);

  await sql`
    CREATE TABLE notifications (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      account_id uuid NOT NULL,
      user_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('sla_warning','sla_breach','promise_reminder','promise_missed','assigned')),
      conversation_id uuid,
      data jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      read_at timestamptz,
      UNIQUE (account_id, id),
      FOREIGN KEY (account_id, user_id) REFERENCES users (account_id, id) ON DELETE CASCADE,
      FOREIGN KEY (account_id, conversation_id) REFERENCES conversations (account_id, id) ON DELETE CASCADE
    )`.execute(db);
  await sql`CREATE INDEX notifications_user ON notifications (account_id, user_id, created_at DESC)`.execute(db);

  await sql`ALTER TABLE promises ADD COLUMN remind_at timestamptz`.execute(db);
  await sql`ALTER TABLE promises ADD COLUMN notice_at timestamptz`.execute(db);
  await sql`ALTER TABLE promises ADD COLUMN reminded_at timestamptz`.execute(db);
  await sql`ALTER TABLE promises ADD COLUMN noticed_at timestamptz`.execute(db);
  await sql`ALTER TABLE promises ADD COLUMN escalated_at timestamptz`.execute(db);
  await sql`ALTER TABLE promises ADD COLUMN last_agent_reply_at timestamptz`.execute(db);
  await sql`ALTER TABLE promises ADD COLUMN recorded_at timestamptz`.execute(db);
  await sql`ALTER TABLE promises ADD COLUMN source_message_id uuid`.execute(db);
  await sql`CREATE INDEX promises_remind ON promises (remind_at) WHERE status = 'open' AND reminded_at IS NULL`.execute(db);
  await sql`CREATE INDEX promises_notice ON promises (notice_at) WHERE status = 'open' AND noticed_at IS NULL`.execute(db);
  await sql`CREATE INDEX promises_due ON promises (due_at) WHERE status = 'open'`.execute(db);
  await sql`CREATE INDEX promises_owner_due ON promises (account_id, owner_id, due_at)`.execute(db);
}
