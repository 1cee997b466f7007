/**
 * Business time of a team: a weekly schedule of local wall-clock intervals in an IANA time zone, minus the
 * country's public holidays and extra closed dates. Pure (no database): SLA targets, promise reminders and the
 * auto-acknowledgement ask it "when have N business minutes passed after X?" and "how much is left?".
 *
 * Wall-clock rule, so that DST days are deterministic: an interval [start, end) on a local date covers, in real
 * time, from the FIRST instant the local clock shows `start` (or later) to the LAST instant it shows a time
 * before `end` — the smallest stretch without a hole.
 *  - Nonexistent times (spring-forward gap) resolve to the transition: on the Stockholm spring day 02:30 is
 *    03:00 CEST, so 02:00–03:00 is empty that day and 00:00–24:00 lasts 23 hours.
 *  - Ambiguous times (fall-back overlap) resolve to the earlier occurrence as a start and to the later one as
 *    an end: 00:00–24:00 lasts 25 hours and 00:00–02:30 lasts 3.5 hours on the Stockholm autumn day.
 *  - Intervals are half-open (open at 09:00:00.000, closed at 17:00:00.000). "24:00" is the next date's
 *    midnight, so overnight hours are written split at midnight (fri 22:00–24:00 + sat 00:00–06:00) and
 *    count as one continuous stretch.
 * A public holiday or closed date closes the whole local date, even when date-holidays gives it a start time.
 */
import Holidays from 'date-holidays';
import { IANAZone } from 'luxon';
import { AppError } from '../shared/errors.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const DAY_MINUTES = 1440;
/** A calendar without a single business minute this long after `from` is treated as having none at all. */
const NO_HOURS_SCAN_DAYS = 3 * 366;
/** Due times and spans further away are refused rather than computed: no SLA or promise needs them. */
const HORIZON_DAYS = 10 * 366;
const MAX_VIEW_DAYS = 400;
const MIN_INSTANT = Date.UTC(1900, 0, 1);
const MAX_INSTANT = Date.UTC(9000, 0, 1);

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface BusinessHoursInput {
  timezone: string;
  weekly: Partial<Record<Weekday, ReadonlyArray<readonly [string, string]>>>;
  country?: string;
  closedDates?: readonly string[];
}

/** Minutes after local midnight, half-open; `end` may be 1440 ("24:00"). */
export interface MinuteRange {
  readonly start: number;
  readonly end: number;
}

export interface BusinessCalendar {
  readonly timezone: string;
  /** ISO 3166-1 alpha-2, upper case; its public holidays are closed. */
  readonly country: string | null;
  /** Index 0 is Monday. Ranges are sorted and touching ranges merged. */
  readonly weekly: ReadonlyArray<ReadonlyArray<MinuteRange>>;
  readonly closedDates: ReadonlySet<string>;
}

export interface CalendarDay {
  date: string;
  open: boolean;
  intervals: Array<{ start: string; end: string }>;
  closedReason?: 'weekend' | 'holiday' | 'closed_date';
  holidayName?: string;
}

/** A bad calendar definition or argument; `field` names the culprit (e.g. `weekly.mon[1]`). */
export class BusinessCalendarError extends AppError {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super('validation_failed', `${field}: ${problem}`, { fields: [{ field, message: problem }] });
    this.name = 'BusinessCalendarError';
  }
}

// ---------------------------------------------------------------------------------------------------------
// Building and validating

export function buildBusinessCalendar(input: BusinessHoursInput): BusinessCalendar {
  // Typed, but it comes from an API body: check the shapes anyway.
  const raw: unknown = input;
  if (!isRecord(raw)) throw new BusinessCalendarError('body', 'must be an object');
  const country = raw.country === undefined || raw.country === null ? null : parseCountry(raw.country);
  return Object.freeze({
    timezone: parseTimezone(raw.timezone),
    country,
    weekly: parseWeekly(raw.weekly),
    closedDates: parseClosedDates(raw.closedDates),
  });
}

