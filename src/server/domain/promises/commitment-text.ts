/**
 * Text plumbing of the commitment extractor: lexicon patterns to regular expressions, normalisation with a map
 * back to the agent's offsets, and sentence splitting. Pure; nothing here knows a word of any language.
 */
import type { CommitmentPattern } from './commitment-lexicons/types.js';

export interface Span {
  start: number;
  end: number;
}

const WORD_CHAR = '[\\p{L}\\p{N}\\p{M}]';
const LETTERS = '[\\p{L}\\p{M}]*';

/**
 * Compiles a lexicon pattern (see `CommitmentPattern`) to a regular-expression source, without the word
 * boundaries. Placeholders are replaced by the given sources verbatim.
 */
export function patternSource(pattern: CommitmentPattern, placeholders: Readonly<Record<string, string>> = {}): string {
  let source = '';
  const p = pattern.trim();
  let afterEscape = false;
  for (let i = 0; i < p.length; i++) {
    const ch = p.charAt(i);
    const escaped = afterEscape;
    afterEscape = false;
    if (ch === '\\') {
      source += p.slice(i, i + 2);
      i += 1;
      afterEscape = true;
      // `\p{L}`, `\u{…}`: copy the braces too, they are not a placeholder.
      if (p.charAt(i + 1) === '{' && /[pPu]/.test(p.charAt(i))) {
        const close = p.indexOf('}', i + 1);
        source += p.slice(i + 1, close + 1);
        i = close;
      }
    } else if (ch === '*' && escaped) {
      // `\s*`, `\p{L}*`: a quantifier on an escape, as in a regular expression.
      source += ch;
    } else if (ch === '{') {
      const close = p.indexOf('}', i);
      const name = p.slice(i + 1, close);
      const value = placeholders[name];
      if (value !== undefined) source += value;
      else if (/^\d+(?:,\d*)?$/.test(name)) source += `{${name}}`;
      else throw new Error(`Commitment pattern "${pattern}": unknown placeholder {${name}}`);
      i = close;
    } else if (ch === '*') {
      const previous = p.charAt(i - 1);
      if (previous === '}' || previous === ']' || previous === '*' || previous === '') {
        throw new Error(`Commitment pattern "${pattern}": write * inside a word ("stem*"), not after "${previous}"`);
      }
      source += LETTERS;
    } else if (ch === ' ') {
      while (p.charAt(i + 1) === ' ') i++;
      if (p.charAt(i + 1) === '?') {
        source += '\\s*';
        i++;
      } else {
        source += '\\s+';
      }
    } else {
      source += ch;
    }
  }
  return source;
}

/** Whole-word matching: the pattern neither starts nor ends inside a word. */
export function wholeWords(source: string): string {
  return `(?<!${WORD_CHAR})(?:${source})(?!${WORD_CHAR})`;
}

/** One global regular expression for a list of patterns without capture groups (null for an empty list). */
export function compileAny(patterns: readonly CommitmentPattern[], placeholders: Readonly<Record<string, string>> = {}): RegExp | null {
  if (patterns.length === 0) return null;
  const alternatives = patterns.map((p) => `(?:${patternSource(p, placeholders)})`).join('|');
  return new RegExp(wholeWords(alternatives), 'giu');
}

/** Anchored, whole-string test of one pattern: which month or weekday did a match name? */
export function compileExact(pattern: CommitmentPattern): RegExp {
  return new RegExp(`^(?:${patternSource(pattern)})$`, 'iu');
}

export function findSpans(regex: RegExp | null, text: string): Span[] {
  if (!regex) return [];
  const spans: Span[] = [];
  regex.lastIndex = 0;
  for (let m = regex.exec(text); m; m = regex.exec(text)) {
    if (m[0].length === 0) {
      regex.lastIndex++;
      continue;
    }
    spans.push({ start: m.index, end: m.index + m[0].length });
  }
  return spans;
}

/** A text prepared for matching, with a map from its offsets back to the agent's text. */
export interface PreparedText {
  search: string;
  toOriginal(index: number): number;
}

