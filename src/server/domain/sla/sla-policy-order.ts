import { sql } from 'kysely';
import type { Db } from '../shared/types.js';
import type { Actor } from '../shared/actor.js';
import { recordEvent } from '../events/record-event.js';
import { errors } from '../shared/errors.js';
import { invalidateSlaPolicies, type SlaPolicyRow } from './sla-policies.js';

/** Moves `items[from]` to index `to` (pure; both indexes in range). */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  const next = [...items];
  const [moved] = next.splice(from, 1);
  if (moved === undefined) return next;
  next.splice(to, 0, moved);
  return next;
}

async function lockedPolicies(trx: Db, accountId: string): Promise<SlaPolicyRow[]> {
  return trx
    .selectFrom('sla_policies')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('position')
    .orderBy('created_at')
    .orderBy('id')
    .forUpdate()
    .execute();
}

/**
 * Puts one policy at `toIndex` of the matching order (the first policy that matches a conversation applies) and
 * renumbers every policy 0..n-1, under a lock on the account's policies so two admins reordering at once queue.
 * Disabled policies keep their place in the list. Running clocks take the new order when their conversation next changes.
 */
export async function moveSlaPolicy(db: Db, actor: Actor, id: string, toIndex: number): Promise<SlaPolicyRow[]> {
  try {
    return await reorder(db, actor, id, toIndex);
  } finally {
    invalidateSlaPolicies(actor.accountId);
  }
}

function reorder(db: Db, actor: Actor, id: string, toIndex: number): Promise<SlaPolicyRow[]> {
  return db.transaction().execute(async (trx) => {
    const policies = await lockedPolicies(trx, actor.accountId);
    const from = policies.findIndex((p) => p.id === id);
    if (from < 0) throw errors.notFound('SLA policy');
    if (toIndex > policies.length - 1) throw errors.validation('toIndex', `must be at most ${policies.length - 1} (this account has ${policies.length} policies)`);
    const ordered = moveItem(policies, from, toIndex);
    const result: SlaPolicyRow[] = [];
    for (const [position, p] of ordered.entries()) {
      if (p.position === position) {
        result.push(p);
        continue;
      }
      result.push(
        await trx
          .updateTable('sla_policies')
          .set({ position, updated_at: sql`now()` })
          .where('account_id', '=', actor.accountId)
          .where('id', '=', p.id)
          .returningAll()
          .executeTakeFirstOrThrow(),
      );
    }
    if (from !== toIndex) await recordEvent(trx, actor, { type: 'sla_policy.moved', data: { policyId: id, from, to: toIndex } });
    return result;
  });
}

/**
 * Deletes a policy no conversation ever ran under. One that timed conversations stays for their history and
 * reports (its clocks point at it): deactivate it instead (enabled: false), which is refused here with 409.
 */
export async function deleteSlaPolicy(db: Db, actor: Actor, id: string): Promise<void> {
  try {
    await remove(db, actor, id);
  } finally {
    invalidateSlaPolicies(actor.accountId);
  }
}

async function remove(db: Db, actor: Actor, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const policy = await trx.selectFrom('sla_policies').select(['id', 'name']).where('account_id', '=', actor.accountId).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!policy) throw errors.notFound('SLA policy');
    const used = await trx.selectFrom('sla_clocks').select('id').where('account_id', '=', actor.accountId).where('policy_id', '=', id).limit(1).executeTakeFirst();
    if (used) throw errors.conflict('This SLA policy has timed conversations and is kept for their history; deactivate it instead (enabled: false)', { code: 'sla_policy_in_use' });
    await trx.deleteFrom('sla_policies').where('account_id', '=', actor.accountId).where('id', '=', id).execute();
    await recordEvent(trx, actor, { type: 'sla_policy.deleted', data: { policyId: id, name: policy.name } });
  });
}
