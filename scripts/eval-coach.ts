/**
 * npm run eval:coach [-- --json] [-- --errors] [-- --lang sv] [-- --set dev|holdout|all]
 *
 * Runs the reply coach over the team's labelled drafts and prints per
 * language and per rule precision, recall and F1, the macro-F1 per language, and the false-alarm rate on good
 * replies (drafts labelled with no findings that got at least one). A draft counts once per rule: a rule is
 * predicted when the coach reports it anywhere in the draft. `--errors` lists every miss and false alarm.
 *
 * Two sets: `dev` (test/fixtures/coach/eval/<lang>.jsonl) is the one the lexicons were tuned on; `holdout`
 * (eval/holdout/<lang>.jsonl) was written afterwards and is not to be tuned on, so its figures say how the
 * rules do on text they have not seen. The summary shows both; the per-rule tables use `--set` (default all).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { COACH_LEXICONS, COACH_RULES, reviewDraft, type CoachLanguage, type CoachRule } from '../src/server/domain/coach/review-draft.js';

interface LabelledDraft {
  id: string;
  draft: string;
  customerMessage?: string;
  expected: CoachRule[];
  note?: string;
}

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

interface RuleScore extends Counts {
  rule: CoachRule;
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

interface LanguageReport {
  language: CoachLanguage;
  drafts: number;
  goodDrafts: number;
  falseAlarms: number;
  falseAlarmRate: number | null;
  /** Mean F1 over the rules that occur in the labels or the predictions of this language. */
  macroF1: number | null;
  /** Drafts whose predicted rule set equals the labelled one. */
  exactMatch: number;
  rules: RuleScore[];
  errors: Array<{ id: string; missed: CoachRule[]; extra: CoachRule[]; spans: string[] }>;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const EVAL_DIR = path.join(ROOT, 'test/fixtures/coach/eval');

type EvalSet = 'dev' | 'holdout' | 'all';

function load(language: CoachLanguage, set: EvalSet): LabelledDraft[] {
  if (set === 'all') return [...load(language, 'dev'), ...load(language, 'holdout')];
  const file = path.join(EVAL_DIR, set === 'dev' ? '' : 'holdout', `${language}.jsonl`);
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      const row = JSON.parse(line) as LabelledDraft;
      for (const rule of row.expected) {
        if (!(COACH_RULES as readonly string[]).includes(rule)) throw new Error(`${file}:${index + 1}: unknown rule "${rule}"`);
      }
      return row;
    });
}

const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);

function score(rule: CoachRule, c: Counts): RuleScore {
  const precision = ratio(c.tp, c.tp + c.fp);
  const recall = ratio(c.tp, c.tp + c.fn);
  const f1 = c.tp + c.fp + c.fn === 0 ? null : (2 * c.tp) / (2 * c.tp + c.fp + c.fn);
  return { rule, ...c, precision, recall, f1 };
}

function macro(scores: RuleScore[]): number | null {
  const present = scores.filter((s) => s.f1 !== null);
  return present.length === 0 ? null : present.reduce((sum, s) => sum + (s.f1 ?? 0), 0) / present.length;
}

function evaluate(language: CoachLanguage, set: EvalSet): LanguageReport {
  const drafts = load(language, set);
  const counts = new Map<CoachRule, Counts>(COACH_RULES.map((rule) => [rule, { tp: 0, fp: 0, fn: 0 }]));
  let goodDrafts = 0;
  let falseAlarms = 0;
  let exactMatch = 0;
  const errors: LanguageReport['errors'] = [];
  for (const row of drafts) {
    const review = reviewDraft({
      draft: row.draft,
      language,
      ...(row.customerMessage ? { customerMessage: row.customerMessage } : {}),
    });
    const predicted = new Set(review.findings.map((f) => f.rule));
    const expected = new Set(row.expected);
    for (const rule of COACH_RULES) {
      const c = counts.get(rule)!;
      if (expected.has(rule) && predicted.has(rule)) c.tp++;
      else if (predicted.has(rule)) c.fp++;
      else if (expected.has(rule)) c.fn++;
    }
    if (expected.size === 0) {
      goodDrafts++;
      if (predicted.size > 0) falseAlarms++;
    }
    const missed = [...expected].filter((r) => !predicted.has(r));
    const extra = [...predicted].filter((r) => !expected.has(r));
    if (missed.length === 0 && extra.length === 0) exactMatch++;
    else {
      errors.push({
        id: row.id,
        missed,
        extra,
        spans: review.findings.filter((f) => extra.includes(f.rule)).map((f) => `${f.rule}: "${row.draft.slice(f.start, f.end)}"`),
      });
    }
  }
  const rules = COACH_RULES.map((rule) => score(rule, counts.get(rule)!));
  return {
    language,
    drafts: drafts.length,
    goodDrafts,
    falseAlarms,
    falseAlarmRate: ratio(falseAlarms, goodDrafts),
    macroF1: macro(rules),
    exactMatch,
    rules,
    errors,
  };
}

function fmt(value: number | null, digits = 2): string {
  return value === null ? '–' : value.toFixed(digits);
}

