import { sql } from 'kysely';
import type { Db } from '../shared/types.js';

/**
 * Reliability figures (definitions in docs/METRICS.md).
 *
 * Promise-kept rate: of the promises due in [from, to) that were not cancelled and are no longer open, the share
 * kept by their due time. A promise kept late counts as missed; one still open and not yet due is not counted.
 */
export interface KeptRate {
  due: number;
  keptOnTime: number;
  missed: number;
  keptLate: number;
  open: number;
  keptRate: number | null;
}

function rate(row: { kept_on_time: number; missed: number; kept_late: number; open: number; due: number }): KeptRate {
  const decided = row.kept_on_time + row.missed + row.kept_late;
  return {
    due: row.due,
    keptOnTime: row.kept_on_time,
    missed: row.missed,
    keptLate: row.kept_late,
    open: row.open,
    keptRate: decided === 0 ? null : Math.round((row.kept_on_time / decided) * 10_000) / 10_000,
  };
}

const counts = sql<number>`count(*)::int`;

export async function promiseKeptRates(db: Db, accountId: string, from: Date, to: Date) {
  const base = db
    .selectFrom('promises as p')
    .innerJoin('conversations as c', (j) => j.onRef('c.account_id', '=', 'p.account_id').onRef('c.id', '=', 'p.conversation_id'))
    .where('p.account_id', '=', accountId)
    .where('p.due_at', '>=', from)
    .where('p.due_at', '<', to)
    .where('p.status', '!=', 'cancelled');
  const measures = [
    counts.as('due'),
    sql<number>`count(*) FILTER (WHERE p.status = 'kept' AND p.resolved_at <= p.due_at)::int`.as('kept_on_time'),
    sql<number>`count(*) FILTER (WHERE p.status = 'missed')::int`.as('missed'),
    sql<number>`count(*) FILTER (WHERE p.status = 'kept' AND p.resolved_at > p.due_at)::int`.as('kept_late'),
    sql<number>`count(*) FILTER (WHERE p.status = 'open')::int`.as('open'),
  ] as const;
  const [overall, byOwner, byTeam] = await Promise.all([
    base.select([...measures]).executeTakeFirstOrThrow(),
    base.select(['p.owner_id', ...measures]).groupBy('p.owner_id').execute(),
    base.select(['c.team_id', ...measures]).groupBy('c.team_id').execute(),
  ]);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    ...rate(overall),
    byAgent: byOwner.map((r) => ({ userId: r.owner_id, ...rate(r) })),
    byTeam: byTeam.map((r) => ({ teamId: r.team_id, ...rate(r) })),
  };
}

/**
 * SLA attainment per target: of the clocks that ended (fulfilled) or breached in [from, to), the share achieved
 * without a breach. A clock counts in the window where it ended, or where it breached if it has not ended.
 */
export async function slaAttainment(db: Db, accountId: string, from: Date, to: Date) {
  const rows = await db
    .selectFrom('sla_clocks')
    .select([
      'metric',
      sql<number>`count(*) FILTER (WHERE breached_at IS NULL)::int`.as('achieved'),
      sql<number>`count(*) FILTER (WHERE breached_at IS NOT NULL)::int`.as('breached'),
    ])
    .where('account_id', '=', accountId)
    .where('cancelled_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('fulfilled_at', '>=', from), eb('fulfilled_at', '<', to)]),
        eb.and([eb('fulfilled_at', 'is', null), eb('breached_at', '>=', from), eb('breached_at', '<', to)]),
      ]),
    )
    .groupBy('metric')
    .execute();
  const metrics = Object.fromEntries(
    (['first_response', 'next_response', 'resolution'] as const).map((m) => {
      const r = rows.find((x) => x.metric === m) ?? { achieved: 0, breached: 0 };
      const total = r.achieved + r.breached;
      return [m, { achieved: r.achieved, breached: r.breached, attainment: total === 0 ? null : Math.round((r.achieved / total) * 10_000) / 10_000 }];
    }),
  );
  const achieved = rows.reduce((n, r) => n + r.achieved, 0);
  const total = rows.reduce((n, r) => n + r.achieved + r.breached, 0);
  return { from: from.toISOString(), to: to.toISOString(), attainment: total === 0 ? null : Math.round((achieved / total) * 10_000) / 10_000, metrics };
}
