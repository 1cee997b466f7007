import type { Selectable } from 'kysely';
import type { Db } from '../shared/types.js';
import type { Actor } from '../shared/actor.js';
import type { BusinessHoursTable } from '../../db/schema.js';
import { recordEvent } from '../events/record-event.js';
import { buildBusinessCalendar, type BusinessCalendar, type BusinessHoursInput } from './business-hours.js';

export interface CreateBusinessHoursInput extends BusinessHoursInput {
  name: string;
}

/** Validates the calendar (timezone, intervals, country, dates) before storing it; errors name the field. */
export async function createBusinessHours(db: Db, actor: Actor, input: CreateBusinessHoursInput) {
  const calendar = buildBusinessCalendar(input);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('business_hours')
      .values({
        account_id: actor.accountId,
        name: input.name.trim(),
        timezone: calendar.timezone,
        country: calendar.country,
        weekly: JSON.stringify(input.weekly),
        closed_dates: [...(input.closedDates ?? [])],
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordEvent(trx, actor, { type: 'business_hours.created', data: { businessHoursId: row.id, name: row.name } });
    return row;
  });
}

export function calendarOf(row: Selectable<BusinessHoursTable>): BusinessCalendar {
  return buildBusinessCalendar({
    timezone: row.timezone,
    weekly: row.weekly,
    ...(row.country ? { country: row.country } : {}),
    closedDates: row.closed_dates,
  });
}
