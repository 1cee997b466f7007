import type { Kysely, Selectable } from 'kysely';
import type { AgentShiftsTable, Database } from '../../db/schema.js';
import type { Db } from '../shared/types.js';
import type { Actor } from '../shared/actor.js';
import { recordEvent } from '../events/record-event.js';
import { errors } from '../shared/errors.js';
import { wallTimeFor, type ServiceClock } from '../sla/sla-engine.js';
import { drainQueuesOf, ROUTING_WAKE_JOB } from './routing-engine.js';
import { assertMayActFor } from './presence.js';
import { cachedShiftCalendar, shiftCalendar, shiftStateAt, type ShiftInput, type ShiftState } from './shift-schedule.js';

type ShiftRow = Selectable<AgentShiftsTable>;

export function shiftStateOf(row: ShiftRow, now: Date): ShiftState {
  return shiftStateAt(cachedShiftCalendar(row.user_id, row.updated_at, { timezone: row.timezone, weekly: row.weekly }), now);
}

export function presentShift(row: ShiftRow, now: Date) {
  const state = shiftStateOf(row, now);
  return {
    userId: row.user_id,
    timezone: row.timezone,
    weekly: row.weekly,
    onShift: state.onShift,
    endsAt: state.endsAt?.toISOString() ?? null,
    nextStartAt: state.nextStartAt?.toISOString() ?? null,
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Wakes the routing runner at an agent's next shift start and end (the rows are the timers; this is the alarm). */
export async function queueShiftWakes(trx: Db, svc: ServiceClock, accountId: string, userId: string, state: Pick<ShiftState, 'nextStartAt' | 'nextEndAt'>): Promise<void> {
  if (!svc.jobs) return;
  for (const at of [state.nextStartAt, state.nextEndAt]) {
    if (at) await svc.jobs.enqueue(trx, ROUTING_WAKE_JOB, { accountId, userId }, { startAfter: wallTimeFor(svc, at) });
  }
}

/**
 * Sets an agent's weekly shift schedule (self, or a supervisor for anyone). Outside it the agent receives no work,
 * and when a shift ends their open conversations are kept or handed over (shift-end.ts).
 */
export async function setShiftSchedule(db: Kysely<Database>, svc: ServiceClock, actor: Actor, userId: string, input: ShiftInput) {
  assertMayActFor(actor, userId, 'shift schedule');
  shiftCalendar(input); // validates: errors name the field (timezone, weekly.mon[0], …)
  return db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('users').select(['id', 'presence']).where('account_id', '=', actor.accountId).where('id', '=', userId).executeTakeFirst();
    if (!user) throw errors.notFound('User');
    const now = svc.clock.now();
    const updatedAt = new Date();
    const state = shiftStateAt(shiftCalendar(input), now);
    const values = {
      timezone: input.timezone,
      weekly: JSON.stringify(input.weekly),
      next_start_at: state.nextStartAt,
      next_end_at: state.nextEndAt,
      updated_at: updatedAt,
    };
    const row = await trx
      .insertInto('agent_shifts')
      .values({ account_id: actor.accountId, user_id: userId, ...values })
      .onConflict((oc) => oc.columns(['account_id', 'user_id']).doUpdateSet(values))
      .returningAll()
      .executeTakeFirstOrThrow();
    await queueShiftWakes(trx, svc, actor.accountId, userId, state);
    await recordEvent(trx, actor, {
      type: 'agent.shift_updated',
      data: { userId, timezone: input.timezone },
      publish: { userId, onShift: state.onShift, nextStartAt: state.nextStartAt?.toISOString() ?? null, nextEndAt: state.nextEndAt?.toISOString() ?? null },
    });
    if (state.onShift && user.presence === 'online') await drainQueuesOf(trx, svc, actor.accountId, userId);
    return presentShift(row, now);
  });
}

/** Removes an agent's schedule: they are then within their shift whenever they are online. */
export async function deleteShiftSchedule(db: Kysely<Database>, svc: ServiceClock, actor: Actor, userId: string): Promise<boolean> {
  assertMayActFor(actor, userId, 'shift schedule');
  return db.transaction().execute(async (trx) => {
    const deleted = await trx.deleteFrom('agent_shifts').where('account_id', '=', actor.accountId).where('user_id', '=', userId).returning('user_id').executeTakeFirst();
    if (!deleted) return false;
    await recordEvent(trx, actor, { type: 'agent.shift_updated', data: { userId, removed: true }, publish: { userId, onShift: true } });
    const user = await trx.selectFrom('users').select('presence').where('account_id', '=', actor.accountId).where('id', '=', userId).executeTakeFirst();
    if (user?.presence === 'online') await drainQueuesOf(trx, svc, actor.accountId, userId);
    return true;
  });
}

export async function findShift(db: Db, accountId: string, userId: string): Promise<ShiftRow | undefined> {
  return db.selectFrom('agent_shifts').selectAll().where('account_id', '=', accountId).where('user_id', '=', userId).executeTakeFirst();
}