function parseTimezone(value: unknown): string {
  // The pattern rejects offsets such as "+02:00", which some Intl versions accept but which have no DST rules.
  if (typeof value !== 'string' || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(value) || !IANAZone.isValidZone(value)) {
    throw new BusinessCalendarError('timezone', `${JSON.stringify(value)} is not an IANA time zone such as "Europe/Stockholm"`);
  }
  return value;
}

let supportedCountries: ReadonlySet<string> | undefined;

function parseCountry(value: unknown): string {
  const code = typeof value === 'string' && /^[A-Za-z]{2}$/.test(value) ? value.toUpperCase() : null;
  supportedCountries ??= new Set(Object.keys(new Holidays().getCountries()));
  if (code === null || !supportedCountries.has(code)) {
    throw new BusinessCalendarError('country', `${JSON.stringify(value)} is not a supported ISO 3166-1 alpha-2 country code`);
  }
  return code;
}

function parseWeekly(value: unknown): MinuteRange[][] {
  if (!isRecord(value)) throw new BusinessCalendarError('weekly', 'must be an object keyed by weekday (mon … sun)');
  const weekly: MinuteRange[][] = WEEKDAYS.map(() => []);
  for (const [key, list] of Object.entries(value)) {
    const index = WEEKDAYS.indexOf(key as Weekday);
    if (index < 0) throw new BusinessCalendarError(`weekly.${key}`, `unknown weekday; use ${WEEKDAYS.join(', ')}`);
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw new BusinessCalendarError(`weekly.${key}`, 'must be a list of ["HH:MM", "HH:MM"] intervals');
    const ranges = list
      .map((pair: unknown, i) => ({ ...parseRange(pair, `weekly.${key}[${i}]`), field: `weekly.${key}[${i}]`, pair }))
      .sort((a, b) => a.start - b.start);
    const merged: MinuteRange[] = [];
    let previous: (typeof ranges)[number] | undefined;
    for (const range of ranges) {
      const last = merged[merged.length - 1];
      if (previous && last && range.start < last.end) {
        throw new BusinessCalendarError(range.field, `${JSON.stringify(range.pair)} overlaps ${JSON.stringify(previous.pair)}`);
      }
      if (last && range.start === last.end) merged[merged.length - 1] = { start: last.start, end: range.end };
      else merged.push({ start: range.start, end: range.end });
      previous = range;
    }
    weekly[index] = merged;
  }
  return weekly;
}

function parseRange(pair: unknown, field: string): MinuteRange {
  if (!Array.isArray(pair) || pair.length !== 2) throw new BusinessCalendarError(field, 'must be a pair ["HH:MM", "HH:MM"]');
  const start = parseTime(pair[0], `${field}[0]`, false);
  const end = parseTime(pair[1], `${field}[1]`, true);
  if (end <= start) {
    throw new BusinessCalendarError(
      field,
      `end ${String(pair[1])} must be after start ${String(pair[0])}; split overnight hours at midnight, e.g. fri ["22:00", "24:00"] and sat ["00:00", "06:00"]`,
    );
  }
  return { start, end };
}

function parseTime(value: unknown, field: string, isEnd: boolean): number {
  if (value === '24:00') {
    if (isEnd) return DAY_MINUTES;
    throw new BusinessCalendarError(field, '"24:00" is only allowed as an end time');
  }
  const match = typeof value === 'string' ? /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value) : null;
  if (!match) throw new BusinessCalendarError(field, `${JSON.stringify(value)} is not a 24-hour "HH:MM" time`);
  return Number(match[1]) * 60 + Number(match[2]);
}

function parseClosedDates(value: unknown): ReadonlySet<string> {
  if (value === undefined || value === null) return new Set();
  if (!Array.isArray(value)) throw new BusinessCalendarError('closedDates', 'must be a list of "YYYY-MM-DD" dates');
  return new Set(value.map((date: unknown, i) => dateKey(parseDate(date, `closedDates[${i}]`))));
}