const CLUSTER = /\P{M}\p{M}*|\p{M}+/suy;
const APOSTROPHES = /[’‘ʼ]/g;

/**
 * NFC-normalises the text (a draft pasted from macOS may be decomposed, which would defeat `ą` or `ĉ` in the
 * lexicons) and folds typographic apostrophes, keeping a map back so offsets point at what the agent typed.
 */
export function prepareText(original: string): PreparedText {
  if (original === original.normalize('NFC')) {
    // Folding apostrophes keeps the length: offsets are the agent's own.
    return { search: original.replace(APOSTROPHES, "'"), toOriginal: (index) => index };
  }
  let search = '';
  const map: number[] = [];
  let i = 0;
  while (i < original.length) {
    CLUSTER.lastIndex = i;
    const cluster = CLUSTER.exec(original)?.[0] ?? original.charAt(i);
    const composed = cluster.normalize('NFC');
    for (let k = 0; k < composed.length; k++) map.push(i);
    search += composed;
    i += cluster.length;
  }
  return {
    search: search.replace(APOSTROPHES, "'"),
    toOriginal: (index) => (index >= map.length ? original.length : (map[index] ?? original.length)),
  };
}

const CLOSERS = /["'”’»)\]]/u;
const SPACE = /\s/u;
const LOWER_OR_DIGIT = /[\p{Ll}\p{N}]/u;
const ENDS_MID_SENTENCE = /[\p{L}\p{N})]$/u;
const STARTS_MID_SENTENCE = /^[\p{Ll}\p{N}]/u;

/**
 * Splits a reply into sentences. Lines are sentences of their own ("Hi Anna,"), except that a line wrapped in
 * the middle of a sentence (it ends in a word and the next starts in lower case) is joined with the next one.
 * Quoted lines (`> …`, the customer's words) are left out. A dot does not end a sentence inside a token
 * ("15.30", "servisto.org"), before a small letter or a digit ("kl. 15", "3. decembra") or after a known
 * abbreviation.
 */
export function splitSentences(text: string, abbreviations: ReadonlySet<string>): Span[] {
  const blocks: Span[] = [];
  let lineStart = 0;
  let open: Span | null = null;
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    const line = text.slice(lineStart, lineEnd).trim();
    if (line.startsWith('>') || line === '') {
      if (open) blocks.push(open);
      open = null;
    } else if (open && ENDS_MID_SENTENCE.test(text.slice(open.start, open.end).trimEnd()) && STARTS_MID_SENTENCE.test(line)) {
      open.end = lineEnd;
    } else {
      if (open) blocks.push(open);
      open = { start: lineStart, end: lineEnd };
    }
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  if (open) blocks.push(open);

  const sentences: Span[] = [];
  const push = (from: number, to: number) => {
    let start = from;
    let end = to;
    while (start < end && SPACE.test(text.charAt(start))) start++;
    while (end > start && SPACE.test(text.charAt(end - 1))) end--;
    if (end > start) sentences.push({ start, end });
  };
  const boundary = /[.!?…]+/gu;
  for (const block of blocks) {
    let segmentStart = block.start;
    boundary.lastIndex = block.start;
    for (let m = boundary.exec(text); m && m.index < block.end; m = boundary.exec(text)) {
      let after = m.index + m[0].length;
      while (after < block.end && CLOSERS.test(text.charAt(after))) after++;
      if (after < block.end && !SPACE.test(text.charAt(after))) continue;
      if (m[0] === '.') {
        let next = after;
        while (next < block.end && SPACE.test(text.charAt(next))) next++;
        if (next < block.end && LOWER_OR_DIGIT.test(text.charAt(next))) continue;
        let wordStart = m.index;
        while (wordStart > block.start && !SPACE.test(text.charAt(wordStart - 1))) wordStart--;
        if (abbreviations.has(text.slice(wordStart, m.index + 1).toLowerCase())) continue;
      }
      push(segmentStart, Math.min(after, block.end));
      segmentStart = after;
    }
    push(segmentStart, block.end);
  }
  return sentences;
}
