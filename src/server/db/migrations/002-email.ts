import { sql, type Kysely } from 'kysely';

/** The email channel: the addresses an account receives mail at, and the delivery state of outbound mail. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE email_addresses (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      address text NOT NULL CHECK (address = lower(address) AND position('@' in address) > 1),
      display_name text,
      is_default boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (account_id, id)
    )`.execute(db);
  // One address belongs to one account in the whole deployment: that is how SMTP knows the tenant of a mail.
  await sql`CREATE UNIQUE INDEX email_addresses_address ON email_addresses (address)`.execute(db);
  await sql`CREATE UNIQUE INDEX email_addresses_one_default ON email_addresses (account_id) WHERE is_default`.execute(db);

  await sql`ALTER TABLE messages ADD COLUMN delivery_status text CHECK (delivery_status IN ('queued','sent','failed','bounced'))`.execute(db);
  await sql`ALTER TABLE messages ADD COLUMN delivery_error text`.execute(db);
  await sql`ALTER TABLE messages ADD COLUMN delivery_attempts integer NOT NULL DEFAULT 0 CHECK (delivery_attempts >= 0)`.execute(db);
  await sql`ALTER TABLE messages ADD COLUMN delivered_at timestamptz`.execute(db);
  await sql`ALTER TABLE messages ADD COLUMN auto_submitted boolean NOT NULL DEFAULT false`.execute(db);
  await sql`ALTER TABLE messages ADD CONSTRAINT messages_delivery_outbound CHECK (delivery_status IS NULL OR direction = 'outbound')`.execute(db);
}
