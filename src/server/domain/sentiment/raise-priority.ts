import type { Db } from '../shared/types.js';
import type { Actor } from '../shared/actor.js';
import type { ConversationRow } from '../presenters.js';
import { recordEvent } from '../events/record-event.js';
import type { Sentiment } from './analyze-sentiment.js';

/**
 * An upset customer is not left in the normal queue: a customer message the sentiment analysis reads as upset
 * raises a low or normal conversation to high (never lowers one). Runs inside the message's transaction; the
 * caller's row is updated in place so later hooks (SLA policy matching) see the new priority.
 */
export async function raisePriorityIfUpset(trx: Db, actor: Actor, conversation: ConversationRow, sentiment: Sentiment): Promise<boolean> {
  if (conversation.priority !== 'low' && conversation.priority !== 'normal') return false;
  if (!sentiment.upset) return false;
  const before = conversation.priority;
  await trx.updateTable('conversations').set({ priority: 'high' }).where('account_id', '=', conversation.account_id).where('id', '=', conversation.id).execute();
  conversation.priority = 'high';
  await recordEvent(trx, actor, {
    type: 'conversation.updated',
    conversationId: conversation.id,
    customerId: conversation.customer_id,
    data: { changes: { priority: [before, 'high'] }, cause: 'customer_upset', sentiment: Math.round(sentiment.score * 1000) / 1000 },
    publish: { changes: { priority: 'high' } },
  });
  return true;
}
