import type { Kysely, Selectable } from 'kysely';
import type { CustomerDateKind, CustomerDatesTable, Database } from '../../db/schema.js';
import type { Db } from '../shared/types.js';
import type { Actor } from '../shared/actor.js';
import { errors } from '../shared/errors.js';
import { isForeignKeyViolation } from '../shared/pg-errors.js';
import { recordEvent } from '../events/record-event.js';
import type { ServiceClock } from '../sla/sla-engine.js';
import { queueFeedbackWake } from './feedback-clock.js';
import { isValidMonthDay, nextOccurrence, reminderInstant } from './date-occurrence.js';

/** Important dates on a customer profile, with a reminder to their owner before each occurrence. */

export type CustomerDateRow = Selectable<CustomerDatesTable>;

export function presentCustomerDate(d: CustomerDateRow) {
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    id: d.id,
    customerId: d.customer_id,
    kind: d.kind,
    label: d.label,
    date: d.year !== null ? `${String(d.year).padStart(4, '0')}-${pad(d.month)}-${pad(d.day)}` : `--${pad(d.month)}-${pad(d.day)}`,
    recurring: d.recurring,
    ownerId: d.owner_id,
    remindDaysBefore: d.remind_days_before,
    nextOccurrence: d.next_occurrence,
    remindAt: d.remind_at?.toISOString() ?? null,
    lastRemindedAt: d.last_reminded_at?.toISOString() ?? null,
  };
}

export interface CustomerDateInput {
  kind: CustomerDateKind;
  /** YYYY-MM-DD, or --MM-DD for a date without a year. */
  date: string;
  label?: string | undefined;
  recurring?: boolean | undefined;
  ownerId?: string | undefined;
  remindDaysBefore?: number | undefined;
}

/** Birthdays and name days recur every year; renewals and custom dates recur when they have no year or say so. */
export function parseDateInput(input: CustomerDateInput): { month: number; day: number; year: number | null; recurring: boolean } {
  const m = /^(?:(\d{4})|-)-(\d{2})-(\d{2})$/.exec(input.date);
  if (!m) throw errors.validation('date', 'must be YYYY-MM-DD or --MM-DD');
  const year = m[1] ? Number(m[1]) : null;
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (!isValidMonthDay(month, day)) throw errors.validation('date', 'is not a day of the calendar');
  if (year !== null && month === 2 && day === 29 && !((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0)) {
    throw errors.validation('date', 'is not a day of the calendar');
  }
  const recurring = input.recurring ?? (input.kind === 'birthday' || input.kind === 'name_day' || year === null);
  if (!recurring && year === null) throw errors.validation('date', 'a one-off date needs a year');
  return { month, day, year, recurring };
}

export async function addCustomerDate(db: Kysely<Database>, svc: ServiceClock, actor: Actor, customerId: string, input: CustomerDateInput): Promise<CustomerDateRow> {
  const spec = parseDateInput(input);
  const now = svc.clock.now();
  const occurrence = nextOccurrence(spec, now);
  const remindDaysBefore = input.remindDaysBefore ?? 7;
  const remindAt = occurrence ? reminderInstant(occurrence, remindDaysBefore, now) : null;
  try {
    return await db.transaction().execute(async (trx) => {
      const customer = await trx.selectFrom('customers').select('id').where('account_id', '=', actor.accountId).where('id', '=', customerId).executeTakeFirst();
      if (!customer) throw errors.notFound('Customer');
      const row = await trx
        .insertInto('customer_dates')
        .values({
          account_id: actor.accountId,
          customer_id: customerId,
          kind: input.kind,
          label: input.label?.trim() || null,
          month: spec.month,
          day: spec.day,
          year: spec.year,
          recurring: spec.recurring,
          owner_id: input.ownerId ?? actor.userId,
          remind_days_before: remindDaysBefore,
          next_occurrence: occurrence,
          remind_at: remindAt,
          created_by: actor.userId,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordEvent(trx, actor, { type: 'customer.date_added', customerId, data: { dateId: row.id, kind: row.kind, next: occurrence } });
      if (remindAt) await queueFeedbackWake(trx, svc, actor.accountId, remindAt);
      return row;
    });
  } catch (error) {
    if (isForeignKeyViolation(error)) throw errors.validation('ownerId', 'no such user in this account');
    throw error;
  }
}

export async function listCustomerDates(db: Db, accountId: string, customerId: string): Promise<CustomerDateRow[]> {
  return db
    .selectFrom('customer_dates')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('customer_id', '=', customerId)
    .orderBy('next_occurrence')
    .orderBy('month')
    .orderBy('day')
    .execute();
}

export async function deleteCustomerDate(db: Kysely<Database>, actor: Actor, dateId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx.deleteFrom('customer_dates').where('account_id', '=', actor.accountId).where('id', '=', dateId).returningAll().executeTakeFirst();
    if (!row) throw errors.notFound('Customer date');
    await recordEvent(trx, actor, { type: 'customer.date_removed', customerId: row.customer_id, data: { dateId, kind: row.kind } });
  });
}
