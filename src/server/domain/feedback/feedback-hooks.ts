import type { DetectedLanguage } from '../../db/schema.js';
import type { Db } from '../shared/types.js';
import type { Actor } from '../shared/actor.js';
import { systemActor } from '../shared/actor.js';
import type { ConversationRow } from '../presenters.js';
import type { ServiceClock } from '../sla/sla-engine.js';
import { analyzeSentiment, type Sentiment } from '../sentiment/index.js';
import { loadFeedbackSettings } from './feedback-settings.js';
import { prepareSurvey } from './surveys.js';
import { openRecoveryCase } from './recovery-cases.js';
import { recordContact, recordFirstContact, refreshLifecycle } from './customer-lifecycle.js';

/**
 * Where feedback hooks into the conversation commands, inside their transactions: `updateConversation` (solved →
 * survey; the complaint tag → recovery case) and `appendMessage` for every customer message (contact for the
 * lifecycle, a new conversation for retention, sentiment for the at-risk trend and upset customers).
 */

/**
 * "Strongly negative": the analyser finds the customer upset and the score is at or below −0.75. A recovery case
 * is a heavy process (an owner, a due time, a gesture); an ordinary "my parcel still has not come" can read as
 * upset to the analyser and is answered in the conversation itself.
 */
export const STRONGLY_NEGATIVE_SCORE = -0.75;
export function isStronglyNegative(s: { score: number; upset: boolean }): boolean {
  return s.upset && s.score <= STRONGLY_NEGATIVE_SCORE;
}

const solvedNow = (before: ConversationRow, after: ConversationRow) =>
  before.status !== after.status && (after.status === 'solved' || (after.status === 'closed' && before.status !== 'solved'));

export async function feedbackOnConversationUpdated(trx: Db, svc: ServiceClock, actor: Actor, before: ConversationRow, after: ConversationRow): Promise<void> {
  if (solvedNow(before, after)) await prepareSurvey(trx, svc, after);
  const added = after.tags.filter((t) => !before.tags.includes(t));
  if (added.length > 0) {
    const settings = await loadFeedbackSettings(trx, after.account_id);
    if (added.includes(settings.complaint_tag)) {
      await openRecoveryCase(trx, svc, actor, { conversationId: after.id, reason: 'complaint', trigger: { tag: settings.complaint_tag } });
    }
  }
}

export async function feedbackOnCustomerMessage(
  trx: Db,
  svc: ServiceClock,
  conversation: ConversationRow,
  message: { id: string; body: string; language: DetectedLanguage; sentiment?: Sentiment | undefined },
  options: { newCustomer?: boolean | undefined } = {},
): Promise<void> {
  const accountId = conversation.account_id;
  const isNewConversation = conversation.message_count === 1;
  // A customer created in this transaction: no lifecycle row and no closed case that could have come back yet.
  if (options.newCustomer && isNewConversation) await recordFirstContact(trx, svc, accountId, conversation.customer_id);
  else await recordContact(trx, svc, accountId, conversation.customer_id, isNewConversation ? 'conversation' : 'message');
  const system = systemActor(accountId);

  if (isNewConversation) {
    if (conversation.status === 'solved' || conversation.status === 'closed') await prepareSurvey(trx, svc, conversation);
    if (conversation.tags.length > 0) {
      const settings = await loadFeedbackSettings(trx, accountId);
      if (conversation.tags.includes(settings.complaint_tag)) {
        await openRecoveryCase(trx, svc, system, { conversationId: conversation.id, reason: 'complaint', trigger: { tag: settings.complaint_tag } });
      }
    }
  }

  const sentiment = message.sentiment ?? analyzeSentiment(message.body, message.language);
  if (sentiment.label !== 'negative') return;
  await trx
    .insertInto('customer_signals')
    .values({
      account_id: accountId,
      customer_id: conversation.customer_id,
      conversation_id: conversation.id,
      message_id: message.id,
      kind: 'negative_message',
      score: sentiment.score,
      upset: sentiment.upset,
      at: svc.clock.now(),
    })
    .execute();
  if (isStronglyNegative(sentiment)) {
    const settings = await loadFeedbackSettings(trx, accountId);
    if (settings.negative_message_cases) {
      await openRecoveryCase(trx, svc, system, {
        conversationId: conversation.id,
        reason: 'negative_message',
        trigger: { messageId: message.id, sentiment: Math.round(sentiment.score * 100) / 100 },
      });
      return;
    }
  }
  await refreshLifecycle(trx, svc, accountId, conversation.customer_id);
}
