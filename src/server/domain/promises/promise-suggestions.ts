import type { Db } from '../shared/types.js';
import type { Actor } from '../shared/actor.js';
import type { Language } from '../../db/schema.js';
import { LANGUAGES } from '../../db/schema.js';
import { errors } from '../shared/errors.js';
import { detectLanguage } from '../language/detect-language.js';
import { loadCalendar } from '../service-clock/calendar-cache.js';
import { addBusinessMinutes } from '../service-clock/business-hours.js';
import { defaultCalendarId } from '../sla/expected-response.js';
import type { ServiceClock } from '../sla/sla-engine.js';
import { extractCommitments } from './extract-commitments.js';

/**
 * The promises a draft reply makes, with due times, so the composer can offer to track them: "I will call you
 * back tomorrow at 10" → {kind: call_back, dueAt}. Times are read in the conversation's business-hours time zone
 * (its team's, else the account's first calendar, else UTC); "within 2 business days" counts in those hours.
 */
export async function suggestPromises(db: Db, svc: ServiceClock, actor: Actor, conversationId: string, input: { body: string; language?: Language | undefined }) {
  const conversation = await db
    .selectFrom('conversations')
    .select(['id', 'team_id', 'language'])
    .where('account_id', '=', actor.accountId)
    .where('id', '=', conversationId)
    .executeTakeFirst();
  if (!conversation) throw errors.notFound('Conversation');
  const detected = detectLanguage(input.body).language;
  const language: Language =
    input.language ?? (detected !== 'und' ? detected : LANGUAGES.includes(conversation.language as Language) ? (conversation.language as Language) : 'en');
  let calendarId: string | null = null;
  if (conversation.team_id) {
    const team = await db.selectFrom('teams').select('business_hours_id').where('account_id', '=', actor.accountId).where('id', '=', conversation.team_id).executeTakeFirst();
    calendarId = team?.business_hours_id ?? null;
  }
  calendarId ??= await defaultCalendarId(db, actor.accountId);
  const calendar = calendarId ? await loadCalendar(db, actor.accountId, calendarId) : null;
  const timeZone = calendar?.timezone ?? 'UTC';
  const items = extractCommitments(input.body, language, {
    now: svc.clock.now(),
    timeZone,
    ...(calendar ? { addBusinessMinutes: (from: Date, minutes: number) => addBusinessMinutes(calendar, from, minutes) } : {}),
  });
  return { language, timeZone, items };
}
