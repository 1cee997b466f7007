import { sql, type RawBuilder, type Selectable } from 'kysely';
import type { AssignmentReason, AssignmentTrigger, ConversationsTable, Presence, RoutingQueueReason } from '../../db/schema.js';
import type { Db } from '../shared/types.js';
import { systemActor, type Actor } from '../shared/actor.js';
import { recordEvent, type NewEvent } from '../events/record-event.js';
import { presentConversation } from '../presenters.js';
import { notifyUsers, supervisorsFor } from '../notifications/notify.js';
import { wallTimeFor, type ServiceClock } from '../sla/sla-engine.js';
import { bucketOf, hasSkillsIn, requiredLanguageIn, requiredLanguageOf, requiredSkillsIn, requiredSkillsOf, speaks, type Candidate, type RoutingStrategy } from './routing-core.js';
import { addLoadRows, teamRoster, type Roster, type RoutingTeam } from './routing-roster.js';
import { cachedShiftCalendar, isOnShift, knownShiftCalendar } from './shift-schedule.js';
import { routingSettings, type RoutingSettings } from './routing-settings.js';

/**
 * The routing engine's database side, inside the caller's transaction — the one that creates, reopens, transfers or
 * hands over the conversation, as syncSla does for the SLA. A decision is one call (servisto_route, migration 016):
 * this side works out what the team's roster tells (routing-roster.ts, kept in memory per roster version: members
 * on shift, their capacity, languages and skills), the database function reads what changes all the time
 * (presence, load counters, rotation, recent difficult conversations), ranks as the pure core does
 * (routing-core.ts decide(), the rules' reference; routing-parity.test.ts compares the two), locks the first free
 * agent with room, advances the rotation, logs the assignment and assigns. A conversation nobody can take now waits
 * in its team's queue (routing_queued_at); it is routed when an agent comes online or on shift, frees capacity, or
 * the skills wait ends (a durable pg-boss wake-up job and the routing runner's sweep; never an in-memory timer).
 *
 * Load is never counted here: each agent's unsolved conversations per channel kind (and the difficult ones) are
 * counters (agent_loads plus not yet folded agent_load_releases), kept by triggers on conversations (migration
 * 012) whatever changes an owner or a status.
 *
 * Concurrency: the chosen agent's counter row is locked with SKIP LOCKED in ranked order, so parallel routers (also
 * of different teams) never wait on each other and never pick the same agent, and capacity is checked against that
 * row under the lock. Only when every agent with room is busy does a router wait for the best of them (briefly, in
 * a savepoint). Nothing locks the whole team.
 */

export const ROUTING_WAKE_JOB = 'routing.wake';
export const ACTIVE_STATUSES = ['new', 'open', 'pending', 'on_hold'] as const;

type ConversationRow = Selectable<ConversationsTable>;

export type RouteOutcome =
  | {
      kind: 'assigned';
      userId: string;
      reason: AssignmentReason;
      conversation: ConversationRow;
    }
  | { kind: 'queued'; reason: RoutingQueueReason; conversation: ConversationRow }
  | { kind: 'kept'; conversation: ConversationRow }
  | { kind: 'skipped'; reason: 'not_found' | 'no_team' | 'assigned' | 'inactive' | 'manual'; conversation: ConversationRow | null };

export interface RouteOptions {
  trigger: AssignmentTrigger;
  /** The customer's previous owner (sticky routing), when the caller knows it. */
  stickyUserId?: string | null | undefined;
  /** The conversation's row as the caller has just written it, under its lock (saves reading it again). */
  row?: ConversationRow | undefined;
  /**
   * Look the sticky owner up in the database (instead of `stickyUserId`): the customer's latest conversation created
   * since `since` that has an owner.
   */
  stickyLookup?: { customerId: string; since: Date } | undefined;
  /** Never choose these (the agent a conversation is transferred or handed over from). */
  excludeUserIds?: string[] | undefined;
  /**
   * Route even though the conversation has an owner (a reopen): the owner keeps it if they qualify (sticky), else
   * it goes to whoever does; with nobody available the owner keeps it.
   */
  reroute?: boolean | undefined;
}

interface MemberRow {
  routing: RoutingStrategy;
  skills_fallback_minutes: number;
  sticky_owner: boolean;
  user_id: string | null;
  presence: Presence;
  /** users.updated_at, epoch milliseconds. */
  user_version: number | null;
  last_routed_seq: number;
  /** agent_shifts.updated_at, epoch milliseconds. */
  shift_version: number | null;
  /** The member has a load-counter row (every user has one; a missing one is added, see below). */
  counted: boolean;
  email: number;
  chat: number;
  difficult_open: number;
  recent_difficult: number;
}

