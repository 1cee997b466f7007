import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Actor } from '../shared/actor.js';
import { appendMessage } from './message-append.js';
import { detectLanguage } from '../language/detect-language.js';
import { errors } from '../shared/errors.js';
import type { JobQueue } from '../../jobs/job-queue.js';
import { newMessageId, queueEmailDelivery } from '../../channels/email/outbound-mailer.js';
import { defaultServiceClock, type ServiceClock } from '../sla/sla-engine.js';
import { assertNoCrossingReply } from './reply-collision.js';
import { presentPromise, recordPromiseIn } from '../promises/promises.js';
import { recordCoachOutcomes } from '../coach/coach-outcomes.js';
import type { CoachRule } from '../coach/rules/types.js';

/** How replies on the email channel leave: queued in the same transaction, sent by the mailer job. */
export interface OutboundMail {
  jobs: JobQueue;
  mailDomain: string;
}

/**
 * An agent's (or integration's) reply or internal note. A reply goes out on the conversation's channel: the
 * message.sent event in the outbox is what the channel adapters (email outbox, chat) consume after commit.
 */
export async function postMessage(
  db: Kysely<Database>,
  actor: Actor,
  conversationId: string,
  input: {
    type: 'reply' | 'note';
    body: string;
    /** Promises this reply makes ("I will call you back tomorrow at 10"), recorded with it in one transaction. */
    promises?: Array<{ description: string; dueAt: Date; ownerId?: string | undefined }> | undefined;
    /** The last message seq the composer showed: a reply crossing another agent's reply since is refused (409)… */
    expectedLastSeq?: number | undefined;
    /** … unless the agent sends it anyway. */
    force?: boolean | undefined;
    /** The coach's rules the composer showed on drafts of this reply; absent when the sender never saw the coach. */
    coachShown?: CoachRule[] | undefined;
  },
  mail?: OutboundMail,
  svc: ServiceClock = defaultServiceClock,
) {
  const body = input.body.trim();
  if (body === '') throw errors.validation('body', 'must not be empty');
  return db.transaction().execute(async (trx) => {
    const checkCollision = input.type === 'reply' && input.expectedLastSeq !== undefined && !input.force;
    const conversation = await trx
      .selectFrom('conversations')
      .select(['id', 'channel', 'status', 'language'])
      .where('account_id', '=', actor.accountId)
      .where('id', '=', conversationId)
      .$if(checkCollision, (q) => q.forUpdate())
      .executeTakeFirst();
    if (!conversation) throw errors.notFound('Conversation');
    if (checkCollision) await assertNoCrossingReply(trx, actor, conversationId, input.expectedLastSeq!);
    if (conversation.status === 'closed' && input.type === 'reply') {
      throw errors.conflict('The conversation is closed; open a follow-up to write to the customer', { field: 'type' });
    }
    const detected = detectLanguage(body).language;
    const sendsEmail = input.type === 'reply' && conversation.channel === 'email' && mail !== undefined;
    const externalId = sendsEmail ? await newMessageId(trx, actor.accountId, mail.mailDomain) : null;
    const { presented, message } = await appendMessage(trx, actor, {
      conversationId,
      direction: 'outbound',
      type: input.type === 'note' ? 'note' : 'message',
      channel: conversation.channel,
      authorType: actor.type === 'user' ? 'user' : actor.type === 'api_token' ? 'api_token' : 'system',
      authorUserId: actor.userId,
      customerId: null,
      body,
      bodyFull: body,
      html: null,
      language: detected === 'und' ? conversation.language : detected,
      attachments: [],
      externalId,
      deliveryStatus: sendsEmail ? 'queued' : null,
      serviceClock: svc,
    });
    if (sendsEmail) await queueEmailDelivery(trx, mail.jobs, { accountId: actor.accountId, messageId: message.id });
    if (input.promises?.length && input.type !== 'reply') throw errors.validation('promises', 'only a reply to the customer makes promises');
    const promises = [];
    for (const [i, p] of (input.promises ?? []).entries()) {
      try {
        promises.push(presentPromise(await recordPromiseIn(trx, svc, actor, conversationId, { ...p, sourceMessageId: message.id })));
      } catch (error) {
        // Name the promise the problem is in: promises.1.dueAt, not dueAt.
        const e = error as { code?: string; details?: { fields?: Array<{ field: string; message: string }> } };
        const field = e.code === 'validation_failed' ? e.details?.fields?.[0] : undefined;
        if (field) throw errors.validation(`promises.${i}.${field.field}`, field.message);
        throw error;
      }
    }
    // Courtesy: what became of the coach's findings on this reply (accepted, ignored, unreviewed).
    if (input.type === 'reply' && actor.type !== 'system') {
      await recordCoachOutcomes(trx, actor, { messageId: message.id, conversationId, body, language: message.language, shown: input.coachShown });
    }
    return promises.length > 0 ? { ...presented, promises } : presented;
  });
}
