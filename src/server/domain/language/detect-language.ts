import { francAll } from 'franc';
import type { DetectedLanguage, Language } from '../../db/schema.js';

const ISO3_TO_OURS: Record<string, Language> = {
  eng: 'en',
  swe: 'sv',
  pol: 'pl',
  slv: 'sl',
  bul: 'bg',
  epo: 'eo',
};
const ONLY = Object.keys(ISO3_TO_OURS);

export interface LanguageGuess {
  language: DetectedLanguage;
  confidence: number;
}

const CYRILLIC = /[\u0400-\u04FF]/gu;
const LETTERS = /\p{L}/gu;
// Letters that occur in one of the supported Latin-script languages only.
const MARKERS: Array<[RegExp, Language]> = [
  [/[ąęłńśźż]/iu, 'pl'],
  [/[ĉĝĥĵŝŭ]/iu, 'eo'],
  [/[åäö]/iu, 'sv'],
  [/[čšž]/iu, 'sl'],
];

/**
 * Guesses the language of a text among the six supported ones. Bulgarian is the only Cyrillic-script
 * language we support, so script decides it; for short Latin texts language-specific letters back up
 * franc, which is unreliable below ~50 characters. Returns `und` when unsure.
 */
export function detectLanguage(text: string): LanguageGuess {
  const sample = text.slice(0, 4000);
  const letters = sample.match(LETTERS)?.length ?? 0;
  if (letters < 3) return { language: 'und', confidence: 0 };
  const cyrillic = sample.match(CYRILLIC)?.length ?? 0;
  if (cyrillic / letters > 0.5) return { language: 'bg', confidence: Math.min(1, 0.6 + letters / 100) };

  const ranked = francAll(sample, { only: ONLY, minLength: 3 });
  const [best, second] = ranked;
  if (!best || best[0] === 'und') return { language: 'und', confidence: 0 };
  const margin = best[1] - (second?.[1] ?? 0);
  let language: DetectedLanguage = ISO3_TO_OURS[best[0]] ?? 'und';
  let confidence = Math.max(0, Math.min(1, 0.5 * margin * 5 + Math.min(letters, 200) / 400));
  if (letters < 60) {
    const marked = MARKERS.find(([pattern]) => pattern.test(sample));
    if (marked && marked[1] !== language) {
      language = marked[1];
      confidence = 0.6;
    }
    if (!marked && confidence < 0.3) return { language: 'und', confidence };
  }
  return { language, confidence: Math.round(confidence * 100) / 100 };
}
