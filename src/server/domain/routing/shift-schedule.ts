import { buildBusinessCalendar, nextOpening, openStretchAt, WEEKDAYS, BusinessCalendarError, type BusinessCalendar, type Weekday } from '../service-clock/business-hours.js';

/**
 * An agent's shift schedule: a weekly list of local working hours in the agent's time zone — the same format and
 * the same DST-exact arithmetic as business hours (service-clock/business-hours.ts), without public holidays.
 * Pure: whether the agent is on shift at an instant, and the next start and end the routing runner waits for.
 */

export interface ShiftInput {
  timezone: string;
  weekly: Partial<Record<Weekday, ReadonlyArray<readonly [string, string]>>>;
}

export interface ShiftState {
  onShift: boolean;
  /** The end of the current shift (null off shift, or when it runs on for more than a month). */
  endsAt: Date | null;
  /** The start of the next shift after the current one (or after now, off shift). */
  nextStartAt: Date | null;
  /** The end of the shift that is running, else of the next one: when the runner hands over. */
  nextEndAt: Date | null;
}

/** Validates a schedule (errors name the field, e.g. `weekly.mon[0]`) and builds its calendar. */
export function shiftCalendar(input: ShiftInput): BusinessCalendar {
  const calendar = buildBusinessCalendar({ timezone: input.timezone, weekly: input.weekly });
  if (calendar.weekly.every((day) => day.length === 0)) {
    throw new BusinessCalendarError('weekly', `needs at least one working interval (${WEEKDAYS.join(', ')})`);
  }
  return calendar;
}

export function shiftStateAt(calendar: BusinessCalendar, now: Date): ShiftState {
  const stretch = openStretchAt(calendar, now);
  if (stretch) {
    const nextStartAt = stretch.end ? nextOpening(calendar, stretch.end) : null;
    return { onShift: true, endsAt: stretch.end, nextStartAt, nextEndAt: stretch.end };
  }
  const nextStartAt = nextOpening(calendar, now);
  const next = openStretchAt(calendar, nextStartAt);
  return { onShift: false, endsAt: null, nextStartAt, nextEndAt: next?.end ?? null };
}

const cache = new Map<string, BusinessCalendar>();
const MAX_ENTRIES = 5000;

function shiftKey(userId: string, version: Date): string {
  return `${userId}:${version.getTime()}`;
}

/** Calendars by user and version: every routing decision asks each online member whether they are on shift. */
export function cachedShiftCalendar(userId: string, version: Date, input: ShiftInput): BusinessCalendar {
  const key = shiftKey(userId, version);
  let calendar = cache.get(key);
  if (!calendar) {
    calendar = shiftCalendar(input);
    if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
    cache.set(key, calendar);
  }
  return calendar;
}

/** The calendar of this version of a user's schedule when this process has it already (no need to load it). */
export function knownShiftCalendar(userId: string, version: Date): BusinessCalendar | undefined {
  return cache.get(shiftKey(userId, version));
}

/** On or off shift from `from` until `until` (exclusive): one computation answers every question inside. */
interface ShiftSpan {
  from: number;
  until: number;
  onShift: boolean;
}
const spans = new WeakMap<BusinessCalendar, ShiftSpan>();

/** Whether the agent is within their shift at `at` — O(1) between shift boundaries (routing asks it per member). */
export function isOnShift(calendar: BusinessCalendar, at: Date): boolean {
  const t = at.getTime();
  const span = spans.get(calendar);
  if (span && span.from <= t && t < span.until) return span.onShift;
  const stretch = openStretchAt(calendar, at);
  const next: ShiftSpan = stretch
    ? { from: stretch.start.getTime(), until: stretch.end ? stretch.end.getTime() : Number.POSITIVE_INFINITY, onShift: true }
    : { from: t, until: nextOpening(calendar, at).getTime(), onShift: false };
  spans.set(calendar, next);
  return next.onShift;
}
