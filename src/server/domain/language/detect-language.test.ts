import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectLanguage } from './detect-language.js';

const SAMPLES: Array<[string, string]> = [
  ['en', 'Hello, I was charged twice for my invoice this month. Could you please refund the second payment?'],
  ['sv', 'Hej! Jag beställde en kaffebryggare för två veckor sedan men paketet har fortfarande inte kommit.'],
  ['pl', 'Dzień dobry, chciałabym zwrócić zamówienie, ponieważ rozmiar jest za mały. Jak mam to zrobić?'],
  ['sl', 'Pozdravljeni, preselila sem se in bi rada spremenila naslov za dostavo za naslednje naročilo.'],
  ['bg', 'Здравейте, получих грешен размер на обувките от поръчката си. Моля, кажете ми как да ги заменя.'],
  ['eo', 'Saluton! Mi mendis la libron antaŭ tri semajnoj, sed ĝi ankoraŭ ne alvenis. Ĉu vi povas kontroli?'],
];

for (const [language, text] of SAMPLES) {
  test(`detects ${language} in a customer sentence`, () => {
    assert.equal(detectLanguage(text).language, language);
  });
}

test('Cyrillic is decided by script even when short', () => {
  assert.equal(detectLanguage('Благодаря много!').language, 'bg');
});

test('numbers, codes and empty text are und', () => {
  assert.equal(detectLanguage('12345 678').language, 'und');
  assert.equal(detectLanguage('').language, 'und');
  assert.equal(detectLanguage('!!! ???').language, 'und');
});
