/**
 * Due instants of time expressions, in the account's time zone: calendar arithmetic on plain dates, and luxon
 * for the zone's rules, so that "Monday at 10" is 10:00 on the wall clock across a DST change.
 */
import { DateTime, IANAZone } from 'luxon';
import type { PartOfDay } from './commitment-lexicons/types.js';
import type { Clock, DateSlot, TimeExpression } from './commitment-time.js';

const MORNING = { hour: 12, minute: 0 };
const EVENING = { hour: 22, minute: 0 };
/** "Today" said after the working day ended still means today: due at the end of the calendar day. */
const LATEST_TODAY = { hour: 23, minute: 59 };
const BUSINESS_DAY_MINUTES = 8 * 60;
const MEMO_LIMIT = 2000;

export interface ResolveContext {
  now: Date;
  timeZone: string;
  endOfDay: WallTime;
  twelveHourClock: boolean;
  addBusinessMinutes?: ((from: Date, minutes: number) => Date) | undefined;
}

interface WallTime {
  hour: number;
  minute: number;
}
/** A date on the calendar, without a zone. Calendar arithmetic is plain UTC arithmetic on these. */
interface CivilDate {
  year: number;
  month: number;
  day: number;
}

const DAY_MS = 86_400_000;
const civil = (utcMs: number): CivilDate => {
  const d = new Date(utcMs);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
};
const utcOf = (date: CivilDate) => Date.UTC(date.year, date.month - 1, date.day);
const addDays = (date: CivilDate, days: number) => civil(utcOf(date) + days * DAY_MS);
/** ISO weekday, Monday = 1. */
const weekdayOf = (date: CivilDate) => ((new Date(utcOf(date)).getUTCDay() + 6) % 7) + 1;
const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const isRealDate = (date: CivilDate) => date.month >= 1 && date.month <= 12 && date.day >= 1 && date.day <= daysInMonth(date.year, date.month);
function addMonths(date: CivilDate, months: number): CivilDate {
  const index = date.year * 12 + date.month - 1 + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  // 31 January + 1 month is the last day of February.
  return { year, month, day: Math.min(date.day, daysInMonth(year, month)) };
}

/** Wall-clock time in a zone → instant, memoised: zone rules do not change while the process runs. */
const instants = new Map<string, number>();
function instantOf(date: CivilDate, wall: WallTime, zone: string): number {
  const key = `${zone} ${date.year}-${date.month}-${date.day} ${wall.hour}:${wall.minute}`;
  let instant = instants.get(key);
  if (instant === undefined) {
    // luxon resolves the wall time with the zone's DST rules (a time in the spring gap moves forward).
    instant = DateTime.fromObject({ ...date, hour: wall.hour, minute: wall.minute }, { zone }).toMillis();
    if (instants.size >= MEMO_LIMIT) instants.clear();
    instants.set(key, instant);
  }
  return instant;
}

