import { sql, type Kysely } from 'kysely';
import type { Database, Language } from '../../db/schema.js';
import type { Actor } from '../shared/actor.js';
import { recordEvent } from '../events/record-event.js';
import { errors } from '../shared/errors.js';

export interface UpdateUserInput {
  name?: string | undefined;
  languages?: string[] | undefined;
  skills?: string[] | undefined;
  capacity?: { email?: number | undefined; chat?: number | undefined } | undefined;
  uiLanguage?: Language | undefined;
  active?: boolean | undefined;
}

/**
 * What routing knows about an agent (languages, skills, capacity per channel kind), their name, interface language
 * and whether they may sign in (admin only). Roles are not changed here: login tokens carry the role they were issued with.
 */
export async function updateUser(db: Kysely<Database>, actor: Actor, id: string, input: UpdateUserInput) {
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('users').selectAll().where('account_id', '=', actor.accountId).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!current) throw errors.notFound('User');
    if (input.active === false && current.id === actor.userId) throw errors.conflict('You cannot deactivate yourself', { field: 'active' });
    const set: Record<string, unknown> = {};
    if (input.name !== undefined) set.name = input.name.trim();
    if (input.languages !== undefined) set.languages = [...new Set(input.languages)];
    if (input.skills !== undefined) set.skills = [...new Set(input.skills.map((s) => s.trim()).filter((s) => s !== ''))];
    if (input.capacity !== undefined) set.capacity = JSON.stringify(input.capacity);
    if (input.uiLanguage !== undefined) set.ui_language = input.uiLanguage;
    if (input.active !== undefined) {
      set.active = input.active;
      if (!input.active) set.presence = 'offline';
    }
    if (Object.keys(set).length === 0) return current;
    const user = await trx
      .updateTable('users')
      .set({ ...set, updated_at: sql`clock_timestamp()` }) // routing keeps profiles per updated_at
      .where('account_id', '=', actor.accountId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordEvent(trx, actor, { type: 'user.updated', data: { userId: id, fields: Object.keys(set) }, publish: { userId: id } });
    return user;
  });
}
