import type { Language } from '../../db/schema.js';
import { bg } from './lexicons/bg.js';
import { en } from './lexicons/en.js';
import { eo } from './lexicons/eo.js';
import { pl } from './lexicons/pl.js';
import { sl } from './lexicons/sl.js';
import { sv } from './lexicons/sv.js';
import type { SentimentLexicon, SentimentTerm } from './types.js';

export type { SentimentLexicon } from './types.js';

export interface Sentiment {
  /** -1 (very negative) … 1 (very positive). */
  score: number;
  label: 'negative' | 'neutral' | 'positive';
  /** Clearly upset: negative and strong (anger words, shouting, several exclamation marks, or a low score). */
  upset: boolean;
}

/** One lexicon per supported language: adding a language is adding its data file here. */
export const SENTIMENT_LEXICONS: Readonly<Record<Language, SentimentLexicon>> = { en, sv, pl, sl, bg, eo };

/** Scores above / below ±LABEL_THRESHOLD are positive / negative: one "thanks" alone stays neutral. */
const LABEL_THRESHOLD = 0.3;
const UPSET_SCORE = -0.6;
/** How far back (in words, within a clause) a negation or an intensifier reaches. */
const NEGATION_WINDOW = 3;
const INTENSIFIER_WINDOW = 2;
const NEGATED = -0.75;
const INTENSIFIED = 1.5;
const DIMINISHED = 0.5;
const SHOUTED_WORD = 1.5;
/** Normalisation of the summed valence into -1…1 (as in VADER: s / sqrt(s² + α)). */
const ALPHA = 15;

type WordMatcher = (word: string) => boolean;

interface CompiledLexicon {
  lexicon: SentimentLexicon;
  /** Longest first, so "not working" wins over "working" and "good morning" over "good". */
  terms: Array<{ words: WordMatcher[]; valence: number }>;
  negations: WordMatcher[][];
  intensifiers: WordMatcher[][];
  diminishers: WordMatcher[][];
  contrasts: WordMatcher[][];
}

interface Token {
  text: string;
  lower: string;
  /** A word (not punctuation). */
  word: boolean;
}

