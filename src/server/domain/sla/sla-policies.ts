import { sql, type Selectable } from 'kysely';
import type { BreachAction, Channel, Priority, SlaConditions, SlaMetric, SlaPoliciesTable } from '../../db/schema.js';
import type { Db } from '../shared/types.js';
import type { Actor } from '../shared/actor.js';
import { recordEvent } from '../events/record-event.js';
import { errors } from '../shared/errors.js';
import { isForeignKeyViolation } from '../shared/pg-errors.js';
import { accountCache } from '../shared/account-cache.js';

export type SlaPolicyRow = Selectable<SlaPoliciesTable>;

// syncSla reads the account's enabled policies on every create, customer message and reply: kept per account,
// exact in this process after every write below and in sla-policy-order.ts, at most this old for changes made by
// another process.
export const SLA_POLICIES_CACHE_TTL_MS = 10_000;
const enabledCache = accountCache<readonly SlaPolicyRow[]>(SLA_POLICIES_CACHE_TTL_MS);

/** The account's enabled policies, in no particular order (firstMatchingPolicy orders them). */
export function enabledSlaPolicies(db: Db, accountId: string): Promise<readonly SlaPolicyRow[]> {
  return enabledCache.get(accountId, () => db.selectFrom('sla_policies').selectAll().where('account_id', '=', accountId).where('enabled', '=', true).execute());
}

/** Called by every write to sla_policies once it committed (or failed). */
export function invalidateSlaPolicies(accountId: string): void {
  enabledCache.invalidate(accountId);
}

export interface SlaPolicyInput {
  name: string;
  conditions?: {
    priority?: Priority | Priority[] | undefined;
    channel?: Channel | Channel[] | undefined;
    teamId?: string | string[] | undefined;
    organisationId?: string | string[] | undefined;
    tags?: string[] | undefined;
  } | undefined;
  targets: { firstResponseMinutes?: number | undefined; nextResponseMinutes?: number | undefined; resolutionMinutes?: number | undefined };
  businessHoursId?: string | null | undefined;
  calendarTime?: boolean | undefined;
  pauseOn?: Array<'pending' | 'on_hold'> | undefined;
  warnAtPercent?: number | undefined;
  noticeAtPercent?: number | null | undefined;
  breachActions?: BreachAction[] | undefined;
  position?: number | undefined;
  enabled?: boolean | undefined;
}

const list = <T>(v: T | T[] | undefined): T[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);

export function normalizeConditions(input: SlaPolicyInput['conditions']): SlaConditions {
  const c: SlaConditions = {};
  if (!input) return c;
  const priority = list(input.priority);
  const channel = list(input.channel);
  const teamId = list(input.teamId);
  const organisationId = list(input.organisationId);
  if (priority?.length) c.priority = [...new Set(priority)];
  if (channel?.length) c.channel = [...new Set(channel)];
  if (teamId?.length) c.teamId = [...new Set(teamId)];
  if (organisationId?.length) c.organisationId = [...new Set(organisationId)];
  if (input.tags?.length) c.tags = [...new Set(input.tags.map((t) => t.trim().toLowerCase()).filter(Boolean))];
  return c;
}

export interface MatchableConversation {
  priority: Priority;
  channel: Channel;
  team_id: string | null;
  tags: string[];
  organisation_id: string | null;
}

/** A policy applies when every condition it sets holds; tags: the conversation carries all the listed tags. */
export function policyMatches(conditions: SlaConditions, c: MatchableConversation): boolean {
  if (conditions.priority && !conditions.priority.includes(c.priority)) return false;
  if (conditions.channel && !conditions.channel.includes(c.channel)) return false;
  if (conditions.teamId && (c.team_id === null || !conditions.teamId.includes(c.team_id))) return false;
  if (conditions.organisationId && (c.organisation_id === null || !conditions.organisationId.includes(c.organisation_id))) return false;
  if (conditions.tags && !conditions.tags.every((t) => c.tags.includes(t))) return false;
  return true;
}

