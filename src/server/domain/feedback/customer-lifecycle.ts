import { sql } from 'kysely';
import type { CameBackVia, LifecycleSegment } from '../../db/schema.js';
import type { Db } from '../shared/types.js';
import { systemActor } from '../shared/actor.js';
import { recordEvent } from '../events/record-event.js';
import type { ServiceClock } from '../sla/sla-engine.js';
import { decideSegment, type LifecycleFacts } from './lifecycle-rules.js';
import { lifecycleRulesOf, loadFeedbackSettings } from './feedback-settings.js';

/**
 * Keeps each customer's lifecycle segment up to date (rules: lifecycle-rules.ts, docs/METRICS.md). Facts arrive
 * inside the transactions that create them — a customer message, a rating, a case opened or closed, a purchase, a
 * redeemed voucher — and time-driven changes (new → active, dissatisfied → lost) are the row's next_check_at,
 * re-evaluated by the feedback runner.
 */

export type ContactKind = 'message' | 'conversation' | 'survey' | 'purchase' | 'voucher';

const CAME_BACK: Partial<Record<ContactKind, CameBackVia>> = { conversation: 'conversation', purchase: 'purchase', voucher: 'voucher' };

/**
 * The customer reached out (or bought, or redeemed a voucher). One upsert on the hot path; the segment is only
 * re-evaluated when the contact can change it at once (first contact, or a lost customer coming back).
 */
export async function recordContact(trx: Db, svc: ServiceClock, accountId: string, customerId: string, kind: ContactKind, at?: Date): Promise<void> {
  const now = svc.clock.now();
  const when = at && at < now ? at : now;
  const via = CAME_BACK[kind];
  // One statement: the upsert and, for a contact that counts as coming back, the retention mark of closed cases.
  const row = await sql<{ segment: LifecycleSegment; inserted: boolean; came_back: Array<{ id: string; conversation_id: string }> }>`
    WITH came_back AS (${via ? cameBackUpdate(accountId, customerId, via, when) : sql`SELECT NULL::uuid AS id, NULL::uuid AS conversation_id WHERE false`})
    INSERT INTO customer_lifecycle (account_id, customer_id, segment, segment_since, first_contact_at, last_contact_at)
    VALUES (${accountId}, ${customerId}, 'new', ${now}, ${when}, ${when})
    ON CONFLICT (account_id, customer_id) DO UPDATE SET
      first_contact_at = least(customer_lifecycle.first_contact_at, EXCLUDED.first_contact_at),
      last_contact_at = greatest(customer_lifecycle.last_contact_at, EXCLUDED.last_contact_at),
      updated_at = now()
    RETURNING segment, (xmax = 0) AS inserted,
      coalesce((SELECT json_agg(json_build_object('id', id, 'conversation_id', conversation_id)) FROM came_back), '[]'::json) AS came_back`.execute(trx);
  const r = row.rows[0];
  if (via && r) await recordCameBack(trx, accountId, customerId, via, when, r.came_back);
  if (r && (r.inserted || r.segment === 'lost')) await refreshLifecycle(trx, svc, accountId, customerId);
}

/**
 * The first contact of a customer created in this same transaction (a new conversation from a new address). Such a
 * customer has no lifecycle row, no cases, ratings or signals yet, so the facts are known without reading them: the
 * row is inserted with its final segment, as recordContact followed by refreshLifecycle would leave it (and with
 * the same event if that segment is not `new`).
 */
export async function recordFirstContact(trx: Db, svc: ServiceClock, accountId: string, customerId: string): Promise<void> {
  const now = svc.clock.now();
  const rules = lifecycleRulesOf(await loadFeedbackSettings(trx, accountId));
  const facts: LifecycleFacts = { firstContactAt: now, lastContactAt: now, openCaseSince: null, lastClosedCase: null, ratings: [], negativeMessages: [] };
  const decision = decideSegment(facts, rules, now);
  await trx
    .insertInto('customer_lifecycle')
    .values({
      account_id: accountId,
      customer_id: customerId,
      segment: decision.segment,
      segment_since: now,
      first_contact_at: now,
      last_contact_at: now,
      next_check_at: decision.nextCheckAt,
    })
    .execute();
  if (decision.segment === 'new') return;
  await recordEvent(trx, systemActor(accountId), {
    type: 'customer.segment_changed',
    customerId,
    data: { from: 'new', to: decision.segment, at: now.toISOString() },
    publish: { customerId, segment: decision.segment, since: now.toISOString() },
  });
}

/**
 * Retention: every closed case of this customer still waiting for them to come back, closed before `at` and less
 * than the account's retention window (default 90 days) before it, is marked as come back.
 */
function cameBackUpdate(accountId: string, customerId: string, via: CameBackVia, at: Date) {
  return sql`
    UPDATE recovery_cases SET came_back_at = ${at}, came_back_via = ${via}, updated_at = now()
    WHERE account_id = ${accountId} AND customer_id = ${customerId}
      AND closed_at IS NOT NULL AND came_back_at IS NULL AND closed_at <= ${at}
      AND closed_at > ${at}::timestamptz - make_interval(days => coalesce(
        (SELECT retention_days FROM feedback_settings WHERE account_id = ${accountId}), 90))
    RETURNING id, conversation_id`;
}

