import { sql, type Kysely, type Selectable } from 'kysely';
import type { Channel, ConversationsTable, Database, DetectedLanguage, Priority, PromisesTable, SlaMetric } from '../../db/schema.js';
import { PRIORITIES } from '../../db/schema.js';
import type { Db } from '../shared/types.js';
import { systemActor } from '../shared/actor.js';
import { recordEvent } from '../events/record-event.js';
import { sendSystemMessage } from '../messages/system-message.js';
import { presentConversation } from '../presenters.js';
import { notifyUsers, supervisorsFor } from '../notifications/notify.js';
import { customerTexts, fill } from '../../i18n/customer/index.js';
import type { JobQueue } from '../../jobs/job-queue.js';
import { loadCalendar } from '../service-clock/calendar-cache.js';
import { assignConversation, routeConversation } from '../routing/routing-engine.js';
import { addHandoverNote } from '../routing/handovers.js';
import { agentLocale } from '../routing/agent-notes.js';
import { formatAgentTime } from '../../i18n/agent/index.js';
import { isActive, presentSlaFromClocks, SERVICE_CLOCK_WAKE_JOB, syncSla, timeBaseFor, type ServiceClock } from './sla-engine.js';

/**
 * The service clock's runner: acts on every timer row that is due by the service clock — SLA warnings, delay
 * notices and breaches, promise reminders, delay notices and misses. Each act is a conditional UPDATE in its own
 * transaction (`… WHERE warned_at IS NULL RETURNING`), so it happens exactly once however many runners race (a
 * wake-up job, the minute sweep, a test) and however often the process restarts.
 */

export interface RunReport {
  warned: number;
  breached: number;
  slaNoticed: number;
  reminded: number;
  promiseNoticed: number;
  missed: number;
}

export interface RunScope {
  accountId?: string | undefined;
  conversationId?: string | undefined;
}

type PromiseRow = Selectable<PromisesTable>;

const BATCH = 200;

export async function runServiceClock(db: Kysely<Database>, svc: ServiceClock, scope: RunScope = {}): Promise<RunReport> {
  const report: RunReport = { warned: 0, breached: 0, slaNoticed: 0, reminded: 0, promiseNoticed: 0, missed: 0 };
  const now = svc.clock.now();

  // SLA clocks with any instant due.
  for (const column of ['warn_at', 'notice_at', 'due_at'] as const) {
    const done = column === 'warn_at' ? 'warned_at' : column === 'notice_at' ? 'noticed_at' : 'breached_at';
    let q = db
      .selectFrom('sla_clocks')
      .select(['id', 'account_id', 'conversation_id'])
      .where('fulfilled_at', 'is', null)
      .where('cancelled_at', 'is', null)
      .where('paused', '=', false)
      .where(done, 'is', null)
      .where(column, '<=', now)
      .orderBy(column)
      .limit(BATCH);
    if (scope.accountId) q = q.where('account_id', '=', scope.accountId);
    if (scope.conversationId) q = q.where('conversation_id', '=', scope.conversationId);
    for (const c of await q.execute()) {
      const r = await db.transaction().execute((trx) => actOnClock(trx, svc, c.account_id, c.conversation_id, c.id));
      report.warned += r.warned;
      report.breached += r.breached;
      report.slaNoticed += r.noticed;
    }
  }

  // Promises with a reminder, a notice or the due time reached.
  let pq = db
    .selectFrom('promises')
    .select(['id', 'account_id', 'conversation_id'])
    .where('status', '=', 'open')
    .where((eb) =>
      eb.or([
        eb.and([eb('reminded_at', 'is', null), eb('remind_at', '<=', now)]),
        eb.and([eb('noticed_at', 'is', null), eb('notice_at', '<=', now)]),
        eb('due_at', '<=', now),
      ]),
    )
    .orderBy('due_at')
    .limit(BATCH);
  if (scope.accountId) pq = pq.where('account_id', '=', scope.accountId);
  if (scope.conversationId) pq = pq.where('conversation_id', '=', scope.conversationId);
  for (const p of await pq.execute()) {
    const r = await db.transaction().execute((trx) => actOnPromise(trx, svc, p.account_id, p.conversation_id, p.id));
    report.reminded += r.reminded;
    report.promiseNoticed += r.noticed;
    report.missed += r.missed;
  }
  return report;
}

async function lockConversation(trx: Db, accountId: string, conversationId: string) {
  return trx
    .selectFrom('conversations')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', '=', conversationId)
    .forUpdate()
    .executeTakeFirst();
}

