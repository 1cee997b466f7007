import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isWellFormedSurveyToken, newLinkKey, surveyToken, surveyTokenHash, verifySurveyToken } from './survey-token.js';

const SURVEY = '0b9f6d8e-3c1a-4f5e-9a7b-2d4c6e8f0a1b';
const CONVERSATION = '7e2d4c6a-8b0f-4e1d-a3c5-9f7b1d3e5a7c';
const OTHER_CONVERSATION = '7e2d4c6a-8b0f-4e1d-a3c5-9f7b1d3e5a7d';

test('a token is 32 bytes of base64url, the same for the same key and survey, different per key', () => {
  const key = newLinkKey();
  const token = surveyToken(key, SURVEY, CONVERSATION);
  assert.ok(isWellFormedSurveyToken(token));
  assert.equal(Buffer.from(token, 'base64url').length, 32);
  assert.equal(surveyToken(key, SURVEY, CONVERSATION), token, 'derivable again for agents, so never stored');
  assert.notEqual(surveyToken(newLinkKey(), SURVEY, CONVERSATION), token);
});

test('a token verifies only for its own survey and conversation', () => {
  const key = newLinkKey();
  const token = surveyToken(key, SURVEY, CONVERSATION);
  assert.equal(verifySurveyToken(key, token, SURVEY, CONVERSATION), true);
  assert.equal(verifySurveyToken(key, token, SURVEY, OTHER_CONVERSATION), false, 'replayed against another conversation');
  assert.equal(verifySurveyToken(newLinkKey(), token, SURVEY, CONVERSATION), false, 'another account key');
});

test('tampered, truncated and foreign-looking tokens are refused before any lookup', () => {
  const key = newLinkKey();
  const token = surveyToken(key, SURVEY, CONVERSATION);
  const flipped = (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
  assert.equal(verifySurveyToken(key, flipped, SURVEY, CONVERSATION), false);
  for (const bad of ['', token.slice(0, 42), `${token}x`, token.replace(/.$/, '='), `${token.slice(0, 40)}../`, 'a'.repeat(43).replace('a', '+')]) {
    assert.equal(isWellFormedSurveyToken(bad), false, bad);
    assert.equal(verifySurveyToken(key, bad, SURVEY, CONVERSATION), false, bad);
  }
});

test('the stored form is the SHA-256 of the token, not the token', () => {
  const token = surveyToken(newLinkKey(), SURVEY, CONVERSATION);
  const hash = surveyTokenHash(token);
  assert.match(hash, /^[0-9a-f]{64}$/);
  assert.ok(!hash.includes(token));
  assert.equal(surveyTokenHash(token), hash);
});
