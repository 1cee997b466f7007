import type { Channel, Presence } from '../../db/schema.js';

/**
 * The routing decision, pure: given a conversation's needs and the team's members as they are right now, who
 * should take it, in order of preference — or why it has to wait. The database adapter (routing-engine.ts) loads
 * the members and then takes the first of the ranked agents it can lock; this file never touches the database, so
 * every rule is unit-tested here (routing-core.test.ts). Definitions: docs/METRICS.md, docs/ARCHITECTURE.md.
 *
 * Rules, in order:
 * 1. `manual` teams never assign: the conversation waits in the team's list for someone to pick it.
 * 2. Only agents who are online and within their shift receive work.
 * 3. Capacity per channel kind: an agent with `capacity.chat = 3` takes no fourth live conversation (chat, phone);
 *    `capacity.email` covers the asynchronous channels (email, portal, api). No number means no limit.
 * 4. Skills: the conversation's language must be one the agent speaks (an agent who lists no languages is not
 *    restricted), and the agent must have every skill the conversation needs. Nobody with the skills available →
 *    the conversation waits, until the team's fallback wait is over; then any available member may take it.
 * 5. Sticky: the customer's previous owner goes first when they qualify.
 * 6. Difficult conversations (strongly negative customer sentiment) go first to whoever took on the fewest
 *    difficult conversations recently, then the fewest open difficult ones: they are spread, not piled up.
 * 7. Then the strategy: round robin (the member whose turn it is: least recently routed to) or least load (the
 *    fewest open conversations of this channel kind, a difficult one weighing `difficultWeight`).
 */

export type RoutingStrategy = 'round_robin' | 'least_load' | 'manual';
export type CapacityBucket = 'email' | 'chat';
export type WaitReason = 'manual' | 'nobody_available' | 'at_capacity' | 'skills_wait';
export type RankReason = 'sticky' | 'round_robin' | 'least_load';

/** Live channels (an agent holds a few at once) versus asynchronous ones (many at once). */
export function bucketOf(channel: Channel): CapacityBucket {
  return channel === 'chat' || channel === 'phone' ? 'chat' : 'email';
}

export interface Candidate {
  userId: string;
  presence: Presence;
  /** Within their shift now (an agent without a shift schedule always is). */
  onShift: boolean;
  /** Languages the agent answers in; empty = not restricted. */
  languages: readonly string[];
  skills: readonly string[];
  capacity: { email?: number | undefined; chat?: number | undefined };
  /** Unsolved conversations the agent owns, per channel kind. */
  load: { email: number; chat: number };
  /** Of those, how many are difficult. */
  difficultOpen: number;
  /** Difficult conversations the agent took on within the break window. */
  recentDifficult: number;
  /** Place in the rotation: the sequence number of the last conversation this team routed to them (0 = never). */
  rotation: number;
}

export interface RoutingRequest {
  strategy: RoutingStrategy;
  bucket: CapacityBucket;
  /** The conversation's language; 'und' needs nobody in particular. */
  language: string;
  requiredSkills: readonly string[];
  difficult: boolean;
  /** The skills wait is over (or the team does not wait): any available member may take it. */
  skillsFallback: boolean;
  /** The customer's previous owner, when sticky routing applies. */
  stickyUserId: string | null;
  /** How much a difficult open conversation weighs in least-load ranking (≥ 1). */
  difficultWeight: number;
}

export interface RankedAgent {
  userId: string;
  reason: RankReason;
}

export type RoutingDecision =
  | { kind: 'assign'; ranked: RankedAgent[]; skillsMatched: boolean }
  | { kind: 'wait'; reason: WaitReason };

export function isAvailable(c: Candidate): boolean {
  return c.presence === 'online' && c.onShift;
}

export function hasRoom(c: Candidate, bucket: CapacityBucket): boolean {
  const limit = c.capacity[bucket];
  return limit === undefined || limit === null || c.load[bucket] < limit;
}

export function speaks(c: Pick<Candidate, 'languages'>, language: string): boolean {
  return language === 'und' || c.languages.length === 0 || c.languages.includes(language);
}

export function hasSkills(c: Pick<Candidate, 'skills'>, skills: readonly string[]): boolean {
  if (skills.length === 0) return true;
  return hasSkillsIn(skillSetOf(c.skills), skills);
}

