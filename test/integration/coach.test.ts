import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestAccount, type TestApp } from '../helpers/harness.js';

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
