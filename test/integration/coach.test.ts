import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, TEST_PASSWORD, uniqueEmail, type TestAccount, type TestApp } from '../helpers/harness.js';
import { COACH_MESSAGES } from '../../src/server/domain/coach/review-draft.js';

let t: TestApp;
let acc: TestAccount;
before(async () => {
  t = await createTestApp();
  acc = await t.newAccount();
});
after(() => t.close());

test('POST /api/v1/coach/review flags a runaround reply with the exact span', async () => {
  const draft = 'Please see our website for more information.';
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/coach/review', headers: acc.auth, payload: { draft, language: 'en' } });
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json() as { language: string; findings: Array<{ rule: string; start: number; end: number; message: string }> };
  assert.equal(body.language, 'en');
  const runaround = body.findings.find((f) => f.rule === 'runaround');
  assert.ok(runaround, JSON.stringify(body));
  assert.match(draft.slice(runaround.start, runaround.end), /see our website/i);
  assert.ok(runaround.message.length > 0);
});

test('a good reply gets no findings; the language is detected when not given', async () => {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/coach/review',
    headers: acc.auth,
    payload: {
      draft: 'Hej Karin, förlåt dröjsmålet. Jag har skickat ett nytt paket i dag och ringer dig i morgon före klockan 12 med spårningsnumret.',
      customerMessage: 'Paketet har inte kommit.',
    },
  });
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json() as { language: string; findings: unknown[] };
  assert.equal(body.language, 'sv');
  assert.deepEqual(body.findings, []);
});

test('bad input → 400 naming the field; no token → 401', async () => {
  const missing = await t.app.inject({ method: 'POST', url: '/api/v1/coach/review', headers: acc.auth, payload: {} });
  assert.equal(missing.statusCode, 400);
  assert.match(missing.json().error.message, /draft/);
  const lang = await t.app.inject({ method: 'POST', url: '/api/v1/coach/review', headers: acc.auth, payload: { draft: 'x', language: 'de' } });
  assert.equal(lang.statusCode, 400);
  assert.match(lang.json().error.message, /language/);
  const anonymous = await t.app.inject({ method: 'POST', url: '/api/v1/coach/review', payload: { draft: 'hello' } });
  assert.equal(anonymous.statusCode, 401);
});

interface ReviewResponse {
  language: string;
  findings: Array<{ rule: string; start: number; end: number; message: string; suggestion?: string; messageKey?: string }>;
}

test('findings are explained in the uiLanguage asked for; the draft is still judged in its own language', async () => {
  const draft = 'Please see our website for more information.';
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/coach/review',
    headers: acc.auth,
    payload: { draft, language: 'en', uiLanguage: 'sv' },
  });
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json() as ReviewResponse;
  assert.equal(body.language, 'en');
  const finding = body.findings.find((f) => f.rule === 'runaround');
  assert.ok(finding, res.body);
  const phrase = draft.slice(finding.start, finding.end);
  assert.equal(finding.message, COACH_MESSAGES.sv['runaround.referral'].replace('{phrase}', phrase));
  assert.equal(finding.suggestion, COACH_MESSAGES.sv['runaround.referral.suggestion']);
});

test("without uiLanguage the findings follow the logged-in user's UI language", async () => {
  const email = uniqueEmail('agent');
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: acc.auth,
    payload: { email, name: 'Agnieszka', role: 'agent', password: TEST_PASSWORD, uiLanguage: 'pl' },
  });
  assert.equal(created.statusCode, 201, created.body);
  const agent = { authorization: `Bearer ${await t.login(email, TEST_PASSWORD)}` };
  const draft = 'Uspokój się, paczka jest już w drodze.';

  const own = await t.app.inject({ method: 'POST', url: '/api/v1/coach/review', headers: agent, payload: { draft, language: 'pl' } });
  assert.equal(own.statusCode, 200, own.body);
  const calm = (own.json() as ReviewResponse).findings.find((f) => f.rule === 'calm_down');
  assert.ok(calm, own.body);
  assert.equal(calm.message, COACH_MESSAGES.pl['calm_down.message'].replace('{phrase}', draft.slice(calm.start, calm.end)));

  const english = await t.app.inject({
    method: 'POST',
    url: '/api/v1/coach/review',
    headers: agent,
    payload: { draft, language: 'pl', uiLanguage: 'en' },
  });
  const calmEn = (english.json() as ReviewResponse).findings.find((f) => f.rule === 'calm_down');
  assert.ok(calmEn, english.body);
  assert.equal(calmEn.message, COACH_MESSAGES.en['calm_down.message'].replace('{phrase}', draft.slice(calmEn.start, calmEn.end)));

  // The admin of the account never chose a UI language: English (the column's default).
  const admin = await t.app.inject({ method: 'POST', url: '/api/v1/coach/review', headers: acc.auth, payload: { draft, language: 'pl' } });
  const calmAdmin = (admin.json() as ReviewResponse).findings.find((f) => f.rule === 'calm_down');
  assert.ok(calmAdmin, admin.body);
  assert.match(calmAdmin.message, /calm down/);
});

test('an unknown uiLanguage → 400 naming the field', async () => {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/coach/review', headers: acc.auth, payload: { draft: 'hello', uiLanguage: 'de' } });
  assert.equal(res.statusCode, 400);
  assert.match(res.json().error.message, /uiLanguage/);
});
