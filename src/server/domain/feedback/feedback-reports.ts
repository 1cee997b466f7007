import { sql } from 'kysely';
import type { Db } from '../shared/types.js';
import { LIFECYCLE_SEGMENTS, STATUSES, type LifecycleSegment } from '../../db/schema.js';
import { promiseKeptRates, slaAttainment } from '../sla/service-reports.js';
import { loadFeedbackSettings } from './feedback-settings.js';
import { csatRate, customerEffortScore, netPromoterScore, recoveryRate, retentionRate } from './feedback-metrics.js';

/**
 * Feedback and recovery reports (definitions in docs/METRICS.md). Survey answers count in the window of their
 * answer, cases in the window they closed in; retention looks at the recovered cases closed in the window and
 * counts only return windows that are decided (came back, or the window has ended).
 */

interface SurveyCounts {
  answered: number;
  satisfied: number;
  nps_responses: number;
  promoters: number;
  detractors: number;
  ces_responses: number;
  ces_sum: number;
  s1: number;
  s2: number;
  s3: number;
  s4: number;
  s5: number;
}

const surveyMeasures = [
  sql<number>`count(*)::int`.as('answered'),
  sql<number>`count(*) FILTER (WHERE score >= 4)::int`.as('satisfied'),
  sql<number>`count(nps)::int`.as('nps_responses'),
  sql<number>`count(*) FILTER (WHERE nps >= 9)::int`.as('promoters'),
  sql<number>`count(*) FILTER (WHERE nps <= 6)::int`.as('detractors'),
  sql<number>`count(ces)::int`.as('ces_responses'),
  sql<number>`coalesce(sum(ces), 0)::int`.as('ces_sum'),
  sql<number>`count(*) FILTER (WHERE score = 1)::int`.as('s1'),
  sql<number>`count(*) FILTER (WHERE score = 2)::int`.as('s2'),
  sql<number>`count(*) FILTER (WHERE score = 3)::int`.as('s3'),
  sql<number>`count(*) FILTER (WHERE score = 4)::int`.as('s4'),
  sql<number>`count(*) FILTER (WHERE score = 5)::int`.as('s5'),
] as const;

function surveyFigures(r: SurveyCounts) {
  return {
    answered: r.answered,
    csat: csatRate(r.satisfied, r.answered),
    nps: netPromoterScore(r.promoters, r.detractors, r.nps_responses),
    npsResponses: r.nps_responses,
    ces: customerEffortScore(r.ces_sum, r.ces_responses),
    cesResponses: r.ces_responses,
    distribution: { '1': r.s1, '2': r.s2, '3': r.s3, '4': r.s4, '5': r.s5 },
  };
}

export async function surveyReport(db: Db, accountId: string, from: Date, to: Date) {
  const answered = db.selectFrom('surveys').where('account_id', '=', accountId).where('answered_at', '>=', from).where('answered_at', '<', to);
  const [overall, byAgent, byTeam, byChannel, sent] = await Promise.all([
    answered.select([...surveyMeasures]).executeTakeFirstOrThrow(),
    answered.select(['agent_id', ...surveyMeasures]).groupBy('agent_id').execute(),
    answered.select(['team_id', ...surveyMeasures]).groupBy('team_id').execute(),
    answered.select(['channel', ...surveyMeasures]).groupBy('channel').execute(),
    db
      .selectFrom('surveys')
      .select([sql<number>`count(*)::int`.as('sent'), sql<number>`count(answered_at)::int`.as('answered')])
      .where('account_id', '=', accountId)
      .where('sent_at', '>=', from)
      .where('sent_at', '<', to)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    ...surveyFigures(overall),
    sent: sent.sent,
    responseRate: sent.sent === 0 ? null : Math.round((sent.answered / sent.sent) * 10_000) / 10_000,
    byAgent: byAgent.map((r) => ({ userId: r.agent_id, ...surveyFigures(r) })),
    byTeam: byTeam.map((r) => ({ teamId: r.team_id, ...surveyFigures(r) })),
    byChannel: byChannel.map((r) => ({ channel: r.channel, ...surveyFigures(r) })),
  };
}

interface OutcomeCounts {
  cases: number;
  recovered: number;
  not_recovered: number;
  came_back: number;
  window_ended: number;
}

function outcomeFigures(r: OutcomeCounts) {
  return {
    cases: r.cases,
    recovered: r.recovered,
    notRecovered: r.not_recovered,
    recoveryRate: recoveryRate(r.recovered, r.not_recovered),
    cameBack: r.came_back,
    notBackWithinWindow: r.window_ended,
    retentionRate: retentionRate(r.came_back, r.window_ended),
  };
}

export async function recoveryReport(db: Db, accountId: string, from: Date, to: Date, now: Date) {
  const settings = await loadFeedbackSettings(db, accountId);
  const windowEnd = sql`c.closed_at + make_interval(days => ${settings.retention_days})`;
  const outcome = [
    sql<number>`count(*)::int`.as('cases'),
    sql<number>`count(*) FILTER (WHERE c.status = 'recovered')::int`.as('recovered'),
    sql<number>`count(*) FILTER (WHERE c.status = 'not_recovered')::int`.as('not_recovered'),
    sql<number>`count(*) FILTER (WHERE c.status = 'recovered' AND c.came_back_at IS NOT NULL)::int`.as('came_back'),
    sql<number>`count(*) FILTER (WHERE c.status = 'recovered' AND c.came_back_at IS NULL AND ${windowEnd} <= ${now})::int`.as('window_ended'),
  ] as const;
  const closed = db
    .selectFrom('recovery_cases as c')
    .where('c.account_id', '=', accountId)
    .where('c.closed_at', '>=', from)
    .where('c.closed_at', '<', to);
  const [overall, opened, byType, granted] = await Promise.all([
    closed.select([...outcome]).executeTakeFirstOrThrow(),
    db
      .selectFrom('recovery_cases')
      .select(['reason', sql<number>`count(*)::int`.as('n')])
      .where('account_id', '=', accountId)
      .where('opened_at', '>=', from)
      .where('opened_at', '<', to)
      .groupBy('reason')
      .execute(),
    // Each closed case once per gesture type it was granted ("none": no gesture at all — the comparison group).
    db
      .selectFrom(
        closed
          .leftJoin('gestures as g', (j) => j.onRef('g.account_id', '=', 'c.account_id').onRef('g.case_id', '=', 'c.id').on('g.status', '=', 'granted'))
          .select(['c.id', 'c.status', 'c.closed_at', 'c.came_back_at', sql<string>`coalesce(g.type, 'none')`.as('gesture_type')])
          .distinct()
          .as('c'),
      )
      .select(['c.gesture_type', ...outcome])
      .groupBy('c.gesture_type')
      .orderBy('c.gesture_type')
      .execute(),
    db
      .selectFrom('gestures')
      .select(['type', 'currency', sql<number>`count(*)::int`.as('count'), sql<number>`sum(value)`.as('value')])
      .where('account_id', '=', accountId)
      .where('status', '=', 'granted')
      .where('granted_at', '>=', from)
      .where('granted_at', '<', to)
      .groupBy(['type', 'currency'])
      .orderBy('type')
      .orderBy('currency')
      .execute(),
  ]);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    retentionDays: settings.retention_days,
    opened: Object.fromEntries(['bad_rating', 'complaint', 'negative_message', 'manual'].map((r) => [r, opened.find((o) => o.reason === r)?.n ?? 0])),
    ...outcomeFigures(overall),
    byGestureType: byType.map((r) => ({ type: r.gesture_type, ...outcomeFigures(r) })),
    gesturesGranted: granted.map((g) => ({ type: g.type, currency: g.currency, count: g.count, value: Number(g.value) })),
  };
}

