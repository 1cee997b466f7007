import { detectLanguage } from '../language/detect-language.js';
import { bg } from './lexicons/bg.js';
import { en } from './lexicons/en.js';
import { eo } from './lexicons/eo.js';
import { pl } from './lexicons/pl.js';
import { sl } from './lexicons/sl.js';
import { sv } from './lexicons/sv.js';
import { COACH_MESSAGES } from './messages/index.js';
import { createContext } from './rules/context.js';
import { DEFAULT_COACH_CHECKERS } from './rules/index.js';
import { renderCoachMessage, type CoachMessageCatalogue, type CoachMessageKey } from './rules/messages.js';
import { normalizeText, splitSentences } from './rules/text.js';
import { COACH_RULES, type CoachLanguage, type CoachLexicon, type CoachRule, type CoachRuleChecker } from './rules/types.js';

export type { CoachRule, CoachLanguage, CoachLexicon, CoachRuleChecker } from './rules/types.js';
export { COACH_RULES } from './rules/types.js';
export { COACH_MESSAGES_EN, type CoachMessageKey, type CoachMessageCatalogue } from './rules/messages.js';
export { COACH_MESSAGES } from './messages/index.js';

/** One lexicon per supported language: adding a language is adding its data file here. */
export const COACH_LEXICONS: Readonly<Record<CoachLanguage, CoachLexicon>> = { en, sv, pl, sl, bg, eo };

export interface ReviewDraftInput {
  draft: string;
  customerMessage?: string;
  language?: CoachLanguage;
}

export interface CoachFinding {
  rule: CoachRule;
  /** Rendered from `messageKey` in the agent's UI language (`ReviewDraftOptions.uiLanguage`). */
  message: string;
  /** UTF-16 offsets into the draft: `draft.slice(start, end)` is the offending phrase. */
  start: number;
  end: number;
  suggestion?: string;
  /** Keys and params of the texts, so a client can render them in the agent's UI language. */
  messageKey: CoachMessageKey;
  suggestionKey?: CoachMessageKey;
  params: Record<string, string>;
}

export interface DraftReview {
  language: CoachLanguage | 'und';
  findings: CoachFinding[];
}

export interface ReviewDraftOptions {
  /** Replace or extend the lexicon checkers, e.g. with a statistical model for one rule. */
  checkers?: readonly CoachRuleChecker[];
  /** The agent's UI language: findings' `message` and `suggestion` are rendered in it (default English). */
  uiLanguage?: CoachLanguage;
  /** Texts to render instead of the UI language's catalogue. */
  catalogue?: CoachMessageCatalogue;
}

/**
 * The reply coach: checks an agent's draft for the seven sins of service, "calm down" and promises without a
 * time, in the draft's language. Pure and synchronous; the draft is never changed.
 */
export function reviewDraft(input: ReviewDraftInput, options: ReviewDraftOptions = {}): DraftReview {
  const language = isCoachLanguage(input.language) ? input.language : detectLanguage(input.draft).language;
  const lexicon = COACH_LEXICONS[language === 'und' ? 'en' : language];
  if (input.draft.trim() === '') return { language, findings: [] };

  const normalized = normalizeText(input.draft, lexicon.spellingVariants);
  const customerMessage = input.customerMessage?.trim() ? input.customerMessage.normalize('NFC') : undefined;
  const context = createContext({
    text: normalized.text,
    sentences: splitSentences(normalized.text, new Set(lexicon.abbreviations)),
    lexicon,
    language,
    customerLexicons: customerLexicons(lexicon, customerMessage),
    ...(customerMessage === undefined ? {} : { customerMessage }),
  });

  const catalogue = options.catalogue ?? COACH_MESSAGES[isCoachLanguage(options.uiLanguage) ? options.uiLanguage : 'en'];
  const seen = new Set<string>();
  const findings: CoachFinding[] = [];
  for (const checker of options.checkers ?? DEFAULT_COACH_CHECKERS) {
    for (const raw of checker.check(context)) {
      const start = normalized.toOriginal(raw.start);
      const end = normalized.toOriginal(raw.end);
      const key = `${raw.rule}:${start}:${end}`;
      if (seen.has(key) || end <= start) continue;
      seen.add(key);
      const params = { ...raw.params, phrase: input.draft.slice(start, end) };
      findings.push({
        rule: raw.rule,
        message: renderCoachMessage(raw.messageKey, params, catalogue),
        start,
        end,
        ...(raw.suggestionKey
          ? { suggestion: renderCoachMessage(raw.suggestionKey, params, catalogue), suggestionKey: raw.suggestionKey }
          : {}),
        messageKey: raw.messageKey,
        params,
      });
    }
  }
  findings.sort((a, b) => a.start - b.start || COACH_RULES.indexOf(a.rule) - COACH_RULES.indexOf(b.rule));
  return { language, findings };
}

function isCoachLanguage(value: unknown): value is CoachLanguage {
  return typeof value === 'string' && Object.hasOwn(COACH_LEXICONS, value);
}

/** The customer may write in another language than the agent replies in: judge their message in both. */
function customerLexicons(draftLexicon: CoachLexicon, customerMessage: string | undefined): CoachLexicon[] {
  if (!customerMessage) return [draftLexicon];
  const detected = detectLanguage(customerMessage).language;
  return detected === 'und' || detected === draftLexicon.language
    ? [draftLexicon]
    : [draftLexicon, COACH_LEXICONS[detected]];
}
