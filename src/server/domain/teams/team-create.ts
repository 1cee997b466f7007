import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Actor } from '../shared/actor.js';
import { recordEvent } from '../events/record-event.js';
import { errors } from '../shared/errors.js';
import { isForeignKeyViolation, isUniqueViolation } from '../shared/pg-errors.js';

export async function createTeam(
  db: Kysely<Database>,
  actor: Actor,
  input: {
    name: string;
    memberIds: string[];
    routing: 'round_robin' | 'least_load' | 'manual';
    businessHoursId?: string | undefined;
    /** Routing (domain/routing): minutes a conversation waits for a skilled agent before anyone may take it. */
    skillsFallbackMinutes?: number | undefined;
    stickyOwner?: boolean | undefined;
  },
) {
  const memberIds = [...new Set(input.memberIds)];
  try {
    return await db.transaction().execute(async (trx) => {
      const team = await trx
        .insertInto('teams')
        .values({
          account_id: actor.accountId,
          name: input.name.trim(),
          routing: input.routing,
          business_hours_id: input.businessHoursId ?? null,
          ...(input.skillsFallbackMinutes !== undefined ? { skills_fallback_minutes: input.skillsFallbackMinutes } : {}),
          ...(input.stickyOwner !== undefined ? { sticky_owner: input.stickyOwner } : {}),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      if (memberIds.length > 0) {
        await trx
          .insertInto('team_members')
          .values(memberIds.map((userId) => ({ account_id: actor.accountId, team_id: team.id, user_id: userId })))
          .execute();
      }
      await recordEvent(trx, actor, { type: 'team.created', data: { teamId: team.id, memberIds }, publish: { teamId: team.id } });
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
