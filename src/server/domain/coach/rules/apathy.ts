import { findingAt } from './context.js';
import { containsAny, countWords } from './text.js';
import type { CoachContext, CoachRuleChecker } from './types.js';

/**
 * Replies shorter than this are confirmations ("Done, thanks!") and are not judged for apathy; a four-word
 * demand ("Order number and PESEL.") is.
 */
const MIN_WORDS = 4;

/**
 * Apathy: the customer describes a problem and the reply never acknowledges it (no sorry, no thanks, no "I
 * understand"). Needs the customer's message: without it we cannot know there was a problem. The finding
 * points at the reply's opening, where the acknowledgement belongs.
 */
export const apathyChecker: CoachRuleChecker = {
  rule: 'apathy',
  kind: 'lexicon',
  check(context) {
    const customerMessage = context.customerMessage;
    if (!customerMessage || countWords(context.text) < MIN_WORDS) return [];
    const problem = context.customerLexicons.some((lexicon) => containsAny(lexicon.apathy.problems, customerMessage));
    if (!problem || context.find(context.lexicon.acknowledgements).length > 0) return [];
    const opening = openingSentence(context);
    return opening ? [findingAt(context, 'apathy', opening, 'apathy.message', 'apathy.suggestion')] : [];
  },
};

/** The first sentence that is not just a salutation ("Hi Anna,"). */
function openingSentence(context: CoachContext) {
  const greetingOnly = (index: number) => {
    const sentence = context.sentences[index];
    if (!sentence || countWords(sentence.text) > 4) return false;
    return context.findInSentence(context.lexicon.greetings, index).some((hit) => hit.start === sentence.start);
  };
  const index = context.sentences.findIndex((_, i) => !greetingOnly(i));
  return context.sentences[index === -1 ? 0 : index];
}