/** "YYYY-MM-DD" → days since 1970-01-01 (the local date's number, independent of any zone). */
function parseDate(value: unknown, field: string): number {
  const match = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  if (!match || Number.isNaN(ms) || dateKey(ms / DAY_MS) !== value || ms < MIN_INSTANT || ms >= MAX_INSTANT) {
    throw new BusinessCalendarError(field, `${JSON.stringify(value)} is not a valid "YYYY-MM-DD" date`);
  }
  return ms / DAY_MS;
}

function parseInstant(value: Date, field: string): number {
  const ms = value instanceof Date ? value.getTime() : NaN;
  if (!(ms >= MIN_INSTANT && ms < MAX_INSTANT)) throw new BusinessCalendarError(field, 'must be a valid instant between 1900 and 9000');
  return ms;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------------------
// Queries

/** The instant when `minutes` business minutes have passed after `from`; counting starts at the next opening. */
export function addBusinessMinutes(calendar: BusinessCalendar, from: Date, minutes: number): Date {
  const clock = clockOf(calendar);
  let cursor = parseInstant(from, 'from');
  if (!Number.isFinite(minutes) || minutes < 0) throw new BusinessCalendarError('minutes', 'must be a number ≥ 0');
  if (clock.weekMs === 0) throw new BusinessCalendarError('weekly', 'the calendar has no business hours on any weekday');
  let remaining = Math.round(minutes * MINUTE_MS);
  // Start a day early: after a backward shift at midnight an instant can still belong to the previous date.
  const firstDay = clock.localDay(cursor) - 1;
  let emptyDays = 0;
  for (let day = firstDay; ; ) {
    if (day > firstDay + HORIZON_DAYS) throw new BusinessCalendarError('minutes', 'the due time would be more than 10 years after from');
    if (remaining > clock.weekMs && clock.isPlainWeek(day) && clock.dayStart(day) >= cursor) {
      remaining -= clock.weekMs;
      day += 7;
      emptyDays = 0;
      continue;
    }
    const intervals = clock.intervals(day);
    for (const [start, end] of intervals) {
      if (end <= cursor) continue;
      const begin = Math.max(start, cursor);
      if (end - begin >= remaining) return new Date(begin + remaining);
      remaining -= end - begin;
      cursor = end;
    }
    emptyDays = intervals.length > 0 ? 0 : emptyDays + 1;
    if (emptyDays > NO_HOURS_SCAN_DAYS) {
      throw new BusinessCalendarError('weekly', `the calendar has no business hours in the 3 years after ${dateKey(firstDay + 1)}`);
    }
    day += 1;
  }
}

/** Business minutes in [from, to); negative when `to` is before `from`. Fractional when the instants are. */
export function businessMinutesBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  const a = parseInstant(from, 'from');
  const b = parseInstant(to, 'to');
  if (b === a) return 0;
  const ms = businessMs(clockOf(calendar), Math.min(a, b), Math.max(a, b));
  return ms === 0 ? 0 : (b > a ? ms : -ms) / MINUTE_MS;
}

function businessMs(clock: Clock, from: number, to: number): number {
  if (to - from > HORIZON_DAYS * DAY_MS) throw new BusinessCalendarError('to', 'must be within 10 years of from');
  let total = 0;
  const lastDay = clock.localDay(to) + 1;
  for (let day = clock.localDay(from) - 1; day <= lastDay; ) {
    if (clock.weekMs > 0 && clock.dayStart(day) >= from && clock.dayStart(day + 7) <= to && clock.isPlainWeek(day)) {
      total += clock.weekMs;
      day += 7;
      continue;
    }
    for (const [start, end] of clock.intervals(day)) {
      const overlap = Math.min(end, to) - Math.max(start, from);
      if (overlap > 0) total += overlap;
    }
    day += 1;
  }
  return total;
}

