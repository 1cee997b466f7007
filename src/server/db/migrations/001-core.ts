import { sql, type Kysely } from 'kysely';

/**
 * The core model. Every table carries account_id (the tenant) and most foreign keys include it, so a row can
 * never point at another tenant's row and the schema can later be distributed by account_id.
 * Integrity lives here (CHECKs, unique and foreign keys), not only in the application.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);

  await sql`
    CREATE TABLE accounts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      account_id uuid GENERATED ALWAYS AS (id) STORED,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      next_conversation_number integer NOT NULL DEFAULT 1 CHECK (next_conversation_number > 0),
      default_language text NOT NULL DEFAULT 'en' CHECK (default_language IN ('en','sv','pl','sl','bg','eo')),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`
    CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      email text NOT NULL CHECK (email = lower(email) AND position('@' in email) > 1),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      role text NOT NULL CHECK (role IN ('admin','supervisor','agent')),
      password_hash text,
      languages text[] NOT NULL DEFAULT '{}',
      skills text[] NOT NULL DEFAULT '{}',
      capacity jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(capacity) = 'object'),
      ui_language text NOT NULL DEFAULT 'en' CHECK (ui_language IN ('en','sv','pl','sl','bg','eo')),
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (account_id, id)
    )`.execute(db);
  // Login is by email alone, so an email identifies one user across the whole deployment.
  await sql`CREATE UNIQUE INDEX users_email_key ON users (email)`.execute(db);

  await sql`
    CREATE TABLE auth_tokens (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('session','api')),
      user_id uuid,
      role text NOT NULL CHECK (role IN ('admin','supervisor','agent')),
      name text,
      token_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz,
      revoked_at timestamptz,
      last_used_at timestamptz,
      FOREIGN KEY (account_id, user_id) REFERENCES users (account_id, id) ON DELETE CASCADE,
      CHECK (kind = 'api' OR user_id IS NOT NULL)
    )`.execute(db);

  await sql`
    CREATE TABLE teams (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      routing text NOT NULL DEFAULT 'manual' CHECK (routing IN ('round_robin','least_load','manual')),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (account_id, id),
      UNIQUE (account_id, name)
    )`.execute(db);

  await sql`
    CREATE TABLE team_members (
      account_id uuid NOT NULL,
      team_id uuid NOT NULL,
      user_id uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (account_id, team_id, user_id),
      FOREIGN KEY (account_id, team_id) REFERENCES teams (account_id, id) ON DELETE CASCADE,
      FOREIGN KEY (account_id, user_id) REFERENCES users (account_id, id) ON DELETE CASCADE
    )`.execute(db);

  await sql`
    CREATE TABLE organisations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      domains text[] NOT NULL DEFAULT '{}',
      custom_attributes jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(custom_attributes) = 'object'),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (account_id, id)
    )`.execute(db);

  await sql`
    CREATE TABLE customers (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      name text,
      language text CHECK (language IN ('en','sv','pl','sl','bg','eo')),
      organisation_id uuid,
      custom_attributes jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(custom_attributes) = 'object'),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (account_id, id),
      FOREIGN KEY (account_id, organisation_id) REFERENCES organisations (account_id, id)
    )`.execute(db);

  // Emails and phone numbers identify a customer within an account (never across accounts).
  await sql`
    CREATE TABLE customer_contacts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      account_id uuid NOT NULL,
      customer_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('email','phone')),
      value text NOT NULL CHECK (length(value) BETWEEN 1 AND 320),
      normalized text NOT NULL,
      is_primary boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (account_id, kind, normalized),
      FOREIGN KEY (account_id, customer_id) REFERENCES customers (account_id, id) ON DELETE CASCADE
    )`.execute(db);
  await sql`CREATE INDEX customer_contacts_customer ON customer_contacts (account_id, customer_id)`.execute(db);

  await sql`
    CREATE TABLE conversations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      number integer NOT NULL CHECK (number > 0),
      subject text NOT NULL CHECK (length(subject) <= 1000),
      status text NOT NULL DEFAULT 'new' CHECK (status IN ('new','open','pending','on_hold','solved','closed')),
      priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low','normal','high','urgent')),
      channel text NOT NULL CHECK (channel IN ('api','email','chat','portal','phone')),
      language text NOT NULL DEFAULT 'und' CHECK (language IN ('en','sv','pl','sl','bg','eo','und')),
      customer_id uuid NOT NULL,
      assignee_id uuid,
      team_id uuid,
      tags text[] NOT NULL DEFAULT '{}',
      custom_fields jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(custom_fields) = 'object'),
      message_count integer NOT NULL DEFAULT 0 CHECK (message_count >= 0),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      last_activity_at timestamptz NOT NULL DEFAULT now(),
      first_response_at timestamptz,
      solved_at timestamptz,
      closed_at timestamptz,
      UNIQUE (account_id, number),
      UNIQUE (account_id, id),
      FOREIGN KEY (account_id, customer_id) REFERENCES customers (account_id, id),
      FOREIGN KEY (account_id, assignee_id) REFERENCES users (account_id, id),
      FOREIGN KEY (account_id, team_id) REFERENCES teams (account_id, id)
    )`.execute(db);
  // The inbox: newest activity first, filtered by status/assignee/team/customer; id breaks ties for the cursor.
  await sql`CREATE INDEX conversations_activity ON conversations (account_id, last_activity_at DESC, id DESC)`.execute(db);
  await sql`CREATE INDEX conversations_status_activity ON conversations (account_id, status, last_activity_at DESC, id DESC)`.execute(db);
  await sql`CREATE INDEX conversations_assignee_activity ON conversations (account_id, assignee_id, last_activity_at DESC, id DESC)`.execute(db);
  await sql`CREATE INDEX conversations_team_activity ON conversations (account_id, team_id, last_activity_at DESC, id DESC)`.execute(db);
  await sql`CREATE INDEX conversations_customer ON conversations (account_id, customer_id, created_at)`.execute(db);
  await sql`CREATE INDEX conversations_subject_trgm ON conversations USING gin (lower(subject) gin_trgm_ops)`.execute(db);

  await sql`
    CREATE TABLE messages (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      account_id uuid NOT NULL,
      conversation_id uuid NOT NULL,
      seq integer NOT NULL CHECK (seq > 0),
      direction text NOT NULL CHECK (direction IN ('inbound','outbound')),
      type text NOT NULL CHECK (type IN ('message','note')),
      channel text NOT NULL CHECK (channel IN ('api','email','chat','portal','phone')),
      author_type text NOT NULL CHECK (author_type IN ('customer','user','api_token','system')),
      author_user_id uuid,
      customer_id uuid,
      body text NOT NULL,
      body_full text NOT NULL,
      html text,
      language text NOT NULL DEFAULT 'und' CHECK (language IN ('en','sv','pl','sl','bg','eo','und')),
      external_id text CHECK (length(external_id) <= 998),
      search_text text NOT NULL DEFAULT '',
      search_vector tsvector NOT NULL DEFAULT ''::tsvector,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (conversation_id, seq),
      UNIQUE (account_id, id),
      FOREIGN KEY (account_id, conversation_id) REFERENCES conversations (account_id, id) ON DELETE CASCADE,
      FOREIGN KEY (account_id, author_user_id) REFERENCES users (account_id, id),
      FOREIGN KEY (account_id, customer_id) REFERENCES customers (account_id, id),
      CHECK (type = 'message' OR direction = 'outbound'),
      CHECK (author_type <> 'user' OR author_user_id IS NOT NULL)
    )`.execute(db);
  await sql`CREATE INDEX messages_search ON messages USING gin (search_vector)`.execute(db);
  await sql`CREATE INDEX messages_search_trgm ON messages USING gin (search_text gin_trgm_ops)`.execute(db);
  // Channel message ids (the email Message-ID): threading looks replies up by them; one stored copy per id.
  await sql`CREATE UNIQUE INDEX messages_external_id ON messages (account_id, external_id) WHERE external_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX messages_customer ON messages (account_id, customer_id, created_at)`.execute(db);

  await sql`
    CREATE TABLE attachments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      account_id uuid NOT NULL,
      message_id uuid NOT NULL,
      filename text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
      content_type text NOT NULL,
      size integer NOT NULL CHECK (size >= 0),
      sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      storage text NOT NULL CHECK (storage IN ('disk','db')),
      data bytea,
      content_id text,
      inline boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (account_id, message_id) REFERENCES messages (account_id, id) ON DELETE CASCADE,
      CHECK ((storage = 'db') = (data IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX attachments_message ON attachments (account_id, message_id)`.execute(db);

  // The append-only log of every change: who (actor), what (type + data), when.
  await sql`
    CREATE TABLE events (
      id bigserial PRIMARY KEY,
      account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      type text NOT NULL CHECK (type ~ '^[a-z_]+\\.[a-z_]+$'),
      actor_type text NOT NULL CHECK (actor_type IN ('user','api_token','customer','system')),
      actor_id uuid,
      conversation_id uuid,
      customer_id uuid,
      data jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX events_conversation ON events (account_id, conversation_id, id) WHERE conversation_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX events_account_time ON events (account_id, created_at)`.execute(db);
  await sql`
    CREATE FUNCTION servisto_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'events are append-only (% refused)', TG_OP USING ERRCODE = 'restrict_violation';
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION servisto_events_append_only()`.execute(db);

  // Transactional outbox: written in the same transaction as the change; the dispatcher stamps each row with a
  // gap-free delivery sequence (in commit order) and then publishes it. Clients resume from that sequence.
  await sql`
    CREATE TABLE outbox (
      id bigserial PRIMARY KEY,
      account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      event_id bigint NOT NULL UNIQUE REFERENCES events(id),
      topic text NOT NULL,
      payload jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      dispatched_at timestamptz,
      delivery_seq bigint UNIQUE,
      CHECK ((dispatched_at IS NULL) = (delivery_seq IS NULL))
    )`.execute(db);
  await sql`CREATE INDEX outbox_pending ON outbox (id) WHERE dispatched_at IS NULL`.execute(db);
  await sql`CREATE INDEX outbox_account_seq ON outbox (account_id, delivery_seq) WHERE delivery_seq IS NOT NULL`.execute(db);
  await sql`
    CREATE TABLE outbox_state (
      id integer PRIMARY KEY CHECK (id = 1),
      account_id uuid,
      last_seq bigint NOT NULL DEFAULT 0
    )`.execute(db);
  await sql`INSERT INTO outbox_state (id, last_seq) VALUES (1, 0)`.execute(db);
}