async function recordCameBack(trx: Db, accountId: string, customerId: string, via: CameBackVia, at: Date, marked: Array<{ id: string; conversation_id: string }>): Promise<void> {
  for (const c of marked) {
    await recordEvent(trx, systemActor(accountId), {
      type: 'recovery.came_back',
      conversationId: c.conversation_id,
      customerId,
      data: { caseId: c.id, via, at: at.toISOString() },
    });
  }
}

/** Gathers the facts, decides the segment and stores it (with an event when it changes). */
export async function refreshLifecycle(trx: Db, svc: ServiceClock, accountId: string, customerId: string): Promise<LifecycleSegment> {
  const now = svc.clock.now();
  const settings = await loadFeedbackSettings(trx, accountId);
  const rules = lifecycleRulesOf(settings);
  const current = await trx
    .selectFrom('customer_lifecycle')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('customer_id', '=', customerId)
    .forUpdate()
    .executeTakeFirst();
  // Signals older than the last closed case no longer matter; nor do those older than the longest window.
  // One statement for every fact (this runs inside the creating transaction of a first contact).
  const horizonDays = Math.max(rules.atRiskDays, rules.lostAfterDays, rules.retentionDays);
  const horizon = new Date(now.getTime() - horizonDays * 86_400_000);
  const found = await sql<{
    open_case_since: Date | null;
    last_closed_at: Date | null;
    last_closed_status: string | null;
    ratings: Array<{ at: string; score: number }>;
    negatives: string[];
  }>`
    WITH last_closed AS (
      SELECT closed_at, status FROM recovery_cases
      WHERE account_id = ${accountId} AND customer_id = ${customerId} AND closed_at IS NOT NULL
      ORDER BY closed_at DESC LIMIT 1
    ), since AS (
      SELECT greatest(${horizon}::timestamptz, (SELECT closed_at FROM last_closed)) AS at
    )
    SELECT
      (SELECT opened_at FROM recovery_cases
        WHERE account_id = ${accountId} AND customer_id = ${customerId} AND closed_at IS NULL
        ORDER BY opened_at LIMIT 1) AS open_case_since,
      (SELECT closed_at FROM last_closed) AS last_closed_at,
      (SELECT status FROM last_closed) AS last_closed_status,
      coalesce((SELECT json_agg(json_build_object('at', r.answered_at, 'score', r.score) ORDER BY r.answered_at DESC)
        FROM (SELECT answered_at, score FROM surveys
              WHERE account_id = ${accountId} AND customer_id = ${customerId} AND answered_at > (SELECT at FROM since)
              ORDER BY answered_at DESC LIMIT 50) r), '[]'::json) AS ratings,
      coalesce((SELECT json_agg(n.at ORDER BY n.at DESC)
        FROM (SELECT at FROM customer_signals
              WHERE account_id = ${accountId} AND customer_id = ${customerId} AND kind = 'negative_message'
                AND at > (SELECT at FROM since)
              ORDER BY at DESC LIMIT 50) n), '[]'::json) AS negatives`.execute(trx);
  const f = found.rows[0]!;
  const asDate = (v: Date | string) => (v instanceof Date ? v : new Date(v));
  const facts: LifecycleFacts = {
    firstContactAt: current?.first_contact_at ?? null,
    lastContactAt: current?.last_contact_at ?? null,
    openCaseSince: f.open_case_since ? asDate(f.open_case_since) : null,
    lastClosedCase: f.last_closed_at
      ? { closedAt: asDate(f.last_closed_at), outcome: f.last_closed_status === 'recovered' ? 'recovered' : 'not_recovered' }
      : null,
    ratings: f.ratings.map((r) => ({ at: new Date(r.at), score: r.score })),
    negativeMessages: f.negatives.map((at) => new Date(at)),
  };
  const decision = decideSegment(facts, rules, now);
  if (!current) {
    await trx
      .insertInto('customer_lifecycle')
      .values({ account_id: accountId, customer_id: customerId, segment: decision.segment, segment_since: now, next_check_at: decision.nextCheckAt })
      .onConflict((oc) => oc.columns(['account_id', 'customer_id']).doUpdateSet({ segment: decision.segment, next_check_at: decision.nextCheckAt }))
      .execute();
  } else {
    const changed = current.segment !== decision.segment;
    await trx
      .updateTable('customer_lifecycle')
      .set({
        segment: decision.segment,
        next_check_at: decision.nextCheckAt,
        updated_at: sql`now()`,
        ...(changed ? { segment_since: now } : {}),
      })
      .where('account_id', '=', accountId)
      .where('customer_id', '=', customerId)
      .execute();
    if (!changed) return decision.segment;
  }
  await recordEvent(trx, systemActor(accountId), {
    type: 'customer.segment_changed',
    customerId,
    data: { from: current?.segment ?? null, to: decision.segment, at: now.toISOString() },
    publish: { customerId, segment: decision.segment, since: now.toISOString() },
  });
  return decision.segment;
}

export function presentLifecycle(row: { segment: LifecycleSegment; segment_since: Date; first_contact_at: Date | null; last_contact_at: Date | null } | undefined) {
  if (!row) return { segment: 'new' as LifecycleSegment, since: null, firstContactAt: null, lastContactAt: null };
  return {
    segment: row.segment,
    since: row.segment_since.toISOString(),
    firstContactAt: row.first_contact_at?.toISOString() ?? null,
    lastContactAt: row.last_contact_at?.toISOString() ?? null,
  };
}