async function slaOf(trx: Db, accountId: string, conversationId: string, now: Date) {
  const clocks = await trx.selectFrom('sla_clocks').selectAll().where('account_id', '=', accountId).where('conversation_id', '=', conversationId).orderBy('created_at').execute();
  return presentSlaFromClocks(trx, accountId, clocks, now);
}

async function actOnClock(trx: Db, svc: ServiceClock, accountId: string, conversationId: string, clockId: string) {
  const result = { warned: 0, breached: 0, noticed: 0 };
  const now = svc.clock.now();
  // The conversation's lock orders us with replies and status changes: a reply that commits first fulfils the
  // clock, and then nothing here fires.
  const conversation = await lockConversation(trx, accountId, conversationId);
  if (!conversation) return result;
  const clock = await trx.selectFrom('sla_clocks').selectAll().where('account_id', '=', accountId).where('id', '=', clockId).executeTakeFirst();
  if (!clock || !isActive(clock) || clock.paused) return result;
  const policy = await trx.selectFrom('sla_policies').selectAll().where('account_id', '=', accountId).where('id', '=', clock.policy_id).executeTakeFirst();
  const system = systemActor(accountId);
  const breachDue = clock.due_at !== null && clock.due_at <= now && clock.breached_at === null;

  if (clock.warn_at && clock.warn_at <= now && clock.warned_at === null) {
    await trx.updateTable('sla_clocks').set({ warned_at: now }).where('account_id', '=', accountId).where('id', '=', clockId).execute();
    clock.warned_at = now;
    // A warning the breach has overtaken (the process was down) is not worth a notification of its own.
    if (!breachDue) {
      const recipients = conversation.assignee_id ? [conversation.assignee_id] : await supervisorsFor(trx, accountId, conversation.team_id);
      await notifyUsers(trx, accountId, recipients, 'sla_warning', conversationId, { metric: clock.metric, dueAt: clock.due_at?.toISOString() ?? null, number: conversation.number });
      await recordEvent(trx, system, {
        type: 'sla.warning',
        conversationId,
        customerId: conversation.customer_id,
        data: { clockId, metric: clock.metric, dueAt: clock.due_at?.toISOString() ?? null },
        publish: { conversationId, metric: clock.metric, sla: await slaOf(trx, accountId, conversationId, now) },
      });
      result.warned = 1;
    }
  }

  if (clock.notice_at && clock.notice_at <= now && clock.noticed_at === null) {
    await trx.updateTable('sla_clocks').set({ noticed_at: now }).where('account_id', '=', accountId).where('id', '=', clockId).execute();
    // "Unless the agent already wrote": a public reply since the agent was warned tells the customer more than we can.
    const since = clock.warned_at ?? clock.warn_at ?? clock.started_at;
    const agentWrote = clock.last_agent_reply_at !== null && clock.last_agent_reply_at >= since;
    if (!agentWrote && clock.due_at) {
      const base = await timeBaseFor(trx, accountId, clock.business_hours_id);
      const expected = base.add(clock.due_at, Math.max(60, clock.target_minutes / 4));
      await sendDelayNotice(trx, svc, conversation, 'resolution', { expected, businessHoursId: clock.business_hours_id });
      result.noticed = 1;
    } else {
      await recordEvent(trx, system, { type: 'sla.delay_notice_skipped', conversationId, data: { clockId, reason: agentWrote ? 'agent_wrote' : 'no_due_time' } });
    }
  }

  if (breachDue) {
    await trx.updateTable('sla_clocks').set({ breached_at: clock.due_at }).where('account_id', '=', accountId).where('id', '=', clockId).execute();
    const actions = policy?.breach_actions ?? [];
    const applied: string[] = [];
    let changed = false;
    const set: Record<string, unknown> = {};
    const changes: Record<string, [unknown, unknown]> = {};
    let reassign: { userId: string | null } | null = null;
    for (const action of actions) {
      if (action.type === 'raise_priority') {
        const next = PRIORITIES[Math.min(PRIORITIES.indexOf(conversation.priority) + 1, PRIORITIES.length - 1)] as Priority;
        if (next !== conversation.priority) {
          changes.priority = [conversation.priority, next];
          set.priority = next;
        }
        applied.push('raise_priority');
      } else if (action.type === 'reassign') {
        if (action.teamId && action.teamId !== conversation.team_id) {
          changes.teamId = [conversation.team_id, action.teamId];
          set.team_id = action.teamId;
        }
        // To a person: assigned below like any change of owner. To a team only: the owner steps back here and the
        // team's routing finds who takes it (below).
        if (!action.userId && conversation.assignee_id !== null) {
          changes.assigneeId = [conversation.assignee_id, null];
          set.assignee_id = null;
        }
        reassign = { userId: action.userId ?? null };
        applied.push('reassign');
      } else if (action.type === 'notify_supervisors') {
        await notifyUsers(trx, accountId, await supervisorsFor(trx, accountId, conversation.team_id), 'sla_breach', conversationId, {
          metric: clock.metric,
          dueAt: clock.due_at!.toISOString(),
          number: conversation.number,
        });
        applied.push('notify_supervisors');
      }
    }
    if (conversation.assignee_id && !applied.includes('reassign')) {
      await notifyUsers(trx, accountId, [conversation.assignee_id], 'sla_breach', conversationId, { metric: clock.metric, dueAt: clock.due_at!.toISOString(), number: conversation.number });
    }
    if (Object.keys(set).length > 0) {
      const updated = await trx
        .updateTable('conversations')
        .set({ ...set, updated_at: sql`greatest(updated_at, clock_timestamp())` })
        .where('account_id', '=', accountId)
        .where('id', '=', conversationId)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordEvent(trx, system, {
        type: 'conversation.updated',
        conversationId,
        customerId: conversation.customer_id,
        data: { changes, cause: 'sla_breach', clockId },
        publish: { changes: Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v[1]])), conversation: presentConversation(updated) },
      });
      changed = true;
    }
    if (reassign) {
      const reassigned = await reassignAfterBreach(trx, svc, conversation, reassign.userId, { metric: clock.metric, dueAt: clock.due_at!, policyName: policy?.name ?? '' });
      if (reassigned) changed = true;
    }
    await recordEvent(trx, system, {
      type: 'sla.breached',
      conversationId,
      customerId: conversation.customer_id,
      data: { clockId, metric: clock.metric, dueAt: clock.due_at!.toISOString(), actions: applied },
      publish: { conversationId, metric: clock.metric, actions: applied, sla: await slaOf(trx, accountId, conversationId, now) },
    });
    // A new priority or team may select another policy.
    if (changed) await syncSla(trx, svc, accountId, conversationId, 'changed');
    result.breached = 1;
  }
  return result;
}

