import type { Db } from '../../domain/shared/types.js';

export async function findCustomerWithContacts(db: Db, accountId: string, id: string) {
  const customer = await db.selectFrom('customers').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
  if (!customer) return undefined;
  const [contacts, organisation] = await Promise.all([
    db.selectFrom('customer_contacts').selectAll().where('account_id', '=', accountId).where('customer_id', '=', id).orderBy('created_at').execute(),
    customer.organisation_id
      ? db.selectFrom('organisations').selectAll().where('account_id', '=', accountId).where('id', '=', customer.organisation_id).executeTakeFirst()
      : Promise.resolve(undefined),
  ]);
  return { customer, contacts, organisation };
}

export function listCustomerConversations(db: Db, accountId: string, customerId: string) {
  return db
    .selectFrom('conversations')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('customer_id', '=', customerId)
    .orderBy('created_at')
    .execute();
}

/** Name and primary email of several customers at once (one query), for lists that show who wrote. */
export async function listCustomerSummaries(db: Db, accountId: string, ids: string[]) {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('customers as c')
    .leftJoin('customer_contacts as cc', (join) =>
      join.onRef('cc.account_id', '=', 'c.account_id').onRef('cc.customer_id', '=', 'c.id').on('cc.kind', '=', 'email'),
    )
    .select(['c.id', 'c.name', 'cc.value as email'])
    .where('c.account_id', '=', accountId)
    .where('c.id', 'in', ids)
    .orderBy('c.id')
    .orderBy('cc.is_primary', 'desc')
    .orderBy('cc.created_at')
    .execute();
  const byId = new Map<string, { id: string; name: string | null; email: string | null }>();
  for (const row of rows) {
    if (!byId.has(row.id)) byId.set(row.id, { id: row.id, name: row.name, email: row.email });
  }
  return [...byId.values()];
}
