import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, RecoveryCasesTable, RecoveryReason, RecoveryStatus } from '../../db/schema.js';
import type { Db } from '../shared/types.js';
import type { Actor } from '../shared/actor.js';
import { errors } from '../shared/errors.js';
import { isForeignKeyViolation } from '../shared/pg-errors.js';
import { recordEvent } from '../events/record-event.js';
import { notifyUsers } from '../notifications/notify.js';
import { timeBaseFor, type ServiceClock } from '../sla/sla-engine.js';
import { loadFeedbackSettings } from './feedback-settings.js';
import { queueFeedbackWake } from './feedback-clock.js';
import { refreshLifecycle } from './customer-lifecycle.js';
import { lockConversation } from './conversation-lock.js';

/**
 * Recovery cases: a customer had a bad experience (a low rating, a complaint, an upset message). The case has an
 * owner and a due time on the service clock; the owner fixes the problem, offers a gesture, the customer gets a
 * check-in, and the case closes as recovered or not. At most one active case per conversation.
 */

export type RecoveryCaseRow = Selectable<RecoveryCasesTable>;

export const CLOSED_STATUSES: RecoveryStatus[] = ['recovered', 'not_recovered'];
export const ACTIVE_STATUSES: RecoveryStatus[] = ['open', 'fixed', 'gesture_offered', 'following_up'];

export function presentRecoveryCase(c: RecoveryCaseRow) {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: c.id,
    conversationId: c.conversation_id,
    customerId: c.customer_id,
    ownerId: c.owner_id,
    reason: c.reason,
    status: c.status,
    surveyId: c.survey_id,
    note: c.note,
    openedAt: c.opened_at.toISOString(),
    dueAt: c.due_at.toISOString(),
    overdue: c.escalated_at !== null,
    escalatedAt: iso(c.escalated_at),
    fixedAt: iso(c.fixed_at),
    followUpAt: iso(c.follow_up_at),
    followUpSentAt: iso(c.follow_up_sent_at),
    closedAt: iso(c.closed_at),
    closedBy: c.closed_by,
    cameBackAt: iso(c.came_back_at),
    cameBackVia: c.came_back_via,
  };
}

/** The owner of a new case: the conversation's assignee, else its team's first supervisor, else the account's. */
async function caseOwnerFor(trx: Db, accountId: string, assigneeId: string | null, teamId: string | null): Promise<string | null> {
  if (assigneeId) {
    const active = await trx.selectFrom('users').select('id').where('account_id', '=', accountId).where('id', '=', assigneeId).where('active', '=', true).executeTakeFirst();
    if (active) return active.id;
  }
  if (teamId) {
    const lead = await trx
      .selectFrom('team_members as m')
      .innerJoin('users as u', (j) => j.onRef('u.account_id', '=', 'm.account_id').onRef('u.id', '=', 'm.user_id'))
      .select('u.id')
      .where('m.account_id', '=', accountId)
      .where('m.team_id', '=', teamId)
      .where('u.active', '=', true)
      .where('u.role', '=', 'supervisor')
      .orderBy('u.created_at')
      .limit(1)
      .executeTakeFirst();
    if (lead) return lead.id;
  }
  for (const role of ['supervisor', 'admin'] as const) {
    const user = await trx.selectFrom('users').select('id').where('account_id', '=', accountId).where('active', '=', true).where('role', '=', role).orderBy('created_at').limit(1).executeTakeFirst();
    if (user) return user.id;
  }
  return null;
}

export interface OpenCaseInput {
  conversationId: string;
  reason: RecoveryReason;
  surveyId?: string | null;
  note?: string | null;
  /** What triggered it, for the log (a score, a sentiment score, a tag). */
  trigger?: Record<string, unknown>;
}

/**
 * Opens a case inside the caller's transaction, or — when the conversation already has an active case — records
 * the new trigger on that one. Returns the case and whether it is new.
 */