export function isOpen(calendar: BusinessCalendar, at: Date): boolean {
  const clock = clockOf(calendar);
  const ms = parseInstant(at, 'at');
  const day = clock.localDay(ms);
  return [day - 1, day].some((d) => clock.intervals(d).some(([start, end]) => start <= ms && ms < end));
}

/** The first business instant at or after `at` (`at` itself while open). */
export function nextOpening(calendar: BusinessCalendar, at: Date): Date {
  return addBusinessMinutes(calendar, at, 0);
}

/**
 * The continuous open stretch that contains `at` (touching intervals joined, so overnight hours written as
 * fri 22:00–24:00 + sat 00:00–06:00 are one stretch), or null while closed. `end` is null when the stretch runs
 * on for more than `horizonDays` (a round-the-clock schedule has no end to wait for). Shifts use it: the end of
 * the stretch is when an agent's shift ends.
 */
export function openStretchAt(calendar: BusinessCalendar, at: Date, horizonDays = 31): { start: Date; end: Date | null } | null {
  const clock = clockOf(calendar);
  const ms = parseInstant(at, 'at');
  // Half-open intervals: the one that starts exactly where another ends "contains" that instant.
  const containing = (instant: number): [number, number] | undefined => {
    const day = clock.localDay(instant);
    for (const d of [day - 1, day, day + 1]) {
      for (const iv of clock.intervals(d)) if (iv[0] <= instant && instant < iv[1]) return iv;
    }
    return undefined;
  };
  const found = containing(ms);
  if (!found) return null;
  let [start, end] = found;
  const limit = ms + horizonDays * DAY_MS;
  for (;;) {
    const next = containing(end);
    if (!next || next[1] <= end) break;
    end = next[1];
    if (end > limit) return { start: new Date(start), end: null };
  }
  for (let guard = 0; guard < horizonDays * 4; guard++) {
    const day = clock.localDay(start - 1);
    const previous = [day - 1, day, day + 1].flatMap((d) => clock.intervals(d)).find((iv) => iv[0] < start && iv[1] >= start);
    if (!previous) break;
    start = previous[0];
  }
  return { start: new Date(start), end: new Date(end) };
}

/** One entry per local date from `fromDate` to `toDate` inclusive, for the business-hours screen. */
export function calendarView(calendar: BusinessCalendar, fromDate: string, toDate: string): CalendarDay[] {
  const clock = clockOf(calendar);
  const first = parseDate(fromDate, 'fromDate');
  const last = parseDate(toDate, 'toDate');
  if (last < first) throw new BusinessCalendarError('toDate', 'must not be before fromDate');
  if (last - first >= MAX_VIEW_DAYS) throw new BusinessCalendarError('toDate', `the view spans at most ${MAX_VIEW_DAYS} days`);
  const days: CalendarDay[] = [];
  for (let day = first; day <= last; day++) {
    const date = dateKey(day);
    const intervals = clock.intervals(day).map(([start, end]) => ({
      start: new Date(start).toISOString(),
      end: new Date(end).toISOString(),
    }));
    const holidayName = calendar.country === null ? undefined : publicHolidayName(calendar.country, date);
    const closedReason =
      holidayName !== undefined ? 'holiday'
      : calendar.closedDates.has(date) ? 'closed_date'
      : calendar.weekly[weekdayIndex(day)]?.length === 0 ? 'weekend'
      : undefined;
    days.push({
      date,
      open: intervals.length > 0,
      intervals,
      ...(closedReason === undefined ? {} : { closedReason }),
      ...(holidayName === undefined ? {} : { holidayName }),
    });
  }
  return days;
}

// ---------------------------------------------------------------------------------------------------------
// The clock: local dates ↔ instants. Days are numbered from 1970-01-01; instants are epoch milliseconds.

