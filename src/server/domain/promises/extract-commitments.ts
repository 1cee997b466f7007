/**
 * Finds the promises with a time in an agent's reply ("I'll call you back tomorrow at 10", "the refund will be
 * on your account within 3 business days") so the UI can offer to track them with `recordPromise`.
 *
 * A commitment is a clause where the agent (or "we", or "you will receive") binds itself with a future verb
 * and names a time. A time alone ("our office opens at 9"), the past ("we called you yesterday"), a promise
 * under a condition ("if you send us the photo by Friday, …") and questions are not commitments. Someone
 * else's future counts only when the clause names what is promised ("a technician will call you").
 *
 * Pure and synchronous: all words live in `commitment-lexicons/<lang>.ts`; dates are computed with luxon in
 * the account's time zone, so "Monday at 10" stays 10:00 on the wall clock across a DST change.
 */
import { IANAZone } from 'luxon';
import type { Language } from '../../db/schema.js';
import { COMMITMENT_LEXICONS } from './commitment-lexicons/index.js';
import type { CommitmentKind, CommitmentLexicon } from './commitment-lexicons/types.js';
import { compileAny, findSpans, patternSource, prepareText, splitSentences, wholeWords, type Span } from './commitment-text.js';
import { timeResolver } from './commitment-due.js';
import { compileTime, findTimeExpressions, type CompiledTime, type TimeExpression } from './commitment-time.js';

export type { CommitmentKind } from './commitment-lexicons/types.js';

export interface CommitmentContext {
  /** The instant the reply is written. */
  now: Date;
  /** IANA zone of the account or team (e.g. 'Europe/Stockholm'): "tomorrow" and "at 15:00" are read there. */
  timeZone: string;
  /**
   * Optional: turns "within N business days/hours" into a due time, e.g. the team's `addBusinessMinutes` from
   * `service-clock/business-hours.ts`. A business day is taken as 8 business hours (N × 480 minutes). Without
   * it, business days and hours fall back to calendar days and hours.
   */
  addBusinessMinutes?: (from: Date, minutes: number) => Date;
  /** Working day end used for date-only promises ("by Friday", "tomorrow"), 'HH:MM'; default '17:00'. */
  endOfDay?: string;
}

export interface ExtractedCommitment {
  /** UTF-16 offsets of the whole commitment sentence or clause in the text. */
  start: number;
  end: number;
  /** `text.slice(start, end)`. */
  text: string;
  kind: CommitmentKind;
  /** ISO instant (UTC). */
  dueAt: string;
  timeExpression: { start: number; end: number; text: string };
  /** The clause, whitespace collapsed, without the closing punctuation, at most 200 characters. */
  description: string;
}