export async function openRecoveryCase(trx: Db, svc: ServiceClock, actor: Actor, input: OpenCaseInput): Promise<{ recoveryCase: RecoveryCaseRow; created: boolean }> {
  const accountId = actor.accountId;
  const now = svc.clock.now();
  const conversation = await lockConversation(trx, accountId, input.conversationId);
  if (!conversation) throw errors.notFound('Conversation');
  const settings = await loadFeedbackSettings(trx, accountId);
  const team = conversation.team_id
    ? await trx.selectFrom('teams').select('business_hours_id').where('account_id', '=', accountId).where('id', '=', conversation.team_id).executeTakeFirst()
    : undefined;
  // The due time counts in the team's business hours, like an SLA target (calendar time without them).
  const base = await timeBaseFor(trx, accountId, team?.business_hours_id ?? null);
  const dueAt = base.add(now, settings.recovery_due_minutes);
  const ownerId = await caseOwnerFor(trx, accountId, conversation.assignee_id, conversation.team_id);
  const inserted = await trx
    .insertInto('recovery_cases')
    .values({
      account_id: accountId,
      conversation_id: conversation.id,
      customer_id: conversation.customer_id,
      owner_id: ownerId,
      reason: input.reason,
      survey_id: input.surveyId ?? null,
      note: input.note ?? null,
      opened_at: now,
      due_at: dueAt,
    })
    .onConflict((oc) => oc.columns(['account_id', 'conversation_id']).where('closed_at', 'is', null).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!inserted) {
    const existing = await trx
      .selectFrom('recovery_cases')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('conversation_id', '=', conversation.id)
      .where('closed_at', 'is', null)
      .executeTakeFirstOrThrow();
    await recordEvent(trx, actor, {
      type: 'recovery.retriggered',
      conversationId: conversation.id,
      customerId: conversation.customer_id,
      data: { caseId: existing.id, reason: input.reason, ...(input.trigger ?? {}) },
    });
    return { recoveryCase: existing, created: false };
  }
  await recordEvent(trx, actor, {
    type: 'recovery.opened',
    conversationId: conversation.id,
    customerId: conversation.customer_id,
    data: { caseId: inserted.id, reason: input.reason, ownerId, dueAt: dueAt.toISOString(), ...(input.trigger ?? {}) },
    publish: { recoveryCase: presentRecoveryCase(inserted) },
  });
  if (ownerId) {
    await notifyUsers(trx, accountId, [ownerId], 'recovery_case', conversation.id, { caseId: inserted.id, reason: input.reason, dueAt: dueAt.toISOString(), number: conversation.number });
  }
  await queueFeedbackWake(trx, svc, accountId, dueAt);
  await refreshLifecycle(trx, svc, accountId, conversation.customer_id);
  return { recoveryCase: inserted, created: true };
}

/** An agent opens a case by hand (a complaint by phone, say). */
export async function openRecoveryCaseManually(db: Kysely<Database>, svc: ServiceClock, actor: Actor, input: { conversationId: string; reason?: RecoveryReason; note?: string }) {
  return db.transaction().execute((trx) => openRecoveryCase(trx, svc, actor, { conversationId: input.conversationId, reason: input.reason ?? 'manual', note: input.note ?? null }));
}

export interface UpdateCaseInput {
  status?: 'fixed' | 'gesture_offered' | 'recovered' | 'not_recovered' | undefined;
  ownerId?: string | undefined;
  note?: string | undefined;
}

