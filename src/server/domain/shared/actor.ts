import type { ActorType, Role } from '../../db/schema.js';

/** Who is acting: an agent through a session token, an integration through an API token, or the system. */
export interface Actor {
  accountId: string;
  type: ActorType;
  /** user id for 'user', token id for 'api_token', null for 'system'. */
  id: string | null;
  role: Role | null;
  userId: string | null;
}

export function systemActor(accountId: string): Actor {
  return { accountId, type: 'system', id: null, role: null, userId: null };
}

const RANK: Record<Role, number> = { agent: 1, supervisor: 2, admin: 3 };

/** True when the actor's role is at least `needed` (admin > supervisor > agent). The system may do anything. */
export function hasRole(actor: Actor, needed: Role): boolean {
  if (actor.type === 'system') return true;
  return actor.role !== null && RANK[actor.role] >= RANK[needed];
}
