/**
 * A customer's contact hours: weekly windows of local wall-clock time in the customer's IANA time zone, in the
 * business-hours format ({"mon":[["08:00","12:00"]]}, half-open, "24:00" may end a day). Pure and framework-free.
 *
 * "Within" is judged on the customer's wall clock: a moment is within when the customer's clock shows a weekday and
 * time inside one of that weekday's windows. So DST needs no special case: across a change the window follows the
 * local clock (08:00–12:00 stays 08:00–12:00 local, i.e. 06:00–10:00 UTC in Warsaw summer, 07:00–11:00 in winter);
 * local times skipped in spring never occur, and times repeated in autumn are within both times they occur.
 */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export type ContactHours = Partial<Record<Weekday, Array<[string, string]>>>;

export interface LocalClock {
  weekday: Weekday;
  /** Minutes after local midnight. */
  minutes: number;
  /** "HH:MM" on the customer's clock. */
  time: string;
}

export type ContactState =
  | { kind: 'unknown' }
  | { kind: 'within'; local: LocalClock; until: string }
  | { kind: 'outside'; local: LocalClock; next: { weekday: Weekday; start: string } | null };

const SHORT_DAYS: Record<string, Weekday> = { Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat', Sun: 'sun' };
const formatters = new Map<string, Intl.DateTimeFormat>();

/** True for a zone this browser knows (the server checks the same list of IANA names). */
export function isValidTimeZone(zone: string): boolean {
  try {
    clockFormatter(zone);
    return /^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(zone);
  } catch {
    return false;
  }
}

function clockFormatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(zone, f);
  }
  return f;
}

/** What the customer's clock shows at `at`. Throws RangeError for an unknown zone. */
export function localClock(at: Date, zone: string): LocalClock {
  const parts = clockFormatter(zone).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = SHORT_DAYS[get('weekday')];
  // Some engines print midnight as "24" even with h23.
  const hour = Number(get('hour')) % 24;
  const minute = Number(get('minute'));
  if (!weekday || Number.isNaN(hour) || Number.isNaN(minute)) throw new RangeError(`cannot read the clock of ${zone}`);
  return { weekday, minutes: hour * 60 + minute, time: `${pad(hour)}:${pad(minute)}` };
}

/** "08:00" → 480; "24:00" → 1440; anything else → NaN. */
export function minutesOf(time: string): number {
  if (time === '24:00') return 1440;
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
}

function windowsOf(hours: ContactHours, day: Weekday): Array<[number, number, string, string]> {
  return (hours[day] ?? [])
    .map(([s, e]) => [minutesOf(s), minutesOf(e), s, e] as [number, number, string, string])
    .filter(([s, e]) => s < e)
    .sort((a, b) => a[0] - b[0]);
}

/** Whether `at` falls in the customer's contact hours, and if not, when the next window opens (customer's time). */
export function contactState(hours: ContactHours | null | undefined, zone: string | null | undefined, at: Date): ContactState {
  if (!hours || !zone || !WEEKDAYS.some((d) => (hours[d] ?? []).length > 0)) return { kind: 'unknown' };
  let local: LocalClock;
  try {
    local = localClock(at, zone);
  } catch {
    return { kind: 'unknown' };
  }
  const today = WEEKDAYS.indexOf(local.weekday);
  const current = windowsOf(hours, local.weekday).find(([s, e]) => s <= local.minutes && local.minutes < e);
  if (current) {
    // A window ending at 24:00 that continues at 00:00 the next day is one stretch ("until" its real end).
    let until = current[3];
    let day = today;
    let end = current[1];
    for (let i = 0; i < 7 && end === 1440; i++) {
      day = (day + 1) % 7;
      const first = windowsOf(hours, WEEKDAYS[day]!)[0];
      if (!first || first[0] !== 0) break;
      until = first[3];
      end = first[1];
    }
    return { kind: 'within', local, until };
  }
  for (let offset = 0; offset <= 7; offset++) {
    const day = WEEKDAYS[(today + offset) % 7]!;
    const start = windowsOf(hours, day).find(([s]) => offset > 0 || s > local.minutes);
    if (start) return { kind: 'outside', local, next: { weekday: day, start: start[2] } };
  }
  return { kind: 'outside', local, next: null };
}

/** The channels where an answer reaches the customer at once and can interrupt them. */
export function interrupts(channel: string): boolean {
  return channel === 'phone' || channel === 'chat';
}

/**
 * Parses one day's windows as typed by an agent: "08:00-12:00, 13:00–17:00" (hyphen or dash; "8:00" is fine).
 * Empty text is no windows. Returns null when the text is not a list of windows.
 */
export function parseDayWindows(text: string): Array<[string, string]> | null {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  const out: Array<[string, string]> = [];
  for (const part of trimmed.split(/[,;]/)) {
    const m = /^\s*(\d{1,2}):(\d{2})\s*[-–—]\s*(\d{1,2}):(\d{2})\s*$/.exec(part);
    if (!m) return null;
    const start = `${pad(Number(m[1]))}:${m[2]}`;
    const end = `${pad(Number(m[3]))}:${m[4]}`;
    const s = minutesOf(start);
    const e = minutesOf(end);
    if (start === '24:00' || Number.isNaN(s) || Number.isNaN(e) || e <= s) return null;
    out.push([start, end]);
  }
  out.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  // Overlapping windows are a typing mistake (the server refuses them too).
  for (let i = 1; i < out.length; i++) if (minutesOf(out[i]![0]) < minutesOf(out[i - 1]![1])) return null;
  return out;
}

/** One day's windows as the agent types them: "08:00–12:00, 13:00–17:00". */
export function formatDayWindows(windows: ReadonlyArray<readonly [string, string]> | undefined): string {
  return (windows ?? []).map(([s, e]) => `${s}–${e}`).join(', ');
}

/**
 * A short summary with consecutive days of equal windows joined: "Mon–Fri 08:00–12:00; Sat 10:00–14:00".
 * `dayName` gives the day's label in the agent's language.
 */
export function summarizeContactHours(hours: ContactHours | null | undefined, dayName: (d: Weekday) => string): string {
  if (!hours) return '';
  const groups: Array<{ from: Weekday; to: Weekday; text: string }> = [];
  for (const day of WEEKDAYS) {
    const text = formatDayWindows(hours[day]);
    if (text === '') continue;
    const last = groups[groups.length - 1];
    if (last && last.text === text && WEEKDAYS.indexOf(last.to) === WEEKDAYS.indexOf(day) - 1) last.to = day;
    else groups.push({ from: day, to: day, text });
  }
  return groups.map((g) => `${g.from === g.to ? dayName(g.from) : `${dayName(g.from)}–${dayName(g.to)}`} ${g.text}`).join('; ');
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
