import type { Selectable } from 'kysely';
import type { Channel, ConversationStatus, Priority, SlaClocksTable, SlaMetric } from '../../db/schema.js';
import type { Db } from '../shared/types.js';
import type { Clock } from '../shared/clock.js';
import { systemClock } from '../shared/clock.js';
import { systemActor } from '../shared/actor.js';
import type { JobQueue } from '../../jobs/job-queue.js';
import { recordEvent } from '../events/record-event.js';
import { loadCalendar } from '../service-clock/calendar-cache.js';
import { enabledSlaPolicies, firstMatchingPolicy, targetOf, type SlaPolicyRow } from './sla-policies.js';
import { calendarTime, businessTime, type TimeBase } from './time-base.js';
import { instantsOf, pause, remainingMinutes, resume, usedMinutes, type ClockState } from './sla-math.js';

/**
 * The SLA engine: keeps each conversation's clocks (first response, next response, resolution) in line with what
 * happens to it, inside the transaction that makes the change. Definitions: docs/METRICS.md.
 *
 * - created: the matching policy's first-response and resolution clocks start.
 * - a customer message after the first response starts a next-response clock (if none runs).
 * - an agent's public reply (never a note, never an automatic message) fulfils first and next response.
 * - a status in the policy's `pauseOn` pauses every running clock; leaving it resumes them exactly.
 * - solved/closed fulfils every active clock; a reopen resumes the resolution clock where it stopped.
 * - a change of priority, channel, team, tags or status re-matches the policy; running clocks take the new targets.
 *
 * Timers are the rows' due/warn/notice instants; the service-clock runner acts on them, and a pg-boss job is queued
 * (in the same transaction) to wake the runner at the next one.
 */

export interface ServiceClock {
  clock: Clock;
  /** Present in processes that run jobs: wake-up jobs are queued in the same transaction. */
  jobs?: JobQueue | undefined;
  /** Domain of Message-IDs for mail the service clock sends (delay notices). */
  mailDomain?: string | undefined;
}

export const defaultServiceClock: ServiceClock = { clock: systemClock };

export const SERVICE_CLOCK_WAKE_JOB = 'service-clock.wake';

export type SlaHappening = 'created' | 'customer_message' | 'agent_reply' | 'changed';

type ClockRow = Selectable<SlaClocksTable>;

const STOPPED: ConversationStatus[] = ['solved', 'closed'];

export function isActive(c: ClockRow): boolean {
  return c.fulfilled_at === null && c.cancelled_at === null;
}

function stateOf(c: ClockRow): ClockState {
  return { targetMinutes: c.target_minutes, consumed: c.consumed_minutes, segmentStart: c.paused ? null : c.segment_started_at };
}

/** The time base of a policy for a conversation: the policy's calendar, else the team's, else calendar time. */
export async function timeBaseFor(db: Db, accountId: string, businessHoursId: string | null): Promise<TimeBase> {
  if (!businessHoursId) return calendarTime;
  const calendar = await loadCalendar(db, accountId, businessHoursId);
  return calendar ? businessTime(calendar) : calendarTime;
}

async function businessHoursIdFor(db: Db, accountId: string, policy: SlaPolicyRow, teamId: string | null): Promise<string | null> {
  if (policy.calendar_time) return null;
  if (policy.business_hours_id) return policy.business_hours_id;
  if (!teamId) return null;
  const team = await db.selectFrom('teams').select('business_hours_id').where('account_id', '=', accountId).where('id', '=', teamId).executeTakeFirst();
  return team?.business_hours_id ?? null;
}

/** Maps an instant of the service clock to the wall-clock time at which a job should run. */
export function wallTimeFor(svc: ServiceClock, instant: Date): Date {
  return new Date(Date.now() + (instant.getTime() - svc.clock.now().getTime()));
}

export async function queueWake(trx: Db, svc: ServiceClock, accountId: string, conversationId: string, at: Date): Promise<void> {
  if (!svc.jobs) return;
  await svc.jobs.enqueue(trx, SERVICE_CLOCK_WAKE_JOB, { accountId, conversationId }, { startAfter: wallTimeFor(svc, at) });
}

