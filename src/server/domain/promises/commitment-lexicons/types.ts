import type { Language } from '../../../db/schema.js';

export type CommitmentKind = 'call_back' | 'refund' | 'update' | 'send' | 'fix' | 'other';
export type PartOfDay = 'morning' | 'afternoon' | 'evening';
export type DurationUnit = 'minute' | 'hour' | 'business_hour' | 'day' | 'business_day' | 'week' | 'month';
export type PeriodEnd = 'day' | 'week' | 'next_week' | 'month';

/**
 * A lexicon pattern, written for people who know the language rather than regular expressions:
 * - it matches whole words only, case-insensitively;
 * - a space matches any run of white space, a space followed by `?` is an optional space (`24 ?h`);
 * - `'` matches a straight or a typographic apostrophe;
 * - `*` is any run of letters inside a word: a stem (`refund*`, `zwró*`);
 * - placeholders: `{n}` a count (digits or one of the lexicon's number words), `{d}` a day of the month,
 *   `{month}` one of the lexicon's month names, `{y}` a four-digit year, `{h}` an hour, `{m}` minutes,
 *   `{time}` an hour with optional minutes (`15`, `15:30`, `15.30`), `{ampm}` am/pm;
 * - everything else is a JavaScript regular expression fragment: `(?:a|b)` for alternatives, `?` for an
 *   optional part, `\p{L}+` for any one word, `\d` for a digit. `*` is a quantifier only right after an
 *   escape (`\s*`).
 */
export type CommitmentPattern = string;

/**
 * Everything the extractor needs to know about one language. Adding a language is adding one object of this
 * shape to `commitment-lexicons/index.ts`; the extractor contains no words of any language.
 */
export interface CommitmentLexicon {
  language: Language;
  /** Lower-case abbreviations ending in a dot that do not end a sentence before a capital (`mr.`, `t.ex.`). */
  abbreviations: readonly string[];
  /**
   * The agent (or the company) binds itself: first person or "we" with a future ("I'll", "we will", Polish
   * perfective "zadzwonię", Bulgarian "ще ви се обадя", Esperanto "ni sendos"), or "you will receive/hear".
   * Any verb counts; the kind comes from `kinds`.
   */
  commitments: readonly CommitmentPattern[];
  /**
   * The future of someone else ("the refund will be on your account", "a technician will call you"). A promise
   * only when the clause also names one of the `kinds` ("our office will open at 9" is not).
   */
  thirdPersonFuture: readonly CommitmentPattern[];
  /** Future statements about the agent that promise nothing: "I'll be out of office tomorrow". */
  nonCommitments: readonly CommitmentPattern[];
  /** Right before or after the future marker they turn the promise into its opposite: "not", "nie", "ne". */
  negations: readonly CommitmentPattern[];
  /** "if", "unless", "once you": a promise under a condition waits for someone else and is not tracked. */
  conditions: readonly CommitmentPattern[];
  /** A sentence that starts with one of these asks rather than promises ("shall I", "czy", "ali", "ĉu"). */
  questionStarts: readonly CommitmentPattern[];
  /** Words joining two clauses ("and", "but"); with `,` `;` they separate two promises in one sentence. */
  clauseJoiners: readonly CommitmentPattern[];
  /** Keywords of each kind, strongest first in the order call_back, refund, fix, update, send. */
  kinds: Readonly<Record<Exclude<CommitmentKind, 'other'>, readonly CommitmentPattern[]>>;
  /** Number words (lower case, every inflected form) for `{n}`: "one", "two", "trzech", "двa", "du". */
  numbers: Readonly<Record<string, number>>;
  time: TimeLexicon;
}

export interface TimeLexicon {
  /** English clock: "at 3" means 15:00 (hours 1–6 without am/pm are read as afternoon). */
  twelveHourClock: boolean;
  /**
   * How `3/12` reads: `day-month` (3 December) or `ambiguous` (English: skipped unless one part is over 12).
   * `3.12.` (dot form) is always day-month.
   */
  numericDates: 'day-month' | 'ambiguous';
  /** Words before a date or weekday that are part of the time expression: "by", "on", "do", "до", "ĝis". */
  datePrefixes: readonly CommitmentPattern[];
  /** "next Friday", "w przyszły piątek": the weekday is never today. */
  nextModifiers: readonly CommitmentPattern[];
  /** Relative days: today (0), tomorrow (1), the day after tomorrow (2), optionally with a part of the day. */
  days: ReadonlyArray<{ pattern: CommitmentPattern; offset: number; part?: PartOfDay }>;
  /** Parts of a day that refine a date or a clock time: "tomorrow morning", "at 8 in the evening". */
  partsOfDay: ReadonlyArray<{ pattern: CommitmentPattern; part: PartOfDay }>;
  /** Weekday names with their inflected forms, Monday first. */
  weekdays: readonly [CommitmentPattern, CommitmentPattern, CommitmentPattern, CommitmentPattern, CommitmentPattern, CommitmentPattern, CommitmentPattern];
  /** Month names with their inflected forms, January first (12 entries). */
  months: readonly CommitmentPattern[];
  /** Written-out dates using `{d}`, `{month}` and optionally `{y}`: "3 December", "December 3rd". */
  dates: readonly CommitmentPattern[];
  /** Clock times using `{time}`/`{h}`/`{m}`/`{ampm}`, or a fixed time ("noon" → `fixed: '12:00'`). */
  clock: ReadonlyArray<{ pattern: CommitmentPattern; fixed?: string }>;
  /**
   * Spans of time from now: "within {n} business days", "za {n} godziny". `count` fixes the number when the
   * pattern has no `{n}` ("within the hour"); `scale` multiplies it (Swedish "dygn" is 24 hours).
   */
  durations: ReadonlyArray<{ pattern: CommitmentPattern; unit: DurationUnit; count?: number; scale?: number }>;
  /** "by end of day", "by the end of the week", "next week", "by the end of the month". */
  periodEnds: ReadonlyArray<{ pattern: CommitmentPattern; end: PeriodEnd }>;
}