export async function lifecycleReport(db: Db, accountId: string) {
  const rows = await db
    .selectFrom('customer_lifecycle')
    .select(['segment', sql<number>`count(*)::int`.as('n')])
    .where('account_id', '=', accountId)
    .groupBy('segment')
    .execute();
  const segments = Object.fromEntries(LIFECYCLE_SEGMENTS.map((s) => [s, rows.find((r) => r.segment === s)?.n ?? 0])) as Record<LifecycleSegment, number>;
  return { segments, customers: rows.reduce((n, r) => n + r.n, 0) };
}

/**
 * The one-screen summary. firstResponseMedianMinutes: the median calendar minutes from creation to the first agent
 * reply, over conversations created in the window that have one. transfersPerConversation: as the routing report
 * counts it (docs/METRICS.md). byStatus: the window's conversations by their status now.
 */
export async function summaryReport(db: Db, accountId: string, from: Date, to: Date, now: Date) {
  const [surveys, recovery, sla, promises, responses] = await Promise.all([
    surveyReport(db, accountId, from, to),
    recoveryReport(db, accountId, from, to, now),
    slaAttainment(db, accountId, from, to),
    promiseKeptRates(db, accountId, from, to),
    // One pass over the window's conversations: how many, by status now, the first-response median, and transfers as
    // the routing report counts them (each conversation's count so far; merged-away duplicates excluded, their
    // transfers carried by the conversation they were merged into).
    db
      .selectFrom('conversations')
      .select([
        sql<number>`count(*)::int`.as('conversations'),
        ...STATUSES.map((st) => sql<number>`count(*) FILTER (WHERE status = ${st})::int`.as(`status_${st}`)),
        sql<number | null>`percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_response_at - created_at) / 60)`.as('median'),
        sql<number>`count(*) FILTER (WHERE merged_into_id IS NULL)::int`.as('kept'),
        sql<number>`coalesce(sum(transfer_count) FILTER (WHERE merged_into_id IS NULL), 0)::int`.as('transfers'),
      ])
      .where('account_id', '=', accountId)
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .executeTakeFirstOrThrow() as Promise<{ conversations: number; median: number | null; kept: number; transfers: number } & Record<string, number>>,
  ]);
  // The conversations created in the window, by their status now (every status listed, zero when none).
  const byStatus = Object.fromEntries(STATUSES.map((st) => [st, Number(responses[`status_${st}`] ?? 0)])) as Record<(typeof STATUSES)[number], number>;
  const median = responses.median === null || responses.median === undefined ? null : Math.round(Number(responses.median) * 10) / 10;
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    conversations: responses.conversations,
    byStatus,
    csat: surveys.csat,
    surveysAnswered: surveys.answered,
    nps: surveys.nps,
    ces: surveys.ces,
    firstResponseMedianMinutes: median,
    slaAttainment: sla.attainment,
    promiseKeptRate: promises.keptRate,
    recoveryRate: recovery.recoveryRate,
    retentionRate: recovery.retentionRate,
    transfersPerConversation: responses.kept === 0 ? null : Math.round((responses.transfers / responses.kept) * 100) / 100,
  };
}
