import type { LexiconPattern } from './types.js';

/** A text whose offsets can be mapped back to the text it was derived from. */
export interface NormalizedText {
  text: string;
  /** Offset in the original text of the character at `index` (or of the end, for `index === text.length`). */
  toOriginal(index: number): number;
}

const CLUSTER = /\P{M}\p{M}*|\p{M}+/suy;

/**
 * NFC-normalises a text (drafts pasted from macOS are often decomposed, which would defeat patterns with
 * precomposed letters like `ą` or `č`) and applies spelling variants, keeping a map back to the original
 * offsets so findings point at what the agent actually typed.
 */
export function normalizeText(original: string, variants: ReadonlyArray<readonly [string, string]> = []): NormalizedText {
  const lower = variants.length === 0 ? '' : original.toLowerCase();
  if (variants.every(([from]) => !lower.includes(from)) && original === original.normalize('NFC')) {
    return { text: original, toOriginal: (index) => index };
  }
  let text = '';
  const map: number[] = [];
  let i = 0;
  outer: while (i < original.length) {
    for (const [from, to] of variants) {
      const candidate = original.slice(i, i + from.length);
      if (candidate.toLowerCase() === from) {
        const first = candidate.charAt(0);
        const replacement = first !== first.toLowerCase() ? to.toUpperCase() : to;
        for (let k = 0; k < replacement.length; k++) map.push(i);
        text += replacement;
        i += from.length;
        continue outer;
      }
    }
    CLUSTER.lastIndex = i;
    const cluster = CLUSTER.exec(original)?.[0] ?? original.charAt(i);
    const composed = cluster.normalize('NFC');
    for (let k = 0; k < composed.length; k++) map.push(i);
    text += composed;
    i += cluster.length;
  }
  return { text, toOriginal: (index) => (index >= map.length ? original.length : (map[index] ?? original.length)) };
}

export interface Sentence {
  start: number;
  end: number;
  text: string;
}

const CLOSERS = /["'”’»)\]]/u;
const SPACE = /\s/u;
const LOWER_OR_DIGIT = /[\p{Ll}\p{N}]/u;

/**
 * Splits a text into sentences (and lines: a greeting line "Hi Anna," is its own sentence). A dot does not
 * end a sentence after a known abbreviation, inside a token ("14.00", "servisto.org") or when the next word
 * starts with a small letter or a digit ("i.e. the", "do 14. marca").
 */
export function splitSentences(text: string, abbreviations: ReadonlySet<string>): Sentence[] {
  const sentences: Sentence[] = [];
  const push = (from: number, to: number) => {
    let start = from;
    let end = to;
    while (start < end && SPACE.test(text.charAt(start))) start++;
    while (end > start && SPACE.test(text.charAt(end - 1))) end--;
    if (end > start) sentences.push({ start, end, text: text.slice(start, end) });
  };
  const boundary = /[.!?…]+|\n/gu;
  let segmentStart = 0;
  for (let m = boundary.exec(text); m; m = boundary.exec(text)) {
    if (m[0] === '\n') {
      push(segmentStart, m.index);
      segmentStart = m.index + 1;
      continue;
    }
    let after = m.index + m[0].length;
    while (after < text.length && CLOSERS.test(text.charAt(after))) after++;
    if (after < text.length && !SPACE.test(text.charAt(after))) continue;
    if (m[0] === '.') {
      let next = after;
      while (next < text.length && (text.charAt(next) === ' ' || text.charAt(next) === '\t' || text.charAt(next) === '\u00A0')) next++;
      if (next < text.length && LOWER_OR_DIGIT.test(text.charAt(next))) continue;
      let wordStart = m.index;
      while (wordStart > 0 && !SPACE.test(text.charAt(wordStart - 1))) wordStart--;
      if (abbreviations.has(text.slice(wordStart, m.index + 1).toLowerCase())) continue;
    }
    push(segmentStart, after);
    segmentStart = after;
  }
  push(segmentStart, text.length);
  return sentences;
}

const WORD_EDGE = '[\\p{L}\\p{N}\\p{M}]';
const GAP = '\\s+(?:[^\\s.!?,;:()]+\\s+){0,3}';
const LETTERS = '[\\p{L}\\p{M}]*';
const compiled = new Map<LexiconPattern, RegExp>();

/** Compiles a lexicon pattern (see `LexiconPattern`) to a global, Unicode, case-insensitive RegExp. */
export function compilePattern(pattern: LexiconPattern): RegExp {
  const cached = compiled.get(pattern);
  if (cached) return cached;
  let source = '';
  const p = pattern.trim();
  let afterEscape = false;
  for (let i = 0; i < p.length; i++) {
    const ch = p.charAt(i);
    const escaped = afterEscape;
    afterEscape = false;
    if (p.startsWith(' ~ ', i)) {
      source += GAP;
      i += 2;
    } else if (ch === '\\') {
      source += p.slice(i, i + 2);
      i += 1;
      afterEscape = true;
    } else if (ch === '*' && escaped) {
      // `\s*`, `\d*`: a quantifier on an escape, as in a regular expression.
      source += ch;
    } else if (ch === '*') {
      const previous = p.charAt(i - 1);
      if (previous === '}' || previous === ']' || previous === '*') {
        throw new Error(`Lexicon pattern "${pattern}": write * inside a word ("stem*", "*suffix"), not after ${previous}`);
      }
      source += LETTERS;
    } else if (ch === ' ') {
      while (p.charAt(i + 1) === ' ') i++;
      if (p.charAt(i + 1) === '?') {
        // "web ?page": the space is optional.
        source += '\\s*';
        i++;
      } else {
        source += '\\s+';
      }
    } else if (ch === "'") {
      source += "['’]";
    } else {
      source += ch;
    }
  }
  const regex = new RegExp(`(?<!${WORD_EDGE})(?:${source})(?!${WORD_EDGE})`, 'giu');
  compiled.set(pattern, regex);
  return regex;
}

/** All non-empty matches of a pattern in a string, as [start, end) pairs relative to the string. */
export function matchAll(pattern: LexiconPattern, text: string): Array<[number, number]> {
  const regex = compilePattern(pattern);
  const out: Array<[number, number]> = [];
  regex.lastIndex = 0;
  for (let m = regex.exec(text); m; m = regex.exec(text)) {
    if (m[0].length === 0) {
      regex.lastIndex++;
      continue;
    }
    out.push([m.index, m.index + m[0].length]);
  }
  return out;
}

/** True when any of the patterns occurs in the text. */
export function containsAny(patterns: readonly LexiconPattern[], text: string): boolean {
  return patterns.some((pattern) => matchAll(pattern, text).length > 0);
}

/** Words (letter/digit runs) in a text. */
export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
}
