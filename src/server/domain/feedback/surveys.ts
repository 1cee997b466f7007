import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Database, Language, SurveysTable } from '../../db/schema.js';
import { LANGUAGES } from '../../db/schema.js';
import type { Db } from '../shared/types.js';
import type { Actor } from '../shared/actor.js';
import { systemActor } from '../shared/actor.js';
import { recordEvent } from '../events/record-event.js';
import type { ConversationRow } from '../presenters.js';
import type { ServiceClock } from '../sla/sla-engine.js';
import { loadFeedbackSettings } from './feedback-settings.js';
import { queueFeedbackWake } from './feedback-clock.js';
import { isWellFormedSurveyToken, surveyToken, surveyTokenHash, verifySurveyToken } from './survey-token.js';
import { openRecoveryCase } from './recovery-cases.js';
import { recordContact, refreshLifecycle } from './customer-lifecycle.js';
import { lockConversation } from './conversation-lock.js';

/**
 * Surveys: one per conversation, created in the transaction that solves it; the mail goes out after the account's
 * delay (feedback runner) in the customer's language. Answering is public (the link is the credential), once.
 * A score of 2 or less opens a recovery case in the same transaction.
 */

export type SurveyRow = Selectable<SurveysTable>;

/** A score at or below this opens a recovery case. */
export const BAD_SCORE = 2;

