import { findingAt } from './context.js';
import { compilePattern, matchAll } from './text.js';
import { UNIVERSAL_ACRONYMS } from './universal.js';
import type { CoachContext, CoachRuleChecker, RuleFinding } from './types.js';

/**
 * Condescension: internal jargon and acronyms. A term is fine when the customer used it first, or when the
 * reply explains it ("SLA (service level agreement)", "service level agreement (SLA)", "SLA, which means…").
 * Each term is reported once, at its first occurrence.
 */
export const condescensionChecker: CoachRuleChecker = {
  rule: 'condescension',
  kind: 'lexicon',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const entry of context.lexicon.condescension.jargon) {
      const hits = context.find([entry.term]).filter((hit) => !isAcronymTerm(entry.term) || isCapitalised(context.text.slice(hit.start, hit.end)));
      const first = hits[0];
      if (!first) continue;
      if (context.customerMessage && matchAll(entry.term, context.customerMessage).length > 0) continue;
      if (hits.some((hit) => isExplained(context, hit.start, hit.end))) continue;
      findings.push(
        findingAt(context, 'condescension', first, 'condescension.jargon', 'condescension.jargon.suggestion', {
          plain: entry.plain,
        }),
      );
    }
    const covered = (start: number, end: number) => findings.some((f) => start < f.end && end > f.start);
    for (const [, hits] of acronyms(context)) {
      const first = hits[0];
      if (!first || hits.some((hit) => covered(hit.start, hit.end) || isExplained(context, hit.start, hit.end))) continue;
      findings.push(findingAt(context, 'condescension', first, 'condescension.acronym', 'condescension.acronym.suggestion'));
    }
    return findings;
  },
};

const ACRONYM = /(?<![\p{L}\p{N}\p{M}@/._-])\p{Lu}[\p{Lu}\p{N}&]{1,5}s?(?![\p{L}\p{N}\p{M}@/_])(?!\.\p{L})/gu;
const ROMAN_NUMERAL = /^(?:X{1,3}|X{0,3}(?:IX|IV|VI{0,3}|I{2,3}))$/u;

/** Unexplained-looking acronyms the customer did not use, grouped by spelling (trailing plural s removed). */
function acronyms(context: CoachContext): Map<string, Array<{ start: number; end: number }>> {
  const known = new Set([...UNIVERSAL_ACRONYMS, ...context.lexicon.condescension.commonAcronyms].map((a) => a.toUpperCase()));
  const groups = new Map<string, Array<{ start: number; end: number }>>();
  for (const sentence of context.sentences) {
    if (isShouting(sentence.text)) continue;
    ACRONYM.lastIndex = 0;
    for (let m = ACRONYM.exec(sentence.text); m; m = ACRONYM.exec(sentence.text)) {
      const token = m[0].endsWith('s') ? m[0].slice(0, -1) : m[0];
      const upper = token.match(/\p{Lu}/gu)?.length ?? 0;
      if (upper < 2 || known.has(token.toUpperCase()) || ROMAN_NUMERAL.test(token)) continue;
      if (context.customerMessage && usedBy(context.customerMessage, token)) continue;
      const start = sentence.start + m.index;
      const list = groups.get(token) ?? [];
      list.push({ start, end: start + m[0].length });
      groups.set(token, list);
    }
  }
  return groups;
}

function usedBy(text: string, token: string): boolean {
  const escaped = token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'iu').test(text);
}

/** A sentence written mostly in capitals is shouting or a heading, not a row of acronyms. */
function isShouting(text: string): boolean {
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  const capitals = text.match(/\p{Lu}/gu)?.length ?? 0;
  return (text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0) >= 3 && capitals / Math.max(letters, 1) > 0.6;
}

/**
 * A jargon term written as an acronym ("ETA", "T&Cs?") matches only in capitals: "eta" is an Esperanto word,
 * "sla" and "rma" are typos or names, not the acronym.
 */
function isAcronymTerm(term: string): boolean {
  return /^[\p{Lu}\d&]{2,}(?:s\?)?$/u.test(term);
}

function isCapitalised(text: string): boolean {
  const stem = text.replace(/s$/u, '');
  return stem === stem.toUpperCase();
}

/** The rest of a compound the acronym starts ("IP-adress", "DNS-agordo") or one small word after it ("IP адрес"). */
const COMPOUND_TAIL = /^(?:-[\p{L}\p{M}]+|\s+[\p{Ll}\p{M}]+)/u;

/**
 * The term is followed by an explanation (right after it or after the compound it starts: "IP address (the
 * number that…)"), or it is the bracketed short form of words before it.
 */
function isExplained(context: CoachContext, start: number, end: number): boolean {
  const after = context.text.slice(end, end + 80);
  if (/^\s*[)\]]/u.test(after) && /[([]\s*$/u.test(context.text.slice(Math.max(0, start - 3), start))) return true;
  const tail = COMPOUND_TAIL.exec(after)?.[0] ?? '';
  return explainedBy(context, after) || (tail !== '' && explainedBy(context, after.slice(tail.length)));
}

function explainedBy(context: CoachContext, after: string): boolean {
  if (/^\s*(?:\(|=)/u.test(after)) return true;
  const rest = after.replace(/^\s*[,:;–—-]?\s*/u, '');
  return context.lexicon.condescension.explanations.some((pattern) => {
    const regex = compilePattern(pattern);
    regex.lastIndex = 0;
    return regex.exec(rest)?.index === 0;
  });
}