/** Policies are an ordered list (position, then age): the first that matches applies, as in Zendesk. */
export function firstMatchingPolicy(policies: readonly SlaPolicyRow[], c: MatchableConversation): SlaPolicyRow | null {
  const ordered = [...policies].filter((p) => p.enabled).sort((a, b) => a.position - b.position || a.created_at.getTime() - b.created_at.getTime());
  return ordered.find((p) => policyMatches(p.conditions, c)) ?? null;
}

export function targetOf(policy: SlaPolicyRow, metric: SlaMetric): number | null {
  return metric === 'first_response' ? policy.first_response_minutes : metric === 'next_response' ? policy.next_response_minutes : policy.resolution_minutes;
}

export function presentSlaPolicy(p: SlaPolicyRow) {
  return {
    id: p.id,
    name: p.name,
    position: p.position,
    enabled: p.enabled,
    conditions: p.conditions,
    targets: {
      firstResponseMinutes: p.first_response_minutes,
      nextResponseMinutes: p.next_response_minutes,
      resolutionMinutes: p.resolution_minutes,
    },
    businessHoursId: p.business_hours_id,
    calendarTime: p.calendar_time,
    pauseOn: p.pause_on,
    warnAtPercent: p.warn_at_percent,
    noticeAtPercent: p.notice_at_percent,
    breachActions: p.breach_actions,
    createdAt: p.created_at.toISOString(),
    updatedAt: p.updated_at.toISOString(),
  };
}

function validate(input: Partial<SlaPolicyInput>): void {
  if (input.targets) {
    const { firstResponseMinutes, nextResponseMinutes, resolutionMinutes } = input.targets;
    if (firstResponseMinutes === undefined && nextResponseMinutes === undefined && resolutionMinutes === undefined) {
      throw errors.validation('targets', 'set at least one of firstResponseMinutes, nextResponseMinutes, resolutionMinutes');
    }
  }
  if (input.warnAtPercent !== undefined && input.noticeAtPercent != null && input.noticeAtPercent <= input.warnAtPercent) {
    throw errors.validation('noticeAtPercent', 'must be later than warnAtPercent, so the agent is warned before the customer is told');
  }
  for (const [i, action] of (input.breachActions ?? []).entries()) {
    if (action.type === 'reassign' && !action.teamId && !action.userId) {
      throw errors.validation(`breachActions.${i}`, 'reassign needs teamId or userId');
    }
  }
}

async function checkReferences(trx: Db, accountId: string, input: Partial<SlaPolicyInput>): Promise<void> {
  const teamIds = [...(list(input.conditions?.teamId) ?? []), ...(input.breachActions ?? []).flatMap((a) => (a.type === 'reassign' && a.teamId ? [a.teamId] : []))];
  if (teamIds.length) {
    const found = await trx.selectFrom('teams').select('id').where('account_id', '=', accountId).where('id', 'in', teamIds).execute();
    if (found.length !== new Set(teamIds).size) throw errors.validation('teamId', 'no such team in this account');
  }
  const userIds = (input.breachActions ?? []).flatMap((a) => (a.type === 'reassign' && a.userId ? [a.userId] : []));
  if (userIds.length) {
    const found = await trx.selectFrom('users').select('id').where('account_id', '=', accountId).where('id', 'in', userIds).execute();
    if (found.length !== new Set(userIds).size) throw errors.validation('breachActions', 'no such user in this account');
  }
}

