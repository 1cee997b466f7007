import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import { hashPassword } from '../auth/passwords.js';
import { recordEvent } from '../events/record-event.js';
import { systemActor } from '../shared/actor.js';

export interface BootstrapResult {
  created: boolean;
  accountId: string;
  adminEmail?: string;
  /** Only when the password was generated: printed once, never stored in clear. */
  generatedPassword?: string;
}

/**
 * First start on an empty database: one account and one admin. Safe against two processes starting at once
 * (an advisory lock serialises the check and the insert).
 */
export async function bootstrapAccount(
  db: Kysely<Database>,
  input: { accountName?: string; adminEmail: string; adminPassword?: string | undefined; supportEmail?: string | undefined },
): Promise<BootstrapResult> {
  const generatedPassword = input.adminPassword ? undefined : randomBytes(12).toString('base64url');
  const passwordHash = await hashPassword(input.adminPassword ?? generatedPassword!);
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(7312001)`.execute(trx);
    const existing = await trx.selectFrom('accounts').select('id').orderBy('created_at').limit(1).executeTakeFirst();
    if (existing) return { created: false, accountId: existing.id };
    const account = await trx
      .insertInto('accounts')
      .values({ name: input.accountName ?? 'Servisto' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const actor = systemActor(account.id);
    const admin = await trx
      .insertInto('users')
      .values({ account_id: account.id, email: input.adminEmail, name: 'Administrator', role: 'admin', password_hash: passwordHash, capacity: '{}' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordEvent(trx, actor, { type: 'account.created', data: { accountId: account.id } });
    await recordEvent(trx, actor, { type: 'user.created', data: { userId: admin.id, role: 'admin' } });
    if (input.supportEmail) {
      // The address customers write to; SMTP accepts mail only for the accounts' addresses.
      await trx
        .insertInto('email_addresses')
        .values({ account_id: account.id, address: input.supportEmail, is_default: true })
        .onConflict((oc) => oc.column('address').doNothing())
        .execute();
    }
    return {
      created: true,
      accountId: account.id,
      adminEmail: input.adminEmail,
      ...(generatedPassword ? { generatedPassword } : {}),
    };
  });
}

/** Creates an extra account with its own admin (used by tests and, later, by multi-tenant sign-up). */
export async function createAccount(
  db: Kysely<Database>,
  input: { name: string; adminEmail: string; adminPassword: string; adminName?: string },
): Promise<{ accountId: string; adminId: string }> {
  const passwordHash = await hashPassword(input.adminPassword);
  return db.transaction().execute(async (trx) => {
    const account = await trx.insertInto('accounts').values({ name: input.name }).returning('id').executeTakeFirstOrThrow();
    const admin = await trx
      .insertInto('users')
      .values({
        account_id: account.id,
        email: input.adminEmail.toLowerCase(),
        name: input.adminName ?? 'Administrator',
        role: 'admin',
        password_hash: passwordHash,
        capacity: '{}',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordEvent(trx, systemActor(account.id), { type: 'account.created', data: { accountId: account.id } });
    return { accountId: account.id, adminId: admin.id };
  });
}
