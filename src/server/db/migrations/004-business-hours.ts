import { sql, type Kysely } from 'kysely';

/** Business hours (the service clock's calendars) and the team each one serves. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE business_hours (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      timezone text NOT NULL,
      country text CHECK (country ~ '^[A-Z]{2}$'),
      weekly jsonb NOT NULL CHECK (jsonb_typeof(weekly) = 'object'),
      closed_dates text[] NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (account_id, id)
    )`.execute(db);
  await sql`ALTER TABLE teams ADD COLUMN business_hours_id uuid`.execute(db);
  await sql`ALTER TABLE teams ADD FOREIGN KEY (account_id, business_hours_id) REFERENCES business_hours (account_id, id)`.execute(db);
}
