/**
 * npm run eval:language [-- --json] [-- --errors]
 *
 * Language detection on the team's short messages (20–120 characters, customer and agent lines):
 * test/fixtures/language/short.jsonl (the signal lists were written with it at hand) and short-holdout.jsonl
 * (written afterwards, not tuned on). Prints accuracy and the `und` rate per language, three ways: without a prior;
 * with the customer's stored language as the prior (here: the true language, as for a returning customer);
 * and with a wrong prior (the next language in the list), which must not override clear text.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { detectLanguage } from '../src/server/domain/language/detect-language.js';
import { LANGUAGES, type Language } from '../src/server/db/schema.js';

interface ShortMessage {
  id: string;
  language: Language;
  text: string;
}

type Mode = 'none' | 'right' | 'wrong';

interface Cell {
  total: number;
  correct: number;
  und: number;
  wrong: number;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SETS = {
  dev: path.join(ROOT, 'test/fixtures/language/short.jsonl'),
  holdout: path.join(ROOT, 'test/fixtures/language/short-holdout.jsonl'),
};

function wrongPrior(language: Language): Language {
  return LANGUAGES[(LANGUAGES.indexOf(language) + 1) % LANGUAGES.length]!;
}

function main(): void {
  const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, errors: { type: 'boolean', default: false } } });
  const results = Object.entries(SETS).map(([name, file]) => evaluateSet(name, file, values.errors ?? false));
  if (values.json) {
    process.stdout.write(`${JSON.stringify(Object.fromEntries(results.map((r) => [r.name, r.json])), null, 2)}\n`);
    return;
  }
  process.stdout.write(`${results.map((r) => r.text).join('\n\n')}\n`);
}

function evaluateSet(name: string, file: string, withErrors: boolean): { name: string; json: unknown; text: string } {
  const rows = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as ShortMessage);
  const modes: Mode[] = ['none', 'right', 'wrong'];
  const cells = new Map<string, Cell>();
  const errors: Array<{ id: string; mode: Mode; text: string; expected: Language; got: string }> = [];
  for (const row of rows) {
    for (const mode of modes) {
      const prior = mode === 'none' ? undefined : mode === 'right' ? row.language : wrongPrior(row.language);
      const got = detectLanguage(row.text, prior ? { prior } : {}).language;
      const key = `${row.language}:${mode}`;
      const cell = cells.get(key) ?? { total: 0, correct: 0, und: 0, wrong: 0 };
      cell.total++;
      if (got === row.language) cell.correct++;
      else if (got === 'und') cell.und++;
      else cell.wrong++;
      cells.set(key, cell);
      if (got !== row.language) errors.push({ id: row.id, mode, text: row.text, expected: row.language, got });
    }
  }
  const sum = (mode: Mode) => {
    const all = { total: 0, correct: 0, und: 0, wrong: 0 };
    for (const language of LANGUAGES) {
      const c = cells.get(`${language}:${mode}`);
      if (!c) continue;
      all.total += c.total;
      all.correct += c.correct;
      all.und += c.und;
      all.wrong += c.wrong;
    }
    return all;
  };
  const rate = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 1000) / 1000);

  {
    const languages = LANGUAGES.map((language) => ({
      language,
      ...Object.fromEntries(
        modes.map((mode) => {
          const c = cells.get(`${language}:${mode}`)!;
          return [mode, { ...c, accuracy: rate(c.correct, c.total), undRate: rate(c.und, c.total) }];
        }),
      ),
    }));
    const all = Object.fromEntries(modes.map((mode) => {
      const c = sum(mode);
      return [mode, { ...c, accuracy: rate(c.correct, c.total), undRate: rate(c.und, c.total) }];
    }));
    return { name, json: { messages: rows.length, languages, all, errors }, text: renderTable(name, file, rows.length, cells, sum, errors, withErrors) };
  }
}

function renderTable(
  name: string,
  file: string,
  count: number,
  cells: Map<string, Cell>,
  sum: (mode: Mode) => Cell,
  errors: Array<{ id: string; mode: Mode; text: string; expected: Language; got: string }>,
  withErrors: boolean,
): string {
  const pct = (a: number, b: number) => `${((a / Math.max(b, 1)) * 100).toFixed(1)}%`;
  const header = ['language', 'n', 'accuracy', 'und', 'wrong', 'acc. right prior', 'acc. wrong prior', 'und wrong prior'];
  const rowsOut = [...LANGUAGES, 'all' as const].map((language) => {
    const get = (mode: Mode) => (language === 'all' ? sum(mode) : cells.get(`${language}:${mode}`)!);
    const none = get('none');
    const right = get('right');
    const wrong = get('wrong');
    return [
      language,
      String(none.total),
      pct(none.correct, none.total),
      pct(none.und, none.total),
      pct(none.wrong, none.total),
      pct(right.correct, right.total),
      pct(wrong.correct, wrong.total),
      pct(wrong.und, wrong.total),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rowsOut.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const out = [
    `Language detection, ${name} set: ${count} short messages (${path.relative(ROOT, file)})`,
    '',
    line(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rowsOut.map(line),
  ];
  if (withErrors) {
    out.push('', 'errors:');
    for (const e of errors) out.push(`  ${e.id} [${e.mode} prior] ${e.expected} → ${e.got}: ${e.text}`);
  }
  return out.join('\n');
}

main();