function columnsOf(input: Partial<SlaPolicyInput>) {
  const set: Record<string, unknown> = {};
  if (input.name !== undefined) set.name = input.name.trim();
  if (input.conditions !== undefined) set.conditions = JSON.stringify(normalizeConditions(input.conditions));
  if (input.targets !== undefined) {
    set.first_response_minutes = input.targets.firstResponseMinutes ?? null;
    set.next_response_minutes = input.targets.nextResponseMinutes ?? null;
    set.resolution_minutes = input.targets.resolutionMinutes ?? null;
  }
  if (input.businessHoursId !== undefined) set.business_hours_id = input.businessHoursId;
  if (input.calendarTime !== undefined) set.calendar_time = input.calendarTime;
  if (input.pauseOn !== undefined) set.pause_on = [...new Set(input.pauseOn)];
  if (input.warnAtPercent !== undefined) set.warn_at_percent = input.warnAtPercent;
  if (input.noticeAtPercent !== undefined) set.notice_at_percent = input.noticeAtPercent;
  if (input.breachActions !== undefined) set.breach_actions = JSON.stringify(input.breachActions);
  if (input.position !== undefined) set.position = input.position;
  if (input.enabled !== undefined) set.enabled = input.enabled;
  return set;
}

function mapForeignKey(error: unknown): never {
  if (isForeignKeyViolation(error)) throw errors.validation('businessHoursId', 'no such business hours in this account');
  throw error;
}

export async function createSlaPolicy(db: Db, actor: Actor, input: SlaPolicyInput): Promise<SlaPolicyRow> {
  validate({ ...input, warnAtPercent: input.warnAtPercent ?? 80 });
  try {
    return await db.transaction().execute(async (trx) => {
      await checkReferences(trx, actor.accountId, input);
      const position =
        input.position ??
        (await trx.selectFrom('sla_policies').select(sql<number>`coalesce(max(position), -1) + 1`.as('next')).where('account_id', '=', actor.accountId).executeTakeFirstOrThrow()).next;
      const row = await trx
        .insertInto('sla_policies')
        .values({
          account_id: actor.accountId,
          name: input.name.trim(),
          conditions: JSON.stringify(normalizeConditions(input.conditions)),
          first_response_minutes: input.targets.firstResponseMinutes ?? null,
          next_response_minutes: input.targets.nextResponseMinutes ?? null,
          resolution_minutes: input.targets.resolutionMinutes ?? null,
          business_hours_id: input.businessHoursId ?? null,
          calendar_time: input.calendarTime ?? false,
          pause_on: [...new Set(input.pauseOn ?? ['pending'])],
          warn_at_percent: input.warnAtPercent ?? 80,
          notice_at_percent: input.noticeAtPercent === undefined ? 90 : input.noticeAtPercent,
          breach_actions: JSON.stringify(input.breachActions ?? [{ type: 'notify_supervisors' }]),
          position,
          enabled: input.enabled ?? true,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordEvent(trx, actor, { type: 'sla_policy.created', data: { policyId: row.id, name: row.name } });
      return row;
    });
  } catch (error) {
    return mapForeignKey(error);
  } finally {
    invalidateSlaPolicies(actor.accountId);
  }
}

/** Changes apply to clocks started afterwards and to running clocks when their conversation next changes. */
export async function updateSlaPolicy(db: Db, actor: Actor, id: string, input: Partial<SlaPolicyInput>): Promise<SlaPolicyRow> {
  try {
    return await db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('sla_policies').selectAll().where('account_id', '=', actor.accountId).where('id', '=', id).forUpdate().executeTakeFirst();
      if (!current) throw errors.notFound('SLA policy');
      validate({ ...input, warnAtPercent: input.warnAtPercent ?? current.warn_at_percent, noticeAtPercent: input.noticeAtPercent === undefined ? current.notice_at_percent : input.noticeAtPercent });
      await checkReferences(trx, actor.accountId, input);
      const set = columnsOf(input);
      if (Object.keys(set).length === 0) return current;
      const row = await trx
        .updateTable('sla_policies')
        .set({ ...set, updated_at: sql`now()` })
        .where('account_id', '=', actor.accountId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordEvent(trx, actor, { type: 'sla_policy.updated', data: { policyId: id, fields: Object.keys(set) } });
      return row;
    });
  } catch (error) {
    return mapForeignKey(error);
  } finally {
    invalidateSlaPolicies(actor.accountId);
  }
}
