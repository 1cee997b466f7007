import type { Kysely, Selectable } from 'kysely';
import type { Database, RoutingSettingsTable } from '../../db/schema.js';
import type { Db } from '../shared/types.js';
import type { Actor } from '../shared/actor.js';
import { recordEvent } from '../events/record-event.js';

/** An account's routing settings (table routing_settings; no row = these defaults). */
export interface RoutingSettings {
  /** A customer message scoring at or below this (−1 … 0), or judged upset, makes the conversation difficult. */
  difficultScore: number;
  /** Weight of a difficult open conversation in least-load ranking. */
  difficultWeight: number;
  /** A break is suggested to an agent who took on this many difficult conversations … */
  breakAfter: number;
  /** … within this many minutes. */
  breakWindowMinutes: number;
  /** A customer's new conversation goes to their previous owner if that conversation is at most this many days old (0 = never). */
  stickyDays: number;
}

export const DEFAULT_ROUTING_SETTINGS: RoutingSettings = Object.freeze({
  difficultScore: -0.5,
  difficultWeight: 2,
  breakAfter: 3,
  breakWindowMinutes: 120,
  stickyDays: 30,
});

function fromRow(row: Selectable<RoutingSettingsTable> | undefined): RoutingSettings {
  if (!row) return DEFAULT_ROUTING_SETTINGS;
  return {
    difficultScore: row.difficult_score,
    difficultWeight: row.difficult_weight,
    breakAfter: row.break_after,
    breakWindowMinutes: row.break_window_minutes,
    stickyDays: row.sticky_days,
  };
}

// Every customer message reads the difficulty threshold: keep each account's settings for a little while.
const cache = new Map<string, { settings: RoutingSettings; until: number }>();
const TTL_MS = 30_000;

export async function routingSettings(db: Db, accountId: string): Promise<RoutingSettings> {
  const hit = cache.get(accountId);
  if (hit && hit.until > Date.now()) return hit.settings;
  const row = await db.selectFrom('routing_settings').selectAll().where('account_id', '=', accountId).executeTakeFirst();
  const settings = fromRow(row);
  if (cache.size > 10_000) cache.clear();
  cache.set(accountId, { settings, until: Date.now() + TTL_MS });
  return settings;
}

export async function updateRoutingSettings(db: Kysely<Database>, actor: Actor, input: Partial<RoutingSettings>): Promise<RoutingSettings> {
  const changes = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<RoutingSettings>;
  const settings = await db.transaction().execute(async (trx) => {
    const current = fromRow(await trx.selectFrom('routing_settings').selectAll().where('account_id', '=', actor.accountId).forUpdate().executeTakeFirst());
    const merged: RoutingSettings = { ...current, ...changes };
    const values = {
      difficult_score: merged.difficultScore,
      difficult_weight: merged.difficultWeight,
      break_after: merged.breakAfter,
      break_window_minutes: merged.breakWindowMinutes,
      sticky_days: merged.stickyDays,
    };
    const row = await trx
      .insertInto('routing_settings')
      .values({ account_id: actor.accountId, ...values })
      .onConflict((oc) => oc.column('account_id').doUpdateSet({ ...values, updated_at: new Date() }))
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordEvent(trx, actor, { type: 'routing.settings_updated', data: { changes } });
    return fromRow(row);
  });
  cache.set(actor.accountId, { settings, until: Date.now() + TTL_MS });
  return settings;
}
