import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { reviewDraft, type CoachLanguage } from '../../src/server/domain/coach/review-draft.js';
import { ROOT } from '../lib/server.js';
import { latencySummary, round, table } from '../lib/stats.js';

/** Same length for every language: the target is "a 2,000-character draft in under 20 ms". */
export const COACH_DRAFT_CHARS = 2000;
const LANGUAGES: CoachLanguage[] = ['en', 'sv', 'pl', 'sl', 'bg', 'eo'];

export interface CoachResultLine {
  scenario: 'coach';
  language: CoachLanguage;
  draftChars: number;
  runs: number;
  findings: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  /** The same draft without `language`: detection included. */
  detectP50Ms: number | null;
  /** A plain regex scan of the same text (word tokens, lower-cased) in the same run. */
  baselineP50Ms: number | null;
  baselineP99Ms: number | null;
  /** p50 of the review / p50 of the baseline. */
  ratio: number | null;
  targetMet: boolean | null;
}

interface LabelledDraft {
  draft: string;
  customerMessage?: string;
}

/**
 * A realistic long reply in the language: the team's labelled drafts (good and bad) joined into paragraphs and
 * cut at a word boundary to exactly COACH_DRAFT_CHARS characters; the customer message is the first one the set has.
 */
export function coachDraft(language: CoachLanguage): { draft: string; customerMessage: string } {
  const rows = readFileSync(path.join(ROOT, 'test/fixtures/coach/eval', `${language}.jsonl`), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as LabelledDraft);
  let draft = '';
  for (let i = 0; draft.length < COACH_DRAFT_CHARS; i++) draft += `${rows[i % rows.length]!.draft}${i % 3 === 2 ? '\n\n' : ' '}`;
  draft = draft.slice(0, COACH_DRAFT_CHARS);
  const customerMessage = rows.find((r) => r.customerMessage)?.customerMessage ?? '';
  return { draft, customerMessage };
}

function time(runs: number, op: () => unknown): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    op();
    out.push(performance.now() - t0);
  }
  return out;
}

/** Pure CPU: no database or server. Warm-up runs first so the JIT and the pattern cache are hot, as in a server. */
export function runCoachBench(runs: number, log: (line: string) => void): CoachResultLine[] {
  const lines: CoachResultLine[] = [];
  for (const language of LANGUAGES) {
    const { draft, customerMessage } = coachDraft(language);
    const review = () => reviewDraft({ draft, customerMessage, language });
    const detect = () => reviewDraft({ draft, customerMessage });
    let sink = 0;
    const baseline = () => {
      for (const m of draft.toLowerCase().matchAll(/\p{L}+/gu)) sink += m[0].length;
    };
    for (let i = 0; i < 50; i++) {
      review();
      detect();
      baseline();
    }
    log(`coach: ${language}, ${runs} reviews of a ${draft.length}-character draft…`);
    // Interleaved in blocks so that a noisy neighbour on the machine hits both the same way.
    const reviewMs: number[] = [];
    const baseMs: number[] = [];
    const detectMs: number[] = [];
    for (let block = 0; block < 10; block++) {
      reviewMs.push(...time(runs / 10, review));
      baseMs.push(...time(runs / 10, baseline));
      detectMs.push(...time(runs / 10, detect));
    }
    if (sink < 0) throw new Error('unreachable');
    const stats = latencySummary(reviewMs);
    const base = latencySummary(baseMs);
    lines.push({
      scenario: 'coach',
      language,
      draftChars: draft.length,
      runs: reviewMs.length,
      findings: review().findings.length,
      ...stats,
      detectP50Ms: latencySummary(detectMs).p50Ms,
      baselineP50Ms: base.p50Ms,
      baselineP99Ms: base.p99Ms,
      ratio: stats.p50Ms !== null && base.p50Ms ? round(stats.p50Ms / base.p50Ms, 1) : null,
      targetMet: stats.p99Ms === null ? null : stats.p99Ms < 20,
    });
  }
  return lines;
}

export function coachTable(lines: CoachResultLine[]): string {
  return table(
    ['coach', 'chars', 'runs', 'findings', 'p50 ms', 'p95 ms', 'p99 ms', 'p50 detect ms', 'regex p50 ms', 'ratio', '< 20 ms (p99)'],
    lines.map((l) => [
      l.language,
      l.draftChars,
      l.runs,
      l.findings,
      l.p50Ms,
      l.p95Ms,
      l.p99Ms,
      l.detectP50Ms,
      l.baselineP50Ms,
      l.ratio,
      l.targetMet === null ? null : l.targetMet ? 'yes' : 'NO',
    ]),
  );
}
