import { findingAt } from './context.js';
import { countWords } from './text.js';
import type { CoachContext, CoachRuleChecker } from './types.js';

/**
 * Robotism: demanding an identifier ("account number?") before any human word. Asking is fine after an
 * acknowledgement ("I'm sorry your parcel is late. Could you send me the order number so that I can find
 * it?"). Only sentences that ask for something count, and an identifier followed by its value ("order number
 * 1234 has shipped") is stated, not demanded.
 */
export const robotismChecker: CoachRuleChecker = {
  rule: 'robotism',
  kind: 'lexicon',
  check(context) {
    const { robotism } = context.lexicon;
    const firstAcknowledgement = context.find(context.lexicon.acknowledgements)[0];
    const demand = context
      .find(robotism.identifiers)
      .find((hit) => !isStated(context, hit.end) && isRequest(context, hit.sentence));
    if (!demand) return [];
    if (firstAcknowledgement && firstAcknowledgement.end <= demand.start) return [];
    const reasoned = context.findInSentence(robotism.reasons, demand.sentence).length > 0;
    return [
      findingAt(
        context,
        'robotism',
        demand,
        'robotism.message',
        reasoned ? 'robotism.suggestion' : 'robotism.suggestion_with_reason',
      ),
    ];
  },
};

/** "Order number: 12345", "your order number 1234 has shipped": the identifier is given, not demanded. */
function isStated(context: CoachContext, end: number): boolean {
  return /^\s*(?:[:#]|no\.?|nr\.?|№)?\s*[#№]?\s*\p{N}/iu.test(context.text.slice(end, end + 12));
}

function isRequest(context: CoachContext, index: number): boolean {
  const sentence = context.sentences[index];
  if (!sentence) return false;
  if (sentence.text.includes('?') || sentence.text.endsWith(':') || countWords(sentence.text) <= 4) return true;
  if (context.findInSentence(context.lexicon.robotism.requests, index).length > 0) return true;
  return isBareList(context, index);
}

/** "Account number and date of birth." – a sentence of identifiers and at most a few small words is a demand. */
function isBareList(context: CoachContext, index: number): boolean {
  const sentence = context.sentences[index];
  if (!sentence) return false;
  let rest = '';
  let at = sentence.start;
  for (const hit of context.findInSentence(context.lexicon.robotism.identifiers, index)) {
    rest += `${context.text.slice(at, hit.start)} `;
    at = hit.end;
  }
  rest += context.text.slice(at, sentence.end);
  return countWords(rest) <= 3;
}
