import { sql } from 'kysely';
import type { Db } from '../shared/types.js';
import type { Actor } from '../shared/actor.js';
import type { Language, Role } from '../../db/schema.js';
import { hashPassword } from '../auth/passwords.js';
import { recordEvent } from '../events/record-event.js';
import { errors } from '../shared/errors.js';
import { isUniqueViolation } from '../shared/pg-errors.js';

export interface CreateUserInput {
  email: string;
  name: string;
  role: Role;
  password?: string | undefined;
  languages?: string[] | undefined;
  skills?: string[] | undefined;
  uiLanguage?: Language | undefined;
  capacity?: { email?: number | undefined; chat?: number | undefined } | undefined;
}

export async function createUser(db: Db, actor: Actor, input: CreateUserInput) {
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  try {
    return await db.transaction().execute(async (trx) => {
      const user = await trx
        .insertInto('users')
        .values({
          account_id: actor.accountId,
          email: input.email.trim().toLowerCase(),
          name: input.name.trim(),
          role: input.role,
          password_hash: passwordHash,
          languages: input.languages ?? [],
          skills: input.skills ?? [],
          capacity: JSON.stringify(input.capacity ?? {}),
          // Without a choice, the agent's UI (and the notes written for them) starts in the account's language.
          ui_language: input.uiLanguage ?? sql<Language>`(SELECT default_language FROM accounts WHERE id = ${actor.accountId})`,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordEvent(trx, actor, {
        type: 'user.created',
        data: { userId: user.id, role: user.role },
        publish: { userId: user.id },
      });
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw errors.conflict('A user with this email already exists', { field: 'email' });
    throw error;
  }
}
