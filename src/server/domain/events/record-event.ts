import type { Db } from '../shared/types.js';
import type { Actor } from '../shared/actor.js';

export interface NewEvent {
  type: `${string}.${string}`;
  conversationId?: string | null;
  customerId?: string | null;
  /** What changed; stored in the append-only log. */
  data: Record<string, unknown>;
  /**
   * What subscribers receive after commit (WebSocket, and later webhooks and jobs). Omit to log without publishing.
   */
  publish?: Record<string, unknown>;
}

/**
 * Appends to the event log and, in the same transaction, to the outbox. Call it inside the transaction that
 * makes the change: if the change rolls back, so do the event and its delivery.
 */
export async function recordEvent(trx: Db, actor: Actor, event: NewEvent): Promise<number> {
  const row = await trx
    .insertInto('events')
    .values({
      account_id: actor.accountId,
      type: event.type,
      actor_type: actor.type,
      actor_id: actor.id,
      conversation_id: event.conversationId ?? null,
      customer_id: event.customerId ?? null,
      data: JSON.stringify(event.data),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (event.publish) {
    await trx
      .insertInto('outbox')
      .values({
        account_id: actor.accountId,
        event_id: row.id,
        topic: event.type,
        payload: JSON.stringify({
          type: event.type,
          eventId: row.id,
          conversationId: event.conversationId ?? null,
          customerId: event.customerId ?? null,
          actor: { type: actor.type, id: actor.id },
          data: event.publish,
        }),
      })
      .execute();
  }
  return row.id;
}
