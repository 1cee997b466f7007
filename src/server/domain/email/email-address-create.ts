import type { Db } from '../shared/types.js';
import type { Actor } from '../shared/actor.js';
import { recordEvent } from '../events/record-event.js';
import { errors } from '../shared/errors.js';
import { isForeignKeyViolation, isUniqueViolation } from '../shared/pg-errors.js';
import { sql } from 'kysely';
import { NAMED } from '../../db/prepared-statements.js';

/** Adds an address the account receives mail at (and sends from, when it is the default). */
export async function createEmailAddress(
  db: Db,
  actor: Actor,
  input: { address: string; displayName?: string | undefined; isDefault?: boolean | undefined; teamId?: string | undefined },
) {
  const address = input.address.trim().toLowerCase();
  try {
    return await db.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom('email_addresses').select('id').where('account_id', '=', actor.accountId).limit(1).executeTakeFirst();
      const makeDefault = input.isDefault === true || !existing;
      if (makeDefault) {
        await trx.updateTable('email_addresses').set({ is_default: false }).where('account_id', '=', actor.accountId).where('is_default', '=', true).execute();
      }
      const row = await trx
        .insertInto('email_addresses')
        .values({ account_id: actor.accountId, address, display_name: input.displayName ?? null, is_default: makeDefault, team_id: input.teamId ?? null })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordEvent(trx, actor, { type: 'email_address.created', data: { address, isDefault: makeDefault } });
      return row;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw errors.conflict('This address is already in use', { field: 'address' });
    if (isForeignKeyViolation(error)) throw errors.validation('teamId', 'no such team in this account');
    throw error;
  }
}

/** Strips a +tag: support+billing@example.com is delivered to support@example.com. */
export function baseAddress(address: string): string {
  const lower = address.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  if (at < 1) return lower;
  const local = lower.slice(0, at).replace(/\+.*$/, '');
  return `${local}${lower.slice(at)}`;
}

/** The forms under which an address can be registered: as written (lower case) and without a +tag. */
export function addressForms(address: string): string[] {
  return [...new Set([address.trim().toLowerCase(), baseAddress(address)])];
}

/** The account that receives mail for this address, if any. */
export async function accountForAddress(db: Db, address: string): Promise<string | null> {
  const row = await db
    .selectFrom('email_addresses')
    .select('account_id')
    .where('address', 'in', addressForms(address))
    // Once per recipient of every mail, outside a transaction: named all the same (db/prepared-statements.ts).
    .modifyEnd(sql.raw(NAMED))
    .executeTakeFirst();
  return row?.account_id ?? null;
}

export async function defaultSender(db: Db, accountId: string) {
  return db
    .selectFrom('email_addresses')
    .select(['address', 'display_name'])
    .where('account_id', '=', accountId)
    .orderBy(sql`is_default`, 'desc')
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst();
}
