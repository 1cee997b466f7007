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