/** What syncSla reads of a conversation (the policy conditions and whether it was answered). */
export interface SlaConversation {
  id: string;
  status: ConversationStatus;
  priority: Priority;
  channel: Channel;
  team_id: string | null;
  tags: string[];
  first_response_at: Date | null;
  customer_id: string;
  organisation_id: string | null;
}

/** What the caller already knows, so that syncSla need not read it again (createConversation). */
export interface SlaKnown {
  /** The conversation as it is now, with its customer's organisation. */
  conversation?: SlaConversation | undefined;
  /** The conversation was inserted in this transaction: it has no clocks yet. */
  noClocks?: boolean | undefined;
}

export async function syncSla(
  trx: Db,
  svc: ServiceClock,
  accountId: string,
  conversationId: string,
  happening: SlaHappening,
  known: SlaKnown = {},
): Promise<boolean> {
  const now = svc.clock.now();
  const conversation = known.conversation ?? await trx
    .selectFrom('conversations as c')
    .innerJoin('customers as cu', (j) => j.onRef('cu.account_id', '=', 'c.account_id').onRef('cu.id', '=', 'c.customer_id'))
    .select(['c.id', 'c.status', 'c.priority', 'c.channel', 'c.team_id', 'c.tags', 'c.first_response_at', 'c.customer_id', 'cu.organisation_id'])
    .where('c.account_id', '=', accountId)
    .where('c.id', '=', conversationId)
    .executeTakeFirst();
  if (!conversation) return false;
  if (happening === 'agent_reply') {
    // A delay notice is not sent for a promise the agent has written about since it was made.
    await trx
      .updateTable('promises')
      .set({ last_agent_reply_at: now })
      .where('account_id', '=', accountId)
      .where('conversation_id', '=', conversationId)
      .where('status', '=', 'open')
      .execute();
  }
  const [policies, clocks] = await Promise.all([
    enabledSlaPolicies(trx, accountId),
    known.noClocks
      ? Promise.resolve<ClockRow[]>([])
      : trx.selectFrom('sla_clocks').selectAll().where('account_id', '=', accountId).where('conversation_id', '=', conversationId).orderBy('created_at').execute(),
  ]);
  if (policies.length === 0 && clocks.length === 0) return false;
  const policy = firstMatchingPolicy(policies, conversation);
  const base = policy ? await timeBaseFor(trx, accountId, await businessHoursIdFor(trx, accountId, policy, conversation.team_id)) : calendarTime;
  const bases = new Map<string | null, TimeBase>();
  const baseOf = async (c: ClockRow) => {
    if (!bases.has(c.business_hours_id)) bases.set(c.business_hours_id, await timeBaseFor(trx, accountId, c.business_hours_id));
    return bases.get(c.business_hours_id)!;
  };
  const businessHoursId = policy ? await businessHoursIdFor(trx, accountId, policy, conversation.team_id) : null;

  const stopped = STOPPED.includes(conversation.status);
  const paused = policy !== null && policy.pause_on.includes(conversation.status);
  let changed = false;
  const active = () => clocks.filter(isActive);

  const update = async (c: ClockRow, set: Partial<ClockRow>) => {
    Object.assign(c, set);
    await trx.updateTable('sla_clocks').set(set).where('account_id', '=', accountId).where('id', '=', c.id).execute();
    changed = true;
  };
  /** Freezes a clock where it stands; a breach that happened before the runner saw it is still recorded. */
  const stopSegment = async (c: ClockRow): Promise<Partial<ClockRow>> => {
    const b = await baseOf(c);
    const state = pause(stateOf(c), b, now);
    const breachedAt = c.breached_at ?? (state.consumed > c.target_minutes && c.due_at && c.due_at <= now ? c.due_at : null);
    return { consumed_minutes: state.consumed, segment_started_at: null, paused: true, breached_at: breachedAt };
  };

  // 1. Fulfilment by an agent's public reply.
  if (happening === 'agent_reply') {
    for (const c of active()) {
      if (c.metric === 'resolution') {
        await update(c, { last_agent_reply_at: now });
        continue;
      }
      const late = c.due_at !== null && !c.paused && c.due_at < now;
      await update(c, { ...(await stopSegment(c)), fulfilled_at: now, fulfilled_by: 'reply', breached_at: c.breached_at ?? (late ? c.due_at : null) });
    }
  }

  // 2. Policy changes: clocks of another policy take the new targets (the minutes used so far carry over), or
  //    end when the new policy has no such target.
  for (const c of active()) {
    const target = policy ? targetOf(policy, c.metric) : null;
    if (policy && c.policy_id === policy.id && c.target_minutes === target && c.business_hours_id === businessHoursId) continue;
    const folded = c.paused ? {} : await stopSegment(c);
    if (!policy || target === null) {
      await update(c, { ...folded, cancelled_at: now });
      continue;
    }
    const consumed = folded.consumed_minutes ?? c.consumed_minutes;
    await update(c, {
      ...folded,
      paused: true,
      segment_started_at: null,
      due_at: null,
      warn_at: null,
      notice_at: null,
      policy_id: policy.id,
      target_minutes: target,
      business_hours_id: businessHoursId,
      breached_at: consumed > target ? (c.breached_at ?? now) : null,
      warned_at: consumed >= (target * policy.warn_at_percent) / 100 ? (c.warned_at ?? now) : null,
    });
  }

  // 3. Start the clocks the policy asks for.
  if (policy && !stopped) {
    const start = async (metric: SlaMetric) => {
      const target = targetOf(policy, metric);
      if (target === null) return;
      const row = await trx
        .insertInto('sla_clocks')
        .values({
          account_id: accountId,
          conversation_id: conversationId,
          policy_id: policy.id,
          metric,
          target_minutes: target,
          business_hours_id: businessHoursId,
          started_at: now,
          segment_started_at: null,
          paused: true,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      clocks.push(row);
      changed = true;
    };
    const has = (metric: SlaMetric, predicate: (c: ClockRow) => boolean = isActive) => clocks.some((c) => c.metric === metric && predicate(c));
    const responded = conversation.first_response_at !== null || has('first_response', (c) => c.fulfilled_at !== null);
    if (!responded && !has('first_response', () => true)) await start('first_response');
    if (happening === 'customer_message' && responded && !has('next_response')) await start('next_response');
    if (!has('resolution')) {
      const stoppedResolution = [...clocks].reverse().find((c) => c.metric === 'resolution' && c.fulfilled_at !== null && c.policy_id === policy.id);
      if (stoppedResolution) await update(stoppedResolution, { fulfilled_at: null, fulfilled_by: null });
      else await start('resolution');
    }
  }

  // 4. The status decides whether the active clocks run.
  for (const c of active()) {
    if (stopped) {
      await update(c, { ...(c.paused ? {} : await stopSegment(c)), fulfilled_at: now, fulfilled_by: 'solved' });
    } else if (paused && !c.paused) {
      await update(c, { ...(await stopSegment(c)), due_at: null, warn_at: null, notice_at: null });
    } else if (!paused && c.paused) {
      await update(c, { paused: false, segment_started_at: resume(stateOf(c), now).segmentStart });
    }
  }

  // 5. Running clocks get their instants; the runner is woken at each of them.
  const wakes: Date[] = [];
  for (const c of active()) {
    if (c.paused) continue;
    const p = policies.find((x) => x.id === c.policy_id) ?? policy;
    const instants = instantsOf(stateOf(c), await baseOf(c), p?.warn_at_percent ?? 80, c.metric === 'resolution' ? (p?.notice_at_percent ?? null) : null);
    if (
      c.due_at?.getTime() !== instants.dueAt?.getTime() ||
      c.warn_at?.getTime() !== instants.warnAt?.getTime() ||
      c.notice_at?.getTime() !== instants.noticeAt?.getTime()
    ) {
      await update(c, { due_at: instants.dueAt, warn_at: instants.warnAt, notice_at: instants.noticeAt });
      for (const [at, done] of [
        [c.warn_at, c.warned_at],
        [c.notice_at, c.noticed_at],
        [c.due_at, c.breached_at],
      ] as const) {
        if (at && !done && !wakes.some((w) => w.getTime() === at.getTime())) wakes.push(at);
      }
    }
  }
  if (!changed) return false;
  for (const at of wakes) await queueWake(trx, svc, accountId, conversationId, at);
  const sla = await presentSlaFromClocks(trx, accountId, clocks, now);
  await recordEvent(trx, systemActor(accountId), {
    type: 'conversation.sla_updated',
    conversationId,
    customerId: conversation.customer_id,
    data: { happening, policyId: policy?.id ?? null },
    publish: { conversationId, sla },
  });
  return true;
}

// ---------------------------------------------------------------------------------------------------------
// Presentation

export interface SlaTargetState {
  metric: SlaMetric;
  targetMinutes: number;
  dueAt: string | null;
  breached: boolean;
  paused: boolean;
  remainingMinutes: number;
  fulfilledAt: string | null;
  warned: boolean;
}

export interface SlaState {
  policyId: string;
  firstResponse: SlaTargetState | null;
  nextResponse: SlaTargetState | null;
  resolution: SlaTargetState | null;
}

async function targetState(db: Db, accountId: string, c: ClockRow, now: Date): Promise<SlaTargetState> {
  const base = await timeBaseFor(db, accountId, c.business_hours_id);
  const state = stateOf(c);
  const running = isActive(c) && !c.paused;
  const endedAt = c.fulfilled_at ?? c.cancelled_at;
  const remaining = running ? remainingMinutes(state, base, now) : Math.round((c.target_minutes - usedMinutes(state, base, now)) * 100) / 100;
  const breached = c.breached_at !== null || (running && c.due_at !== null && c.due_at <= now) || remaining < 0;
  return {
    metric: c.metric,
    targetMinutes: c.target_minutes,
    dueAt: running && c.due_at ? c.due_at.toISOString() : null,
    breached,
    paused: isActive(c) && c.paused,
    remainingMinutes: running ? remaining : Math.trunc(remaining),
    fulfilledAt: endedAt && c.fulfilled_at ? c.fulfilled_at.toISOString() : null,
    warned: c.warned_at !== null,
  };
}

/** The SLA of one conversation from its clocks: per metric the active clock, else the latest one. */
export async function presentSlaFromClocks(db: Db, accountId: string, clocks: ClockRow[], now: Date): Promise<SlaState | null> {
  const relevant = clocks.filter((c) => c.cancelled_at === null);
  if (relevant.length === 0) return null;
  const pick = (metric: SlaMetric) => {
    const mine = relevant.filter((c) => c.metric === metric);
    return mine.find(isActive) ?? mine[mine.length - 1] ?? null;
  };
  const [firstResponse, nextResponse, resolution] = await Promise.all(
    (['first_response', 'next_response', 'resolution'] as const).map(async (m) => {
      const c = pick(m);
      return c ? targetState(db, accountId, c, now) : null;
    }),
  );
  const current = relevant.find(isActive) ?? relevant[relevant.length - 1]!;
  return { policyId: current.policy_id, firstResponse: firstResponse ?? null, nextResponse: nextResponse ?? null, resolution: resolution ?? null };
}

/** SLA states of several conversations in one query (for lists). */
export async function loadSlaStates(db: Db, accountId: string, conversationIds: string[], now: Date): Promise<Map<string, SlaState | null>> {
  const result = new Map<string, SlaState | null>();
  if (conversationIds.length === 0) return result;
  const rows = await db
    .selectFrom('sla_clocks')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('conversation_id', 'in', conversationIds)
    .where('cancelled_at', 'is', null)
    .orderBy('created_at')
    .execute();
  const byConversation = new Map<string, ClockRow[]>();
  for (const r of rows) {
    const list = byConversation.get(r.conversation_id) ?? [];
    list.push(r);
    byConversation.set(r.conversation_id, list);
  }
  for (const id of conversationIds) {
    const list = byConversation.get(id);
    result.set(id, list ? await presentSlaFromClocks(db, accountId, list, now) : null);
  }
  return result;
}
