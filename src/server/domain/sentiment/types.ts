import type { Language } from '../../db/schema.js';

/**
 * A term: one word or several words separated by spaces, matched case-insensitively on whole words. `*` at the
 * end of a word is any ending (`frustrat*`), at the start any first part of a compound (`*besviken`).
 */
export type SentimentTerm = string;

/**
 * What the sentiment analyser knows about one language. Adding a language is adding one object of this shape;
 * the analyser contains no words of any language.
 */
export interface SentimentLexicon {
  language: Language;
  /** Spelling normalisation before matching, e.g. Esperanto's x-system (`cx` → `ĉ`). */
  spellingVariants?: ReadonlyArray<readonly [from: string, to: string]>;
  /** Terms with their valence, -3 (furious) … +3 (delighted). A valence of 0 neutralises a phrase ("good morning"). */
  terms: Readonly<Record<SentimentTerm, number>>;
  /** "not", "never", "without": flip the valence of a term up to three words after them. */
  negations: readonly SentimentTerm[];
  /** "very", "really": strengthen the next term. */
  intensifiers: readonly SentimentTerm[];
  /** "a bit", "slightly": weaken the next term. */
  diminishers: readonly SentimentTerm[];
  /** "but", "however": what follows weighs more than what went before ("thanks, but it still doesn't work"). */
  contrasts: readonly SentimentTerm[];
}