/** What routing knows about an agent that changes rarely (users.updated_at moves with it): kept per version. */
interface Profile {
  languages: string[];
  skills: string[];
  capacity: { email?: number; chat?: number };
}
const profiles = new Map<string, Profile>();
const MAX_PROFILES = 20_000;
const profileKey = (userId: string, version: Date | number) => `${userId}:${new Date(version).getTime()}`;

export interface LoadTeamOptions {
  /** Count each member's difficult conversations within the break window (only difficult conversations need it). */
  recentDifficult?: boolean | undefined;
}

/**
 * A team's routing options and its active members as routing candidates, in one statement (a database function,
 * so that the join is not planned again for every decision). Each member's load is read from their counters
 * (agent_loads, kept up to date by triggers on conversations: migration 012), never counted; for a difficult conversation, recent difficult conversations are counted for online members (from a
 * partial index). Languages, skills, capacity and shift schedules are read again only when they changed (their
 * versions are compared with what this process keeps). Undefined when there is no such team.
 */
export async function loadTeamForRouting(
  trx: Db,
  accountId: string,
  teamId: string,
  now: Date,
  windowStart: Date,
  options: LoadTeamOptions = { recentDifficult: true },
): Promise<{ team: RoutingTeam; candidates: Candidate[] } | undefined> {
  // servisto_routing_members (migration 012): the join, with its plan cached per connection.
  const { rows } = await sql<MemberRow>`
    SELECT * FROM servisto_routing_members(${accountId}::uuid, ${teamId}::uuid, ${windowStart}::timestamptz, ${options.recentDifficult === true}::boolean)`.execute(trx);
  const first = rows[0];
  if (!first) return undefined;
  const team: RoutingTeam = { routing: first.routing, skillsFallbackMinutes: first.skills_fallback_minutes, stickyOwner: first.sticky_owner };
  const members = rows.filter((r): r is MemberRow & { user_id: string; user_version: number } => r.user_id !== null && r.user_version !== null);
  // Routing locks the chosen member's counter row: a user without one (inserted with the triggers disabled) gets it.
  const uncounted = members.filter((r) => !r.counted).map((r) => r.user_id);
  if (uncounted.length > 0) await addLoadRows(trx, accountId, uncounted);

  const staleProfiles = members.filter((r) => !profiles.has(profileKey(r.user_id, r.user_version)));
  const readNow = new Map<string, Profile>();
  if (staleProfiles.length > 0) {
    const fresh = await trx
      .selectFrom('users')
      .select(['id', 'languages', 'skills', 'capacity', 'updated_at'])
      .where('account_id', '=', accountId)
      .where('id', 'in', staleProfiles.map((r) => r.user_id))
      .execute();
    if (profiles.size + fresh.length > MAX_PROFILES) profiles.clear();
    for (const u of fresh) {
      const profile: Profile = { languages: u.languages ?? [], skills: u.skills ?? [], capacity: u.capacity ?? {} };
      profiles.set(profileKey(u.id, u.updated_at), profile);
      readNow.set(u.id, profile);
    }
  }
  // Schedules are read only when this process has not built that version of the calendar yet.
  const missing = members.filter((r) => r.presence === 'online' && r.shift_version && !knownShiftCalendar(r.user_id, new Date(r.shift_version)));
  if (missing.length > 0) {
    const schedules = await trx
      .selectFrom('agent_shifts')
      .select(['user_id', 'timezone', 'weekly', 'updated_at'])
      .where('account_id', '=', accountId)
      .where('user_id', 'in', missing.map((r) => r.user_id))
      .execute();
    for (const s of schedules) cachedShiftCalendar(s.user_id, s.updated_at, { timezone: s.timezone, weekly: s.weekly });
  }
  const candidates = members.map((r): Candidate => {
    const calendar = r.presence === 'online' && r.shift_version ? knownShiftCalendar(r.user_id, new Date(r.shift_version)) : undefined;
    // A profile that changed between the two reads: the newer one.
    const profile = profiles.get(profileKey(r.user_id, r.user_version)) ?? readNow.get(r.user_id) ?? { languages: [], skills: [], capacity: {} };
    return {
      userId: r.user_id,
      presence: r.presence,
      onShift: calendar ? isOnShift(calendar, now) : true,
      languages: profile.languages,
      skills: profile.skills,
      capacity: profile.capacity,
      load: { email: Number(r.email), chat: Number(r.chat) },
      difficultOpen: Number(r.difficult_open),
      recentDifficult: Number(r.recent_difficult),
      rotation: Number(r.last_routed_seq),
    };
  });
  return { team, candidates };
}

/**
 * Folds released load (agent_load_releases) into the counter rows of agents who got no new work meanwhile (giving
 * an agent work folds theirs already), so that the releases stay few. Rows another transaction holds are skipped.
 */
