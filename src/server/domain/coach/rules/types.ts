import type { Language } from '../../../db/schema.js';
import type { CoachMessageKey } from './messages.js';
import type { Sentence } from './text.js';

/** The seven sins of service plus the two habits the coach also guards (see PRINCIPLES.md). */
export const COACH_RULES = [
  'runaround',
  'brush_off',
  'condescension',
  'robotism',
  'coldness',
  'apathy',
  'rulebook',
  'calm_down',
  'no_timeline',
] as const;
export type CoachRule = (typeof COACH_RULES)[number];

export type CoachLanguage = Language;

/**
 * A lexicon pattern, written for people who know the language rather than regular expressions:
 * - it matches whole words only, case-insensitively, and never across a sentence boundary;
 * - a space matches any run of white space; `'` matches a straight or a typographic apostrophe;
 * - `*` is any run of letters inside a word: a stem (`zamówieni*`, `(?:formulär|blankett)*`) or the first
 *   part of a compound (`*avdelning*` matches `ekonomiavdelningen`);
 * - a space followed by `?` is an optional space (`web ?page`);
 * - ` ~ ` allows up to three other words in between (`find ~ on our website`);
 * - `^` anchors to the start of a sentence;
 * - everything else is a JavaScript regular expression fragment: `(?:a|b)` for alternatives, `?` for an
 *   optional part, `\p{L}+` for any one word, `\d` for a digit. Never `\p{L}*` (write `*`).
 */
export type LexiconPattern = string;

export interface JargonEntry {
  /** The internal term as it appears in drafts. */
  term: LexiconPattern;
  /** A plain alternative in the lexicon's language, shown in the suggestion. */
  plain: string;
}

/**
 * Everything the rule engine needs to know about one language. Adding a language is adding one object of
 * this shape; the rules never contain words of any language.
 */
export interface CoachLexicon {
  language: CoachLanguage;
  /** Optional spelling normalisation before matching, e.g. Esperanto's x-system (`cx` → `ĉ`). */
  spellingVariants?: ReadonlyArray<readonly [from: string, to: string]>;
  /** Lower-case abbreviations ending in a dot that do not end a sentence (`e.g.`, `t.ex.`, `np.`). */
  abbreviations: readonly string[];
  /** Salutations; a short first sentence that starts with one is not the reply's opening. */
  greetings: readonly LexiconPattern[];
  /** Sorry, thanks, I understand, that must be frustrating, happy to help… (robotism and apathy). */
  acknowledgements: readonly LexiconPattern[];
  runaround: {
    /** Sending the customer to look it up or to a form: "see our website", "fill in the form". */
    referrals: readonly LexiconPattern[];
    /** Asking the customer to come back: "call again later", "try again later". */
    comeBack: readonly LexiconPattern[];
    /** The agent has already solved or answered: "I have refunded", "is now fixed", "here is". */
    resolved: readonly LexiconPattern[];
  };
  brushOff: {
    phrases: readonly LexiconPattern[];
    /** The agent hands over personally: "I have forwarded your case", "my colleague will call you". */
    warmHandovers: readonly LexiconPattern[];
  };
  condescension: {
    jargon: readonly JargonEntry[];
    /** Acronyms every customer of this language knows (national ID numbers, tax names…). */
    commonAcronyms: readonly string[];
    /** "which means", "i.e.", "that is": an explanation right after the term. */
    explanations: readonly LexiconPattern[];
  };
  robotism: {
    /** "account number", "order number", "date of birth"… */
    identifiers: readonly LexiconPattern[];
    /** "please", "could you", "send me": the sentence asks the customer for something. */
    requests: readonly LexiconPattern[];
    /** "so that I can", "because": the agent says why the identifier is needed. */
    reasons: readonly LexiconPattern[];
  };
  coldness: { phrases: readonly LexiconPattern[] };
  apathy: {
    /** Signs that the customer's message describes a problem: "not working", "still waiting"… */
    problems: readonly LexiconPattern[];
  };
  rulebook: {
    /** Refusals that hide behind rules on their own: "it is against our policy", "no exceptions". */
    refusals: readonly LexiconPattern[];
    /** "according to our policy": a refusal only together with a negation in the same sentence. */
    policyMentions: readonly LexiconPattern[];
    /** "not", "cannot", "only"… */
    negations: readonly LexiconPattern[];
    /** "but I can offer", "instead", "would you like": an alternative is offered. */
    alternatives: readonly LexiconPattern[];
  };
  calmDown: { phrases: readonly LexiconPattern[] };
  noTimeline: {
    /** "we'll look into it", "I'll get back to you". */
    promises: readonly LexiconPattern[];
    /** "tomorrow", "by Thursday", "within 2 hours" (clock times and dates are universal). */
    times: readonly LexiconPattern[];
    /** "the next step is", "I have asked the warehouse", "as soon as they reply". */
    nextSteps: readonly LexiconPattern[];
    /** "if", "that way": earlier in the sentence, they make a promise conditional ("if you send it, I'll check"). */
    conditions: readonly LexiconPattern[];
  };
}

/** One pattern hit, in offsets of the normalised draft (`CoachContext.text`). */
export interface Hit {
  start: number;
  end: number;
  sentence: number;
}

/** What a checker sees: the normalised draft, its sentences and the lexicons that apply. */
export interface CoachContext {
  /** The draft after Unicode (NFC) and spelling normalisation; offsets in findings refer to this text. */
  readonly text: string;
  readonly sentences: readonly Sentence[];
  /** Lexicon of the draft's language (English when the language is undetermined). */
  readonly lexicon: CoachLexicon;
  readonly language: CoachLanguage | 'und';
  /** The customer's message, NFC-normalised, when given. */
  readonly customerMessage?: string;
  /** Lexicons that apply to the customer's message (its detected language and the draft's). */
  readonly customerLexicons: readonly CoachLexicon[];
  /** All hits of the patterns in the draft, in text order, without overlaps. */
  find(patterns: readonly LexiconPattern[]): Hit[];
  /** Hits of the patterns inside one sentence. */
  findInSentence(patterns: readonly LexiconPattern[], sentence: number): Hit[];
}

/** A finding before it is mapped back to the original draft and its texts are rendered. */
export interface RuleFinding {
  rule: CoachRule;
  start: number;
  end: number;
  messageKey: CoachMessageKey;
  suggestionKey?: CoachMessageKey;
  params?: Record<string, string>;
}

/**
 * One rule's check. The checkers in this folder apply lexicons; a statistical model can implement the same
 * interface (kind 'model') to replace a rule or to back it up.
 */
export interface CoachRuleChecker {
  readonly rule: CoachRule;
  readonly kind: 'lexicon' | 'model';
  check(context: CoachContext): RuleFinding[];
}