const TOKEN = /\p{L}+(?:['’]\p{L}+)*|[.,;:!?]/gu;
const compiledCache = new Map<Language, CompiledLexicon>();

/**
 * Customer sentiment from the words of one message: a lexicon of valences per language, negation ("not happy"),
 * intensifiers ("very"), diminishers ("a bit"), contrast ("thanks, but…" weighs the part after "but"),
 * shouted words and exclamation marks. Pure and synchronous; unknown languages are read with the English data.
 */
export function analyzeSentiment(text: string, language: Language | 'und'): Sentiment {
  const compiled = compile(language === 'und' ? 'en' : language);
  const normalized = applyVariants(text.slice(0, 10_000).normalize('NFC'), compiled.lexicon.spellingVariants);
  const tokens: Token[] = [...normalized.matchAll(TOKEN)].map((m) => ({
    text: m[0],
    lower: m[0].toLowerCase().replace('’', "'"),
    word: /\p{L}/u.test(m[0]),
  }));

  const consumed = new Array<boolean>(tokens.length).fill(false);
  const hits: Array<{ at: number; valence: number; strong: boolean }> = [];
  let lastContrast = -1;
  for (let i = 0; i < tokens.length; ) {
    const term = compiled.terms.find((t) => matchesAt(tokens, i, t.words));
    if (term) {
      const length = term.words.length;
      for (let k = i; k < i + length; k++) consumed[k] = true;
      if (term.valence !== 0) hits.push({ at: i, valence: weigh(compiled, tokens, consumed, i, length, term.valence), strong: term.valence <= -3 });
      i += length;
      continue;
    }
    const contrast = compiled.contrasts.find((c) => matchesAt(tokens, i, c));
    if (contrast) lastContrast = i;
    i += 1;
  }

  let sum = 0;
  let strongNegative = false;
  for (const hit of hits) {
    const contrastWeight = lastContrast < 0 ? 1 : hit.at < lastContrast ? 0.5 : 1.5;
    sum += hit.valence * contrastWeight;
    if (hit.strong && hit.valence < 0) strongNegative = true;
  }

  const exclamations = Math.min(4, (normalized.match(/!/g) ?? []).length);
  const shouting = isShouting(normalized);
  if (sum !== 0) sum *= 1 + 0.1 * exclamations;
  if (shouting) sum = sum > 0 ? sum * 1.3 : sum - 1.5;

  const score = Math.round((sum / Math.sqrt(sum * sum + ALPHA)) * 1000) / 1000;
  const label = score <= -LABEL_THRESHOLD ? 'negative' : score >= LABEL_THRESHOLD ? 'positive' : 'neutral';
  const upset = label === 'negative' && (score <= UPSET_SCORE || shouting || exclamations >= 2 || strongNegative);
  return { score: Object.is(score, -0) ? 0 : score, label, upset };
}

/** A term's valence after the negation, intensifier or diminisher before it and capitals in it. */
function weigh(compiled: CompiledLexicon, tokens: Token[], consumed: boolean[], at: number, length: number, valence: number): number {
  let value = valence;
  const before = wordsBefore(tokens, consumed, at, NEGATION_WINDOW);
  if (before.some((i) => compiled.negations.some((n) => matchesAt(tokens, i, n)))) value *= NEGATED;
  const near = wordsBefore(tokens, consumed, at, INTENSIFIER_WINDOW);
  if (near.some((i) => compiled.intensifiers.some((n) => matchesAt(tokens, i, n)))) value *= INTENSIFIED;
  else if (near.some((i) => compiled.diminishers.some((n) => matchesAt(tokens, i, n)))) value *= DIMINISHED;
  const shouted = tokens.slice(at, at + length).some((t) => t.word && t.text.length >= 3 && t.text === t.text.toUpperCase());
  return shouted ? value * SHOUTED_WORD : value;
}

/** Indices of up to `window` free words right before `at`, stopping at punctuation (a clause boundary). */
function wordsBefore(tokens: Token[], consumed: boolean[], at: number, window: number): number[] {
  const out: number[] = [];
  for (let i = at - 1; i >= 0 && out.length < window; i--) {
    const token = tokens[i]!;
    if (!token.word) break;
    if (consumed[i]) continue;
    // Multi-word modifiers ("a bit") start earlier: include every start position in the window.
    out.push(i);
  }
  return out;
}

function matchesAt(tokens: Token[], at: number, words: WordMatcher[]): boolean {
  for (let k = 0; k < words.length; k++) {
    const token = tokens[at + k];
    if (!token || !token.word || !words[k]!(token.lower)) return false;
  }
  return true;
}

/** A message written mostly in capitals is shouted. */
function isShouting(text: string): boolean {
  const letters = text.match(/\p{L}/gu) ?? [];
  if (letters.length < 8) return false;
  const capitals = letters.filter((l) => l !== l.toLowerCase()).length;
  return capitals / letters.length >= 0.6;
}

function compile(language: Language): CompiledLexicon {
  const cached = compiledCache.get(language);
  if (cached) return cached;
  const lexicon = SENTIMENT_LEXICONS[language];
  const phrase = (term: SentimentTerm) => term.toLowerCase().split(/\s+/u).filter(Boolean).map(wordMatcher);
  const compiled: CompiledLexicon = {
    lexicon,
    terms: Object.entries(lexicon.terms)
      .map(([term, valence]) => ({ words: phrase(term), valence }))
      .sort((a, b) => b.words.length - a.words.length),
    negations: lexicon.negations.map(phrase),
    intensifiers: lexicon.intensifiers.map(phrase),
    diminishers: lexicon.diminishers.map(phrase),
    contrasts: lexicon.contrasts.map(phrase),
  };
  compiledCache.set(language, compiled);
  return compiled;
}

function wordMatcher(pattern: string): WordMatcher {
  const word = pattern.replace('’', "'");
  const prefix = word.endsWith('*');
  const suffix = word.startsWith('*');
  const core = word.replace(/^\*|\*$/g, '');
  if (prefix && suffix) return (w) => w.includes(core);
  if (prefix) return (w) => w.startsWith(core);
  if (suffix) return (w) => w.endsWith(core);
  return (w) => w === core;
}

function applyVariants(text: string, variants: SentimentLexicon['spellingVariants']): string {
  if (!variants) return text;
  let out = text;
  for (const [from, to] of variants) {
    out = out.replace(new RegExp(from, 'gi'), (m) => (m.charAt(0) === m.charAt(0).toUpperCase() ? to.toUpperCase() : to));
  }
  return out;
}
