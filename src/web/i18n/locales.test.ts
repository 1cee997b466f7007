import { test } from 'vitest';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CANNED_PLACEHOLDERS } from '../features/composer/canned.ts';

/**
 * Every UI language must have every English key, non-empty, with the same {{placeholders}}; nothing stale.
 * Plural keys (key_one, key_other, …) are compared per base key with the plural forms each language needs.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const REQUIRED = ['en', 'sv', 'pl', 'sl', 'bg', 'eo'];
const PLURAL = /_(zero|one|two|few|many|other)$/;

type Tree = { [key: string]: string | Tree };

function load(code: string): Tree {
  return JSON.parse(readFileSync(path.join(here, `${code}.json`), 'utf8')) as Tree;
}

function flatten(tree: Tree, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  for (const [key, value] of Object.entries(tree)) {
    const id = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) flatten(value, id, out);
    else out.set(id, value);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([^}\s,]+)[^}]*\}\}/g)].map((m) => m[1] ?? '').sort();
const locales = readdirSync(here)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -5))
  .sort();
const english = flatten(load('en'));

/** Keys without plural suffixes, mapped to the plural categories present. */
function baseKeys(flat: Map<string, unknown>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const key of flat.keys()) {
    const m = PLURAL.exec(key);
    const base = m ? key.slice(0, -m[0].length) : key;
    const set = out.get(base) ?? new Set<string>();
    if (m) set.add(m[1]!);
    out.set(base, set);
  }
  return out;
}

test('the six languages of the product are there, and each file names its language', () => {
  for (const code of REQUIRED) assert.ok(locales.includes(code), `missing src/web/i18n/${code}.json`);
  for (const code of locales) {
    const meta = load(code).meta as Tree | undefined;
    assert.ok(meta && typeof meta.name === 'string' && meta.name.trim(), `${code}.json needs meta.name`);
  }
});

for (const code of locales) {
  test(`${code}: every key of English, non-empty, same placeholders, nothing extra`, () => {
    const flat = flatten(load(code));
    const problems: string[] = [];
    const englishBases = baseKeys(english);
    const bases = baseKeys(flat);
    const categories = new Intl.PluralRules(code).resolvedOptions().pluralCategories;
    for (const [base, forms] of englishBases) {
      const plural = forms.size > 0;
      const englishText = plural ? String(english.get(`${base}_other`) ?? '') : String(english.get(base));
      const keys = plural ? categories.map((c) => `${base}_${c}`) : [base];
      for (const key of keys) {
        const value = flat.get(key);
        if (typeof value !== 'string' || value.trim() === '') {
          problems.push(`missing or empty: ${key}`);
          continue;
        }
        const want = placeholders(englishText).filter((p) => !(plural && p === 'count'));
        const got = placeholders(value).filter((p) => !(plural && p === 'count'));
        if (want.join(',') !== got.join(',')) problems.push(`${key}: placeholders {{${got.join('}}, {{')}}} instead of {{${want.join('}}, {{')}}}`);
      }
    }
    for (const base of bases.keys()) if (!englishBases.has(base)) problems.push(`not in English (stale?): ${base}`);
    assert.deepEqual(problems, [], `${code}.json:\n  ${problems.join('\n  ')}`);
  });
}

test('translations are translations: not English copied over, Bulgarian in Cyrillic, Esperanto with its letters', () => {
  const texts = (code: string) => [...flatten(load(code)).entries()].filter(([k]) => k !== 'meta.name').map(([, v]) => String(v));
  for (const code of locales.filter((c) => c !== 'en')) {
    const mine = [...flatten(load(code)).entries()].filter(([k]) => k !== 'meta.name');
    const same = mine.filter(([k, v]) => v === english.get(k) && /[a-z]{4}/i.test(String(v))).map(([k]) => k);
    assert.ok(same.length / mine.length < 0.15, `${code}: ${same.length} of ${mine.length} texts are identical to English: ${same.join(', ')}`);
  }
  const bg = texts('bg').filter((v) => /[A-Za-z\u0400-\u04FF]{3}/.test(v.replace(/\{\{[^}]+\}\}/g, '')));
  const cyrillic = bg.filter((v) => /[\u0400-\u04FF]/.test(v)).length;
  assert.ok(cyrillic / bg.length > 0.9, `Bulgarian: only ${cyrillic} of ${bg.length} texts are in Cyrillic`);
  assert.match(texts('eo').join(' '), /[ĉĝĥĵŝŭ]/, 'Esperanto without ĉ ĝ ĥ ĵ ŝ ŭ is suspicious');
});

test('canned responses use only the placeholders the composer fills', () => {
  for (const code of locales) {
    const canned = (load(code).canned ?? {}) as Tree;
    for (const [id, item] of Object.entries(canned)) {
      const body = (item as Tree).body;
      assert.equal(typeof body, 'string', `${code}: canned.${id}.body`);
      for (const p of placeholders(body as string)) assert.ok((CANNED_PLACEHOLDERS as readonly string[]).includes(p), `${code}: canned.${id} uses {{${p}}}`);
    }
  }
});

test('every key the code asks for exists in English', () => {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.tsx?$/.test(name) && !name.endsWith('.test.ts')) files.push(full);
    }
  };
  walk(path.join(here, '..'));
  const keys = [...english.keys()].map((k) => k.replace(PLURAL, ''));
  const missing: string[] = [];
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(/\bt\(\s*(['`])([^'`]+)\1/g)) {
      const key = m[2]!;
      if (m[1] === '`' && key.includes('${')) {
        const pattern = new RegExp(`^${key.split(/\$\{[^}]+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^.]+')}$`);
        if (!keys.some((k) => pattern.test(k))) missing.push(`${path.basename(file)}: ${key}`);
      } else if (!keys.includes(key)) missing.push(`${path.basename(file)}: ${key}`);
    }
  }
  assert.deepEqual(missing, []);
});
