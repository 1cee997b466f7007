import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COACH_MESSAGES, COACH_MESSAGES_EN, reviewDraft, type CoachLanguage } from './review-draft.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('coach messages in the agent UI language', () => {
  for (const [language, catalogue] of Object.entries(COACH_MESSAGES) as Array<[CoachLanguage, Record<string, string>]>) {
    it(`${language} has every text with the same placeholders as English`, () => {
      assert.deepEqual(Object.keys(catalogue).sort(), Object.keys(COACH_MESSAGES_EN).sort());
      for (const [key, english] of Object.entries(COACH_MESSAGES_EN)) {
        const text = catalogue[key];
        assert.ok(text && text.trim().length > 0, `${language} ${key} is empty`);
        assert.deepEqual(placeholders(text), placeholders(english), `${language} ${key}`);
        if (language !== 'en') assert.notEqual(text, english, `${language} ${key} is still English`);
      }
    });
  }

  it('renders findings in the UI language while judging the draft in its own language', () => {
    const draft = 'Thanks for writing. As I already said, it shipped on Monday.';
    const [swedish] = reviewDraft({ draft, language: 'en' }, { uiLanguage: 'sv' }).findings;
    assert.ok(swedish);
    assert.equal(swedish.rule, 'coldness');
    assert.equal(swedish.message, 'Behandlar kundens problem som ett besvär (”As I already said”).');
    assert.equal(swedish.suggestion, COACH_MESSAGES.sv['coldness.suggestion']);
  });

  it('fills the plain-word suggestion from the draft language, the sentence around it from the UI language', () => {
    const draft = 'Dziękujemy za cierpliwość. Sprawa została eskalowana.';
    const finding = reviewDraft({ draft, language: 'pl' }, { uiLanguage: 'bg' }).findings.find((f) => f.rule === 'condescension');
    assert.ok(finding);
    assert.equal(finding.suggestion, 'Използвайте прости думи, например „przekazać specjaliście“.');
  });

  it('defaults to English', () => {
    const [finding] = reviewDraft({ draft: 'Calm down, please.', language: 'en' }).findings;
    assert.ok(finding);
    assert.match(finding.message, /^Tells the customer to calm down/);
  });
});
