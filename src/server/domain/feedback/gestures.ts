import { randomBytes } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, GesturesTable, GestureType } from '../../db/schema.js';
import type { Db } from '../shared/types.js';
import { hasRole, type Actor } from '../shared/actor.js';
import { errors } from '../shared/errors.js';
import { recordEvent } from '../events/record-event.js';
import { notifyUsers, supervisorsFor } from '../notifications/notify.js';
import type { ServiceClock } from '../sla/sla-engine.js';
import { loadFeedbackSettings } from './feedback-settings.js';
import { queueFeedbackWake } from './feedback-clock.js';
import { recordContact } from './customer-lifecycle.js';
import type { RecoveryCaseRow } from './recovery-cases.js';
import { lockConversation } from './conversation-lock.js';

/**
 * Goodwill gestures and the discretion budget. An agent grants a gesture on their own when it fits their per-case
 * limit and what is left of their monthly budget (same currency); otherwise it waits for a supervisor. The check
 * and the grant happen in one transaction holding the agent's budget row (FOR UPDATE), so parallel requests queue
 * on that row and each sees the grants committed before it: the budget can never be exceeded. Every step is an
 * event (the audit trail). A granted gesture arms the check-in timer on its case.
 */

export type GestureRow = Selectable<GesturesTable>;

export function presentGesture(g: GestureRow) {
  return {
    id: g.id,
    caseId: g.case_id,
    customerId: g.customer_id,
    type: g.type,
    value: g.value,
    currency: g.currency,
    description: g.description,
    status: g.status,
    requestedBy: g.requested_by,
    requestedAt: g.requested_at.toISOString(),
    withinDiscretion: g.within_discretion,
    decidedBy: g.decided_by,
    decidedAt: g.decided_at?.toISOString() ?? null,
    decisionNote: g.decision_note,
    grantedAt: g.granted_at?.toISOString() ?? null,
    voucher: g.voucher_code ? { code: g.voucher_code, redeemedAt: g.voucher_redeemed_at?.toISOString() ?? null } : null,
  };
}

/** The UTC month a gesture counts in. */
export function budgetMonth(at: Date): string {
  return at.toISOString().slice(0, 7);
}