function table(headers: string[], rows: string[][]): string {
  const cells = [headers, ...rows];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function main(): void {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      errors: { type: 'boolean', default: false },
      lang: { type: 'string' },
      set: { type: 'string', default: 'all' },
    },
  });
  const set = values.set as EvalSet;
  if (!['dev', 'holdout', 'all'].includes(set)) throw new Error('--set must be dev, holdout or all');
  const languages = (Object.keys(COACH_LEXICONS) as CoachLanguage[]).filter((l) => !values.lang || l === values.lang);
  if (languages.length === 0) throw new Error(`--lang must be one of ${Object.keys(COACH_LEXICONS).join(', ')}`);
  const reports = languages.map((language) => evaluate(language, set));
  const bySet = (['dev', 'holdout'] as const).map((s) => ({ set: s, reports: languages.map((language) => evaluate(language, s)) }));

  // Pooled over all languages: the same counts summed, so bigger sets weigh more.
  const pooled = COACH_RULES.map((rule) => {
    const c = { tp: 0, fp: 0, fn: 0 };
    for (const r of reports) {
      const s = r.rules.find((x) => x.rule === rule)!;
      c.tp += s.tp;
      c.fp += s.fp;
      c.fn += s.fn;
    }
    return score(rule, c);
  });
  const goodDrafts = reports.reduce((s, r) => s + r.goodDrafts, 0);
  const falseAlarms = reports.reduce((s, r) => s + r.falseAlarms, 0);
  const summary = {
    drafts: reports.reduce((s, r) => s + r.drafts, 0),
    macroF1: macro(pooled),
    falseAlarmRate: ratio(falseAlarms, goodDrafts),
    goodDrafts,
    falseAlarms,
    rules: pooled,
  };

  const setSummaries = bySet.map(({ set: s, reports: rs }) => ({
    set: s,
    languages: rs.map((r) => ({ language: r.language, drafts: r.drafts, macroF1: r.macroF1, falseAlarmRate: r.falseAlarmRate, falseAlarms: r.falseAlarms, goodDrafts: r.goodDrafts })),
  }));
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ set, languages: reports, all: summary, sets: setSummaries }, null, 2)}\n`);
    return;
  }

  const out: string[] = [];
  out.push('Reply coach: macro-F1 and false-alarm rate per language, on the dev set (tuned on) and the holdout set (not tuned on)\n');
  out.push(
    table(
      ['language', 'dev drafts', 'dev macro-F1', 'dev false alarms', 'holdout drafts', 'holdout macro-F1', 'holdout false alarms'],
      languages.map((language, i) => {
        const dev = bySet[0]!.reports[i]!;
        const holdout = bySet[1]!.reports[i]!;
        return [
          language,
          String(dev.drafts),
          fmt(dev.macroF1),
          `${dev.falseAlarms}/${dev.goodDrafts} (${fmt(dev.falseAlarmRate)})`,
          String(holdout.drafts),
          fmt(holdout.macroF1),
          `${holdout.falseAlarms}/${holdout.goodDrafts} (${fmt(holdout.falseAlarmRate)})`,
        ];
      }),
    ),
  );
  out.push(`\nSet "${set}", rule presence per draft\n`);
  out.push(
    table(
      ['language', 'drafts', 'good', 'macro-F1', 'false alarms', 'false-alarm rate', 'exact'],
      [
        ...reports.map((r) => [
          r.language,
          String(r.drafts),
          String(r.goodDrafts),
          fmt(r.macroF1),
          `${r.falseAlarms}/${r.goodDrafts}`,
          fmt(r.falseAlarmRate),
          `${r.exactMatch}/${r.drafts}`,
        ]),
        ['all', String(summary.drafts), String(goodDrafts), fmt(summary.macroF1), `${falseAlarms}/${goodDrafts}`, fmt(summary.falseAlarmRate), '–'],
      ],
    ),
  );
  out.push('\nF1 per rule and language (P/R pooled over all languages in the last columns)\n');
  out.push(
    table(
      ['rule', ...languages, 'P all', 'R all', 'F1 all'],
      COACH_RULES.map((rule) => {
        const all = pooled.find((s) => s.rule === rule)!;
        return [
          rule,
          ...reports.map((r) => fmt(r.rules.find((s) => s.rule === rule)!.f1)),
          fmt(all.precision),
          fmt(all.recall),
          fmt(all.f1),
        ];
      }),
    ),
  );
  for (const r of reports) {
    out.push(`\n${r.language}: precision / recall / F1 (tp fp fn)`);
    out.push(
      table(
        ['rule', 'P', 'R', 'F1', 'tp', 'fp', 'fn'],
        r.rules.map((s) => [s.rule, fmt(s.precision), fmt(s.recall), fmt(s.f1), String(s.tp), String(s.fp), String(s.fn)]),
      ),
    );
    if (values.errors && r.errors.length > 0) {
      out.push('errors:');
      for (const e of r.errors) {
        out.push(
          `  ${e.id}${e.missed.length ? `  missed ${e.missed.join(',')}` : ''}${e.extra.length ? `  extra ${e.spans.join('; ')}` : ''}`,
        );
      }
    }
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

main();
