import { sql, type Kysely } from 'kysely';

/**
 * Feedback and recovery: surveys after a conversation is solved, recovery cases for unhappy customers, goodwill
 * gestures within each agent's discretion budget, the customer's lifecycle segment, purchases (for retention) and
 * important dates with reminders. Every timer is an instant on a row acted on exactly once by the feedback runner
 * (domain/feedback/feedback-runner.ts); the partial indexes below are what its sweep reads.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per account; created on first use with these defaults. link_key signs the survey links (HMAC), so a
  // link can be shown again to agents without storing it.
  await sql`
    CREATE TABLE feedback_settings (
      account_id uuid PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
      surveys_enabled boolean NOT NULL DEFAULT true,
      survey_delay_minutes integer NOT NULL DEFAULT 30 CHECK (survey_delay_minutes BETWEEN 0 AND 10080),
      survey_expiry_days integer NOT NULL DEFAULT 30 CHECK (survey_expiry_days BETWEEN 1 AND 365),
      ask_nps boolean NOT NULL DEFAULT false,
      ask_ces boolean NOT NULL DEFAULT false,
      recovery_due_minutes integer NOT NULL DEFAULT 480 CHECK (recovery_due_minutes BETWEEN 1 AND 43200),
      follow_up_delay_minutes integer NOT NULL DEFAULT 4320 CHECK (follow_up_delay_minutes BETWEEN 0 AND 129600),
      complaint_tag text NOT NULL DEFAULT 'complaint' CHECK (length(complaint_tag) BETWEEN 1 AND 100),
      negative_message_cases boolean NOT NULL DEFAULT true,
      new_days integer NOT NULL DEFAULT 30 CHECK (new_days BETWEEN 1 AND 3650),
      at_risk_days integer NOT NULL DEFAULT 30 CHECK (at_risk_days BETWEEN 1 AND 3650),
      lost_after_days integer NOT NULL DEFAULT 90 CHECK (lost_after_days BETWEEN 1 AND 3650),
      retention_days integer NOT NULL DEFAULT 90 CHECK (retention_days BETWEEN 1 AND 3650),
      link_key bytea NOT NULL CHECK (length(link_key) >= 32),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  // One survey per conversation, created when it is solved. The token is never stored: only its SHA-256.
  // Service-clock instants: solved_at, send_at, sent_at, expires_at, answered_at.
  await sql`
    CREATE TABLE surveys (
      id uuid PRIMARY KEY,
      account_id uuid NOT NULL,
      conversation_id uuid NOT NULL,
      customer_id uuid NOT NULL,
      agent_id uuid,
      team_id uuid,
      channel text NOT NULL CHECK (channel IN ('api','email','chat','portal','phone')),
      language text NOT NULL CHECK (language IN ('en','sv','pl','sl','bg','eo')),
      token_hash text NOT NULL CHECK (token_hash ~ '^[0-9a-f]{64}$'),
      solved_at timestamptz NOT NULL,
      send_at timestamptz,
      sent_at timestamptz,
      message_id uuid,
      expires_at timestamptz NOT NULL,
      score smallint CHECK (score BETWEEN 1 AND 5),
      nps smallint CHECK (nps BETWEEN 0 AND 10),
      ces smallint CHECK (ces BETWEEN 1 AND 7),
      comment text CHECK (length(comment) <= 5000),
      answered_at timestamptz,
      answered_via text CHECK (answered_via IN ('page','api')),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (account_id, id),
      UNIQUE (account_id, conversation_id),
      FOREIGN KEY (account_id, conversation_id) REFERENCES conversations (account_id, id) ON DELETE CASCADE,
      FOREIGN KEY (account_id, customer_id) REFERENCES customers (account_id, id) ON DELETE CASCADE,
      FOREIGN KEY (account_id, agent_id) REFERENCES users (account_id, id),
      FOREIGN KEY (account_id, team_id) REFERENCES teams (account_id, id),
      FOREIGN KEY (account_id, message_id) REFERENCES messages (account_id, id),
      CHECK ((score IS NULL) = (answered_at IS NULL)),
      CHECK ((answered_at IS NULL) = (answered_via IS NULL)),
      CHECK (nps IS NULL OR score IS NOT NULL),
      CHECK (ces IS NULL OR score IS NOT NULL)
    )`.execute(db);
  // A token identifies its survey across the whole deployment (the public link names no account).
  await sql`CREATE UNIQUE INDEX surveys_token ON surveys (token_hash)`.execute(db);
  await sql`CREATE INDEX surveys_send ON surveys (send_at) WHERE sent_at IS NULL AND answered_at IS NULL AND send_at IS NOT NULL`.execute(db);
  await sql`CREATE INDEX surveys_answered ON surveys (account_id, answered_at) WHERE answered_at IS NOT NULL`.execute(db);
  await sql`CREATE INDEX surveys_customer ON surveys (account_id, customer_id, answered_at)`.execute(db);

  // A recovery case: something went wrong for this customer; fix it, offer a gesture, check in, close it.
  await sql`
    CREATE TABLE recovery_cases (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      account_id uuid NOT NULL,
      conversation_id uuid NOT NULL,
      customer_id uuid NOT NULL,
      owner_id uuid,
      reason text NOT NULL CHECK (reason IN ('bad_rating','complaint','negative_message','manual')),
      status text NOT NULL DEFAULT 'open'
        CHECK (status IN ('open','fixed','gesture_offered','following_up','recovered','not_recovered')),
      survey_id uuid,
      note text CHECK (length(note) <= 5000),
      opened_at timestamptz NOT NULL,
      due_at timestamptz NOT NULL,
      escalated_at timestamptz,
      fixed_at timestamptz,
      follow_up_at timestamptz,
      follow_up_sent_at timestamptz,
      follow_up_message_id uuid,
      closed_at timestamptz,
      closed_by uuid,
      came_back_at timestamptz,
      came_back_via text CHECK (came_back_via IN ('conversation','voucher','purchase')),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (account_id, id),
      FOREIGN KEY (account_id, conversation_id) REFERENCES conversations (account_id, id) ON DELETE CASCADE,
      FOREIGN KEY (account_id, customer_id) REFERENCES customers (account_id, id) ON DELETE CASCADE,
      FOREIGN KEY (account_id, owner_id) REFERENCES users (account_id, id),
      FOREIGN KEY (account_id, closed_by) REFERENCES users (account_id, id),
      FOREIGN KEY (account_id, survey_id) REFERENCES surveys (account_id, id),
      FOREIGN KEY (account_id, follow_up_message_id) REFERENCES messages (account_id, id),
      CHECK ((status IN ('recovered','not_recovered')) = (closed_at IS NOT NULL)),
      CHECK ((came_back_at IS NULL) = (came_back_via IS NULL)),
      CHECK (came_back_at IS NULL OR closed_at IS NOT NULL)
    )`.execute(db);
  // At most one active case per conversation: a second trigger adds to the open one.
  await sql`
    CREATE UNIQUE INDEX recovery_cases_active ON recovery_cases (account_id, conversation_id)
    WHERE closed_at IS NULL`.execute(db);
  await sql`CREATE INDEX recovery_cases_status ON recovery_cases (account_id, status, due_at)`.execute(db);
  await sql`CREATE INDEX recovery_cases_customer ON recovery_cases (account_id, customer_id, opened_at)`.execute(db);
  await sql`CREATE INDEX recovery_cases_closed ON recovery_cases (account_id, closed_at) WHERE closed_at IS NOT NULL`.execute(db);
  await sql`CREATE INDEX recovery_cases_due ON recovery_cases (due_at) WHERE closed_at IS NULL AND escalated_at IS NULL`.execute(db);
  await sql`
    CREATE INDEX recovery_cases_follow_up ON recovery_cases (follow_up_at)
    WHERE closed_at IS NULL AND follow_up_sent_at IS NULL AND follow_up_at IS NOT NULL`.execute(db);
  // Cases whose customer has not come back yet: every new conversation, purchase or redemption probes this.
  await sql`
    CREATE INDEX recovery_cases_awaiting_return ON recovery_cases (account_id, customer_id, closed_at)
    WHERE closed_at IS NOT NULL AND came_back_at IS NULL`.execute(db);

  // What an agent may grant without asking: per case and per calendar month (UTC), in one currency.
  await sql`
    CREATE TABLE discretion_budgets (
      account_id uuid NOT NULL,
      user_id uuid NOT NULL,
      per_case numeric(12,2) NOT NULL CHECK (per_case >= 0),
      monthly numeric(12,2) NOT NULL CHECK (monthly >= 0),
      currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
      updated_by uuid,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (account_id, user_id),
      FOREIGN KEY (account_id, user_id) REFERENCES users (account_id, id) ON DELETE CASCADE,
      FOREIGN KEY (account_id, updated_by) REFERENCES users (account_id, id)
    )`.execute(db);

  // A goodwill gesture on a case. within_discretion: granted on the requester's own budget (budget_month 'YYYY-MM'
  // says which UTC month it counts in); otherwise a supervisor approved or declined it. Vouchers get a code when granted.
  await sql`
    CREATE TABLE gestures (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      account_id uuid NOT NULL,
      case_id uuid NOT NULL,
      customer_id uuid NOT NULL,
      type text NOT NULL CHECK (type IN ('refund','voucher','upgrade','gift')),
      value numeric(12,2) NOT NULL CHECK (value > 0),
      currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
      description text CHECK (length(description) <= 2000),
      status text NOT NULL CHECK (status IN ('granted','pending_approval','declined')),
      requested_by_type text NOT NULL CHECK (requested_by_type IN ('user','api_token','system')),
      requested_by uuid,
      requested_at timestamptz NOT NULL,
      within_discretion boolean NOT NULL DEFAULT false,
      budget_month text CHECK (budget_month ~ '^[0-9]{4}-[0-9]{2}$'),
      decided_by uuid,
      decided_at timestamptz,
      decision_note text CHECK (length(decision_note) <= 2000),
      granted_at timestamptz,
      voucher_code text CHECK (voucher_code ~ '^[0-9A-Z-]{6,40}$'),
      voucher_redeemed_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (account_id, id),
      FOREIGN KEY (account_id, case_id) REFERENCES recovery_cases (account_id, id) ON DELETE CASCADE,
      FOREIGN KEY (account_id, customer_id) REFERENCES customers (account_id, id) ON DELETE CASCADE,
      FOREIGN KEY (account_id, requested_by) REFERENCES users (account_id, id),
      FOREIGN KEY (account_id, decided_by) REFERENCES users (account_id, id),
      CHECK ((status = 'granted') = (granted_at IS NOT NULL)),
      CHECK (within_discretion = (budget_month IS NOT NULL)),
      CHECK (NOT within_discretion OR status = 'granted'),
      CHECK ((voucher_code IS NOT NULL) = (type = 'voucher' AND status = 'granted')),
      CHECK (voucher_redeemed_at IS NULL OR voucher_code IS NOT NULL)
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX gestures_voucher ON gestures (account_id, voucher_code) WHERE voucher_code IS NOT NULL`.execute(db);
  await sql`CREATE INDEX gestures_case ON gestures (account_id, case_id, created_at)`.execute(db);
  await sql`CREATE INDEX gestures_pending ON gestures (account_id, created_at) WHERE status = 'pending_approval'`.execute(db);
  await sql`
    CREATE INDEX gestures_budget ON gestures (account_id, requested_by, budget_month, currency)
    WHERE within_discretion`.execute(db);

  // Purchases an integration reports (POST /customers/:id/purchases): one way a customer "comes back".
  await sql`
    CREATE TABLE customer_purchases (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      account_id uuid NOT NULL,
      customer_id uuid NOT NULL,
      amount numeric(12,2) CHECK (amount >= 0),
      currency text CHECK (currency ~ '^[A-Z]{3}$'),
      reference text CHECK (length(reference) BETWEEN 1 AND 200),
      occurred_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (account_id, id),
      FOREIGN KEY (account_id, customer_id) REFERENCES customers (account_id, id) ON DELETE CASCADE,
      CHECK ((amount IS NULL) = (currency IS NULL))
    )`.execute(db);
  // An integration may retry: the same reference is the same purchase.
  await sql`CREATE UNIQUE INDEX customer_purchases_reference ON customer_purchases (account_id, reference) WHERE reference IS NOT NULL`.execute(db);
  await sql`CREATE INDEX customer_purchases_customer ON customer_purchases (account_id, customer_id, occurred_at)`.execute(db);

  // Customer messages with negative sentiment: the "negative trend" behind the at-risk segment.
  await sql`
    CREATE TABLE customer_signals (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      account_id uuid NOT NULL,
      customer_id uuid NOT NULL,
      conversation_id uuid,
      message_id uuid,
      kind text NOT NULL CHECK (kind IN ('negative_message')),
      score double precision NOT NULL,
      upset boolean NOT NULL DEFAULT false,
      at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (account_id, id),
      FOREIGN KEY (account_id, customer_id) REFERENCES customers (account_id, id) ON DELETE CASCADE,
      FOREIGN KEY (account_id, conversation_id) REFERENCES conversations (account_id, id) ON DELETE CASCADE,
      FOREIGN KEY (account_id, message_id) REFERENCES messages (account_id, id) ON DELETE CASCADE
    )`.execute(db);
  await sql`CREATE INDEX customer_signals_customer ON customer_signals (account_id, customer_id, at)`.execute(db);

  // The lifecycle segment, kept up to date (definitions in docs/METRICS.md). next_check_at: when the segment
  // would change by time alone (new → active, dissatisfied → lost, …); the runner's sweep re-evaluates it then.
  await sql`
    CREATE TABLE customer_lifecycle (
      account_id uuid NOT NULL,
      customer_id uuid NOT NULL,
      segment text NOT NULL DEFAULT 'new' CHECK (segment IN ('new','active','at_risk','dissatisfied','recovered','lost')),
      segment_since timestamptz NOT NULL,
      first_contact_at timestamptz,
      last_contact_at timestamptz,
      next_check_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (account_id, customer_id),
      FOREIGN KEY (account_id, customer_id) REFERENCES customers (account_id, id) ON DELETE CASCADE
    )`.execute(db);
  await sql`CREATE INDEX customer_lifecycle_check ON customer_lifecycle (next_check_at) WHERE next_check_at IS NOT NULL`.execute(db);
  await sql`CREATE INDEX customer_lifecycle_segment ON customer_lifecycle (account_id, segment)`.execute(db);

  // Dates that matter to the customer. month/day always; year for a one-off date (a renewal on 2027-03-01).
  await sql`
    CREATE TABLE customer_dates (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      account_id uuid NOT NULL,
      customer_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('birthday','name_day','contract_renewal','custom')),
      label text CHECK (length(label) BETWEEN 1 AND 200),
      month smallint NOT NULL CHECK (month BETWEEN 1 AND 12),
      day smallint NOT NULL CHECK (day BETWEEN 1 AND 31),
      year smallint CHECK (year BETWEEN 1900 AND 2200),
      recurring boolean NOT NULL,
      owner_id uuid,
      remind_days_before smallint NOT NULL DEFAULT 7 CHECK (remind_days_before BETWEEN 0 AND 365),
      next_occurrence text CHECK (next_occurrence ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      remind_at timestamptz,
      last_reminded_at timestamptz,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (account_id, id),
      FOREIGN KEY (account_id, customer_id) REFERENCES customers (account_id, id) ON DELETE CASCADE,
      FOREIGN KEY (account_id, owner_id) REFERENCES users (account_id, id),
      FOREIGN KEY (account_id, created_by) REFERENCES users (account_id, id),
      CHECK (recurring OR year IS NOT NULL),
      CHECK ((remind_at IS NULL) OR (next_occurrence IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX customer_dates_customer ON customer_dates (account_id, customer_id, next_occurrence)`.execute(db);
  await sql`CREATE INDEX customer_dates_remind ON customer_dates (remind_at) WHERE remind_at IS NOT NULL`.execute(db);

  // New notification kinds. The list is read from the constraint as it stands, so kinds that other migrations
  // added before this one are kept.
  const current = await sql<{ name: string; def: string }>`
    SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
    WHERE conrelid = 'notifications'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%kind%'`.execute(db);
  const kinds = new Set<string>(['recovery_case', 'recovery_overdue', 'recovery_follow_up', 'gesture_approval', 'gesture_decided', 'date_reminder']);
  for (const row of current.rows) {
    for (const m of row.def.matchAll(/'([a-z_]+)'/g)) kinds.add(m[1]!);
    await sql`ALTER TABLE notifications DROP CONSTRAINT ${sql.id(row.name)}`.execute(db);
  }
  const list = sql.join([...kinds].sort().map((k) => sql.lit(k)));
  await sql`ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN (${list}))`.execute(db);
}