/** The zone's UTC offset in minutes at an instant, memoised per quarter hour (no zone changes offset in between). */
const offsets = new Map<string, number>();
function offsetAt(zone: string, instant: number): number {
  const key = `${zone} ${Math.floor(instant / 900_000)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    offset = IANAZone.create(zone).offset(instant);
    if (offsets.size >= MEMO_LIMIT) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/**
 * Returns the resolver of one reply: the due instant of a time expression, or null when it has passed or names
 * no real date. Equal expressions ("tomorrow" twice) are resolved once.
 */
export function timeResolver(ctx: ResolveContext): (expression: TimeExpression) => Date | null {
  let today: CivilDate | null = null;
  const cache = new Map<string, Date | null>();
  return (expression) => {
    const key = JSON.stringify([expression.date, expression.clock, expression.part, expression.elapsed]);
    let due = cache.get(key);
    if (due === undefined) {
      today ??= civil(ctx.now.getTime() + offsetAt(ctx.timeZone, ctx.now.getTime()) * 60_000);
      due = resolve(expression, today, ctx);
      cache.set(key, due);
    }
    return due;
  };
}

function resolve(expression: TimeExpression, today: CivilDate, ctx: ResolveContext): Date | null {
  const now = ctx.now.getTime();
  const { elapsed, date } = expression;
  if (elapsed) {
    if (elapsed.unit === 'business_hour' && ctx.addBusinessMinutes) return ctx.addBusinessMinutes(ctx.now, elapsed.count * 60);
    return new Date(now + elapsed.count * (elapsed.unit === 'minute' ? 60_000 : 3_600_000));
  }
  if (date?.type === 'duration' && date.unit === 'business_day' && ctx.addBusinessMinutes) {
    // A business day is taken as 8 business hours of the team's calendar.
    return ctx.addBusinessMinutes(ctx.now, date.count * BUSINESS_DAY_MINUTES);
  }
  const day = date ? dayOf(date, today) : today;
  if (!day) return null;
  const clock = expression.clock ? clockTime(expression.clock, expression.part, ctx.twelveHourClock) : null;
  if (expression.clock && !clock) return null;
  const wall = clock ?? (expression.part ? partTime(expression.part, ctx.endOfDay) : ctx.endOfDay);
  let due = instantOf(day, wall, ctx.timeZone);
  if (due <= now) {
    const isToday = utcOf(day) === utcOf(today);
    if (isToday && date?.type === 'weekday' && !date.next) due = instantOf(addDays(day, 7), wall, ctx.timeZone);
    else if (isToday && !clock && !expression.part) due = instantOf(day, LATEST_TODAY, ctx.timeZone);
    if (due <= now) return null;
  }
  return new Date(due);
}

function dayOf(date: DateSlot, today: CivilDate): CivilDate | null {
  switch (date.type) {
    case 'day':
      return addDays(today, date.offset);
    case 'weekday': {
      let delta = (date.weekday - weekdayOf(today) + 7) % 7;
      if (delta === 0 && date.next) delta = 7;
      return addDays(today, delta);
    }
    case 'date': {
      if (date.year !== null) {
        const exact = { year: date.year, month: date.month, day: date.day };
        return isRealDate(exact) ? exact : null;
      }
      // No year: this year's date, or next year's when that is nearer. "By 5 January" in December is next
      // year; "by 3 March" written on 27 March is a date that has passed, not a promise for next March.
      const nearest = [today.year, today.year + 1]
        .map((year) => ({ year, month: date.month, day: date.day }))
        .filter(isRealDate)
        .sort((a, b) => Math.abs(utcOf(a) - utcOf(today)) - Math.abs(utcOf(b) - utcOf(today)))[0];
      return nearest && utcOf(nearest) >= utcOf(today) ? nearest : null;
    }
    case 'duration':
      if (date.unit === 'week') return addDays(today, 7 * date.count);
      if (date.unit === 'month') return addMonths(today, date.count);
      return addDays(today, date.count);
    case 'period_end': {
      const weekday = weekdayOf(today);
      if (date.end === 'day') return today;
      if (date.end === 'month') return { ...today, day: daysInMonth(today.year, today.month) };
      // The week ends on Friday, the last working day; on a weekend, "this week" ends on Sunday.
      if (date.end === 'week') return addDays(today, weekday <= 5 ? 5 - weekday : 7 - weekday);
      return addDays(today, 7 - weekday + 5);
    }
  }
}

function clockTime(clock: Clock, part: PartOfDay | undefined, twelveHourClock: boolean): WallTime | null {
  let hour = clock.hour;
  if (clock.meridiem === 'pm' && hour < 12) hour += 12;
  else if (clock.meridiem === 'am' && hour === 12) hour = 0;
  else if (clock.meridiem === null && hour < 12 && (part === 'afternoon' || part === 'evening')) hour += 12;
  // "I'll call you at 3": nobody promises a call at 3 in the night.
  else if (clock.meridiem === null && twelveHourClock && !part && hour >= 1 && hour <= 6) hour += 12;
  return hour > 23 ? null : { hour, minute: clock.minute };
}

function partTime(part: PartOfDay, endOfDay: WallTime): WallTime {
  if (part === 'morning') return MORNING;
  if (part === 'evening') return EVENING;
  return endOfDay;
}
