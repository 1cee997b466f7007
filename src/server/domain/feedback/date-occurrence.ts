/**
 * Important dates on customer profiles (birthday, name day, contract renewal, custom): when a date next occurs and
 * when its owner is reminded. Dates are calendar days (no time zone); reminders go out at 09:00 UTC on the day
 * `remindDaysBefore` days ahead of the occurrence, or at once when that moment has already passed.
 */

export interface DateSpec {
  month: number;
  day: number;
  /** Set for a one-off date; a recurring date ignores it (a birth year, say). */
  year: number | null;
  recurring: boolean;
}

export const REMINDER_HOUR_UTC = 9;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Whether month/day can ever occur (29 February can; 31 April cannot). */
export function isValidMonthDay(month: number, day: number): boolean {
  return Number.isInteger(month) && Number.isInteger(day) && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(2024, month);
}

function isoDay(year: number, month: number, day: number): string {
  // 29 February falls on the 28th in a common year.
  const d = month === 2 && day === 29 && !isLeap(year) ? 28 : day;
  return `${pad(year, 4)}-${pad(month)}-${pad(d)}`;
}

export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The first occurrence on or after `from`'s UTC day, as YYYY-MM-DD; null when a one-off date has passed. */
export function nextOccurrence(spec: DateSpec, from: Date): string | null {
  const today = utcDay(from);
  if (!spec.recurring) {
    if (spec.year === null) return null;
    const day = isoDay(spec.year, spec.month, spec.day);
    return day >= today ? day : null;
  }
  const year = from.getUTCFullYear();
  const thisYear = isoDay(year, spec.month, spec.day);
  return thisYear >= today ? thisYear : isoDay(year + 1, spec.month, spec.day);
}

/** The occurrence after the given one (for a recurring date), or null. */
export function followingOccurrence(spec: DateSpec, occurrence: string): string | null {
  if (!spec.recurring) return null;
  const next = new Date(`${occurrence}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return nextOccurrence(spec, next);
}

/** When to remind: 09:00 UTC, `daysBefore` days before the occurrence — but never before `now`. */
export function reminderInstant(occurrence: string, daysBefore: number, now: Date): Date {
  const at = new Date(`${occurrence}T${pad(REMINDER_HOUR_UTC)}:00:00Z`);
  at.setUTCDate(at.getUTCDate() - daysBefore);
  return at < now ? now : at;
}
