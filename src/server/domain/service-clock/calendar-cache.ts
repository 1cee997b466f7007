import type { Db } from '../shared/types.js';
import type { BusinessCalendar } from './business-hours.js';
import { calendarOf } from './business-hours-create.js';

/**
 * Business calendars by id. Building one (weekly intervals, holiday tables) costs far more than reading its row,
 * and every SLA computation needs one, so built calendars are kept for a few minutes per process.
 */
const cache = new Map<string, { calendar: BusinessCalendar; until: number }>();
const TTL_MS = 5 * 60_000;
const MAX_ENTRIES = 1000;

export async function loadCalendar(db: Db, accountId: string, id: string): Promise<BusinessCalendar | null> {
  const key = `${accountId}:${id}`;
  const hit = cache.get(key);
  if (hit && hit.until > Date.now()) return hit.calendar;
  const row = await db.selectFrom('business_hours').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const calendar = calendarOf(row);
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, { calendar, until: Date.now() + TTL_MS });
  return calendar;
}

/** Call when a calendar changes, so the next computation sees the new hours. */
export function forgetCalendar(accountId: string, id: string): void {
  cache.delete(`${accountId}:${id}`);
}
