import type { Selectable } from 'kysely';
import type { NotificationKind, NotificationsTable } from '../../db/schema.js';
import type { Db } from '../shared/types.js';
import { systemActor } from '../shared/actor.js';
import { recordEvent } from '../events/record-event.js';

export function presentNotification(n: Selectable<NotificationsTable>) {
  return {
    id: n.id,
    userId: n.user_id,
    kind: n.kind,
    conversationId: n.conversation_id,
    data: n.data,
    createdAt: n.created_at.toISOString(),
    readAt: n.read_at ? n.read_at.toISOString() : null,
  };
}

/** Stores one notification per user and publishes them (the workspace shows them live). */
export async function notifyUsers(
  trx: Db,
  accountId: string,
  userIds: string[],
  kind: NotificationKind,
  conversationId: string | null,
  data: Record<string, unknown>,
): Promise<string[]> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return [];
  const rows = await trx
    .insertInto('notifications')
    .values(unique.map((user_id) => ({ account_id: accountId, user_id, kind, conversation_id: conversationId, data: JSON.stringify(data) })))
    .returningAll()
    .execute();
  await recordEvent(trx, systemActor(accountId), {
    type: 'notification.created',
    conversationId,
    data: { kind, userIds: unique },
    publish: { notifications: rows.map(presentNotification) },
  });
  return unique;
}

/**
 * Who answers for a team: its supervisors and admins; without any, the account's supervisors; without any, its
 * admins. Inactive users never.
 */
export async function supervisorsFor(trx: Db, accountId: string, teamId: string | null): Promise<string[]> {
  if (teamId) {
    const members = await trx
      .selectFrom('team_members as m')
      .innerJoin('users as u', (j) => j.onRef('u.account_id', '=', 'm.account_id').onRef('u.id', '=', 'm.user_id'))
      .select('u.id')
      .where('m.account_id', '=', accountId)
      .where('m.team_id', '=', teamId)
      .where('u.active', '=', true)
      .where('u.role', 'in', ['supervisor', 'admin'])
      .execute();
    if (members.length > 0) return members.map((m) => m.id);
  }
  for (const role of ['supervisor', 'admin'] as const) {
    const users = await trx.selectFrom('users').select('id').where('account_id', '=', accountId).where('active', '=', true).where('role', '=', role).execute();
    if (users.length > 0) return users.map((u) => u.id);
  }
  return [];
}
