import { sql, type Kysely } from 'kysely';

/** Promises made to customers ("I will call you back by Thursday 14:00"), tracked until kept or missed. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE promises (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      account_id uuid NOT NULL,
      conversation_id uuid NOT NULL,
      description text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
      due_at timestamptz NOT NULL,
      owner_id uuid,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','kept','missed','cancelled')),
      created_by_type text NOT NULL CHECK (created_by_type IN ('user','api_token','system','customer')),
      created_by_id uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      resolved_at timestamptz,
      UNIQUE (account_id, id),
      FOREIGN KEY (account_id, conversation_id) REFERENCES conversations (account_id, id) ON DELETE CASCADE,
      FOREIGN KEY (account_id, owner_id) REFERENCES users (account_id, id),
      CHECK ((status = 'open') = (resolved_at IS NULL))
    )`.execute(db);
  await sql`CREATE INDEX promises_conversation ON promises (account_id, conversation_id)`.execute(db);
  await sql`CREATE INDEX promises_open_due ON promises (account_id, due_at) WHERE status = 'open'`.execute(db);
}