interface YearZone {
  readonly startOffset: number;
  /** Offset changes (minutes east of UTC) in this UTC year ± 2 days. */
  readonly transitions: ReadonlyArray<{ at: number; offset: number }>;
  /** Local dates touched by a transition: they take the slow, exact path. */
  readonly shiftDays: ReadonlySet<number>;
}

interface Clock {
  /** Business milliseconds in any 7 consecutive dates without a closure or offset change. */
  readonly weekMs: number;
  localDay(ms: number): number;
  dayStart(day: number): number;
  /** The date's business intervals as sorted, disjoint [start, end) instants. */
  intervals(day: number): Array<[number, number]>;
  isPlainWeek(day: number): boolean;
}

const clocks = new WeakMap<BusinessCalendar, Clock>();

function clockOf(calendar: BusinessCalendar): Clock {
  let clock = clocks.get(calendar);
  if (!clock) {
    clock = createClock(calendar);
    clocks.set(calendar, clock);
  }
  return clock;
}

function createClock(calendar: BusinessCalendar): Clock {
  const yearZone = (ms: number): YearZone => zoneYear(calendar.timezone, new Date(ms).getUTCFullYear());
  const offsetAt = (ms: number): number => {
    const info = yearZone(ms);
    let offset = info.startOffset;
    for (const transition of info.transitions) {
      if (ms < transition.at) break;
      offset = transition.offset;
    }
    return offset;
  };
  const isShiftDay = (day: number): boolean => yearZone(day * DAY_MS).shiftDays.has(day);
  const isClosed = (day: number): boolean => {
    const key = dateKey(day);
    return calendar.closedDates.has(key) || (calendar.country !== null && publicHolidayName(calendar.country, key) !== undefined);
  };

  /** See the wall-clock rule at the top of the file. */
  const resolve = (day: number, minute: number, as: 'start' | 'end'): number => {
    const local = (day * DAY_MINUTES + minute) * MINUTE_MS;
    const before = offsetAt(local - 14 * HOUR_MS);
    const after = offsetAt(local + 14 * HOUR_MS);
    const candidates = [before, after]
      .map((offset) => ({ offset, at: local - offset * MINUTE_MS }))
      .filter(({ offset, at }) => offsetAt(at) === offset)
      .map(({ at }) => at);
    if (candidates.length > 0) return as === 'start' ? Math.min(...candidates) : Math.max(...candidates);
    // In a gap: the transition is the first moment the clock shows this time or later.
    const lo = local - after * MINUTE_MS;
    const hi = local - before * MINUTE_MS;
    const transition = [...yearZone(lo).transitions, ...yearZone(hi).transitions].find((t) => t.at > lo && t.at <= hi);
    return transition?.at ?? hi;
  };
  const dayStart = (day: number): number => resolve(day, 0, 'start');

  const intervals = (day: number): Array<[number, number]> => {
    const ranges = calendar.weekly[weekdayIndex(day)] ?? [];
    if (ranges.length === 0 || isClosed(day)) return [];
    if (!isShiftDay(day)) {
      const noon = (day * DAY_MINUTES + 720) * MINUTE_MS;
      const offset = offsetAt(noon - offsetAt(noon) * MINUTE_MS);
      return ranges.map(({ start, end }) => [
        (day * DAY_MINUTES + start - offset) * MINUTE_MS,
        (day * DAY_MINUTES + end - offset) * MINUTE_MS,
      ]);
    }
    const dayBegin = dayStart(day);
    const dayEnd = dayStart(day + 1);
    const clamp = (ms: number) => Math.min(Math.max(ms, dayBegin), dayEnd);
    const result: Array<[number, number]> = [];
    for (const { start, end } of ranges) {
      const from = clamp(resolve(day, start, 'start'));
      const to = clamp(end === DAY_MINUTES ? dayEnd : resolve(day, end, 'end'));
      const last = result[result.length - 1];
      if (to <= from) continue;
      if (last && from <= last[1]) last[1] = Math.max(last[1], to);
      else result.push([from, to]);
    }
    return result;
  };

  const weekMs = calendar.weekly.flat().reduce((sum, r) => sum + (r.end - r.start) * MINUTE_MS, 0);
  return {
    weekMs,
    localDay: (ms) => Math.floor((ms + offsetAt(ms) * MINUTE_MS) / DAY_MS),
    dayStart,
    intervals,
    isPlainWeek: (day) => {
      for (let d = day; d < day + 7; d++) {
        if (calendar.weekly[weekdayIndex(d)]?.length && (isShiftDay(d) || isClosed(d))) return false;
      }
      return true;
    },
  };
}