const KIND_ORDER = ['call_back', 'refund', 'fix', 'update', 'send'] as const;
const DESCRIPTION_MAX = 200;
const QUESTION_END = /\?[\s"'”’»)\]]*$/u;

interface CompiledLexicon {
  abbreviations: ReadonlySet<string>;
  commitments: RegExp | null;
  thirdPersonFuture: RegExp | null;
  nonCommitments: RegExp | null;
  negations: RegExp | null;
  conditions: RegExp | null;
  questionStart: RegExp | null;
  separators: RegExp;
  joiners: RegExp | null;
  kinds: ReadonlyArray<readonly [Exclude<CommitmentKind, 'other'>, RegExp]>;
  time: CompiledTime;
}

const compiledLexicons = new Map<Language, CompiledLexicon>();
const validZones = new Set<string>();

function compiled(language: Language): CompiledLexicon {
  const cached = compiledLexicons.get(language);
  if (cached) return cached;
  const lexicon: CommitmentLexicon | undefined = COMMITMENT_LEXICONS[language];
  if (!lexicon) throw new RangeError(`No commitment lexicon for language "${String(language)}"`);
  const joiners = lexicon.clauseJoiners.map((p) => `(?:${patternSource(p)})`).join('|');
  const questionStarts = lexicon.questionStarts.map((p) => `(?:${patternSource(p)})`).join('|');
  const result: CompiledLexicon = {
    abbreviations: new Set(lexicon.abbreviations.map((a) => a.toLowerCase())),
    commitments: compileAny(lexicon.commitments),
    thirdPersonFuture: compileAny(lexicon.thirdPersonFuture),
    nonCommitments: compileAny(lexicon.nonCommitments),
    negations: compileAny(lexicon.negations),
    conditions: compileAny(lexicon.conditions),
    questionStart: questionStarts ? new RegExp(`^[\\s"'(«„“-]*${wholeWords(questionStarts)}`, 'iu') : null,
    // A colon between digits is a clock time ("15:30"), not a clause boundary.
    separators: new RegExp(`[,;–—]|:(?!\\d)${joiners ? `|${wholeWords(joiners)}` : ''}`, 'giu'),
    joiners: joiners ? new RegExp(wholeWords(joiners), 'iu') : null,
    kinds: KIND_ORDER.map((kind) => [kind, compileAny(lexicon.kinds[kind])] as const).filter(
      (entry): entry is readonly [Exclude<CommitmentKind, 'other'>, RegExp] => entry[1] !== null,
    ),
    time: compileTime(lexicon),
  };
  compiledLexicons.set(language, result);
  return result;
}

interface Hit extends Span {
  thirdPerson: boolean;
}
interface Clause extends Span {
  hits: Hit[];
  times: TimeExpression[];
}
/** What the lexicon finds in the reply (or in one sentence of it), left to right. */
interface Findings {
  times: TimeExpression[];
  firstPerson: Span[];
  thirdPerson: Span[];
  nonCommitments: Span[];
  conditions: Span[];
  separators: Span[];
}
interface Commitment extends Span {
  kind: CommitmentKind;
  due: Date;
  expression: TimeExpression;
}

export function extractCommitments(text: string, language: Language, ctx: CommitmentContext): ExtractedCommitment[] {
  const lexicon = compiled(language);
  const endOfDay = parseWallClock(ctx.endOfDay ?? '17:00');
  if (!validZones.has(ctx.timeZone)) {
    if (!IANAZone.isValidZone(ctx.timeZone)) throw new RangeError(`Unknown time zone "${ctx.timeZone}"`);
    validZones.add(ctx.timeZone);
  }
  if (Number.isNaN(ctx.now.getTime())) throw new RangeError('ctx.now is not a valid date');
  const resolveDue = timeResolver({ now: ctx.now, timeZone: ctx.timeZone, endOfDay, twelveHourClock: lexicon.time.twelveHourClock, addBusinessMinutes: ctx.addBusinessMinutes });

  const { search, toOriginal } = prepareText(text);
  const times = findTimeExpressions(lexicon.time, search);
  if (times.length === 0) return [];
  const firstPerson = findSpans(lexicon.commitments, search);
  const thirdPerson = findSpans(lexicon.thirdPersonFuture, search);
  if (firstPerson.length === 0 && thirdPerson.length === 0) return [];
  const reply: Findings = {
    times,
    firstPerson,
    thirdPerson,
    nonCommitments: findSpans(lexicon.nonCommitments, search),
    conditions: findSpans(lexicon.conditions, search),
    separators: findSpans(lexicon.separators, search),
  };

  const results: ExtractedCommitment[] = [];
  for (const sentence of splitSentences(search, lexicon.abbreviations)) {
    const sentenceText = search.slice(sentence.start, sentence.end);
    if (QUESTION_END.test(sentenceText) || lexicon.questionStart?.test(sentenceText)) continue;
    const found = within(reply, sentence);
    const hits = sentenceHits(found, (hit) => isNegated(lexicon, search, sentence, hit));
    if (hits.length === 0) continue;
    for (const clause of splitClauses(sentence, hits, found)) {
      const commitment = clauseCommitment(lexicon, search, clause, found, resolveDue);
      if (!commitment) continue;
      const start = toOriginal(commitment.start);
      const end = toOriginal(commitment.end);
      const timeStart = toOriginal(commitment.expression.start);
      const timeEnd = toOriginal(commitment.expression.end);
      results.push({
        start,
        end,
        text: text.slice(start, end),
        kind: commitment.kind,
        dueAt: commitment.due.toISOString(),
        timeExpression: { start: timeStart, end: timeEnd, text: text.slice(timeStart, timeEnd) },
        description: describe(text.slice(start, end)),
      });
    }
  }
  return results;
}

function within(found: Findings, sentence: Span): Findings {
  const inside = (s: Span) => s.start >= sentence.start && s.end <= sentence.end;
  return {
    // A time expression belongs to the sentence it starts in.
    times: found.times.filter((t) => t.start >= sentence.start && t.start < sentence.end),
    firstPerson: found.firstPerson.filter(inside),
    thirdPerson: found.thirdPerson.filter(inside),
    nonCommitments: found.nonCommitments.filter(inside),
    conditions: found.conditions.filter(inside),
    separators: found.separators.filter(inside),
  };
}

/** The promise of one clause: its kind, its time and when it is due, or null when the clause promises nothing. */
function clauseCommitment(
  lexicon: CompiledLexicon,
  search: string,
  clause: Clause,
  found: Findings,
  resolveDue: (expression: TimeExpression) => Date | null,
): Commitment | null {
  const clauseText = search.slice(clause.start, clause.end);
  const kind = lexicon.kinds.find(([, regex]) => test(regex, clauseText))?.[0] ?? 'other';
  if (kind === 'other' && clause.hits.every((h) => h.thirdPerson)) return null;
  const marker = clause.hits[0];
  if (!marker) return null;
  const inClause = (s: Span) => s.start >= clause.start && s.end <= clause.end;
  const conditions = found.conditions.filter(inClause);
  if (conditions.some((c) => c.start < marker.start)) return null;
  const separators = found.separators.filter(inClause);
  const isJoiner = (s: Span) => test(lexicon.joiners, search.slice(s.start, s.end));
  // "I'll refund you if you return it by Friday": a time inside the condition is not the promise's. The
  // condition ends at the next comma ("as soon as I hear from them, at the latest by Wednesday").
  const conditional = conditions
    .filter((c) => c.start >= marker.end)
    .map((c) => ({ start: c.start, end: separators.find((s) => s.start >= c.end && !isJoiner(s))?.start ?? clause.end }));
  const candidates = clause.times.filter((t) => !conditional.some((c) => t.start >= c.start && t.start < c.end));
  // A time before the marker belongs to another clause when "and"/"but" stands between them
  // ("we are open until 17:00 today and we'll be happy to help").
  const expression = pickExpression(candidates, marker, (t) => !test(lexicon.joiners, search.slice(t.end, marker.start)));
  if (!expression) return null;
  const due = resolveDue(expression);
  if (!due) return null;
  // "Hi Anna, I'll call you tomorrow": the clause starts after the last comma before the promise and its time.
  const lead = Math.min(marker.start, expression.start);
  const cut = separators.filter((s) => s.end <= lead).at(-1);
  let start = cut ? cut.end : clause.start;
  while (start < clause.end && /\s/u.test(search.charAt(start))) start++;
  let end = clause.end;
  while (end > start && /[\s,;:–—]/u.test(search.charAt(end - 1))) end--;
  return { start, end, kind, due, expression };
}

/** The commitment markers of a sentence: first-person ones unless negated or a non-promise, then others' future. */
function sentenceHits(found: Findings, negated: (hit: Span) => boolean): Hit[] {
  const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;
  const promise = (h: Span) => !found.nonCommitments.some((n) => overlaps(h, n));
  const own = found.firstPerson.filter(promise);
  const others = found.thirdPerson.filter((h) => promise(h) && !found.firstPerson.some((f) => overlaps(h, f)));
  return [...own.map((h) => ({ ...h, thirdPerson: false })), ...others.map((h) => ({ ...h, thirdPerson: true }))]
    .filter((h) => !negated(h))
    .sort((a, b) => a.start - b.start);
}

function isNegated(lexicon: CompiledLexicon, search: string, sentence: Span, hit: Span): boolean {
  if (!lexicon.negations) return false;
  // The negation sits right before or after the marker ("nie zadzwonię", "I will not"), never across a comma.
  const before = search.slice(Math.max(sentence.start, hit.start - 10), hit.start).replace(/^.*[,;:.!?]/su, '');
  // After the marker, up to two words: Swedish puts the object first ("jag ringer dig inte").
  const after = /^(?:\s+[\p{L}']+){0,2}/u.exec(search.slice(hit.end, sentence.end))?.[0] ?? '';
  return test(lexicon.negations, before + search.slice(hit.start, hit.end) + after);
}

/**
 * One clause per promise: two markers with a comma, semicolon or "and"/"but" between them are two promises.
 * A clause without a time joins its neighbour ("we'll process the refund and you'll have it within 3 days").
 */
function splitClauses(sentence: Span, hits: Hit[], { separators, times }: Findings): Clause[] {
  const raw: Array<Span & { hits: Hit[] }> = [];
  let current: Span & { hits: Hit[] } = { start: sentence.start, end: sentence.end, hits: [] };
  for (const hit of hits) {
    const previous = current.hits.at(-1);
    const boundary = previous ? separators.filter((s) => s.start >= previous.end && s.end <= hit.start).at(-1) : undefined;
    if (boundary) {
      raw.push({ ...current, end: boundary.start });
      current = { start: boundary.end, end: sentence.end, hits: [] };
    }
    current.hits.push(hit);
  }
  raw.push(current);
  const withTimes = raw.map((c) => ({ ...c, times: times.filter((t) => t.start >= c.start && t.start < c.end) }));
  const merge = (a: Clause, b: Clause): Clause => ({ start: a.start, end: b.end, hits: [...a.hits, ...b.hits], times: [...a.times, ...b.times] });
  const clauses: Clause[] = [];
  let pending: Clause | null = null;
  for (const [i, next] of withTimes.entries()) {
    const clause: Clause = pending ? merge(pending, next) : next;
    pending = null;
    const previous = clauses.at(-1);
    if (clause.times.length > 0) clauses.push(clause);
    else if (i < withTimes.length - 1) pending = clause;
    else if (previous) clauses[clauses.length - 1] = merge(previous, clause);
    else clauses.push(clause);
  }
  return clauses;
}

/** The time nearest after the marker ("I'll call you tomorrow"), else the nearest before ("Tomorrow I'll…"). */
function pickExpression(times: TimeExpression[], marker: Span, sameClauseBefore: (t: TimeExpression) => boolean): TimeExpression | undefined {
  return times.find((t) => t.start >= marker.start) ?? times.filter((t) => t.start < marker.start && sameClauseBefore(t)).at(-1);
}

function test(regex: RegExp | null, text: string): boolean {
  if (!regex) return false;
  regex.lastIndex = 0;
  return regex.test(text);
}

function describe(clause: string): string {
  const flat = clause.replace(/\s+/gu, ' ').trim().replace(/[.!…,;:\s]+$/u, '');
  if (flat.length <= DESCRIPTION_MAX) return flat;
  const cut = flat.lastIndexOf(' ', DESCRIPTION_MAX - 1);
  return `${flat.slice(0, cut > DESCRIPTION_MAX / 2 ? cut : DESCRIPTION_MAX - 1)}…`;
}

function parseWallClock(value: string): { hour: number; minute: number } {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(value);
  if (!match) throw new RangeError(`endOfDay must be 'HH:MM', got "${value}"`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}
