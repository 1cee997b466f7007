import type { Db } from '../shared/types.js';
import { errors } from '../shared/errors.js';
import { dummyPasswordHash, verifyPassword } from './passwords.js';
import { newToken, tokenHash } from './tokens.js';
import { recordEvent } from '../events/record-event.js';
import type { UsersTable } from '../../db/schema.js';
import type { Selectable } from 'kysely';

export interface LoginResult {
  token: string;
  user: Selectable<UsersTable>;
}

/** Checks email and password and opens a session. Unknown email and wrong password look the same to the caller. */
export async function login(db: Db, input: { email: string; password: string }, ttlHours: number): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  const user = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  if (!user || !user.password_hash || !user.active) {
    await verifyPassword(await dummyPasswordHash(), input.password);
    throw errors.unauthorized('Wrong email or password');
  }
  if (!(await verifyPassword(user.password_hash, input.password))) throw errors.unauthorized('Wrong email or password');
  const token = newToken('sst');
  await db
    .insertInto('auth_tokens')
    .values({
      account_id: user.account_id,
      kind: 'session',
      user_id: user.id,
      role: user.role,
      token_hash: tokenHash(token),
      expires_at: new Date(Date.now() + ttlHours * 3600_000),
    })
    .execute();
  await recordEvent(db, { accountId: user.account_id, type: 'user', id: user.id, role: user.role, userId: user.id }, {
    type: 'user.logged_in',
    data: {},
  });
  return { token, user };
}
