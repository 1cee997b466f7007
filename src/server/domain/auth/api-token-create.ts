import type { Db } from '../shared/types.js';
import type { Actor } from '../shared/actor.js';
import type { Role } from '../../db/schema.js';
import { newToken, tokenHash } from './tokens.js';
import { recordEvent } from '../events/record-event.js';

/** Issues an API token scoped to the actor's account; the token is returned once and stored only as a hash. */
export async function createApiToken(db: Db, actor: Actor, input: { name: string; role: Role; expiresAt?: Date | undefined }) {
  const token = newToken('sat');
  const row = await db
    .insertInto('auth_tokens')
    .values({
      account_id: actor.accountId,
      kind: 'api',
      user_id: null,
      role: input.role,
      name: input.name,
      token_hash: tokenHash(token),
      expires_at: input.expiresAt ?? null,
    })
    .returning(['id', 'name', 'role', 'created_at', 'expires_at'])
    .executeTakeFirstOrThrow();
  await recordEvent(db, actor, { type: 'api_token.created', data: { tokenId: row.id, name: input.name, role: input.role } });
  return { ...row, token };
}