export async function foldLoadReleases(db: Db, accountId?: string | undefined): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    WITH locked AS MATERIALIZED (
      SELECT l.account_id, l.user_id FROM agent_loads l
      WHERE (l.account_id, l.user_id) IN (
        SELECT DISTINCT account_id, user_id FROM agent_load_releases WHERE ${accountId ?? null}::uuid IS NULL OR account_id = ${accountId ?? null}::uuid
      )
      FOR UPDATE OF l SKIP LOCKED
    ), gone AS (
      DELETE FROM agent_load_releases r USING locked k WHERE r.account_id = k.account_id AND r.user_id = k.user_id
      RETURNING r.account_id, r.user_id, r.email, r.chat, r.difficult
    ), sums AS (
      SELECT account_id, user_id, sum(email)::int AS email, sum(chat)::int AS chat, sum(difficult)::int AS difficult FROM gone GROUP BY account_id, user_id
    ), folded AS (
      UPDATE agent_loads l SET email = l.email + s.email, chat = l.chat + s.chat, difficult = l.difficult + s.difficult
      FROM sums s WHERE l.account_id = s.account_id AND l.user_id = s.user_id
      RETURNING 1
    )
    SELECT count(*)::int AS n FROM folded`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** Every active member of a team as a routing candidate (see loadTeamForRouting). */
export async function loadCandidates(trx: Db, accountId: string, teamId: string, now: Date, windowStart: Date): Promise<Candidate[]> {
  return (await loadTeamForRouting(trx, accountId, teamId, now, windowStart))?.candidates ?? [];
}

function addMinutes(at: Date, minutes: number): Date {
  return new Date(at.getTime() + minutes * 60_000);
}

async function loadConversation(trx: Db, accountId: string, id: string) {
  return trx.selectFrom('conversations').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
}

/** Takes the conversation out of its team's queue (it has an owner, is solved, or left the team). */
export async function clearQueue(trx: Db, accountId: string, conversationId: string): Promise<void> {
  await trx
    .updateTable('conversations')
    .set({ routing_queued_at: null, routing_fallback_at: null, routing_queue_reason: null })
    .where('account_id', '=', accountId)
    .where('id', '=', conversationId)
    .where('routing_queued_at', 'is not', null)
    .execute();
}

/**
 * Routes one conversation of a team. The caller holds the conversation's row lock (it is creating, appending to,
 * updating it, or took it from the queue with SKIP LOCKED).
 */
export async function routeConversation(trx: Db, svc: ServiceClock, accountId: string, conversationId: string, options: RouteOptions): Promise<RouteOutcome> {
  const conversation = options.row ?? (await loadConversation(trx, accountId, conversationId));
  if (!conversation) return { kind: 'skipped', reason: 'not_found', conversation: null };
  const active = (ACTIVE_STATUSES as readonly string[]).includes(conversation.status) && conversation.merged_into_id === null;
  const stale = !active || conversation.team_id === null || (conversation.assignee_id !== null && !options.reroute);
  if (stale) {
    if (conversation.routing_queued_at) await clearQueue(trx, accountId, conversationId);
    const reason = !active ? 'inactive' : conversation.team_id === null ? 'no_team' : 'assigned';
    return { kind: 'skipped', reason, conversation };
  }
  const teamId = conversation.team_id!;
  const settings = await routingSettings(trx, accountId);
  const now = svc.clock.now();
  let roster = await teamRoster(trx, accountId, teamId);
  for (let attempt = 0; ; attempt++) {
    if (!roster || roster.team.routing === 'manual') {
      if (conversation.routing_queued_at) await clearQueue(trx, accountId, conversationId);
      return { kind: 'skipped', reason: 'manual', conversation };
    }
    const outcome = await decideAndAssign(trx, svc, conversation, roster, settings, now, options);
    if (outcome !== 'stale') return outcome;
    // A profile, membership, schedule or team option changed since this process read the roster: read it again.
    if (attempt >= 2) throw new Error(`routing: the roster of team ${teamId} keeps changing`);
    roster = await teamRoster(trx, accountId, teamId, { reload: true });
  }
}

/**
 * The decision for one conversation against one version of its team's roster, carried out by servisto_route
 * (migrations 016–018) in one call: this side works out what the roster tells (members on shift and not excluded,
 * their capacity for the conversation's channel kind, whether they speak its language and have its skills, the sticky
 * owner, whether the skills wait is over); the function reads presence, load, rotation and recent difficult
 * conversations, ranks as routing-core.ts decide() does, locks the first free agent with room and assigns.
 */
async function decideAndAssign(
  trx: Db,
  svc: ServiceClock,
  conversation: ConversationRow,
  roster: Roster,
  settings: RoutingSettings,
  now: Date,
  options: RouteOptions,
): Promise<RouteOutcome | 'stale'> {
  const request = routeRequest(conversation, roster, settings, now, options);
  if (request === 'kept') return { kind: 'kept', conversation };
  const { rows } = await routeCall(request, false, true).execute(trx);
  return settleRoute(trx, svc, conversation, request, rows[0]!, false);
}

/** What a routing decision sends to servisto_route, worked out from the team's roster. */
interface RouteRequest {
  accountId: string;
  teamId: string;
  conversationId: string;
  version: string;
  /** Members who may not be chosen now (excluded, off shift). */
  off: string[];
  /** Members who lack the conversation's language or skills. */
  unskilled: string[];
  chat: boolean;
  leastLoad: boolean;
  difficult: boolean;
  fallbackDue: boolean;
  hasRequirements: boolean;
  sticky: string | null;
  lookup: { customerId: string; since: Date } | null;
  self: string | null;
  keep: string | null;
  trigger: AssignmentTrigger;
  now: Date;
  settings: RoutingSettings;
  skillsFallbackMinutes: number;
  reroute: boolean;
}

/** What routing reads of a conversation (a new one's is known before its insert). */
type Routable = Pick<ConversationRow, 'id' | 'account_id' | 'team_id' | 'assignee_id' | 'channel' | 'tags' | 'language' | 'difficult' | 'routing_fallback_at'>;

function routeRequest(conversation: Routable, roster: Roster, settings: RoutingSettings, now: Date, options: RouteOptions): RouteRequest | 'kept' {
  const { team } = roster;
  const excluded = new Set(options.excludeUserIds ?? []);
  const members = excluded.size === 0 ? roster.members : roster.members.filter((m) => !excluded.has(m.userId));
  // A reopened conversation's owner keeps it if they qualify (ownership); a new one goes to the customer's previous
  // owner if the team routes sticky. An owner from outside the team keeps a reopened conversation.
  const owner = conversation.assignee_id ? members.find((m) => m.userId === conversation.assignee_id) : undefined;
  if (options.reroute && conversation.assignee_id && !owner) return 'kept';
  // What the conversation asks for that some member offers (of the whole roster, worked out once per roster).
  const requiredSkills = excluded.size === 0 ? requiredSkillsIn(conversation.tags, roster.skillVocabulary) : requiredSkillsOf(conversation.tags, members);
  const language = excluded.size === 0 ? requiredLanguageIn(conversation.language, roster.languagesListed) : requiredLanguageOf(conversation.language, members);
  const sticky = options.reroute ? conversation.assignee_id : team.stickyOwner ? (options.stickyUserId ?? null) : null;
  // Who may not be chosen now (excluded, off shift) and who lacks the language or skills: usually few of the members.
  const off: string[] = [...excluded];
  const unskilled: string[] = [];
  for (const m of members) {
    if (m.calendar !== null && !isOnShift(m.calendar, now)) off.push(m.userId);
    else if (!speaks(m, language) || (requiredSkills.length > 0 && !hasSkillsIn(m.skillSet, requiredSkills))) unskilled.push(m.userId);
  }
  return {
    accountId: conversation.account_id,
    teamId: conversation.team_id!,
    conversationId: conversation.id,
    version: roster.version,
    off,
    unskilled,
    chat: bucketOf(conversation.channel) === 'chat',
    leastLoad: team.routing === 'least_load',
    difficult: conversation.difficult,
    fallbackDue: team.skillsFallbackMinutes === 0 || (conversation.routing_fallback_at !== null && conversation.routing_fallback_at.getTime() <= now.getTime()),
    hasRequirements: requiredSkills.length > 0 || language !== 'und',
    sticky,
    lookup: !options.reroute && team.stickyOwner && sticky === null ? (options.stickyLookup ?? null) : null,
    self: conversation.assignee_id,
    keep: options.reroute ? conversation.assignee_id : null,
    trigger: options.trigger,
    now,
    settings,
    skillsFallbackMinutes: team.skillsFallbackMinutes,
    reroute: options.reroute === true,
  };
}

/**
 * The call: with `assign`, the function also logs the assignment and writes the owner; without, it only decides (and
 * locks the agent and moves the rotation) — for a new conversation, whose insert writes both (routeOnInsert).
 */
function routeCall(r: RouteRequest, wait: boolean, assign: boolean) {
  return sql<RouteRow>`
    SELECT * FROM servisto_route(${r.accountId}::uuid, ${r.teamId}::uuid, ${r.conversationId}::uuid, ${r.version}::bigint,
      ${r.off}::uuid[], ${r.unskilled}::uuid[], ${r.chat}::boolean, ${r.leastLoad}::boolean,
      ${r.difficult}::boolean, ${r.settings.difficultWeight}::float8, ${r.fallbackDue}::boolean, ${r.hasRequirements}::boolean,
      ${r.sticky}::uuid, ${r.lookup?.customerId ?? null}::uuid, ${r.lookup?.since ?? null}::timestamptz, ${r.self}::uuid,
      ${r.keep}::uuid, ${addMinutes(r.now, -r.settings.breakWindowMinutes)}::timestamptz, ${r.trigger}::text, ${r.now}::timestamptz,
      ${wait}::boolean, ${assign}::boolean)`;
}

/**
 * What follows a decision: the announcement of an owner, or the queue. `inserted`: the row is the conversation just
 * inserted with the decision's owner (routeOnInsert), so an assignment is written already.
 */
async function settleRoute(
  trx: Db,
  svc: ServiceClock,
  conversation: ConversationRow,
  request: RouteRequest,
  first: RouteRow,
  inserted: boolean,
  eventRecorded = false,
): Promise<RouteOutcome | 'stale'> {
  const accountId = conversation.account_id;
  let row = first;
  if (row.status === 'busy') {
    const waited = await waitForBusyAgent(trx, () => routeCall(request, true, true).execute(trx));
    if (waited) {
      row = waited;
      inserted = false;
    }
  }
  if (row.status === 'stale') return 'stale';

  if (row.status === 'assigned') {
    const userId = row.user_id!;
    const updated: ConversationRow = inserted
      ? conversation
      : {
          ...conversation,
          assignee_id: userId,
          routing_queued_at: null,
          routing_fallback_at: null,
          routing_queue_reason: null,
          keep_on_shift_end: false,
          updated_at: row.updated_at ?? conversation.updated_at,
        };
    const detail: AssignDetail = {
      reason: row.reason!,
      trigger: row.trigger!,
      skillsMatched: row.skills_matched!,
      settings: request.settings,
      recentDifficult: row.recent_difficult ?? undefined,
    };
    const previous = inserted ? null : conversation.assignee_id;
    const announced = await announceAssignment(trx, svc, systemActor(accountId), previous, updated, userId, detail, { eventRecorded: inserted && eventRecorded });
    return { kind: 'assigned', userId, reason: row.reason!, conversation: announced };
  }
  if (row.status === 'kept') {
    // A reopened conversation whose owner qualifies: they keep it (their place in the rotation moved on).
    if (conversation.routing_queued_at) await clearQueue(trx, accountId, conversation.id);
    return { kind: 'kept', conversation };
  }
  if (row.status === 'busy') {
    // Everyone with room was being given work by parallel routers (or took work meanwhile): look again right after
    // they commit.
    if (svc.jobs) await svc.jobs.enqueue(trx, ROUTING_WAKE_JOB, { accountId, conversationId: conversation.id }, { startAfter: new Date(Date.now() + 1000) });
  }
  // Nobody can take it now.
  if (request.reroute && conversation.assignee_id !== null) return { kind: 'kept', conversation };
  const reason: RoutingQueueReason = row.status === 'busy' ? 'at_capacity' : row.status;
  const queued = await enqueue(trx, svc, conversation, reason, request.hasRequirements ? request.skillsFallbackMinutes : null);
  return { kind: 'queued', reason, conversation: queued };
}

/**
 * A new conversation created for a team and routed in its own INSERT (conversation-create.ts), so that its row is
 * written once, with its owner, instead of inserted and then updated by routing (an update of the owner is not HOT:
 * it writes every index entry of the row again). The decision is servisto_route without writing (migration 018),
 * run in a CTE of the insert; the insert takes the owner from it and logs the assignment in another CTE — the
 * assignment's foreign key to the conversation is checked at the end of the statement, when the row exists. After
 * the insert, settleRouteOnInsert announces the owner or queues the conversation. Undefined when the conversation is
 * not routed (no such team, or manual assignment).
 */
export async function routeOnInsert(
  trx: Db,
  accountId: string,
  draft: Omit<Routable, 'assignee_id' | 'routing_fallback_at'>,
  options: Pick<RouteOptions, 'stickyLookup'>,
  now: Date,
): Promise<InsertRoute | undefined> {
  if (!draft.team_id) return undefined;
  const roster = await teamRoster(trx, accountId, draft.team_id);
  if (!roster || roster.team.routing === 'manual') return undefined;
  const settings = await routingSettings(trx, accountId);
  const routeOptions: RouteOptions = { trigger: 'created', stickyLookup: options.stickyLookup };
  const request = routeRequest({ ...draft, assignee_id: null, routing_fallback_at: null }, roster, settings, now, routeOptions);
  if (request === 'kept') return undefined;
  return { request, options: routeOptions, call: routeCall(request, false, false) };
}

/**
 * The `conversation.assigned` event of an owner a routed insert wrote (routeOnInsert), for the caller to record with
 * its own events in one statement; undefined when the insert wrote none.
 */
export function insertedAssignmentEvent(route: InsertRoute, decided: RouteRow, conversation: ConversationRow): { actor: Actor; event: NewEvent } | undefined {
  if (decided.status !== 'assigned' || conversation.assignee_id !== decided.user_id) return undefined;
  const detail: AssignDetail = { reason: decided.reason!, trigger: decided.trigger!, skillsMatched: decided.skills_matched!, settings: route.request.settings };
  return { actor: systemActor(conversation.account_id), event: assignedEvent(null, conversation, decided.user_id!, detail) };
}

export interface InsertRoute {
  request: RouteRequest;
  options: RouteOptions;
  /** The decision, for a CTE of the insert (one row: RouteRow). */
  call: RawBuilder<RouteRow>;
}

/** After a routed insert (routeOnInsert): the owner announced, or the conversation queued. */
export async function settleRouteOnInsert(
  trx: Db,
  svc: ServiceClock,
  route: InsertRoute,
  decided: RouteRow,
  conversation: ConversationRow,
  options: { eventRecorded?: boolean } = {},
): Promise<RouteOutcome> {
  // eventRecorded: the caller recorded the `conversation.assigned` event of an owner the insert wrote (insertedEvent).
  const outcome = await settleRoute(trx, svc, conversation, route.request, decided, decided.status === 'assigned', options.eventRecorded === true);
  if (outcome !== 'stale') return outcome;
  // The team's roster changed since this process read it: routed again, now that the row exists.
  return routeConversation(trx, svc, conversation.account_id, conversation.id, { ...route.options, row: conversation });
}

export interface RouteRow {
  status: 'assigned' | 'kept' | 'stale' | 'busy' | 'nobody_available' | 'at_capacity' | 'skills_wait';
  user_id: string | null;
  reason: AssignmentReason | null;
  trigger: AssignmentTrigger | null;
  skills_matched: boolean | null;
  updated_at: Date | null;
  /** For a difficult conversation: the chosen agent's difficult conversations within the break window, this one included. */
  recent_difficult: number | null;
}

/** How long a router waits for a busy agent's counter row when every agent with room is busy (deadlock_timeout: 1 s). */
const LOCK_WAIT_MS = 800;
const isLockWait = (error: unknown) =>
  typeof error === 'object' && error !== null && ['55P03', '40P01'].includes(String((error as { code?: unknown }).code));

/**
 * Every agent with room is being given work right now (their counter rows are locked until those transactions
 * commit, a few milliseconds): wait for the best of them — briefly, and inside a savepoint, so that a wait that could
 * close a cycle with another transaction gives up (lock timeout, below the deadlock timeout) instead of failing.
 * Undefined when the wait gave up.
 */
async function waitForBusyAgent(trx: Db, attempt: () => Promise<{ rows: RouteRow[] }>): Promise<RouteRow | undefined> {
  await sql`SAVEPOINT routing_lock_wait`.execute(trx);
  try {
    const set = await sql<{ previous: string }>`SELECT current_setting('lock_timeout') AS previous, set_config('lock_timeout', ${`${LOCK_WAIT_MS}ms`}, true)`.execute(trx);
    const { rows } = await attempt();
    await sql`SELECT set_config('lock_timeout', ${set.rows[0]!.previous}, true)`.execute(trx);
    await sql`RELEASE SAVEPOINT routing_lock_wait`.execute(trx);
    return rows[0];
  } catch (error) {
    if (!isLockWait(error)) throw error;
    await sql`ROLLBACK TO SAVEPOINT routing_lock_wait`.execute(trx);
    return undefined;
  }
}

async function enqueue(trx: Db, svc: ServiceClock, conversation: ConversationRow, reason: RoutingQueueReason, fallbackMinutes: number | null): Promise<ConversationRow> {
  const now = svc.clock.now();
  const fallbackAt = conversation.routing_fallback_at ?? (fallbackMinutes !== null && fallbackMinutes > 0 ? addMinutes(now, fallbackMinutes) : null);
  const updated = await trx
    .updateTable('conversations')
    .set({ routing_queued_at: conversation.routing_queued_at ?? now, routing_queue_reason: reason, routing_fallback_at: fallbackAt })
    .where('account_id', '=', conversation.account_id)
    .where('id', '=', conversation.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  if (conversation.routing_queued_at === null || conversation.routing_queue_reason !== reason) {
    await recordEvent(trx, systemActor(conversation.account_id), {
      type: 'conversation.queued',
      conversationId: conversation.id,
      customerId: conversation.customer_id,
      data: { teamId: conversation.team_id, reason, fallbackAt: fallbackAt?.toISOString() ?? null },
      publish: { teamId: conversation.team_id, reason, fallbackAt: fallbackAt?.toISOString() ?? null, conversation: presentConversation(updated) },
    });
  }
  if (fallbackAt && conversation.routing_fallback_at === null && svc.jobs) {
    await svc.jobs.enqueue(trx, ROUTING_WAKE_JOB, { accountId: conversation.account_id, conversationId: conversation.id }, { startAfter: wallTimeFor(svc, fallbackAt) });
  }
  return updated;
}

export interface AssignDetail {
  reason: AssignmentReason;
  trigger: AssignmentTrigger;
  skillsMatched?: boolean;
  settings?: RoutingSettings;
  /** The agent's difficult conversations within the break window, this one included, when routing counted them. */
  recentDifficult?: number | undefined;
}

/**
 * Makes `userId` the conversation's owner: the row and the assignment log in one statement, the event with its
 * reason, and the difficult-load bookkeeping (a break suggestion when due).
 */
export async function assignConversation(
  trx: Db,
  svc: ServiceClock,
  actor: Actor,
  conversation: ConversationRow,
  userId: string,
  detail: AssignDetail,
): Promise<ConversationRow> {
  const now = svc.clock.now();
  const { rows } = await sql<ConversationRow>`
    WITH logged AS (
      INSERT INTO assignments (account_id, conversation_id, user_id, team_id, reason, trigger, skills_matched, assigned_at, difficult_since)
      VALUES (${conversation.account_id}, ${conversation.id}, ${userId}, ${conversation.team_id}, ${detail.reason}, ${detail.trigger},
              ${detail.skillsMatched ?? true}, ${now}, ${conversation.difficult ? now : null})
    )
    UPDATE conversations SET assignee_id = ${userId}, routing_queued_at = NULL, routing_fallback_at = NULL, routing_queue_reason = NULL,
           keep_on_shift_end = false, updated_at = greatest(updated_at, clock_timestamp())
    WHERE account_id = ${conversation.account_id} AND id = ${conversation.id}
    RETURNING *`.execute(trx);
  return announceAssignment(trx, svc, actor, conversation.assignee_id, rows[0]!, userId, detail);
}

/** The `conversation.assigned` event of an assignment just written, and the difficult-load bookkeeping. */
export async function announceAssignment(
  trx: Db,
  svc: ServiceClock,
  actor: Actor,
  previousAssigneeId: string | null,
  updated: ConversationRow,
  userId: string,
  detail: AssignDetail,
  options: { eventRecorded?: boolean } = {},
): Promise<ConversationRow> {
  if (!options.eventRecorded) await recordEvent(trx, actor, assignedEvent(previousAssigneeId, updated, userId, detail));
  if (updated.difficult) {
    const settings = detail.settings ?? (await routingSettings(trx, updated.account_id));
    await considerBreak(trx, svc, updated.account_id, userId, updated.team_id, settings, detail.recentDifficult);
  }
  return updated;
}

/** The `conversation.assigned` event (announceAssignment; a routed create records it with its `conversation.created`). */
export function assignedEvent(previousAssigneeId: string | null, updated: ConversationRow, userId: string, detail: AssignDetail): NewEvent {
  return {
    type: 'conversation.assigned',
    conversationId: updated.id,
    customerId: updated.customer_id,
    data: {
      assigneeId: userId,
      previousAssigneeId,
      teamId: updated.team_id,
      reason: detail.reason,
      trigger: detail.trigger,
      skillsMatched: detail.skillsMatched ?? true,
      difficult: updated.difficult,
    },
    publish: { assigneeId: userId, reason: detail.reason, trigger: detail.trigger, conversation: presentConversation(updated) },
  };
}

/**
 * Logs a new owner the caller already wrote on the conversation (a PATCH, a creation with an owner); nothing for no
 * owner. The log is append-only: the current owner's entry is the latest.
 */
export async function startAssignment(
  trx: Db,
  svc: ServiceClock,
  accountId: string,
  conversation: Pick<ConversationRow, 'id' | 'team_id' | 'difficult'>,
  userId: string | null,
  detail: AssignDetail,
): Promise<void> {
  if (userId === null) return;
  const now = svc.clock.now();
  await trx
    .insertInto('assignments')
    .values({
      account_id: accountId,
      conversation_id: conversation.id,
      user_id: userId,
      team_id: conversation.team_id,
      reason: detail.reason,
      trigger: detail.trigger,
      skills_matched: detail.skillsMatched ?? true,
      assigned_at: now,
      difficult_since: conversation.difficult ? now : null,
    })
    .execute();
  if (conversation.difficult) await considerBreak(trx, svc, accountId, userId, conversation.team_id, detail.settings ?? (await routingSettings(trx, accountId)));
}

/**
 * The conversation's customer turned difficult while it has an owner: it now weighs on that owner (and may be the
 * one that makes a break due).
 */
export async function markDifficultForOwner(trx: Db, svc: ServiceClock, accountId: string, conversation: Pick<ConversationRow, 'id' | 'assignee_id' | 'team_id'>): Promise<void> {
  if (!conversation.assignee_id) return;
  const { rows } = await sql<{ user_id: string }>`
    UPDATE assignments SET difficult_since = ${svc.clock.now()}
    WHERE id = (
      SELECT id FROM assignments WHERE account_id = ${accountId} AND conversation_id = ${conversation.id}
      ORDER BY assigned_at DESC, created_at DESC LIMIT 1
    ) AND user_id = ${conversation.assignee_id} AND difficult_since IS NULL
    RETURNING user_id`.execute(trx);
  if (rows[0]) await considerBreak(trx, svc, accountId, rows[0].user_id, conversation.team_id, await routingSettings(trx, accountId));
}

/**
 * "Two hard calls before eleven can ruin an agent's day": an agent who took on `breakAfter` difficult
 * conversations within the window is suggested a break — once per window — and their supervisors see it.
 */
async function considerBreak(
  trx: Db,
  svc: ServiceClock,
  accountId: string,
  userId: string,
  teamId: string | null,
  settings: RoutingSettings,
  /** The count, when routing made it already (servisto_route's recent_difficult). */
  known?: number | undefined,
): Promise<void> {
  const now = svc.clock.now();
  const windowStart = addMinutes(now, -settings.breakWindowMinutes);
  const count =
    known ??
    Number(
      (
        await trx
          .selectFrom('assignments')
          .select((eb) => eb.fn.count<number>('conversation_id').distinct().as('n'))
          .where('account_id', '=', accountId)
          .where('user_id', '=', userId)
          .where('difficult_since', '>=', windowStart)
          .executeTakeFirst()
      )?.n ?? 0,
    );
  if (count < settings.breakAfter) return;
  const recent = await trx
    .selectFrom('break_suggestions')
    .select('id')
    .where('account_id', '=', accountId)
    .where('user_id', '=', userId)
    .where('suggested_at', '>', windowStart)
    .executeTakeFirst();
  if (recent) return;
  const suggestion = await trx
    .insertInto('break_suggestions')
    .values({ account_id: accountId, user_id: userId, difficult_count: count, window_minutes: settings.breakWindowMinutes, suggested_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
  const data = { breakSuggestionId: suggestion.id, userId, difficultCount: count, windowMinutes: settings.breakWindowMinutes };
  const supervisors = (await supervisorsFor(trx, accountId, teamId)).filter((id) => id !== userId);
  await notifyUsers(trx, accountId, [userId, ...supervisors], 'break_suggested', null, data);
  await recordEvent(trx, systemActor(accountId), { type: 'agent.break_suggested', data, publish: data });
}

/**
 * Routes what waits in a team's queue, oldest first (after an agent came online or on shift, freed capacity, or a
 * skills wait ended). Queued rows another transaction holds are skipped, never waited for.
 */
export async function drainTeamQueue(trx: Db, svc: ServiceClock, accountId: string, teamId: string, limit = 50): Promise<number> {
  const queued = await trx
    .selectFrom('conversations')
    .select('id')
    .where('account_id', '=', accountId)
    .where('team_id', '=', teamId)
    .where('routing_queued_at', 'is not', null)
    .orderBy('routing_queued_at')
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  let assigned = 0;
  for (const { id } of queued) {
    const outcome = await routeConversation(trx, svc, accountId, id, { trigger: 'queue' });
    if (outcome.kind === 'assigned') assigned++;
    else if (outcome.kind === 'queued' && outcome.reason === 'nobody_available') break;
  }
  return assigned;
}

/** Drains the queues of every team the user is in (they came online, came on shift, or freed capacity). */
export async function drainQueuesOf(trx: Db, svc: ServiceClock, accountId: string, userId: string): Promise<number> {
  const teams = await trx
    .selectFrom('team_members as m')
    .select('m.team_id')
    .where('m.account_id', '=', accountId)
    .where('m.user_id', '=', userId)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('conversations as c')
          .select('c.id')
          .whereRef('c.account_id', '=', 'm.account_id')
          .whereRef('c.team_id', '=', 'm.team_id')
          .where('c.routing_queued_at', 'is not', null),
      ),
    )
    .execute();
  let assigned = 0;
  for (const t of teams) assigned += await drainTeamQueue(trx, svc, accountId, t.team_id);
  return assigned;
}
