import type { Kysely, Selectable } from 'kysely';
import type { Database, Presence, UsersTable } from '../../db/schema.js';
import { hasRole, type Actor } from '../shared/actor.js';
import { recordEvent } from '../events/record-event.js';
import { errors } from '../shared/errors.js';
import type { ServiceClock } from '../sla/sla-engine.js';
import { drainQueuesOf } from './routing-engine.js';

/** Agents set their own presence; supervisors and admins may set anyone's (e.g. someone who left without signing off). */
export function assertMayActFor(actor: Actor, userId: string, what: string): void {
  if (actor.userId === userId) return;
  if (!hasRole(actor, 'supervisor')) throw errors.forbidden(`Only supervisors and admins may change another user's ${what}`);
}

/**
 * An agent's presence: only `online` agents receive work. Coming online routes what waits in the queues of the
 * agent's teams, in the same transaction. Going away or offline keeps the agent's conversations (the shift end
 * hands them over, see shift-end.ts).
 */
export async function setPresence(
  db: Kysely<Database>,
  svc: ServiceClock,
  actor: Actor,
  userId: string,
  status: Presence,
): Promise<{ user: Selectable<UsersTable>; routed: number }> {
  assertMayActFor(actor, userId, 'presence');
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('users')
      .select(['id', 'presence', 'active'])
      .where('account_id', '=', actor.accountId)
      .where('id', '=', userId)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw errors.notFound('User');
    if (!before.active && status === 'online') throw errors.conflict('A deactivated user cannot come online', { field: 'status' });
    const now = svc.clock.now();
    const user = await trx
      .updateTable('users')
      .set({ presence: status, presence_changed_at: now })
      .where('account_id', '=', actor.accountId)
      .where('id', '=', userId)
      .returningAll()
      .executeTakeFirstOrThrow();
    let routed = 0;
    if (before.presence !== status) {
      await recordEvent(trx, actor, {
        type: 'agent.presence_changed',
        data: { userId, from: before.presence, to: status },
        publish: { userId, presence: status, changedAt: now.toISOString() },
      });
      if (status === 'online') routed = await drainQueuesOf(trx, svc, actor.accountId, userId);
    }
    return { user, routed };
  });
}
