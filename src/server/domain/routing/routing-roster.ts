import { sql } from 'kysely';
import type { Db } from '../shared/types.js';
import type { BusinessCalendar } from '../service-clock/business-hours.js';
import { skillSetOf, type Candidate, type RoutingStrategy } from './routing-core.js';
import { cachedShiftCalendar } from './shift-schedule.js';

/**
 * A team's roster for routing: its options and its active members with what changes rarely about them (languages,
 * skills, shift schedule). Kept in process memory per team and version: the team's `roster_version`
 * (migration 016) moves, by triggers, on every change of any of it, and servisto_route refuses a decision made
 * against another version ('stale'), so a roster is never used out of date — whichever process or code path
 * changed it. What changes all the time (presence, load, rotation) is never kept here.
 */

export interface RoutingTeam {
  routing: RoutingStrategy;
  skillsFallbackMinutes: number;
  stickyOwner: boolean;
}

export interface RosterMember extends Pick<Candidate, 'userId' | 'languages' | 'skills'> {
  /** The member's shift schedule; null = no schedule, always on shift. */
  calendar: BusinessCalendar | null;
  /** Their skills, normalised (routing-core skillSetOf). */
  skillSet: ReadonlySet<string>;
}

export interface Roster {
  /** teams.roster_version (a bigint, as text). */
  version: string;
  team: RoutingTeam;
  members: RosterMember[];
  /** Every member's skills, normalised, and every language a member lists: what a conversation can ask for. */
  skillVocabulary: ReadonlySet<string>;
  languagesListed: ReadonlySet<string>;
}

interface RosterRow {
  roster_version: string;
  routing: RoutingStrategy;
  skills_fallback_minutes: number;
  sticky_owner: boolean;
  user_id: string | null;
  languages: string[] | null;
  skills: string[] | null;
  timezone: string | null;
  weekly: Record<string, Array<[string, string]>> | null;
  shift_updated_at: Date | null;
  counted: boolean;
}

const rosters = new Map<string, Roster>();
const MAX_ROSTERS = 5000;

/**
 * The team's roster: this process's copy, or read now (`reload`: read now, the copy was refused as stale).
 * Undefined when there is no such team.
 */
export async function teamRoster(trx: Db, accountId: string, teamId: string, options: { reload?: boolean } = {}): Promise<Roster | undefined> {
  const key = `${accountId}:${teamId}`;
  if (!options.reload) {
    const kept = rosters.get(key);
    if (kept) return kept;
  }
  const { rows } = await sql<RosterRow>`
    SELECT t.roster_version::text AS roster_version, t.routing, t.skills_fallback_minutes, t.sticky_owner,
           u.id AS user_id, u.languages, u.skills, s.timezone, s.weekly, s.updated_at AS shift_updated_at,
           l.user_id IS NOT NULL AS counted
    FROM teams t
    LEFT JOIN (team_members m JOIN users u ON u.account_id = m.account_id AND u.id = m.user_id AND u.active)
      ON m.account_id = t.account_id AND m.team_id = t.id
    LEFT JOIN agent_shifts s ON s.account_id = m.account_id AND s.user_id = m.user_id
    LEFT JOIN agent_loads l ON l.account_id = m.account_id AND l.user_id = m.user_id
    WHERE t.account_id = ${accountId} AND t.id = ${teamId}
    ORDER BY u.id`.execute(trx);
  const first = rows[0];
  if (!first) {
    rosters.delete(key);
    return undefined;
  }
  const memberRows = rows.filter((r): r is RosterRow & { user_id: string } => r.user_id !== null);
  // Routing locks the chosen member's counter row: a user without one (inserted with the triggers disabled) gets it.
  const uncounted = memberRows.filter((r) => !r.counted).map((r) => r.user_id);
  if (uncounted.length > 0) await addLoadRows(trx, accountId, uncounted);
  const members: RosterMember[] = memberRows.map((r) => ({
    userId: r.user_id,
    languages: r.languages ?? [],
    skills: r.skills ?? [],
    calendar: r.timezone && r.weekly && r.shift_updated_at ? cachedShiftCalendar(r.user_id, r.shift_updated_at, { timezone: r.timezone, weekly: r.weekly }) : null,
    skillSet: skillSetOf(r.skills ?? []),
  }));
  const roster: Roster = {
    version: first.roster_version,
    team: { routing: first.routing, skillsFallbackMinutes: first.skills_fallback_minutes, stickyOwner: first.sticky_owner },
    members,
    // Worked out once here rather than on every decision (a roster never changes; a new version is a new roster).
    skillVocabulary: new Set(members.flatMap((m) => [...m.skillSet])),
    languagesListed: new Set(members.flatMap((m) => m.languages)),
  };
  if (rosters.size >= MAX_ROSTERS) rosters.clear();
  rosters.set(key, roster);
  return roster;
}

/** Counter rows for users who have none (counted once from their conversations; see migration 012). */
export async function addLoadRows(trx: Db, accountId: string, userIds: string[]): Promise<void> {
  await sql`
    INSERT INTO agent_loads (account_id, user_id, email, chat, difficult)
    SELECT ${accountId}::uuid, u.id,
           count(c.id) FILTER (WHERE c.channel NOT IN ('chat','phone'))::int,
           count(c.id) FILTER (WHERE c.channel IN ('chat','phone'))::int,
           count(c.id) FILTER (WHERE c.difficult)::int
    FROM unnest(${userIds}::uuid[]) AS u(id)
    LEFT JOIN conversations c ON c.account_id = ${accountId} AND c.assignee_id = u.id AND c.status IN ('new','open','pending','on_hold')
    GROUP BY u.id
    ON CONFLICT (account_id, user_id) DO NOTHING`.execute(trx);
}