/** hasSkills for an agent whose skills are normalised already (skillSetOf), as a roster keeps them. */
export function hasSkillsIn(own: ReadonlySet<string>, skills: readonly string[]): boolean {
  return skills.every((s) => own.has(normalizeSkill(s)));
}

export function skillSetOf(skills: readonly string[]): Set<string> {
  return new Set(skills.map(normalizeSkill));
}

export function normalizeSkill(skill: string): string {
  return skill.trim().toLowerCase();
}

/**
 * The skills a conversation needs: its tags that are a skill of some member of the team (all members, online or
 * not, so that a conversation waits for the one billing expert who is on a break). Tags nobody has as a skill are
 * plain labels.
 */
export function requiredSkillsOf(tags: readonly string[], members: ReadonlyArray<Pick<Candidate, 'skills'>>): string[] {
  return requiredSkillsIn(tags, new Set(members.flatMap((m) => m.skills.map(normalizeSkill))));
}

/** requiredSkillsOf for the normalised skills of all the members, as a roster keeps them. */
export function requiredSkillsIn(tags: readonly string[], vocabulary: ReadonlySet<string>): string[] {
  if (tags.length === 0 || vocabulary.size === 0) return [];
  return [...new Set(tags.map(normalizeSkill))].filter((t) => vocabulary.has(t)).sort();
}

/**
 * The language a conversation asks for: its own, when some member lists it; otherwise nobody would ever match and
 * waiting would be pointless, so no language is asked for.
 */
export function requiredLanguageOf(language: string, members: ReadonlyArray<Pick<Candidate, 'languages'>>): string {
  if (language === 'und') return 'und';
  return members.some((m) => m.languages.includes(language)) ? language : 'und';
}

/** requiredLanguageOf for the languages all the members list, as a roster keeps them. */
export function requiredLanguageIn(language: string, listed: ReadonlySet<string>): string {
  return language !== 'und' && listed.has(language) ? language : 'und';
}

export function weightedLoad(c: Candidate, bucket: CapacityBucket, difficultWeight: number): number {
  return c.load[bucket] + Math.max(0, difficultWeight - 1) * c.difficultOpen;
}

function compareIds(a: Candidate, b: Candidate): number {
  return a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0;
}

function strategyOrder(req: RoutingRequest): (a: Candidate, b: Candidate) => number {
  const byRotation = (a: Candidate, b: Candidate) => a.rotation - b.rotation || compareIds(a, b);
  if (req.strategy === 'least_load') {
    return (a, b) => weightedLoad(a, req.bucket, req.difficultWeight) - weightedLoad(b, req.bucket, req.difficultWeight) || byRotation(a, b);
  }
  return byRotation;
}

export function decide(req: RoutingRequest, candidates: readonly Candidate[]): RoutingDecision {
  if (req.strategy === 'manual') return { kind: 'wait', reason: 'manual' };
  const available = candidates.filter(isAvailable);
  if (available.length === 0) return { kind: 'wait', reason: 'nobody_available' };
  const withRoom = available.filter((c) => hasRoom(c, req.bucket));
  if (withRoom.length === 0) return { kind: 'wait', reason: 'at_capacity' };
  const skilled = withRoom.filter((c) => speaks(c, req.language) && hasSkills(c, req.requiredSkills));
  let pool: Candidate[];
  if (skilled.length > 0) pool = skilled;
  else if (req.skillsFallback) pool = withRoom;
  else return { kind: 'wait', reason: 'skills_wait' };
  const skillsMatched = skilled.length > 0;

  const byStrategy = strategyOrder(req);
  const order = req.difficult
    ? (a: Candidate, b: Candidate) => a.recentDifficult - b.recentDifficult || a.difficultOpen - b.difficultOpen || byStrategy(a, b)
    : byStrategy;
  const sorted = [...pool].sort(order);
  const strategyReason: RankReason = req.strategy === 'least_load' ? 'least_load' : 'round_robin';
  const ranked: RankedAgent[] = sorted.map((c) => ({ userId: c.userId, reason: strategyReason }));
  if (req.stickyUserId) {
    const at = ranked.findIndex((r) => r.userId === req.stickyUserId);
    if (at >= 0) {
      ranked.splice(at, 1);
      ranked.unshift({ userId: req.stickyUserId, reason: 'sticky' });
    }
  }
  return { kind: 'assign', ranked, skillsMatched };
}
