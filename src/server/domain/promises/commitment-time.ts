/**
 * Time expressions of the commitment extractor: finds them with a language's `TimeLexicon` and joins
 * neighbours ("tomorrow" + "at 10", "v petek" + "ob 15h"). `commitment-due.ts` turns them into instants.
 */
import type { CommitmentLexicon, DurationUnit, PartOfDay, PeriodEnd } from './commitment-lexicons/types.js';
import { compileExact, patternSource, type Span } from './commitment-text.js';

export type DateSlot =
  | { type: 'day'; offset: number }
  | { type: 'weekday'; weekday: number; next: boolean }
  | { type: 'date'; year: number | null; month: number; day: number }
  | { type: 'duration'; unit: DurationUnit; count: number }
  | { type: 'period_end'; end: PeriodEnd };
export interface Clock {
  hour: number;
  minute: number;
  meridiem: 'am' | 'pm' | null;
}
type TokenValue =
  | { slot: 'date'; date: DateSlot; part?: PartOfDay | undefined }
  | { slot: 'clock'; clock: Clock }
  | { slot: 'part'; part: PartOfDay }
  | { slot: 'elapsed'; unit: DurationUnit; count: number };
type TimeToken = Span & TokenValue;

/** One time expression of a reply: a date, a clock time and a part of the day, or a span from now. */
export interface TimeExpression extends Span {
  date?: DateSlot;
  clock?: Clock;
  part?: PartOfDay;
  elapsed?: { unit: DurationUnit; count: number };
}

interface Matcher {
  regex: RegExp;
  read(groups: Readonly<Record<string, string | undefined>>): TokenValue | null;
  /** Dates may be preceded by "by", "on", "do", "до"…, which then belong to the expression. */
  prefix: 'none' | 'optional' | 'required';
}