/**
 * The breach action reassign, through the same path as routing and transfers: the new owner is logged as an
 * assignment (trigger sla_breach) with its `conversation.assigned` event — to the policy's person, or to whoever the
 * team's routing picks (never the owner who missed the target) — and an internal note on top tells the new owner
 * why, in their UI language (agent-notes.ts); they are notified with it. With nobody available the conversation
 * waits in the team's queue, the note written for whoever takes it. Returns whether anything changed.
 */
async function reassignAfterBreach(
  trx: Db,
  svc: ServiceClock,
  before: Selectable<ConversationsTable>,
  userId: string | null,
  breach: { metric: SlaMetric; dueAt: Date; policyName: string },
): Promise<boolean> {
  const accountId = before.account_id;
  const system = systemActor(accountId);
  let row = await lockConversation(trx, accountId, before.id);
  if (!row) return false;
  const previousOwner = before.assignee_id;
  if (userId && userId !== row.assignee_id) {
    const user = await trx.selectFrom('users').select(['id', 'active']).where('account_id', '=', accountId).where('id', '=', userId).executeTakeFirst();
    // A policy naming someone since deactivated: the conversation stays where it is (the supervisors' notice says why).
    if (!user || !user.active) return false;
    row = await assignConversation(trx, svc, system, row, user.id, { reason: 'manual', trigger: 'sla_breach' });
  } else if (!userId && row.assignee_id === null && row.team_id) {
    const outcome = await routeConversation(trx, svc, accountId, row.id, { trigger: 'sla_breach', excludeUserIds: previousOwner ? [previousOwner] : [], row });
    if (outcome.conversation) row = outcome.conversation;
  }
  if (row.assignee_id === previousOwner && row.team_id === before.team_id) return false;
  const locale = await agentLocale(trx, accountId, row.assignee_id);
  const t = locale.texts;
  const note = fill(row.assignee_id ? t.slaReassignedToAgent : t.slaReassignedToTeam, {
    metric: t.metric[breach.metric],
    due: formatAgentTime(breach.dueAt, locale.timeZone),
    policy: breach.policyName,
  });
  const noteMessageId = await addHandoverNote(trx, system, row, note);
  if (row.assignee_id) {
    await notifyUsers(trx, accountId, [row.assignee_id], 'assigned', row.id, {
      cause: 'sla_breach',
      note,
      noteMessageId,
      previousAssigneeId: previousOwner,
      metric: breach.metric,
      number: row.number,
      subject: row.subject,
    });
  }
  return true;
}

