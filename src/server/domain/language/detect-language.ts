import { francAll } from 'franc';
import type { DetectedLanguage, Language } from '../../db/schema.js';
import { fold, FUNCTION_WORDS, LATIN_LANGUAGES, MARKER_LETTERS, MARKER_SPELLINGS, type LatinLanguage } from './language-signals.js';

const ISO3_TO_OURS: Record<string, LatinLanguage> = {
  eng: 'en',
  swe: 'sv',
  pol: 'pl',
  slv: 'sl',
  epo: 'eo',
};
// Bulgarian is decided by script before franc runs, so franc only chooses among the Latin-script languages.
const ONLY = Object.keys(ISO3_TO_OURS);

export interface LanguageGuess {
  language: DetectedLanguage;
  confidence: number;
}

export interface DetectLanguageOptions {
  /**
   * What we already know, e.g. the customer's stored language. It wins when the text is ambiguous (a short
   * "ok thanks", a message of names and numbers); clear evidence for another language still wins over it.
   */
  prior?: Language | null | undefined;
}

const CYRILLIC = /[\u0400-\u04FF]/gu;
const LETTERS = /\p{L}/gu;
const WORD = /\p{L}+(?:['’]\p{L}+)?/gu;
const NOISE = /(?:https?:\/\/|www\.)\S+|\S+@\S+\.\S+/giu;

/** Evidence a marker letter or spelling adds, per occurrence, and at most per text. */
const MARKER_WEIGHT = 1.5;
const MARKER_CAP = 4.5;
/** Franc's vote grows with the length of the text: it is poor below ~50 letters and good above ~150. */
const FRANC_WEIGHT_PER_LETTER = 1 / 40;
const FRANC_WEIGHT_MAX = 4;
/** The winner must lead by this much (about one unshared word) to be trusted without a prior. */
const MIN_MARGIN = 0.75;
/** A prior wins when its score is within this distance of the best. */
const PRIOR_TOLERANCE = 1;

interface WordIndex {
  exact: Map<string, LatinLanguage[]>;
  folded: Map<string, LatinLanguage[]>;
}

const WORDS: WordIndex = buildWordIndex();

function buildWordIndex(): WordIndex {
  const exact = new Map<string, LatinLanguage[]>();
  const folded = new Map<string, LatinLanguage[]>();
  const add = (map: Map<string, LatinLanguage[]>, word: string, language: LatinLanguage) => {
    const list = map.get(word) ?? [];
    if (!list.includes(language)) list.push(language);
    map.set(word, list);
  };
  for (const language of LATIN_LANGUAGES) {
    for (const word of FUNCTION_WORDS[language]) {
      add(exact, word, language);
      add(folded, fold(word), language);
    }
  }
  return { exact, folded };
}

/**
 * Guesses the language of a text among the six supported ones, reliably down to short messages (20–120
 * characters). Bulgarian is the only Cyrillic-script language we support, so script decides it. For Latin
 * script, four kinds of evidence are summed per language: franc's ranking (weighted by the text's length),
 * letters only one of our languages uses (ą ł → pl, ĉ ŭ → eo, å ä ö → sv, č š ž → sl), spellings typical of one
 * language (Polish rz/sz/cz, the Esperanto x-system and -ojn endings), and common short words (also typed
 * without diacritics). A prior (the customer's stored language) wins when the evidence is close; without one,
 * a close call is `und`.
 */
export function detectLanguage(text: string, options: DetectLanguageOptions = {}): LanguageGuess {
  const sample = text.slice(0, 4000).replace(NOISE, ' ');
  const letters = sample.match(LETTERS)?.length ?? 0;
  if (letters < 3) return { language: 'und', confidence: 0 };
  const cyrillic = sample.match(CYRILLIC)?.length ?? 0;
  if (cyrillic / letters > 0.5) return { language: 'bg', confidence: round(Math.min(1, 0.6 + letters / 100)) };

  const scores = latinScores(sample, letters);
  const ranked = [...LATIN_LANGUAGES].sort((a, b) => scores[b] - scores[a]);
  const best = ranked[0]!;
  const margin = scores[best] - scores[ranked[1]!];
  const prior = options.prior;

  if (prior && prior !== 'bg' && (prior === best ? margin < MIN_MARGIN : scores[prior] >= scores[best] - PRIOR_TOLERANCE)) {
    return { language: prior, confidence: round(0.5 + Math.min(0.3, scores[prior] / 20)) };
  }
  // Bulgarian typed in Latin letters ("zdraveite") has no evidence of its own: a Bulgarian customer keeps bg.
  if (prior === 'bg' && margin < MIN_MARGIN) return { language: 'bg', confidence: 0.5 };
  if (margin < MIN_MARGIN) return { language: 'und', confidence: round(Math.max(0, margin / (2 * MIN_MARGIN))) };
  return { language: best, confidence: round(Math.min(1, 0.5 + margin / 8)) };
}

function latinScores(sample: string, letters: number): Record<LatinLanguage, number> {
  const scores: Record<LatinLanguage, number> = { en: 0, sv: 0, pl: 0, sl: 0, eo: 0 };

  const francWeight = Math.min(FRANC_WEIGHT_MAX, letters * FRANC_WEIGHT_PER_LETTER);
  for (const [code, value] of francAll(sample, { only: ONLY, minLength: 3 })) {
    const language = ISO3_TO_OURS[code];
    if (language) scores[language] += francWeight * value;
  }

  const markers: Record<LatinLanguage, number> = { en: 0, sv: 0, pl: 0, sl: 0, eo: 0 };
  for (const [pattern, language] of [...MARKER_LETTERS, ...MARKER_SPELLINGS]) {
    markers[language] += (sample.match(pattern)?.length ?? 0) * MARKER_WEIGHT;
  }
  for (const language of LATIN_LANGUAGES) scores[language] += Math.min(MARKER_CAP, markers[language]);

  for (const match of sample.toLowerCase().matchAll(WORD)) {
    const word = match[0].replace('’', "'");
    const languages = WORDS.exact.get(word) ?? WORDS.folded.get(fold(word));
    if (!languages) continue;
    for (const language of languages) scores[language] += 1 / languages.length;
  }
  return scores;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
