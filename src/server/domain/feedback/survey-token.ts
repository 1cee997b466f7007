import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Survey links. A token is HMAC-SHA256(account link key, survey id + conversation id): 256 bits that look random to
 * anyone without the key (a random 32-byte key per account, feedback_settings.link_key). The database keeps only
 * the token's SHA-256, for lookup; the token itself can be derived again for agents (GET …/survey) instead of
 * being stored. A token verifies only for the survey and conversation it was made for, so a link cannot be
 * replayed against another conversation, and a changed character makes it unknown.
 */

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const CONTEXT = 'servisto-survey-link:v1';

export function newLinkKey(): Buffer {
  return randomBytes(32);
}

export function surveyToken(linkKey: Uint8Array, surveyId: string, conversationId: string): string {
  return createHmac('sha256', linkKey).update(`${CONTEXT}:${surveyId}:${conversationId}`).digest('base64url');
}

/** What the database stores and looks tokens up by. */
export function surveyTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Cheap shape check before any database work: 43 base64url characters. */
export function isWellFormedSurveyToken(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}

/** True when the token was made with this key for exactly this survey and conversation (constant-time compare). */
export function verifySurveyToken(linkKey: Uint8Array, token: string, surveyId: string, conversationId: string): boolean {
  if (!isWellFormedSurveyToken(token)) return false;
  const expected = Buffer.from(surveyToken(linkKey, surveyId, conversationId), 'utf8');
  const given = Buffer.from(token, 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
