import { sql, type RawBuilder } from 'kysely';
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

/** What the outbox carries for a published event; `eventId` is filled in by the database (jsonb_set). */
function outboxPayload(actor: Actor, event: NewEvent): string {
  return JSON.stringify({
    type: event.type,
    eventId: 0,
    conversationId: event.conversationId ?? null,
    customerId: event.customerId ?? null,
    actor: { type: actor.type, id: actor.id },
    data: event.publish,
  });
}

/**
 * An event for the caller's own statement: two CTEs, `<name>` (the event row, written only when `onlyIf`, a
 * SELECT, returns a row) and `<name>_outbox` (its outbox row when published), to follow the caller's own CTEs. The
 * change and its event then cost one round trip, as with recordEvent.
 */
export function eventCtes(actor: Actor, event: NewEvent, name: string, onlyIf: RawBuilder<unknown>): RawBuilder<unknown> {
  const e = sql.id(name);
  const insert = sql`
    ${e} AS (
      INSERT INTO events (account_id, type, actor_type, actor_id, conversation_id, customer_id, data)
      SELECT ${actor.accountId}::uuid, ${event.type}::text, ${actor.type}::text, ${actor.id}::uuid, ${event.conversationId ?? null}::uuid,
             ${event.customerId ?? null}::uuid, ${JSON.stringify(event.data)}::jsonb
      WHERE EXISTS (${onlyIf})
      RETURNING id, account_id, type
    )`;
  if (!event.publish) return insert;
  return sql`${insert}, ${sql.id(`${name}_outbox`)} AS (
      INSERT INTO outbox (account_id, event_id, topic, payload)
      SELECT ${e}.account_id, ${e}.id, ${e}.type, jsonb_set(${outboxPayload(actor, event)}::jsonb, '{eventId}', to_jsonb(${e}.id)) FROM ${e}
    )`;
}

/**
 * Appends to the event log and, in the same transaction, to the outbox. Call it inside the transaction that
 * makes the change: if the change rolls back, so do the event and its delivery. One round trip: the outbox row
 * is written by the same statement (a data-modifying CTE), so the hot paths pay for events only once.
 */
export async function recordEvent(trx: Db, actor: Actor, event: NewEvent): Promise<number> {
  const values = {
    account_id: actor.accountId,
    type: event.type,
    actor_type: actor.type,
    actor_id: actor.id,
    conversation_id: event.conversationId ?? null,
    customer_id: event.customerId ?? null,
    data: JSON.stringify(event.data),
  };
  if (!event.publish) {
    const row = await trx.insertInto('events').values(values).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }
  // The payload needs the event id, which only the insert knows: jsonb_set puts it in on the database side.
  const payload = outboxPayload(actor, event);
  const result = await sql<{ id: number }>`
    WITH e AS (
      INSERT INTO events (account_id, type, actor_type, actor_id, conversation_id, customer_id, data)
      VALUES (${values.account_id}, ${values.type}, ${values.actor_type}, ${values.actor_id}, ${values.conversation_id},
              ${values.customer_id}, ${values.data}::jsonb)
      RETURNING id, account_id, type
    )
    INSERT INTO outbox (account_id, event_id, topic, payload)
    SELECT e.account_id, e.id, e.type, jsonb_set(${payload}::jsonb, '{eventId}', to_jsonb(e.id)) FROM e
    RETURNING event_id AS id`.execute(trx);
  return result.rows[0]!.id;
}

/**
 * Several events of one change in one statement (a routed create: the conversation created and assigned), in the
 * order given: their ids, taken in that order, keep it in the log and in the outbox.
 */
export async function recordEvents(trx: Db, entries: { actor: Actor; event: NewEvent }[]): Promise<number[]> {
  if (entries.length === 1) return [await recordEvent(trx, entries[0]!.actor, entries[0]!.event)];
  const rows = entries.map(({ actor, event }, i) => {
    const payload = event.publish ? outboxPayload(actor, event) : null;
    return sql`(${i}::int, ${actor.accountId}::uuid, ${event.type}::text, ${actor.type}::text, ${actor.id}::uuid, ${event.conversationId ?? null}::uuid,
                ${event.customerId ?? null}::uuid, ${JSON.stringify(event.data)}::jsonb, ${payload}::jsonb)`;
  });
  const result = await sql<{ id: string }>`
    WITH v AS MATERIALIZED (
      SELECT nextval('events_id_seq'::regclass) AS id, x.*
      FROM (VALUES ${sql.join(rows)}) AS x(ord, account_id, type, actor_type, actor_id, conversation_id, customer_id, data, payload)
      ORDER BY x.ord
    ), e AS (
      INSERT INTO events (id, account_id, type, actor_type, actor_id, conversation_id, customer_id, data)
      SELECT id, account_id, type, actor_type, actor_id, conversation_id, customer_id, data FROM v ORDER BY id
      RETURNING id
    ), o AS (
      INSERT INTO outbox (account_id, event_id, topic, payload)
      SELECT v.account_id, e.id, v.type, jsonb_set(v.payload, '{eventId}', to_jsonb(e.id)) FROM v JOIN e ON e.id = v.id
      WHERE v.payload IS NOT NULL ORDER BY v.id
    )
    SELECT id FROM v ORDER BY ord`.execute(trx);
  return result.rows.map((r) => Number(r.id));
}