export interface CompiledTime {
  matchers: readonly Matcher[];
  /** The date prefixes right before a position (matched on the text before it, anchored at its end). */
  prefixBefore: RegExp | null;
  twelveHourClock: boolean;
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
/** The longest run of date prefixes looked for before a date ("no later than this"). */
const PREFIX_WINDOW = 48;

/** Units that end on a calendar day (due at the end of the working day) rather than an instant. */
const CALENDAR_UNITS: ReadonlySet<DurationUnit> = new Set(['day', 'business_day', 'week', 'month']);

const alternation = (sources: readonly string[]) => sources.map((s) => `(?:${s})`).join('|');
const escapeRegex = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
const int = (value: string | undefined) => (value === undefined ? null : Number.parseInt(value, 10));

export function compileTime(lexicon: CommitmentLexicon): CompiledTime {
  const time = lexicon.time;
  const numberWords = Object.keys(lexicon.numbers).sort((a, b) => b.length - a.length);
  const numberOf = (text: string): number | null => {
    if (/^\d+$/.test(text)) return Number.parseInt(text, 10);
    return lexicon.numbers[text.toLowerCase().replace(/\s+/g, ' ')] ?? null;
  };
  const months = time.months.map((m) => patternSource(m));
  const monthExact = time.months.map(compileExact);
  const weekdayExact = time.weekdays.map(compileExact);
  const placeholders: Record<string, string> = {
    n: `(?<n>\\d{1,3}${numberWords.length ? '|' + numberWords.map(escapeRegex).join('|') : ''})`,
    d: '(?<d>[0-3]?\\d)',
    y: '(?<y>\\d{4})',
    h: '(?<h>[0-2]?\\d)',
    m: '(?<m>[0-5]\\d)',
    // A range ("10–12") is due at its end.
    time: '(?:[0-2]?\\d(?:[:.][0-5]\\d)?\\s?[–-]\\s?)?(?<h>[0-2]?\\d)(?:[:.](?<m>[0-5]\\d))?',
    ampm: '(?<ampm>[ap]m|[ap]\\.m\\.)',
    month: `(?<month>${alternation(months)})`,
  };
  const source = (pattern: string) => patternSource(pattern, placeholders);
  // The start of a word is checked in code, not with a lookbehind: a pattern that starts with letters lets
  // the regular-expression engine skip ahead quickly, which keeps a long reply well under a millisecond.
  const compile = (body: string, read: Matcher['read'], prefix: Matcher['prefix'] = 'none'): Matcher => ({
    regex: new RegExp(`(?:${body})(?![\\p{L}\\p{N}\\p{M}])`, 'giu'),
    read,
    prefix,
  });
  const indexIn = (exact: readonly RegExp[], text: string | undefined) => (text === undefined ? -1 : exact.findIndex((r) => r.test(text)));

  const dateOf = (day: number | null, month: number | null, year: number | null): TokenValue | null => {
    if (day === null || month === null || day < 1 || day > 31 || month < 1 || month > 12) return null;
    return { slot: 'date', date: { type: 'date', day, month, year } };
  };
  const numericDate = (a: number | null, b: number | null, year: number | null): TokenValue | null => {
    if (a === null || b === null) return null;
    const fullYear = year !== null && year < 100 ? 2000 + year : year;
    if (time.numericDates === 'day-month') return dateOf(a, b, fullYear);
    // English: 12/3 may be 12 March or December 3; only a part over 12 (or two equal parts) tells.
    if (a === b || b > 12) return dateOf(b, a, fullYear);
    if (a > 12) return dateOf(a, b, fullYear);
    return null;
  };

  const matchers: Matcher[] = [];
  for (const entry of time.days) {
    matchers.push(compile(source(entry.pattern), () => ({ slot: 'date', date: { type: 'day', offset: entry.offset }, part: entry.part }), 'optional'));
  }
  for (const entry of time.partsOfDay) {
    matchers.push(compile(source(entry.pattern), () => ({ slot: 'part', part: entry.part })));
  }
  const next = time.nextModifiers.length ? `(?:(?<next>${alternation(time.nextModifiers.map(source))})\\s+)?` : '';
  matchers.push(
    compile(
      `${next}(?<weekday>${alternation(time.weekdays.map(source))})`,
      (g) => {
        const index = indexIn(weekdayExact, g.weekday);
        return index < 0 ? null : { slot: 'date', date: { type: 'weekday', weekday: index + 1, next: g.next !== undefined } };
      },
      'optional',
    ),
  );
  for (const pattern of time.dates) {
    matchers.push(compile(source(pattern), (g) => dateOf(int(g.d), indexIn(monthExact, g.month) + 1 || null, int(g.y)), 'optional'));
  }
  matchers.push(
    compile('(?<y>\\d{4})-(?<mo>[01]\\d)-(?<d>[0-3]\\d)', (g) => dateOf(int(g.d), int(g.mo), int(g.y)), 'optional'),
    // 3.12. / 3. 12. 2026 (a trailing dot or a year: "3.12" alone is too often a price or a version).
    compile('(?<a>[0-3]?\\d)\\.\\s?(?<b>[01]?\\d)\\.(?:\\s?(?<y>\\d{4}))?', (g) => numericDate(int(g.a), int(g.b), int(g.y)), 'optional'),
    compile('(?<a>[0-3]?\\d)\\.(?<b>[01]?\\d)\\.?(?<y>\\d{4})', (g) => numericDate(int(g.a), int(g.b), int(g.y)), 'optional'),
    compile('(?<a>[0-3]?\\d)/(?<b>[01]?\\d)/(?<y>\\d{4}|\\d{2})', (g) => numericDate(int(g.a), int(g.b), int(g.y)), 'optional'),
    // 3/12 without a year only after "by", "on", "till"…: alone it is as often a fraction or "24/7".
    compile('(?<a>[0-3]?\\d)/(?<b>[01]?\\d)', (g) => numericDate(int(g.a), int(g.b), null), 'required'),
  );
  const clockOf = (g: Readonly<Record<string, string | undefined>>, fixed?: string): TokenValue | null => {
    const [h, m] = fixed ? fixed.split(':').map(Number) : [int(g.h), int(g.m) ?? 0];
    if (h === null || h === undefined || m === undefined || m === null || h > 23 || m > 59) return null;
    const ampm = g.ampm?.toLowerCase().charAt(0);
    if (ampm && (h < 1 || h > 12)) return null;
    return { slot: 'clock', clock: { hour: h, minute: m, meridiem: ampm === 'a' ? 'am' : ampm === 'p' ? 'pm' : null } };
  };
  // "by 12/3" is a date (ambiguous in English), never 12 o'clock.
  const notADate = '(?![/.\\-]\\d)';
  for (const entry of time.clock) matchers.push(compile(source(entry.pattern) + notADate, (g) => clockOf(g, entry.fixed)));
  matchers.push(compile(`(?<h>[0-2]?\\d):(?<m>[0-5]\\d)${notADate}`, (g) => clockOf(g)));
  for (const entry of time.durations) {
    matchers.push(
      compile(source(entry.pattern), (g) => {
        const n = entry.count ?? (g.n === undefined ? null : numberOf(g.n));
        if (n === null || n <= 0) return null;
        const count = n * (entry.scale ?? 1);
        return CALENDAR_UNITS.has(entry.unit)
          ? { slot: 'date', date: { type: 'duration', unit: entry.unit, count } }
          : { slot: 'elapsed', unit: entry.unit, count };
      }),
    );
  }
  for (const entry of time.periodEnds) {
    matchers.push(compile(source(entry.pattern), () => ({ slot: 'date', date: { type: 'period_end', end: entry.end } })));
  }
  const prefixWords = alternation(time.datePrefixes.map(source));
  const prefixBefore = time.datePrefixes.length ? new RegExp(`(?<![\\p{L}\\p{N}\\p{M}])(?:(?:${prefixWords})\\s+){1,2}$`, 'iu') : null;
  return { matchers, prefixBefore, twelveHourClock: time.twelveHourClock };
}

/** Every time expression of the text, left to right; the longest reading wins where two overlap. */
export function findTimeExpressions(compiled: CompiledTime, text: string): TimeExpression[] {
  const candidates: TimeToken[] = [];
  for (const { regex, read, prefix } of compiled.matchers) {
    regex.lastIndex = 0;
    for (let m = regex.exec(text); m; m = regex.exec(text)) {
      if (m[0].length === 0 || (m.index > 0 && WORD_CHAR.test(text.charAt(m.index - 1)))) {
        regex.lastIndex = m.index + 1;
        continue;
      }
      let start = m.index;
      if (prefix !== 'none' && compiled.prefixBefore) {
        const windowStart = Math.max(0, start - PREFIX_WINDOW);
        const before = compiled.prefixBefore.exec(text.slice(windowStart, start));
        if (before) start = windowStart + before.index;
        else if (prefix === 'required') continue;
      } else if (prefix === 'required') continue;
      const value = read(m.groups ?? {});
      if (value) candidates.push({ start, end: m.index + m[0].length, ...value });
    }
  }
  candidates.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const taken: TimeToken[] = [];
  for (const token of candidates) {
    if (taken.every((t) => token.end <= t.start || token.start >= t.end)) taken.push(token);
  }
  taken.sort((a, b) => a.start - b.start);
  return joinNeighbours(taken, text);
}

const JOIN_GAP = /^[\s,]{0,3}$/u;

function joinNeighbours(tokens: readonly TimeToken[], text: string): TimeExpression[] {
  const expressions: TimeExpression[] = [];
  let current: TimeExpression | null = null;
  for (const token of tokens) {
    if (current && JOIN_GAP.test(text.slice(current.end, token.start)) && absorb(current, token)) continue;
    if (current) expressions.push(current);
    current = { start: token.start, end: token.end };
    absorb(current, token);
  }
  if (current) expressions.push(current);
  // A part of the day alone ("good morning") is no time; everything else is.
  return expressions.filter((e) => e.date || e.clock || e.elapsed);
}

/** Adds a token to an expression if the slot is free; "Friday, 3 April": the date beats the weekday. */
function absorb(expression: TimeExpression, token: TimeToken): boolean {
  const fresh = expression.date === undefined && expression.clock === undefined && expression.elapsed === undefined && expression.part === undefined;
  if (expression.elapsed) return false;
  switch (token.slot) {
    case 'elapsed':
      if (!fresh) return false;
      expression.elapsed = { unit: token.unit, count: token.count };
      break;
    case 'date': {
      const existing = expression.date;
      if (token.part && expression.part) return false;
      if (existing) {
        if (existing.type === 'weekday' && (token.date.type === 'date' || token.date.type === 'day')) expression.date = token.date;
        else if (!(token.date.type === 'weekday' && (existing.type === 'date' || existing.type === 'day'))) return false;
      } else {
        expression.date = token.date;
      }
      if (token.part) expression.part = token.part;
      break;
    }
    case 'clock':
      if (expression.clock || expression.date?.type === 'period_end') return false;
      expression.clock = token.clock;
      break;
    case 'part':
      if (expression.part || expression.date?.type === 'period_end') return false;
      expression.part = token.part;
      break;
  }
  expression.start = Math.min(expression.start, token.start);
  expression.end = Math.max(expression.end, token.end);
  return true;
}
