import type { Db } from '../shared/types.js';
import type { Actor } from '../shared/actor.js';
import { tokenHash } from './tokens.js';

/**
 * Resolves a bearer token to an actor, or null. Session tokens act as their user with the user's current role
 * (a demoted or deactivated user loses rights within the HTTP layer's few-second token cache); API tokens act with the role they were issued with.
 */
export async function authenticate(db: Db, token: string): Promise<Actor | null> {
  if (token.length < 10 || token.length > 200) return null;
  const row = await db
    .selectFrom('auth_tokens as t')
    .leftJoin('users as u', (join) => join.onRef('u.id', '=', 't.user_id').onRef('u.account_id', '=', 't.account_id'))
    .select(['t.id', 't.account_id', 't.kind', 't.role', 't.user_id', 't.expires_at', 't.revoked_at', 'u.role as user_role', 'u.active'])
    .where('t.token_hash', '=', tokenHash(token))
    .executeTakeFirst();
  if (!row || row.revoked_at) return null;
  if (row.expires_at && row.expires_at.getTime() < Date.now()) return null;
  if (row.kind === 'session') {
    if (!row.user_id || !row.active || !row.user_role) return null;
    return { accountId: row.account_id, type: 'user', id: row.user_id, role: row.user_role, userId: row.user_id };
  }
  return { accountId: row.account_id, type: 'api_token', id: row.id, role: row.role, userId: null };
}
