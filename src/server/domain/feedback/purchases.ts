import type { Kysely, Selectable } from 'kysely';
import type { CustomerPurchasesTable, Database } from '../../db/schema.js';
import type { Actor } from '../shared/actor.js';
import { errors } from '../shared/errors.js';
import { recordEvent } from '../events/record-event.js';
import type { ServiceClock } from '../sla/sla-engine.js';
import { recordContact } from './customer-lifecycle.js';

/** A purchase reported by a shop or CRM integration: the customer came back. The same reference is stored once. */

export type PurchaseRow = Selectable<CustomerPurchasesTable>;

export function presentPurchase(p: PurchaseRow) {
  return { id: p.id, customerId: p.customer_id, amount: p.amount, currency: p.currency, reference: p.reference, occurredAt: p.occurred_at.toISOString() };
}

export interface PurchaseInput {
  amount?: number | undefined;
  currency?: string | undefined;
  reference?: string | undefined;
  occurredAt?: Date | undefined;
}

export async function recordPurchase(db: Kysely<Database>, svc: ServiceClock, actor: Actor, customerId: string, input: PurchaseInput): Promise<{ purchase: PurchaseRow; created: boolean }> {
  if ((input.amount === undefined) !== (input.currency === undefined)) throw errors.validation(input.amount === undefined ? 'amount' : 'currency', 'amount and currency go together');
  const now = svc.clock.now();
  const occurredAt = input.occurredAt && input.occurredAt < now ? input.occurredAt : now;
  return db.transaction().execute(async (trx) => {
    const customer = await trx.selectFrom('customers').select('id').where('account_id', '=', actor.accountId).where('id', '=', customerId).executeTakeFirst();
    if (!customer) throw errors.notFound('Customer');
    const reference = input.reference?.trim() || null;
    const inserted = await trx
      .insertInto('customer_purchases')
      .values({
        account_id: actor.accountId,
        customer_id: customerId,
        amount: input.amount ?? null,
        currency: input.currency?.toUpperCase() ?? null,
        reference,
        occurred_at: occurredAt,
      })
      .onConflict((oc) => oc.columns(['account_id', 'reference']).where('reference', 'is not', null).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!inserted) {
      const existing = await trx.selectFrom('customer_purchases').selectAll().where('account_id', '=', actor.accountId).where('reference', '=', reference!).executeTakeFirstOrThrow();
      if (existing.customer_id !== customerId) throw errors.conflict('This reference belongs to a purchase of another customer', { field: 'reference' });
      return { purchase: existing, created: false };
    }
    await recordEvent(trx, actor, {
      type: 'customer.purchase_recorded',
      customerId,
      data: { purchaseId: inserted.id, amount: inserted.amount, currency: inserted.currency, reference, occurredAt: occurredAt.toISOString() },
    });
    await recordContact(trx, svc, actor.accountId, customerId, 'purchase', occurredAt);
    return { purchase: inserted, created: true };
  });
}