// Crockford's base32 without I, L, O, U: easy to read out over the phone.
const VOUCHER_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export function newVoucherCode(): string {
  const bytes = randomBytes(12);
  const chars = [...bytes].map((b) => VOUCHER_ALPHABET[b % 32]).join('');
  return `V-${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

const cents = (n: number) => Math.round(n * 100);
const hasAtMostTwoDecimals = (n: number) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6;

interface Usage {
  monthUsed: number;
  caseUsed: number;
}

async function usageOf(trx: Db, accountId: string, userId: string, caseId: string, currency: string, month: string): Promise<Usage> {
  const row = await trx
    .selectFrom('gestures')
    .select([
      sql<number>`coalesce(sum(value) FILTER (WHERE budget_month = ${month}), 0)`.as('month_used'),
      sql<number>`coalesce(sum(value) FILTER (WHERE case_id = ${caseId}), 0)`.as('case_used'),
    ])
    .where('account_id', '=', accountId)
    .where('requested_by', '=', userId)
    .where('within_discretion', '=', true)
    .where('currency', '=', currency)
    .executeTakeFirstOrThrow();
  return { monthUsed: Number(row.month_used), caseUsed: Number(row.case_used) };
}

export interface GestureInput {
  type: GestureType;
  value: number;
  currency: string;
  description?: string | undefined;
}

async function lockActiveCase(trx: Db, accountId: string, caseId: string): Promise<RecoveryCaseRow> {
  const found = await trx.selectFrom('recovery_cases').select('conversation_id').where('account_id', '=', accountId).where('id', '=', caseId).executeTakeFirst();
  if (!found) throw errors.notFound('Recovery case');
  await lockConversation(trx, accountId, found.conversation_id);
  const recoveryCase = await trx.selectFrom('recovery_cases').selectAll().where('account_id', '=', accountId).where('id', '=', caseId).forUpdate().executeTakeFirstOrThrow();
  if (recoveryCase.closed_at) throw errors.conflict(`The case is already closed as ${recoveryCase.status}`, { field: 'caseId' });
  return recoveryCase;
}

/** Offers a gesture on a case: granted at once within discretion (or by a supervisor), else pending approval. */
export async function requestGesture(db: Kysely<Database>, svc: ServiceClock, actor: Actor, caseId: string, input: GestureInput): Promise<GestureRow> {
  const currency = input.currency.toUpperCase();
  if (cents(input.value) <= 0) throw errors.validation('value', 'must be at least 0.01');
  if (!hasAtMostTwoDecimals(input.value)) throw errors.validation('value', 'must have at most two decimals');
  return db.transaction().execute(async (trx) => {
    const recoveryCase = await lockActiveCase(trx, actor.accountId, caseId);
    const now = svc.clock.now();
    const month = budgetMonth(now);
    let decision: 'approver' | 'discretion' | 'pending' = 'pending';
    let reason = 'no_discretion';
    if (hasRole(actor, 'supervisor')) {
      // Supervisors and admins are the approvers: what they grant needs nobody else.
      decision = 'approver';
    } else if (actor.userId) {
      // The lock that makes the budget race-safe: every grant of this agent waits here for the one before.
      const budget = await trx
        .selectFrom('discretion_budgets')
        .selectAll()
        .where('account_id', '=', actor.accountId)
        .where('user_id', '=', actor.userId)
        .forUpdate()
        .executeTakeFirst();
      if (budget && budget.currency === currency) {
        const usage = await usageOf(trx, actor.accountId, actor.userId, caseId, currency, month);
        const fitsCase = cents(usage.caseUsed) + cents(input.value) <= cents(budget.per_case);
        const fitsMonth = cents(usage.monthUsed) + cents(input.value) <= cents(budget.monthly);
        if (fitsCase && fitsMonth) decision = 'discretion';
        else reason = fitsCase ? 'monthly_budget' : 'per_case_limit';
      } else if (budget) {
        reason = 'other_currency';
      }
    }
    const granted = decision !== 'pending';
    const gesture = await trx
      .insertInto('gestures')
      .values({
        account_id: actor.accountId,
        case_id: caseId,
        customer_id: recoveryCase.customer_id,
        type: input.type,
        value: input.value,
        currency,
        description: input.description?.trim() || null,
        status: granted ? 'granted' : 'pending_approval',
        requested_by_type: actor.type === 'customer' ? 'system' : actor.type,
        requested_by: actor.userId,
        requested_at: now,
        within_discretion: decision === 'discretion',
        budget_month: decision === 'discretion' ? month : null,
        decided_by: decision === 'approver' ? actor.userId : null,
        decided_at: decision === 'approver' ? now : null,
        granted_at: granted ? now : null,
        voucher_code: granted && input.type === 'voucher' ? newVoucherCode() : null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordEvent(trx, actor, {
      type: granted ? 'gesture.granted' : 'gesture.approval_requested',
      conversationId: recoveryCase.conversation_id,
      customerId: recoveryCase.customer_id,
      data: {
        caseId,
        gestureId: gesture.id,
        type: gesture.type,
        value: gesture.value,
        currency,
        by: decision === 'pending' ? null : decision,
        ...(decision === 'pending' ? { reason } : {}),
      },
      publish: { gesture: presentGesture(gesture) },
    });
    if (granted) {
      await afterGrant(trx, svc, actor, recoveryCase, gesture);
    } else {
      const conversation = await trx.selectFrom('conversations').select(['team_id', 'number']).where('account_id', '=', actor.accountId).where('id', '=', recoveryCase.conversation_id).executeTakeFirst();
      const supervisors = await supervisorsFor(trx, actor.accountId, conversation?.team_id ?? null);
      await notifyUsers(trx, actor.accountId, supervisors, 'gesture_approval', recoveryCase.conversation_id, {
        caseId,
        gestureId: gesture.id,
        type: gesture.type,
        value: gesture.value,
        currency,
        requestedBy: actor.userId,
        reason,
        number: conversation?.number ?? null,
      });
    }
    return gesture;
  });
}

/** A granted gesture moves the case to "gesture offered" and arms the check-in (once per case). */
async function afterGrant(trx: Db, svc: ServiceClock, actor: Actor, recoveryCase: RecoveryCaseRow, gesture: GestureRow): Promise<void> {
  if (recoveryCase.closed_at) return;
  const settings = await loadFeedbackSettings(trx, actor.accountId);
  const now = svc.clock.now();
  const followUpAt = recoveryCase.follow_up_at ?? new Date(now.getTime() + settings.follow_up_delay_minutes * 60_000);
  const nextStatus = recoveryCase.status === 'open' || recoveryCase.status === 'fixed' ? 'gesture_offered' : recoveryCase.status;
  await trx
    .updateTable('recovery_cases')
    .set({ status: nextStatus, follow_up_at: followUpAt, updated_at: sql`now()` })
    .where('account_id', '=', actor.accountId)
    .where('id', '=', recoveryCase.id)
    .execute();
  if (nextStatus !== recoveryCase.status) {
    await recordEvent(trx, actor, {
      type: 'recovery.updated',
      conversationId: recoveryCase.conversation_id,
      customerId: recoveryCase.customer_id,
      data: { caseId: recoveryCase.id, changes: { status: [recoveryCase.status, nextStatus] }, cause: 'gesture', gestureId: gesture.id },
    });
  }
  if (!recoveryCase.follow_up_at) await queueFeedbackWake(trx, svc, actor.accountId, followUpAt);
}

/** A supervisor approves (grants) or declines a pending gesture. */
export async function decideGesture(
  db: Kysely<Database>,
  svc: ServiceClock,
  actor: Actor,
  gestureId: string,
  decision: 'approve' | 'decline',
  note?: string,
): Promise<GestureRow> {
  return db.transaction().execute(async (trx) => {
    const found = await trx
      .selectFrom('gestures as g')
      .innerJoin('recovery_cases as c', (j) => j.onRef('c.account_id', '=', 'g.account_id').onRef('c.id', '=', 'g.case_id'))
      .select('c.conversation_id')
      .where('g.account_id', '=', actor.accountId)
      .where('g.id', '=', gestureId)
      .executeTakeFirst();
    if (!found) throw errors.notFound('Gesture');
    await lockConversation(trx, actor.accountId, found.conversation_id);
    const current = await trx.selectFrom('gestures').selectAll().where('account_id', '=', actor.accountId).where('id', '=', gestureId).forUpdate().executeTakeFirstOrThrow();
    const target = decision === 'approve' ? 'granted' : 'declined';
    if (current.status !== 'pending_approval') {
      if (current.status === target) return current;
      throw errors.conflict(`The gesture is already ${current.status}`, { field: 'status' });
    }
    const now = svc.clock.now();
    const updated = await trx
      .updateTable('gestures')
      .set({
        status: target,
        decided_by: actor.userId,
        decided_at: now,
        decision_note: note?.trim() || null,
        ...(target === 'granted' ? { granted_at: now, voucher_code: current.type === 'voucher' ? newVoucherCode() : null } : {}),
      })
      .where('account_id', '=', actor.accountId)
      .where('id', '=', gestureId)
      .where('status', '=', 'pending_approval')
      .returningAll()
      .executeTakeFirstOrThrow();
    const recoveryCase = await trx.selectFrom('recovery_cases').selectAll().where('account_id', '=', actor.accountId).where('id', '=', current.case_id).forUpdate().executeTakeFirstOrThrow();
    await recordEvent(trx, actor, {
      type: target === 'granted' ? 'gesture.approved' : 'gesture.declined',
      conversationId: recoveryCase.conversation_id,
      customerId: recoveryCase.customer_id,
      data: { caseId: recoveryCase.id, gestureId, type: updated.type, value: updated.value, currency: updated.currency, note: updated.decision_note },
      publish: { gesture: presentGesture(updated) },
    });
    if (target === 'granted') await afterGrant(trx, svc, actor, recoveryCase, updated);
    if (current.requested_by && current.requested_by !== actor.userId) {
      await notifyUsers(trx, actor.accountId, [current.requested_by], 'gesture_decided', recoveryCase.conversation_id, {
        caseId: recoveryCase.id,
        gestureId,
        status: target,
        note: updated.decision_note,
      });
    }
    return updated;
  });
}

/** Marks a voucher redeemed (an integration calls this at the till): the customer came back. */
export async function redeemVoucher(db: Kysely<Database>, svc: ServiceClock, actor: Actor, code: string): Promise<GestureRow> {
  const normalized = code.trim().toUpperCase();
  return db.transaction().execute(async (trx) => {
    const voucher = await trx.selectFrom('gestures').selectAll().where('account_id', '=', actor.accountId).where('voucher_code', '=', normalized).forUpdate().executeTakeFirst();
    if (!voucher) throw errors.notFound('Voucher');
    if (voucher.voucher_redeemed_at) throw errors.conflict(`The voucher was already redeemed at ${voucher.voucher_redeemed_at.toISOString()}`, { field: 'code' });
    const now = svc.clock.now();
    const updated = await trx
      .updateTable('gestures')
      .set({ voucher_redeemed_at: now })
      .where('account_id', '=', actor.accountId)
      .where('id', '=', voucher.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const recoveryCase = await trx.selectFrom('recovery_cases').select(['conversation_id']).where('account_id', '=', actor.accountId).where('id', '=', voucher.case_id).executeTakeFirst();
    await recordEvent(trx, actor, {
      type: 'voucher.redeemed',
      conversationId: recoveryCase?.conversation_id ?? null,
      customerId: voucher.customer_id,
      data: { gestureId: voucher.id, code: normalized, caseId: voucher.case_id },
      publish: { gesture: presentGesture(updated) },
    });
    await recordContact(trx, svc, actor.accountId, voucher.customer_id, 'voucher');
    return updated;
  });
}

export async function listGestures(db: Db, accountId: string, filter: { caseId?: string | undefined; status?: string | undefined; limit: number }): Promise<GestureRow[]> {
  return db
    .selectFrom('gestures')
    .selectAll()
    .where('account_id', '=', accountId)
    .$if(filter.caseId !== undefined, (q) => q.where('case_id', '=', filter.caseId!))
    .$if(filter.status !== undefined, (q) => q.where('status', '=', filter.status as GestureRow['status']))
    .orderBy('created_at')
    .orderBy('id')
    .limit(filter.limit)
    .execute();
}

export interface DiscretionInput {
  perCase: number;
  monthly: number;
  currency: string;
}

/** Sets what an agent may grant without asking (supervisor+), audited. */
export async function setDiscretion(db: Kysely<Database>, svc: ServiceClock, actor: Actor, userId: string, input: DiscretionInput) {
  for (const field of ['perCase', 'monthly'] as const) {
    if (!hasAtMostTwoDecimals(input[field])) throw errors.validation(field, 'must have at most two decimals');
  }
  const currency = input.currency.toUpperCase();
  return db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('users').select('id').where('account_id', '=', actor.accountId).where('id', '=', userId).executeTakeFirst();
    if (!user) throw errors.notFound('User');
    const before = await trx.selectFrom('discretion_budgets').selectAll().where('account_id', '=', actor.accountId).where('user_id', '=', userId).forUpdate().executeTakeFirst();
    const row = await trx
      .insertInto('discretion_budgets')
      .values({ account_id: actor.accountId, user_id: userId, per_case: input.perCase, monthly: input.monthly, currency, updated_by: actor.userId })
      .onConflict((oc) =>
        oc.columns(['account_id', 'user_id']).doUpdateSet({ per_case: input.perCase, monthly: input.monthly, currency, updated_by: actor.userId, updated_at: sql`now()` }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordEvent(trx, actor, {
      type: 'discretion.updated',
      data: {
        userId,
        before: before ? { perCase: before.per_case, monthly: before.monthly, currency: before.currency } : null,
        after: { perCase: row.per_case, monthly: row.monthly, currency: row.currency },
      },
    });
    return discretionView(trx, svc, actor.accountId, userId);
  });
}

/** The agent's limits and what is left of this month's budget. */
export async function discretionView(db: Db, svc: ServiceClock, accountId: string, userId: string) {
  const budget = await db.selectFrom('discretion_budgets').selectAll().where('account_id', '=', accountId).where('user_id', '=', userId).executeTakeFirst();
  const month = budgetMonth(svc.clock.now());
  if (!budget) return { userId, perCase: 0, monthly: 0, currency: null, month, usedThisMonth: 0, remainingThisMonth: 0 };
  const used = await db
    .selectFrom('gestures')
    .select(sql<number>`coalesce(sum(value), 0)`.as('used'))
    .where('account_id', '=', accountId)
    .where('requested_by', '=', userId)
    .where('within_discretion', '=', true)
    .where('budget_month', '=', month)
    .where('currency', '=', budget.currency)
    .executeTakeFirstOrThrow();
  const usedThisMonth = Number(used.used);
  return {
    userId,
    perCase: budget.per_case,
    monthly: budget.monthly,
    currency: budget.currency,
    month,
    usedThisMonth,
    remainingThisMonth: Math.max(0, (cents(budget.monthly) - cents(usedThisMonth)) / 100),
  };
}
