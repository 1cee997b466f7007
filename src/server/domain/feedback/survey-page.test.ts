import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CUSTOMER_TEXTS } from '../../i18n/customer/index.js';
import { composeSurveyMail } from './survey-mail.js';
import { languageFromAcceptLanguage, renderSurveyForm, renderSurveyNotice } from './survey-page.js';

const TOKEN = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde';

test('the survey mail has one link per score, 5 first, and the page link, in the customer language', () => {
  const { text, html } = composeSurveyMail({ texts: CUSTOMER_TEXTS.sv, customerName: 'Karin', number: 42, url: `https://help.example/s/${TOKEN}` });
  assert.match(text, /^Hej Karin,/);
  assert.match(text, /Ditt ärende 42 är löst/);
  const links = [...text.matchAll(/(\d) – [^:]+: (\S+)/g)].map((m) => [m[1], m[2]]);
  assert.deepEqual(links.map((l) => l[0]), ['5', '4', '3', '2', '1']);
  for (const [score, href] of links) assert.equal(href, `https://help.example/s/${TOKEN}?score=${score}`);
  assert.match(text, /Mycket nöjd/);
  assert.ok(html.includes(`href="https://help.example/s/${TOKEN}?score=1"`));
  assert.ok(!html.includes('\u0000'));
});

test('the page posts the form (no script), preselects the one-click score and escapes what it shows', () => {
  const html = renderSurveyForm({ language: 'pl', texts: CUSTOMER_TEXTS.pl, number: 7, token: TOKEN, askNps: true, askCes: false, chosen: 4, comment: '<script>x</script>' });
  assert.match(html, /<html lang="pl">/);
  assert.match(html, /<form method="post" action=".\/AbCd/);
  assert.match(html, /value="4" checked/);
  assert.equal((html.match(/ checked/g) ?? []).length, 1);
  assert.match(html, /Wybrano: „4 – Dobrze”/);
  assert.match(html, /name="nps" value="10"/);
  assert.doesNotMatch(html, /name="ces"/);
  assert.doesNotMatch(html, /<script/i);
  assert.match(html, /&lt;script&gt;x&lt;\/script&gt;/);
  assert.match(renderSurveyNotice('bg', CUSTOMER_TEXTS.bg, CUSTOMER_TEXTS.bg.surveyInvalidLink), /Тази връзка не е валидна/);
});

test('visitors without a survey get the best of our languages from Accept-Language', () => {
  assert.equal(languageFromAcceptLanguage('sl-SI,sl;q=0.9,en;q=0.8'), 'sl');
  assert.equal(languageFromAcceptLanguage('de-DE,de;q=0.9,sv;q=0.5'), 'sv');
  assert.equal(languageFromAcceptLanguage('fr;q=1, eo;q=0'), 'en');
  assert.equal(languageFromAcceptLanguage(undefined), 'en');
});