async function actOnPromise(trx: Db, svc: ServiceClock, accountId: string, conversationId: string, promiseId: string) {
  const result = { reminded: 0, noticed: 0, missed: 0 };
  const now = svc.clock.now();
  const conversation = await lockConversation(trx, accountId, conversationId);
  if (!conversation) return result;
  const promise = await trx.selectFrom('promises').selectAll().where('account_id', '=', accountId).where('id', '=', promiseId).executeTakeFirst();
  if (!promise || promise.status !== 'open') return result;
  const system = systemActor(accountId);
  const due = promise.due_at <= now;
  const publishPromise = (p: PromiseRow) => ({ promise: presentPromiseRow(p) });

  if (promise.remind_at && promise.remind_at <= now && promise.reminded_at === null) {
    await trx.updateTable('promises').set({ reminded_at: now }).where('account_id', '=', accountId).where('id', '=', promiseId).execute();
    if (!due) {
      const recipients = promise.owner_id ? [promise.owner_id] : conversation.assignee_id ? [conversation.assignee_id] : await supervisorsFor(trx, accountId, conversation.team_id);
      await notifyUsers(trx, accountId, recipients, 'promise_reminder', conversationId, { promiseId, description: promise.description, dueAt: promise.due_at.toISOString(), number: conversation.number });
      await recordEvent(trx, system, { type: 'promise.reminder', conversationId, data: { promiseId, ownerId: promise.owner_id }, publish: publishPromise(promise) });
      result.reminded = 1;
    }
  }

  if (promise.notice_at && promise.notice_at <= now && promise.noticed_at === null) {
    await trx.updateTable('promises').set({ noticed_at: now }).where('account_id', '=', accountId).where('id', '=', promiseId).execute();
    const agentWrote = promise.last_agent_reply_at !== null;
    if (!agentWrote) {
      const lead = promise.due_at.getTime() - (promise.recorded_at ?? promise.created_at).getTime();
      const expected = new Date(promise.due_at.getTime() + Math.max(60 * 60_000, lead / 2));
      const team = conversation.team_id
        ? await trx.selectFrom('teams').select('business_hours_id').where('account_id', '=', accountId).where('id', '=', conversation.team_id).executeTakeFirst()
        : undefined;
      await sendDelayNotice(trx, svc, conversation, 'promise', {
        expected,
        businessHoursId: team?.business_hours_id ?? null,
        description: promise.description,
        due: promise.due_at,
      });
      await recordEvent(trx, system, { type: 'promise.delay_notice_sent', conversationId, data: { promiseId, expected: expected.toISOString() } });
      result.noticed = 1;
    } else {
      await recordEvent(trx, system, { type: 'promise.delay_notice_skipped', conversationId, data: { promiseId, reason: 'agent_wrote' } });
    }
  }

  if (due) {
    const missed = await trx
      .updateTable('promises')
      .set({ status: 'missed', resolved_at: now, escalated_at: now })
      .where('account_id', '=', accountId)
      .where('id', '=', promiseId)
      .where('status', '=', 'open')
      .returningAll()
      .executeTakeFirst();
    if (missed) {
      await recordEvent(trx, system, {
        type: 'promise.missed',
        conversationId,
        customerId: conversation.customer_id,
        data: { promiseId, ownerId: missed.owner_id, dueAt: missed.due_at.toISOString() },
        publish: publishPromise(missed),
      });
      const supervisors = await supervisorsFor(trx, accountId, conversation.team_id);
      await notifyUsers(trx, accountId, supervisors, 'promise_missed', conversationId, {
        promiseId,
        description: missed.description,
        ownerId: missed.owner_id,
        dueAt: missed.due_at.toISOString(),
        number: conversation.number,
      });
      await recordEvent(trx, system, { type: 'promise.escalated', conversationId, data: { promiseId, to: supervisors } });
      result.missed = 1;
    }
  }
  return result;
}

