import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { FeedbackSettingsTable } from '../../db/schema.js';
import type { Actor } from '../shared/actor.js';
import type { Db } from '../shared/types.js';
import { recordEvent } from '../events/record-event.js';
import type { LifecycleRules } from './lifecycle-rules.js';
import { newLinkKey } from './survey-token.js';
import { accountCache } from '../shared/account-cache.js';

export type FeedbackSettings = Selectable<FeedbackSettingsTable>;

// Every customer message reads them (lifecycle rules, complaint tag, negative-message cases): kept per account,
// exact in this process after updateFeedbackSettings, at most FEEDBACK_SETTINGS_CACHE_TTL_MS old for changes made by another process.
export const FEEDBACK_SETTINGS_CACHE_TTL_MS = 10_000;
const cache = accountCache<FeedbackSettings>(FEEDBACK_SETTINGS_CACHE_TTL_MS);

/** The account's feedback settings; the row (with its link key) is created with the defaults on first use. */
export async function loadFeedbackSettings(db: Db, accountId: string): Promise<FeedbackSettings> {
  return cache.get(accountId, () => readFeedbackSettingsToKeep(db, accountId));
}

async function readFeedbackSettings(db: Db, accountId: string): Promise<FeedbackSettings> {
  const found = await db.selectFrom('feedback_settings').selectAll().where('account_id', '=', accountId).executeTakeFirst();
  if (found) return found;
  await db
    .insertInto('feedback_settings')
    .values({ account_id: accountId, link_key: newLinkKey() })
    .onConflict((oc) => oc.column('account_id').doNothing())
    .execute();
  // Not kept while this transaction may still roll back the row (and its link key with it).
  cache.invalidate(accountId);
  return db.selectFrom('feedback_settings').selectAll().where('account_id', '=', accountId).executeTakeFirstOrThrow();
}

/** The account's feedback settings; kept in memory unless the row was created by the caller's open transaction. */
async function readFeedbackSettingsToKeep(db: Db, accountId: string): Promise<FeedbackSettings> {
  const found = await db
    .selectFrom('feedback_settings')
    .selectAll()
    // A row written by this very transaction carries its start time (now()): it is not committed yet.
    .select(sql<boolean>`updated_at = now()`.as('uncommitted'))
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  if (!found) return readFeedbackSettings(db, accountId);
  const { uncommitted, ...settings } = found;
  if (uncommitted) cache.invalidate(accountId);
  return settings;
}

export function lifecycleRulesOf(s: FeedbackSettings): LifecycleRules {
  return { newDays: s.new_days, atRiskDays: s.at_risk_days, lostAfterDays: s.lost_after_days, retentionDays: s.retention_days };
}

export function presentFeedbackSettings(s: FeedbackSettings) {
  return {
    surveysEnabled: s.surveys_enabled,
    surveyDelayMinutes: s.survey_delay_minutes,
    surveyExpiryDays: s.survey_expiry_days,
    askNps: s.ask_nps,
    askCes: s.ask_ces,
    recoveryDueMinutes: s.recovery_due_minutes,
    followUpDelayMinutes: s.follow_up_delay_minutes,
    complaintTag: s.complaint_tag,
    negativeMessageCases: s.negative_message_cases,
    newDays: s.new_days,
    atRiskDays: s.at_risk_days,
    lostAfterDays: s.lost_after_days,
    retentionDays: s.retention_days,
    updatedAt: s.updated_at.toISOString(),
  };
}

export type FeedbackSettingsInput = Partial<Omit<ReturnType<typeof presentFeedbackSettings>, 'updatedAt'>>;

const COLUMNS: Record<keyof FeedbackSettingsInput, keyof FeedbackSettingsTable> = {
  surveysEnabled: 'surveys_enabled',
  surveyDelayMinutes: 'survey_delay_minutes',
  surveyExpiryDays: 'survey_expiry_days',
  askNps: 'ask_nps',
  askCes: 'ask_ces',
  recoveryDueMinutes: 'recovery_due_minutes',
  followUpDelayMinutes: 'follow_up_delay_minutes',
  complaintTag: 'complaint_tag',
  negativeMessageCases: 'negative_message_cases',
  newDays: 'new_days',
  atRiskDays: 'at_risk_days',
  lostAfterDays: 'lost_after_days',
  retentionDays: 'retention_days',
};

/** Changes some settings (the API validates ranges; the table's CHECKs hold them too) and audits the change. */
export async function updateFeedbackSettings(db: Db, actor: Actor, input: FeedbackSettingsInput): Promise<FeedbackSettings> {
  try {
    return await writeFeedbackSettings(db, actor, input);
  } finally {
    // After the write (committed: the route passes the database, not a transaction); a failed write costs one read.
    cache.invalidate(actor.accountId);
  }
}

async function writeFeedbackSettings(db: Db, actor: Actor, input: FeedbackSettingsInput): Promise<FeedbackSettings> {
  const current = await readFeedbackSettings(db, actor.accountId);
  const set: Record<string, unknown> = {};
  const changes: Record<string, [unknown, unknown]> = {};
  for (const [key, column] of Object.entries(COLUMNS) as Array<[keyof FeedbackSettingsInput, keyof FeedbackSettingsTable]>) {
    let value = input[key];
    if (value === undefined) continue;
    if (key === 'complaintTag') value = String(value).trim().toLowerCase();
    if (value !== current[column]) {
      set[column] = value;
      changes[key] = [current[column], value];
    }
  }
  if (Object.keys(set).length === 0) return current;
  const updated = await db
    .updateTable('feedback_settings')
    .set({ ...set, updated_at: sql`now()` })
    .where('account_id', '=', actor.accountId)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordEvent(db, actor, { type: 'feedback.settings_updated', data: { changes } });
  return updated;
}
