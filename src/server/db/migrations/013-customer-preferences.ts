import { sql, type Kysely } from 'kysely';

/**
 * How a customer wants to be served: preferred channel, contact hours (weekly local windows in their own time
 * zone, the business-hours format) and form of address. One row per customer, written by agents; the customer's
 * language stays on `customers.language`, which customer-facing mail already reads.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE customer_preferences (
      account_id uuid NOT NULL,
      customer_id uuid NOT NULL,
      channel text CHECK (channel IN ('email','chat','portal','phone')),
      timezone text CHECK (length(timezone) BETWEEN 1 AND 64),
      contact_hours jsonb CHECK (jsonb_typeof(contact_hours) = 'object'),
      address_form text CHECK (address_form IN ('formal','informal')),
      preferred_name text CHECK (length(preferred_name) BETWEEN 1 AND 200),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (account_id, customer_id),
      FOREIGN KEY (account_id, customer_id) REFERENCES customers (account_id, id) ON DELETE CASCADE,
      -- Windows without a zone would mean a different time to every agent.
      CONSTRAINT customer_preferences_hours_zone CHECK (contact_hours IS NULL OR timezone IS NOT NULL)
    )`.execute(db);
}