export function surveyUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/s/${token}`;
}

export function presentSurvey(s: SurveyRow, token: string, publicUrl: string) {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: s.id,
    conversationId: s.conversation_id,
    token,
    url: surveyUrl(publicUrl, token),
    language: s.language,
    createdAt: s.created_at.toISOString(),
    sendAt: iso(s.send_at),
    sentAt: iso(s.sent_at),
    expiresAt: s.expires_at.toISOString(),
    answer: s.answered_at
      ? { score: s.score!, nps: s.nps, ces: s.ces, comment: s.comment, answeredAt: s.answered_at.toISOString(), via: s.answered_via! }
      : null,
  };
}

/** The answer without the credential (for events and lists). */
export function presentSurveyAnswer(s: SurveyRow) {
  return { id: s.id, conversationId: s.conversation_id, agentId: s.agent_id, teamId: s.team_id, channel: s.channel, score: s.score, nps: s.nps, ces: s.ces, comment: s.comment, answeredAt: s.answered_at?.toISOString() ?? null };
}

async function customerLanguage(trx: Db, conversation: ConversationRow): Promise<Language> {
  const customer = await trx.selectFrom('customers').select('language').where('account_id', '=', conversation.account_id).where('id', '=', conversation.customer_id).executeTakeFirst();
  if (customer?.language) return customer.language;
  if (conversation.language !== 'und') return conversation.language;
  const account = await trx.selectFrom('accounts').select('default_language').where('id', '=', conversation.account_id).executeTakeFirst();
  return account && (LANGUAGES as readonly string[]).includes(account.default_language) ? account.default_language : 'en';
}

/**
 * The conversation was solved (or closed without being solved first): its survey exists from now on. Solved again
 * before the mail went out, the send time moves with the new solve; once sent or answered it is never asked again.
 */
export async function prepareSurvey(trx: Db, svc: ServiceClock, conversation: ConversationRow): Promise<SurveyRow | null> {
  const accountId = conversation.account_id;
  const settings = await loadFeedbackSettings(trx, accountId);
  if (!settings.surveys_enabled) return null;
  const now = svc.clock.now();
  const sendAt = new Date(now.getTime() + settings.survey_delay_minutes * 60_000);
  const expiresAt = new Date(sendAt.getTime() + settings.survey_expiry_days * 86_400_000);
  const existing = await trx.selectFrom('surveys').selectAll().where('account_id', '=', accountId).where('conversation_id', '=', conversation.id).forUpdate().executeTakeFirst();
  if (existing) {
    if (existing.sent_at || existing.answered_at) return existing;
    const rearmed = await trx
      .updateTable('surveys')
      .set({ solved_at: now, send_at: sendAt, expires_at: expiresAt, agent_id: conversation.assignee_id, team_id: conversation.team_id })
      .where('account_id', '=', accountId)
      .where('id', '=', existing.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await queueFeedbackWake(trx, svc, accountId, sendAt);
    return rearmed;
  }
  const id = randomUUID();
  const survey = await trx
    .insertInto('surveys')
    .values({
      id,
      account_id: accountId,
      conversation_id: conversation.id,
      customer_id: conversation.customer_id,
      agent_id: conversation.assignee_id,
      team_id: conversation.team_id,
      channel: conversation.channel,
      language: await customerLanguage(trx, conversation),
      token_hash: surveyTokenHash(surveyToken(settings.link_key, id, conversation.id)),
      solved_at: now,
      send_at: sendAt,
      expires_at: expiresAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordEvent(trx, systemActor(accountId), {
    type: 'survey.created',
    conversationId: conversation.id,
    customerId: conversation.customer_id,
    data: { surveyId: id, sendAt: sendAt.toISOString(), language: survey.language },
  });
  await queueFeedbackWake(trx, svc, accountId, sendAt);
  return survey;
}

/** The survey of a conversation with its link, for agents. */
export async function surveyOfConversation(db: Db, accountId: string, conversationId: string): Promise<{ survey: SurveyRow; token: string } | null> {
  const survey = await db.selectFrom('surveys').selectAll().where('account_id', '=', accountId).where('conversation_id', '=', conversationId).executeTakeFirst();
  if (!survey) return null;
  const settings = await loadFeedbackSettings(db, accountId);
  return { survey, token: surveyToken(settings.link_key, survey.id, survey.conversation_id) };
}

export interface SurveyByToken {
  survey: SurveyRow;
  conversationNumber: number;
  askNps: boolean;
  askCes: boolean;
}

/** Finds the survey a token belongs to; a malformed, unknown or forged token finds nothing. */
export async function findSurveyByToken(db: Db, token: string): Promise<SurveyByToken | null> {
  if (!isWellFormedSurveyToken(token)) return null;
  const survey = await db.selectFrom('surveys').selectAll().where('token_hash', '=', surveyTokenHash(token)).executeTakeFirst();
  if (!survey) return null;
  const settings = await loadFeedbackSettings(db, survey.account_id);
  // The hash matched; the signature check binds the token to this survey and conversation as well.
  if (!verifySurveyToken(settings.link_key, token, survey.id, survey.conversation_id)) return null;
  const conversation = await db.selectFrom('conversations').select('number').where('account_id', '=', survey.account_id).where('id', '=', survey.conversation_id).executeTakeFirst();
  return { survey, conversationNumber: conversation?.number ?? 0, askNps: settings.ask_nps, askCes: settings.ask_ces };
}

export interface SurveyAnswerInput {
  score: number;
  nps?: number | undefined;
  ces?: number | undefined;
  comment?: string | undefined;
}

export type AnswerOutcome =
  | { outcome: 'recorded'; survey: SurveyRow; caseOpened: boolean }
  | { outcome: 'not_found' }
  | { outcome: 'already_answered'; survey: SurveyRow }
  | { outcome: 'expired'; survey: SurveyRow };

/** Records an answer once. Nothing is stored for an unknown, forged, used or expired token. */
export async function answerSurvey(db: Kysely<Database>, svc: ServiceClock, token: string, input: SurveyAnswerInput, via: 'page' | 'api'): Promise<AnswerOutcome> {
  if (!isWellFormedSurveyToken(token)) return { outcome: 'not_found' };
  return db.transaction().execute(async (trx): Promise<AnswerOutcome> => {
    const found = await findSurveyByToken(trx, token);
    if (!found) return { outcome: 'not_found' };
    // The conversation first (see conversation-lock.ts), then the survey: two answers at once queue here.
    await lockConversation(trx, found.survey.account_id, found.survey.conversation_id);
    const survey = await trx.selectFrom('surveys').selectAll().where('account_id', '=', found.survey.account_id).where('id', '=', found.survey.id).forUpdate().executeTakeFirstOrThrow();
    if (survey.answered_at) return { outcome: 'already_answered', survey };
    const now = svc.clock.now();
    if (survey.expires_at <= now) return { outcome: 'expired', survey };
    const comment = input.comment?.trim() ? input.comment.trim().slice(0, 5000) : null;
    const answered = await trx
      .updateTable('surveys')
      .set({ score: input.score, nps: input.nps ?? null, ces: input.ces ?? null, comment, answered_at: now, answered_via: via })
      .where('account_id', '=', survey.account_id)
      .where('id', '=', survey.id)
      .where('answered_at', 'is', null)
      .returningAll()
      .executeTakeFirstOrThrow();
    const customerActor: Actor = { ...systemActor(survey.account_id), type: 'customer', id: survey.customer_id };
    await recordEvent(trx, customerActor, {
      type: 'survey.answered',
      conversationId: survey.conversation_id,
      customerId: survey.customer_id,
      data: { surveyId: survey.id, score: answered.score, nps: answered.nps, ces: answered.ces, comment: answered.comment !== null, via },
      publish: { survey: presentSurveyAnswer(answered) },
    });
    await recordContact(trx, svc, survey.account_id, survey.customer_id, 'survey');
    let caseOpened = false;
    if (input.score <= BAD_SCORE) {
      const opened = await openRecoveryCase(trx, svc, customerActor, {
        conversationId: survey.conversation_id,
        reason: 'bad_rating',
        surveyId: survey.id,
        note: comment,
        trigger: { score: input.score },
      });
      caseOpened = opened.created;
    } else {
      await refreshLifecycle(trx, svc, survey.account_id, survey.customer_id);
    }
    return { outcome: 'recorded', survey: answered, caseOpened };
  });
}
