import { sql } from 'kysely';
import type { Db } from '../shared/types.js';
import { loadCalendar } from '../service-clock/calendar-cache.js';
import { businessTime, calendarTime, type TimeBase } from './time-base.js';

/**
 * How long a new customer will honestly wait for a first answer: the queue ahead of them divided by the rate at
 * which the team answered new conversations over the last week, counted in the account's business hours (so a
 * mail on Friday evening is told Monday morning, not "within 2 hours"). Definitions in docs/METRICS.md.
 */
export interface QueueFigures {
  /** Conversations waiting for a first answer, ahead of the new one. */
  backlog: number;
  /** First answers given in the last seven days. */
  answeredLastWeek: number;
  /** Business minutes in those seven days. */
  businessMinutesLastWeek: number;
}

export type WaitEstimate = { basis: 'queue'; businessMinutes: number } | { basis: 'default' };

/** Fewer answers than this in a week is too little history to measure a rate. */
export const MIN_ANSWERED = 5;

export function estimateWait(f: QueueFigures): WaitEstimate {
  if (f.answeredLastWeek < MIN_ANSWERED || f.businessMinutesLastWeek <= 0) return { basis: 'default' };
  const perMinute = f.answeredLastWeek / f.businessMinutesLastWeek;
  // The new conversation is answered after the ones ahead of it: backlog + 1 answers at the measured rate.
  return { basis: 'queue', businessMinutes: Math.max(5, (f.backlog + 1) / perMinute) };
}

export type ExpectedFirstResponse =
  | { kind: 'within'; minutes: number }
  | { kind: 'by'; at: Date; timeZone: string };

/** Up to this many calendar minutes away, the acknowledgement says "within N hours"; further, "by <day and time>". */
const WITHIN_LIMIT_MINUTES = 8 * 60;

/** The account's default calendar: the first policy's business hours, else its first business hours, else none. */
export async function defaultCalendarId(db: Db, accountId: string): Promise<string | null> {
  const policy = await db
    .selectFrom('sla_policies')
    .select('business_hours_id')
    .where('account_id', '=', accountId)
    .where('enabled', '=', true)
    .where('business_hours_id', 'is not', null)
    .orderBy('position')
    .orderBy('created_at')
    .executeTakeFirst();
  if (policy?.business_hours_id) return policy.business_hours_id;
  const first = await db.selectFrom('business_hours').select('id').where('account_id', '=', accountId).orderBy('created_at').executeTakeFirst();
  return first?.id ?? null;
}

// The figures change slowly and cost a scan of a month of conversations: kept per account for 15 s (of both the
// wall clock and the service clock, so a test's manual clock never reads stale figures).
const figureCache = new Map<string, { figures: QueueFigures; base: TimeBase; timeZone: string; until: number; at: number }>();
const FIGURE_CACHE_MS = 15_000;

export async function expectedFirstResponse(db: Db, accountId: string, now: Date, defaultHours: number): Promise<ExpectedFirstResponse> {
  let cached = figureCache.get(accountId);
  if (!cached || cached.until < Date.now() || Math.abs(cached.at - now.getTime()) > FIGURE_CACHE_MS) {
    const calendarId = await defaultCalendarId(db, accountId);
    const calendar = calendarId ? await loadCalendar(db, accountId, calendarId) : null;
    const base = calendar ? businessTime(calendar) : calendarTime;
    const weekAgo = new Date(now.getTime() - 7 * 24 * 60 * 60_000);
    const monthAgo = new Date(now.getTime() - 30 * 24 * 60 * 60_000);
    const row = await db
      .selectFrom('conversations')
      .select([
        sql<number>`count(*) FILTER (WHERE first_response_at IS NULL AND status IN ('new','open'))::int`.as('backlog'),
        sql<number>`count(*) FILTER (WHERE first_response_at > ${weekAgo})::int`.as('answered'),
      ])
      .where('account_id', '=', accountId)
      .where('created_at', '>', monthAgo)
      .executeTakeFirstOrThrow();
    cached = {
      figures: { backlog: row.backlog, answeredLastWeek: row.answered, businessMinutesLastWeek: base.between(weekAgo, now) },
      base,
      timeZone: calendar?.timezone ?? 'UTC',
      until: Date.now() + FIGURE_CACHE_MS,
      at: now.getTime(),
    };
    if (figureCache.size > 10_000) figureCache.clear();
    figureCache.set(accountId, cached);
  }
  const wait = estimateWait(cached.figures);
  if (wait.basis === 'default') return { kind: 'within', minutes: defaultHours * 60 };
  const at = cached.base.add(now, wait.businessMinutes);
  const minutes = (at.getTime() - now.getTime()) / 60_000;
  return minutes <= WITHIN_LIMIT_MINUTES ? { kind: 'within', minutes } : { kind: 'by', at, timeZone: cached.timeZone };
}
