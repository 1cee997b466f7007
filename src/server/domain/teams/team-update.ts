import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Actor } from '../shared/actor.js';
import { recordEvent } from '../events/record-event.js';
import { errors } from '../shared/errors.js';
import { isForeignKeyViolation, isUniqueViolation } from '../shared/pg-errors.js';
import type { ServiceClock } from '../sla/sla-engine.js';
import { drainTeamQueue } from '../routing/routing-engine.js';

export interface UpdateTeamInput {
  name?: string | undefined;
  /** The complete new member list. */
  memberIds?: string[] | undefined;
  routing?: 'round_robin' | 'least_load' | 'manual' | undefined;
  businessHoursId?: string | null | undefined;
  skillsFallbackMinutes?: number | undefined;
  stickyOwner?: boolean | undefined;
}

/**
 * Changes a team's name, members, routing strategy or routing options. New members and a new strategy take
 * effect at once: the team's queue is routed again in the same transaction. Members keep their place in the
 * rotation; a new member starts at the front (never routed to).
 */
export async function updateTeam(db: Kysely<Database>, svc: ServiceClock, actor: Actor, id: string, input: UpdateTeamInput) {
  try {
    return await db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('teams').selectAll().where('account_id', '=', actor.accountId).where('id', '=', id).forUpdate().executeTakeFirst();
      if (!current) throw errors.notFound('Team');
      const set: Record<string, unknown> = {};
      if (input.name !== undefined) set.name = input.name.trim();
      if (input.routing !== undefined) set.routing = input.routing;
      if (input.businessHoursId !== undefined) set.business_hours_id = input.businessHoursId;
      if (input.skillsFallbackMinutes !== undefined) set.skills_fallback_minutes = input.skillsFallbackMinutes;
      if (input.stickyOwner !== undefined) set.sticky_owner = input.stickyOwner;
      const team =
        Object.keys(set).length > 0
          ? await trx
              .updateTable('teams')
              .set({ ...set, updated_at: sql`now()` })
              .where('account_id', '=', actor.accountId)
              .where('id', '=', id)
              .returningAll()
              .executeTakeFirstOrThrow()
          : current;
      const before = (await trx.selectFrom('team_members').select('user_id').where('account_id', '=', actor.accountId).where('team_id', '=', id).execute()).map((m) => m.user_id);
      let memberIds = before;
      if (input.memberIds !== undefined) {
        memberIds = [...new Set(input.memberIds)];
        const removed = before.filter((u) => !memberIds.includes(u));
        const added = memberIds.filter((u) => !before.includes(u));
        if (removed.length > 0) {
          await trx.deleteFrom('team_members').where('account_id', '=', actor.accountId).where('team_id', '=', id).where('user_id', 'in', removed).execute();
        }
        if (added.length > 0) {
          await trx.insertInto('team_members').values(added.map((userId) => ({ account_id: actor.accountId, team_id: id, user_id: userId }))).execute();
        }
      }
      await recordEvent(trx, actor, {
        type: 'team.updated',
        data: { teamId: id, changes: { ...set, ...(input.memberIds !== undefined ? { memberIds } : {}) } },
        publish: { teamId: id },
      });
      if (team.routing !== 'manual') await drainTeamQueue(trx, svc, actor.accountId, id);
      return { team, memberIds };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw errors.conflict('A team with this name already exists', { field: 'name' });
    if (isForeignKeyViolation(error)) {
      const constraint = String((error as { constraint?: string }).constraint ?? '');
      if (constraint.includes('business_hours')) throw errors.validation('businessHoursId', 'no such business hours in this account');
      throw errors.validation('memberIds', 'contains a user that is not in this account');
    }
    throw error;
  }
}
