import type { Channel, DetectedLanguage } from '../../db/schema.js';
import type { Db } from '../shared/types.js';
import { systemActor } from '../shared/actor.js';
import { appendMessage } from './message-append.js';
import { newMessageId, queueEmailDelivery } from '../../channels/email/outbound-mailer.js';
import type { ServiceClock } from '../sla/sla-engine.js';

/**
 * A message Servisto writes to the customer on its own (delay notice, transfer notice, recovery check-in): stored
 * in the conversation as the system's, never counted as a response, and mailed through the outbox in the same
 * transaction when it goes by email. Not an acknowledgement: the mailer sends it as a reply in the thread.
 */
export async function sendSystemMessage(
  trx: Db,
  svc: ServiceClock,
  input: { accountId: string; conversationId: string; channel: Channel; viaEmail: boolean; body: string; language: DetectedLanguage },
): Promise<{ messageId: string }> {
  const viaEmail = input.viaEmail && svc.jobs !== undefined;
  const { message } = await appendMessage(trx, systemActor(input.accountId), {
    conversationId: input.conversationId,
    direction: 'outbound',
    type: 'message',
    channel: input.channel,
    authorType: 'system',
    authorUserId: null,
    customerId: null,
    body: input.body,
    bodyFull: input.body,
    html: null,
    language: input.language,
    attachments: [],
    externalId: viaEmail ? await newMessageId(trx, input.accountId, svc.mailDomain ?? 'servisto.local') : null,
    deliveryStatus: viaEmail ? 'queued' : null,
    serviceClock: svc,
  });
  if (viaEmail) await queueEmailDelivery(trx, svc.jobs!, { accountId: input.accountId, messageId: message.id });
  return { messageId: message.id };
}
