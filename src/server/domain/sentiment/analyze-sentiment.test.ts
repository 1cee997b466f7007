import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Language } from '../../db/schema.js';
import { analyzeSentiment, SENTIMENT_LEXICONS } from './index.js';

interface Cases {
  upset: string;
  neutral: string;
  positive: string;
  /** A positive word under a negation: must come out negative. */
  negated: string;
}

const CASES: Record<Language, Cases> = {
  en: {
    upset: 'This is the third time I write. Unacceptable!!!',
    neutral: 'Where is my order? It was due on Monday.',
    positive: 'Thank you so much, great service!',
    negated: "I'm not happy with the delivery.",
  },
  sv: {
    upset: 'Jag är jättebesviken, paketet kom aldrig!!',
    neutral: 'Kan jag ändra leveransadressen på min beställning?',
    positive: 'Toppenservice, tack så mycket!',
    negated: 'Jag är inte nöjd med leveransen.',
  },
  pl: {
    upset: 'To jest skandal, mam dość czekania!',
    neutral: 'Dzień dobry, czy mogę zmienić adres dostawy?',
    positive: 'Świetna obsługa, bardzo dziękuję!',
    negated: 'Nie jestem zadowolona z dostawy.',
  },
  sl: {
    upset: 'To je nesprejemljivo, že četrtič pišem!!',
    neutral: 'Dober dan, ali lahko spremenim naslov za dostavo?',
    positive: 'Odlična storitev, najlepša hvala!',
    negated: 'Nisem zadovoljna z dostavo.',
  },
  bg: {
    upset: 'Това е недопустимо, писна ми да чакам!',
    neutral: 'Добър ден, мога ли да сменя адреса за доставка?',
    positive: 'Страхотно обслужване, много благодаря!',
    negated: 'Не съм доволна от доставката.',
  },
  eo: {
    upset: 'Tio estas neakceptebla, mi estas kolera!',
    neutral: 'Bonan tagon, ĉu mi povas ŝanĝi la liveradreson?',
    positive: 'Bonega servo, koran dankon!',
    negated: 'Mi ne estas kontenta pri la livero.',
  },
};

for (const [language, c] of Object.entries(CASES) as Array<[Language, Cases]>) {
  describe(`analyzeSentiment in ${language}`, () => {
    it('flags a clearly upset customer', () => {
      const s = analyzeSentiment(c.upset, language);
      assert.equal(s.label, 'negative');
      assert.equal(s.upset, true);
      assert.ok(s.score <= -0.6, String(s.score));
    });

    it('leaves a plain question neutral (a greeting is not praise)', () => {
      assert.deepEqual(analyzeSentiment(c.neutral, language), { score: 0, label: 'neutral', upset: false });
    });

    it('reads praise as positive', () => {
      const s = analyzeSentiment(c.positive, language);
      assert.equal(s.label, 'positive');
      assert.equal(s.upset, false);
    });

    it('turns a negated positive word negative, without calling it upset', () => {
      const s = analyzeSentiment(c.negated, language);
      assert.equal(s.label, 'negative');
      assert.equal(s.upset, false);
    });
  });
}

describe('analyzeSentiment signals', () => {
  it('a negated negative word is not negative ("not bad")', () => {
    assert.equal(analyzeSentiment('The repair was not bad at all.', 'en').label, 'positive');
  });

  it('weighs what follows "but" more than the thanks before it', () => {
    assert.equal(analyzeSentiment('Thanks, but it still does not work.', 'en').label, 'negative');
    assert.equal(analyzeSentiment('Dziękuję, ale nadal nie działa.', 'pl').label, 'negative');
  });

  it('intensifiers and exclamation marks strengthen, diminishers weaken', () => {
    const plain = analyzeSentiment('I am disappointed.', 'en').score;
    assert.ok(analyzeSentiment('I am very disappointed.', 'en').score < plain);
    assert.ok(analyzeSentiment('I am disappointed!!', 'en').score < plain);
    assert.ok(analyzeSentiment('I am a bit disappointed.', 'en').score > plain);
  });

  it('a shouted message is upset even without an angry word', () => {
    const s = analyzeSentiment('WHERE IS MY ORDER', 'en');
    assert.equal(s.label, 'negative');
    assert.equal(s.upset, true);
    assert.equal(analyzeSentiment('Where is my order', 'en').label, 'neutral');
  });

  it('a shouted word counts more than the same word in small letters', () => {
    assert.ok(analyzeSentiment('The service was TERRIBLE today.', 'en').score < analyzeSentiment('The service was terrible today.', 'en').score);
  });

  it('reads Esperanto in the x-system', () => {
    assert.equal(analyzeSentiment('Mi ankoraux ne ricevis la pakajxon, mi estas seniluziigita.', 'eo').label, 'negative');
  });

  it('reads an undetermined language with the English data and keeps the score within -1..1', () => {
    assert.equal(analyzeSentiment('terrible terrible terrible awful awful useless!!!!!!', 'und').score >= -1, true);
    assert.equal(analyzeSentiment('great', 'und').label, 'positive');
    assert.deepEqual(analyzeSentiment('', 'en'), { score: 0, label: 'neutral', upset: false });
  });

  it('has data for every language', () => {
    for (const language of Object.keys(CASES)) {
      const lexicon = SENTIMENT_LEXICONS[language as Language];
      assert.equal(lexicon.language, language);
      assert.ok(Object.values(lexicon.terms).filter((v) => v < 0).length >= 20, language);
      assert.ok(Object.values(lexicon.terms).filter((v) => v > 0).length >= 10, language);
      assert.ok(lexicon.negations.length > 0 && lexicon.intensifiers.length > 0 && lexicon.contrasts.length > 0, language);
    }
  });
});
