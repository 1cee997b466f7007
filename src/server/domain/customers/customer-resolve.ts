import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../shared/types.js';
import type { Actor } from '../shared/actor.js';
import type { Language } from '../../db/schema.js';
import { eventCtes } from '../events/record-event.js';

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Finds the customer who owns this email in the actor's account, or creates one. The customer is identified from
 * the channel, so nobody has to ask "what is your account number?". Runs inside the caller's transaction;
 * concurrent first contacts from one address converge on one customer (unique contact + ON CONFLICT).
 */
export async function resolveCustomerByEmail(
  trx: Db,
  actor: Actor,
  input: { email: string; name?: string | undefined; language?: Language | undefined },
): Promise<{ id: string; created: boolean; organisationId: string | null }> {
  const normalized = normalizeEmail(input.email);
  // With a name: the lookup also fills in a name we did not know yet (never overwriting one an agent may have
  // corrected), in the same statement.
  const found = input.name ? await contactOwnerNaming(trx, actor.accountId, normalized, input.name) : await contactOwner(trx, actor.accountId, normalized);
  if (found) {
    return { id: found.customer_id, created: false, organisationId: found.organisation_id };
  }
  // One statement: the customer, their contact and the `customer.created` event; the contact (and with it the event)
  // yields when another transaction registered the address first (unique contact per account).
  const id = randomUUID();
  const created = sql`SELECT 1 FROM contact`;
  const { rows } = await sql<{ id: string; registered: boolean }>`
    WITH customer AS (
      INSERT INTO customers (id, account_id, name, language, custom_attributes)
      VALUES (${id}, ${actor.accountId}, ${input.name ?? null}, ${input.language ?? null}, '{}'::jsonb)
      RETURNING id
    ), contact AS (
      INSERT INTO customer_contacts (account_id, customer_id, kind, value, normalized, is_primary)
      SELECT ${actor.accountId}::uuid, id, 'email', ${input.email.trim()}::text, ${normalized}::text, true FROM customer
      ON CONFLICT (account_id, kind, normalized) DO NOTHING
      RETURNING customer_id
    ), ${eventCtes(actor, { type: 'customer.created', customerId: id, data: { email: normalized }, publish: { customerId: id } }, 'announced', created)}
    SELECT id, EXISTS (SELECT 1 FROM contact) AS registered FROM customer`.execute(trx);
  const customer = rows[0]!;
  if (!customer.registered) {
    // Another transaction registered this address first: use its customer and drop ours (no event was written).
    await trx.deleteFrom('customers').where('account_id', '=', actor.accountId).where('id', '=', customer.id).execute();
    const winner = await contactOwner(trx, actor.accountId, normalized);
    if (!winner) throw new Error('customer contact vanished after a conflict');
    return { id: winner.customer_id, created: false, organisationId: winner.organisation_id };
  }
  return { id: customer.id, created: true, organisationId: null };
}

async function contactOwnerNaming(trx: Db, accountId: string, normalized: string, name: string) {
  const { rows } = await sql<{ customer_id: string; organisation_id: string | null }>`
    WITH found AS (
      SELECT cc.customer_id, cu.organisation_id FROM customer_contacts cc
      JOIN customers cu ON cu.account_id = cc.account_id AND cu.id = cc.customer_id
      WHERE cc.account_id = ${accountId} AND cc.kind = 'email' AND cc.normalized = ${normalized}
    ), named AS (
      UPDATE customers SET name = ${name}, updated_at = now()
      WHERE account_id = ${accountId} AND id IN (SELECT customer_id FROM found) AND name IS NULL
    )
    SELECT customer_id, organisation_id FROM found`.execute(trx);
  return rows[0];
}

/** The customer an email address belongs to, with their organisation (SLA policies may match on it). */
function contactOwner(trx: Db, accountId: string, normalized: string) {
  return trx
    .selectFrom('customer_contacts as cc')
    .innerJoin('customers as cu', (j) => j.onRef('cu.account_id', '=', 'cc.account_id').onRef('cu.id', '=', 'cc.customer_id'))
    .select(['cc.customer_id', 'cu.organisation_id'])
    .where('cc.account_id', '=', accountId)
    .where('cc.kind', '=', 'email')
    .where('cc.normalized', '=', normalized)
    .executeTakeFirst();
}
