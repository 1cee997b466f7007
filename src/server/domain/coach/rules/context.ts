import { matchAll, type Sentence } from './text.js';
import type { CoachContext, CoachLanguage, CoachLexicon, Hit, LexiconPattern, RuleFinding } from './types.js';
import type { CoachMessageKey } from './messages.js';

export function createContext(init: {
  text: string;
  sentences: readonly Sentence[];
  lexicon: CoachLexicon;
  language: CoachLanguage | 'und';
  customerMessage?: string;
  customerLexicons: readonly CoachLexicon[];
}): CoachContext {
  const findInSentence = (patterns: readonly LexiconPattern[], index: number): Hit[] => {
    const sentence = init.sentences[index];
    if (!sentence) return [];
    const hits: Hit[] = [];
    for (const pattern of patterns) {
      for (const [start, end] of matchAll(pattern, sentence.text)) {
        hits.push({ start: sentence.start + start, end: sentence.start + end, sentence: index });
      }
    }
    return withoutOverlaps(hits);
  };
  return {
    ...init,
    findInSentence,
    find: (patterns) => init.sentences.flatMap((_, index) => findInSentence(patterns, index)),
  };
}

/** Sorts hits by position and drops the ones that overlap an earlier (or, at the same start, longer) hit. */
export function withoutOverlaps<T extends { start: number; end: number }>(hits: T[]): T[] {
  const sorted = [...hits].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: T[] = [];
  for (const hit of sorted) {
    const last = kept[kept.length - 1];
    if (last && hit.start < last.end) continue;
    kept.push(hit);
  }
  return kept;
}

/** A finding for the span of a hit, quoting the offending phrase in the message. */
export function findingAt(
  context: CoachContext,
  rule: RuleFinding['rule'],
  span: { start: number; end: number },
  messageKey: CoachMessageKey,
  suggestionKey?: CoachMessageKey,
  params: Record<string, string> = {},
): RuleFinding {
  return {
    rule,
    start: span.start,
    end: span.end,
    messageKey,
    ...(suggestionKey ? { suggestionKey } : {}),
    params: { phrase: context.text.slice(span.start, span.end), ...params },
  };
}
