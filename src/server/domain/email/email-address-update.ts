import { sql } from 'kysely';
import type { Db } from '../shared/types.js';
import type { Actor } from '../shared/actor.js';
import { recordEvent } from '../events/record-event.js';
import { errors } from '../shared/errors.js';
import { isForeignKeyViolation } from '../shared/pg-errors.js';

export interface EmailAddressChange {
  /** The name customers see beside the address; null clears it. */
  displayName?: string | null | undefined;
  /** Only `true`: the default moves here (to stop being the default, make another address the default). */
  isDefault?: true | undefined;
  /** New email conversations to this address belong to this team; null: to no team. */
  teamId?: string | null | undefined;
}

/**
 * Renames an address, moves the default to it or changes its team. The address itself never changes: it is what
 * SMTP routes to the account and what customers' mail threads were sent from (add a new one instead).
 */
export async function updateEmailAddress(db: Db, actor: Actor, id: string, change: EmailAddressChange) {
  try {
    return await db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('email_addresses').selectAll().where('account_id', '=', actor.accountId).where('id', '=', id).forUpdate().executeTakeFirst();
      if (!current) throw errors.notFound('Email address');
      if (change.isDefault === true && !current.is_default) {
        await trx.updateTable('email_addresses').set({ is_default: false }).where('account_id', '=', actor.accountId).where('is_default', '=', true).execute();
      }
      const displayName = typeof change.displayName === 'string' ? change.displayName.trim() || null : change.displayName;
      const row = await trx
        .updateTable('email_addresses')
        .set({
          ...(displayName !== undefined ? { display_name: displayName } : {}),
          ...(change.isDefault === true ? { is_default: true } : {}),
          ...(change.teamId !== undefined ? { team_id: change.teamId } : {}),
          // An empty update still needs one column to set.
          address: sql`address`,
        })
        .where('account_id', '=', actor.accountId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordEvent(trx, actor, {
        type: 'email_address.updated',
        data: {
          address: row.address,
          ...(displayName !== undefined ? { displayName } : {}),
          ...(change.isDefault === true ? { isDefault: true } : {}),
          ...(change.teamId !== undefined ? { teamId: change.teamId } : {}),
        },
      });
      return row;
    });
  } catch (error) {
    if (isForeignKeyViolation(error)) throw errors.validation('teamId', 'no such team in this account');
    throw error;
  }
}

/**
 * Removes an address: mail to it is refused at RCPT TO from then on. The default address cannot go (it is the
 * sender of every reply): make another one the default first. The only address is always the default.
 */
export async function deleteEmailAddress(db: Db, actor: Actor, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('email_addresses').selectAll().where('account_id', '=', actor.accountId).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!current) throw errors.notFound('Email address');
    if (current.is_default) {
      throw errors.conflict('The default address sends every reply: make another address the default before removing this one', { field: 'id', code: 'default_address' });
    }
    await trx.deleteFrom('email_addresses').where('account_id', '=', actor.accountId).where('id', '=', id).execute();
    await recordEvent(trx, actor, { type: 'email_address.deleted', data: { address: current.address } });
  });
}
