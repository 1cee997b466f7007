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
  const sentenceAt = (offset: number): number => {
    let lo = 0;
    let hi = init.sentences.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (init.sentences[mid]!.start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  /**
   * One regex run over the whole draft per pattern instead of one per sentence (a 2,000-character reply has ~40
   * sentences); a hit that crosses a sentence boundary sends that pattern back to per-sentence matching, and so
   * does a pattern anchored with `^`, so the result is the same as matching sentence by sentence.
   */
  const find = (patterns: readonly LexiconPattern[]): Hit[] => {
    const hits: Hit[] = [];
    for (const pattern of patterns) {
      const whole = /(?<!\\)\^/u.test(pattern) ? null : matchAll(pattern, init.text);
      const within = whole?.every(([start, end]) => {
        const sentence = init.sentences[sentenceAt(start)];
        return sentence !== undefined && start >= sentence.start && end <= sentence.end;
      });
      if (whole && within) {
        for (const [start, end] of whole) hits.push({ start, end, sentence: sentenceAt(start) });
        continue;
      }
      init.sentences.forEach((sentence, index) => {
        for (const [start, end] of matchAll(pattern, sentence.text)) {
          hits.push({ start: sentence.start + start, end: sentence.start + end, sentence: index });
        }
      });
    }
    return withoutOverlaps(hits);
  };
  return { ...init, findInSentence, find };
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