export function presentPromiseRow(p: PromiseRow) {
  return {
    id: p.id,
    conversationId: p.conversation_id,
    description: p.description,
    dueAt: p.due_at.toISOString(),
    ownerId: p.owner_id,
    status: p.status,
    createdAt: (p.recorded_at ?? p.created_at).toISOString(),
    resolvedAt: p.resolved_at ? p.resolved_at.toISOString() : null,
    remindAt: p.remind_at ? p.remind_at.toISOString() : null,
    remindedAt: p.reminded_at ? p.reminded_at.toISOString() : null,
    delayNoticeSentAt: p.noticed_at && p.last_agent_reply_at === null ? p.noticed_at.toISOString() : null,
    escalatedAt: p.escalated_at ? p.escalated_at.toISOString() : null,
  };
}

const LOCALES: Record<string, string> = { en: 'en-GB', sv: 'sv-SE', pl: 'pl-PL', sl: 'sl-SI', bg: 'bg-BG', eo: 'eo' };

export function formatForCustomer(at: Date, language: string, timeZone: string): string {
  const locale = LOCALES[language] ?? 'en-GB';
  // Making a formatter costs more than formatting (every acknowledgement formats a time): one per locale and zone.
  const key = `${locale}|${timeZone}`;
  let format = customerFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      hour: '2-digit',
      minute: '2-digit',
      timeZone,
      timeZoneName: 'short',
    });
    if (customerFormats.size >= 500) customerFormats.clear();
    customerFormats.set(key, format);
  }
  return format.format(at);
}
const customerFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * Tells the customer, in their language and before they have to ask, that something will be late and when to
 * expect it instead. Goes out on the conversation's channel (email through the outbox). Not a response: it
 * neither fulfils a response target nor counts as the agent having written.
 */
async function sendDelayNotice(
  trx: Db,
  svc: ServiceClock,
  conversation: { id: string; account_id: string; number: number; channel: string; language: DetectedLanguage; customer_id: string },
  kind: 'promise' | 'resolution',
  input: { expected: Date; businessHoursId: string | null; description?: string; due?: Date },
): Promise<void> {
  const customer = await trx.selectFrom('customers').select(['name', 'language']).where('account_id', '=', conversation.account_id).where('id', '=', conversation.customer_id).executeTakeFirst();
  const language = customer?.language ?? (conversation.language === 'und' ? 'en' : conversation.language);
  const texts = customerTexts(language);
  const calendar = input.businessHoursId ? await loadCalendar(trx, conversation.account_id, input.businessHoursId) : null;
  const timeZone = calendar?.timezone ?? 'UTC';
  const text =
    kind === 'promise'
      ? fill(texts.delayPromise, {
          description: input.description ?? '',
          due: formatForCustomer(input.due ?? input.expected, language, timeZone),
          expected: formatForCustomer(input.expected, language, timeZone),
        })
      : fill(texts.delayResolution, { number: conversation.number, expected: formatForCustomer(input.expected, language, timeZone) });
  const body = [customer?.name ? fill(texts.greetingNamed, { name: customer.name }) : texts.greeting, '', text, '', texts.ackClosing, texts.signature].join('\n');
  const system = systemActor(conversation.account_id);
  const message = await sendSystemMessage(trx, svc, {
    accountId: conversation.account_id,
    conversationId: conversation.id,
    channel: conversation.channel as Channel,
    viaEmail: conversation.channel === 'email',
    body,
    language: language as DetectedLanguage,
  });
  await recordEvent(trx, system, {
    type: kind === 'promise' ? 'promise.delay_notice' : 'sla.delay_notice',
    conversationId: conversation.id,
    customerId: conversation.customer_id,
    data: { messageId: message.messageId, expected: input.expected.toISOString(), language },
  });
}

export const SERVICE_CLOCK_SWEEP_JOB = 'service-clock.sweep';

/**
 * The runner's jobs: a wake-up at each timer instant (queued by the engine and by promises in the transaction
 * that sets the instant) and a sweep every minute that catches anything a lost wake-up would miss.
 */
export function defineServiceClockJobs(db: Kysely<Database>, jobs: JobQueue, svc: ServiceClock, onChange?: () => void): void {
  const run = async (scope: RunScope) => {
    const r = await runServiceClock(db, svc, scope);
    if (Object.values(r).some((n) => n > 0)) onChange?.();
  };
  jobs.define<{ accountId: string; conversationId: string }>({
    name: SERVICE_CLOCK_WAKE_JOB,
    retryLimit: 5,
    retryDelaySeconds: 5,
    handler: async ({ accountId, conversationId }) => run({ accountId, conversationId }),
  });
  jobs.define<object>({
    name: SERVICE_CLOCK_SWEEP_JOB,
    retryLimit: 0,
    retryDelaySeconds: 60,
    handler: async () => run({}),
  });
}