/** Progresses a case: fixed, gesture offered, closed as recovered or not; or hands it to another owner. */
export async function updateRecoveryCase(db: Kysely<Database>, svc: ServiceClock, actor: Actor, caseId: string, input: UpdateCaseInput): Promise<RecoveryCaseRow> {
  try {
    return await db.transaction().execute(async (trx) => {
      const found = await trx.selectFrom('recovery_cases').select('conversation_id').where('account_id', '=', actor.accountId).where('id', '=', caseId).executeTakeFirst();
      if (!found) throw errors.notFound('Recovery case');
      await lockConversation(trx, actor.accountId, found.conversation_id);
      const current = await trx.selectFrom('recovery_cases').selectAll().where('account_id', '=', actor.accountId).where('id', '=', caseId).forUpdate().executeTakeFirstOrThrow();
      const now = svc.clock.now();
      const set: Record<string, unknown> = {};
      const changes: Record<string, [unknown, unknown]> = {};
      if (current.closed_at !== null) {
        if (input.status === current.status && input.ownerId === undefined && input.note === undefined) return current;
        throw errors.conflict(`The case is already closed as ${current.status}`, { field: 'status' });
      }
      if (input.status !== undefined && input.status !== current.status) {
        changes.status = [current.status, input.status];
        set.status = input.status;
        if (input.status === 'fixed' && !current.fixed_at) set.fixed_at = now;
        if (CLOSED_STATUSES.includes(input.status)) {
          set.closed_at = now;
          set.closed_by = actor.userId;
        }
      }
      if (input.ownerId !== undefined && input.ownerId !== current.owner_id) {
        changes.ownerId = [current.owner_id, input.ownerId];
        set.owner_id = input.ownerId;
      }
      if (input.note !== undefined && input.note !== current.note) {
        changes.note = [current.note, input.note];
        set.note = input.note;
      }
      if (Object.keys(set).length === 0) return current;
      const updated = await trx
        .updateTable('recovery_cases')
        .set({ ...set, updated_at: sql`now()` })
        .where('account_id', '=', actor.accountId)
        .where('id', '=', caseId)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordEvent(trx, actor, {
        type: updated.closed_at ? 'recovery.closed' : 'recovery.updated',
        conversationId: updated.conversation_id,
        customerId: updated.customer_id,
        data: { caseId, changes },
        publish: { recoveryCase: presentRecoveryCase(updated) },
      });
      if (changes.ownerId && input.ownerId && input.ownerId !== actor.userId) {
        await notifyUsers(trx, actor.accountId, [input.ownerId], 'recovery_case', updated.conversation_id, { caseId, reason: updated.reason, dueAt: updated.due_at.toISOString() });
      }
      if (changes.status) await refreshLifecycle(trx, svc, actor.accountId, updated.customer_id);
      return updated;
    });
  } catch (error) {
    if (isForeignKeyViolation(error)) throw errors.validation('ownerId', 'no such user in this account');
    throw error;
  }
}

export interface CaseFilter {
  status?: string[] | undefined;
  ownerId?: string | undefined;
  customerId?: string | undefined;
  conversationId?: string | undefined;
  limit: number;
}

/** Soonest due first. `status` takes statuses, plus `active` (all not closed) and `closed`. */
export async function listRecoveryCases(db: Db, accountId: string, filter: CaseFilter): Promise<RecoveryCaseRow[]> {
  const statuses = new Set<RecoveryStatus>();
  for (const s of filter.status ?? []) {
    if (s === 'active') ACTIVE_STATUSES.forEach((x) => statuses.add(x));
    else if (s === 'closed') CLOSED_STATUSES.forEach((x) => statuses.add(x));
    else statuses.add(s as RecoveryStatus);
  }
  return db
    .selectFrom('recovery_cases')
    .selectAll()
    .where('account_id', '=', accountId)
    .$if(statuses.size > 0, (q) => q.where('status', 'in', [...statuses]))
    .$if(filter.ownerId !== undefined, (q) => q.where('owner_id', '=', filter.ownerId!))
    .$if(filter.customerId !== undefined, (q) => q.where('customer_id', '=', filter.customerId!))
    .$if(filter.conversationId !== undefined, (q) => q.where('conversation_id', '=', filter.conversationId!))
    .orderBy('due_at')
    .orderBy('id')
    .limit(filter.limit)
    .execute();
}

export async function findRecoveryCase(db: Db, accountId: string, id: string): Promise<RecoveryCaseRow | undefined> {
  return db.selectFrom('recovery_cases').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
}
