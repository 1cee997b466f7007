import { sql, type Kysely } from 'kysely';

/**
 * Ownership and routing: agents' presence and shift schedules, the routing state of conversations (queue, skills
 * fallback, difficulty), every assignment and handover as a row, break suggestions, per-account routing settings,
 * and the conversation links of recontacts and merges. Timers are rows (next shift start and end, skills
 * fallback instant); pg-boss jobs only wake the routing runner on time, as for the service clock.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE users ADD COLUMN presence text NOT NULL DEFAULT 'offline' CHECK (presence IN ('online','away','offline'))`.execute(db);
  await sql`ALTER TABLE users ADD COLUMN presence_changed_at timestamptz`.execute(db);

  await sql`ALTER TABLE teams ADD COLUMN skills_fallback_minutes integer NOT NULL DEFAULT 5 CHECK (skills_fallback_minutes BETWEEN 0 AND 10080)`.execute(db);
  await sql`ALTER TABLE teams ADD COLUMN sticky_owner boolean NOT NULL DEFAULT true`.execute(db);

  // The round-robin rotation: each member's place is the sequence number of the last conversation this team routed
  // to them (0 = never). The next in turn is the member with the lowest number. Rows are locked one at a time with
  // SKIP LOCKED, so parallel routers never wait on each other and never pick the same member.
  await sql`ALTER TABLE team_members ADD COLUMN last_routed_seq bigint NOT NULL DEFAULT 0`.execute(db);
  await sql`CREATE SEQUENCE routing_rotation_seq`.execute(db);

  await sql`ALTER TABLE conversations ADD COLUMN transfer_count integer NOT NULL DEFAULT 0 CHECK (transfer_count >= 0)`.execute(db);
  await sql`ALTER TABLE conversations ADD COLUMN recontact_of_id uuid`.execute(db);
  await sql`ALTER TABLE conversations ADD COLUMN merged_into_id uuid`.execute(db);
  await sql`ALTER TABLE conversations ADD COLUMN customer_sentiment real CHECK (customer_sentiment BETWEEN -1 AND 1)`.execute(db);
  await sql`ALTER TABLE conversations ADD COLUMN difficult boolean NOT NULL DEFAULT false`.execute(db);
  await sql`ALTER TABLE conversations ADD COLUMN keep_on_shift_end boolean NOT NULL DEFAULT false`.execute(db);
  await sql`ALTER TABLE conversations ADD COLUMN routing_queued_at timestamptz`.execute(db);
  await sql`ALTER TABLE conversations ADD COLUMN routing_fallback_at timestamptz`.execute(db);
  await sql`
    ALTER TABLE conversations ADD COLUMN routing_queue_reason text
    CHECK (routing_queue_reason IN ('nobody_available','at_capacity','skills_wait'))`.execute(db);
  await sql`
    ALTER TABLE conversations
      ADD CONSTRAINT conversations_recontact_of_fkey FOREIGN KEY (account_id, recontact_of_id) REFERENCES conversations (account_id, id),
      ADD CONSTRAINT conversations_merged_into_fkey FOREIGN KEY (account_id, merged_into_id) REFERENCES conversations (account_id, id),
      ADD CONSTRAINT conversations_merged_closed CHECK (merged_into_id IS NULL OR (status = 'closed' AND merged_into_id <> id)),
      ADD CONSTRAINT conversations_recontact_not_self CHECK (recontact_of_id IS NULL OR recontact_of_id <> id)`.execute(db);
  // An agent's load: their unsolved conversations per channel, read for every routing decision (index-only).
  await sql`
    CREATE INDEX conversations_open_by_assignee ON conversations (account_id, assignee_id) INCLUDE (channel, difficult)
    WHERE assignee_id IS NOT NULL AND status IN ('new','open','pending','on_hold')`.execute(db);
  // A team's queue: conversations waiting for an agent, oldest first.
  await sql`
    CREATE INDEX conversations_routing_queue ON conversations (account_id, team_id, routing_queued_at)
    WHERE routing_queued_at IS NOT NULL`.execute(db);
  await sql`CREATE INDEX conversations_routing_fallback ON conversations (routing_fallback_at) WHERE routing_fallback_at IS NOT NULL`.execute(db);
  await sql`CREATE INDEX conversations_recontacts ON conversations (account_id, recontact_of_id) WHERE recontact_of_id IS NOT NULL`.execute(db);

  // A weekly shift schedule per agent in their time zone (same format as business hours). next_start_at and
  // next_end_at are the timers the routing runner acts on (service-clock instants).
  await sql`
    CREATE TABLE agent_shifts (
      account_id uuid NOT NULL,
      user_id uuid NOT NULL,
      timezone text NOT NULL,
      weekly jsonb NOT NULL CHECK (jsonb_typeof(weekly) = 'object'),
      next_start_at timestamptz,
      next_end_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (account_id, user_id),
      FOREIGN KEY (account_id, user_id) REFERENCES users (account_id, id) ON DELETE CASCADE
    )`.execute(db);
  await sql`CREATE INDEX agent_shifts_end ON agent_shifts (next_end_at) WHERE next_end_at IS NOT NULL`.execute(db);
  await sql`CREATE INDEX agent_shifts_start ON agent_shifts (next_start_at) WHERE next_start_at IS NOT NULL`.execute(db);

  // Every owner a conversation had, and why: append-only, one row per change of owner (the current owner's row is
  // the latest). difficult_since: when this owner took on a conversation whose customer was upset (at assignment,
  // or later when the customer's sentiment turned) — the base of the break suggestion.
  await sql`
    CREATE TABLE assignments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      account_id uuid NOT NULL,
      conversation_id uuid NOT NULL,
      user_id uuid NOT NULL,
      team_id uuid,
      reason text NOT NULL CHECK (reason IN ('round_robin','least_load','sticky','manual','transfer')),
      trigger text NOT NULL CHECK (trigger IN ('created','reopened','queue','skills_fallback','transfer','shift_end','team_changed','manual')),
      skills_matched boolean NOT NULL DEFAULT true,
      assigned_at timestamptz NOT NULL,
      difficult_since timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (account_id, id),
      FOREIGN KEY (account_id, conversation_id) REFERENCES conversations (account_id, id) ON DELETE CASCADE,
      FOREIGN KEY (account_id, user_id) REFERENCES users (account_id, id) ON DELETE CASCADE,
      FOREIGN KEY (account_id, team_id) REFERENCES teams (account_id, id)
    )`.execute(db);
  await sql`CREATE INDEX assignments_conversation ON assignments (account_id, conversation_id, assigned_at)`.execute(db);
  await sql`CREATE INDEX assignments_user_time ON assignments (account_id, user_id, assigned_at)`.execute(db);
  await sql`CREATE INDEX assignments_difficult ON assignments (account_id, user_id, difficult_since) WHERE difficult_since IS NOT NULL`.execute(db);

  // A handover: a transfer, or what happened to a conversation at the end of its owner's shift. The note is the
  // internal note the receiver sees on top (message_id), and summary holds what the next shift needs at a glance.
  await sql`
    CREATE TABLE handovers (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      account_id uuid NOT NULL,
      conversation_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('transfer','shift_end','shift_keep')),
      from_user_id uuid,
      to_user_id uuid,
      to_team_id uuid,
      note text NOT NULL CHECK (length(btrim(note)) > 0 AND length(note) <= 20000),
      message_id uuid,
      summary jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(summary) = 'object'),
      actor_type text NOT NULL CHECK (actor_type IN ('user','api_token','customer','system')),
      actor_id uuid,
      at timestamptz NOT NULL,
      acknowledged_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (account_id, id),
      FOREIGN KEY (account_id, conversation_id) REFERENCES conversations (account_id, id) ON DELETE CASCADE,
      FOREIGN KEY (account_id, from_user_id) REFERENCES users (account_id, id),
      FOREIGN KEY (account_id, to_user_id) REFERENCES users (account_id, id),
      FOREIGN KEY (account_id, to_team_id) REFERENCES teams (account_id, id),
      FOREIGN KEY (account_id, message_id) REFERENCES messages (account_id, id)
    )`.execute(db);
  await sql`CREATE INDEX handovers_time ON handovers (account_id, at DESC)`.execute(db);
  await sql`CREATE INDEX handovers_conversation ON handovers (account_id, conversation_id, at)`.execute(db);

  await sql`
    CREATE TABLE break_suggestions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      account_id uuid NOT NULL,
      user_id uuid NOT NULL,
      difficult_count integer NOT NULL CHECK (difficult_count > 0),
      window_minutes integer NOT NULL CHECK (window_minutes > 0),
      suggested_at timestamptz NOT NULL,
      acknowledged_at timestamptz,
      acknowledged_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (account_id, id),
      FOREIGN KEY (account_id, user_id) REFERENCES users (account_id, id) ON DELETE CASCADE,
      FOREIGN KEY (account_id, acknowledged_by) REFERENCES users (account_id, id)
    )`.execute(db);
  await sql`CREATE INDEX break_suggestions_user ON break_suggestions (account_id, user_id, suggested_at DESC)`.execute(db);
  await sql`CREATE INDEX break_suggestions_time ON break_suggestions (account_id, suggested_at DESC)`.execute(db);

  // Per-account routing settings; no row = the defaults below.
  await sql`
    CREATE TABLE routing_settings (
      account_id uuid PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
      difficult_score real NOT NULL DEFAULT -0.5 CHECK (difficult_score BETWEEN -1 AND 0),
      difficult_weight real NOT NULL DEFAULT 2 CHECK (difficult_weight BETWEEN 1 AND 10),
      break_after integer NOT NULL DEFAULT 3 CHECK (break_after BETWEEN 1 AND 100),
      break_window_minutes integer NOT NULL DEFAULT 120 CHECK (break_window_minutes BETWEEN 5 AND 1440),
      sticky_days integer NOT NULL DEFAULT 30 CHECK (sticky_days BETWEEN 0 AND 365),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  // Mail to an address can belong to a team: new email conversations are then routed by that team.
  await sql`ALTER TABLE email_addresses ADD COLUMN team_id uuid`.execute(db);
  await sql`
    ALTER TABLE email_addresses ADD CONSTRAINT email_addresses_team_fkey
    FOREIGN KEY (account_id, team_id) REFERENCES teams (account_id, id)`.execute(db);

  // New notification kinds: a suggested break (agent and supervisors) and a handover to a receiver. The list is read
  // from the constraint as it stands, so kinds other migrations added (before or after this one runs) are kept.
  const current = await sql<{ name: string; def: string }>`
    SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
    WHERE conrelid = 'notifications'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%kind%'`.execute(db);
  const kinds = new Set<string>(['sla_warning', 'sla_breach', 'promise_reminder', 'promise_missed', 'assigned', 'break_suggested', 'handover']);
  for (const row of current.rows) {
    for (const m of row.def.matchAll(/'([a-z_]+)'/g)) kinds.add(m[1]!);
    await sql`ALTER TABLE notifications DROP CONSTRAINT ${sql.id(row.name)}`.execute(db);
  }
  const list = sql.join([...kinds].sort().map((k) => sql.lit(k)));
  await sql`ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN (${list}))`.execute(db);
}