/** Scanned zone years, shared by all calendars of the process: a calendar is rebuilt per request, zones are few. */
const zoneYears = new Map<string, YearZone>();

function zoneYear(timezone: string, year: number): YearZone {
  const key = `${timezone}:${year}`;
  let info = zoneYears.get(key);
  if (!info) {
    info = scanYear(IANAZone.create(timezone), year);
    zoneYears.set(key, info);
  }
  return info;
}

/**
 * The zone's offset changes in a UTC year (± 2 days), sampled every 2 days and pinned to the millisecond by
 * bisection. Intl lookups cost microseconds each, so everything else reads this table. Two changes that cancel
 * out within 2 days would be missed; no zone in the tz database does that today.
 */
function scanYear(zone: IANAZone, year: number): YearZone {
  const first = Date.UTC(year, 0, 1) - 2 * DAY_MS;
  const last = Date.UTC(year + 1, 0, 1) + 2 * DAY_MS;
  const startOffset = zone.offset(first);
  const transitions: Array<{ at: number; offset: number }> = [];
  const shiftDays = new Set<number>();
  let lo = first;
  let loOffset = startOffset;
  for (let sample = first + 2 * DAY_MS; lo < last; sample = Math.min(sample + 2 * DAY_MS, last)) {
    const sampleOffset = zone.offset(sample);
    while (loOffset !== sampleOffset) {
      let hi = sample;
      while (hi - lo > 1) {
        const mid = lo + Math.floor((hi - lo) / 2);
        if (zone.offset(mid) === loOffset) lo = mid;
        else hi = mid;
      }
      const offset = zone.offset(hi);
      transitions.push({ at: hi, offset });
      const a = Math.floor((hi - 1 + loOffset * MINUTE_MS) / DAY_MS);
      const b = Math.floor((hi + offset * MINUTE_MS) / DAY_MS);
      for (let d = Math.min(a, b); d <= Math.max(a, b); d++) shiftDays.add(d);
      lo = hi;
      loOffset = offset;
    }
    lo = sample;
  }
  return { startOffset, transitions, shiftDays };
}

function weekdayIndex(day: number): number {
  return (((day + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

function dateKey(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------------------
// Public holidays, by country and year, shared by all calendars of the process (date-holidays is slow: ms/year).

const holidayCalendars = new Map<string, Holidays>();
const holidayNames = new Map<string, ReadonlyMap<string, string>>();

function publicHolidayName(country: string, date: string): string | undefined {
  const year = Number(date.slice(0, 4));
  const cacheKey = `${country}:${year}`;
  let byDate = holidayNames.get(cacheKey);
  if (!byDate) {
    let holidays = holidayCalendars.get(country);
    if (!holidays) {
      holidays = new Holidays(country, { types: ['public'] });
      holidayCalendars.set(country, holidays);
    }
    const names = new Map<string, string>();
    for (const holiday of holidays.getHolidays(year)) {
      if (holiday.type !== 'public') continue;
      const key = holiday.date.slice(0, 10);
      const previous = names.get(key);
      names.set(key, previous === undefined || previous === holiday.name ? holiday.name : `${previous}, ${holiday.name}`);
    }
    byDate = names;
    holidayNames.set(cacheKey, byDate);
  }
  return byDate.get(date);
}
