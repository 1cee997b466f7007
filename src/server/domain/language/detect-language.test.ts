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

const SHORT: Array<[string, string]> = [
  ['en', 'Still waiting for an answer from your team.'],
  ['en', 'hi can u check my order status pls'],
  ['sv', 'Vantar fortfarande pa svar fran er'],
  ['sv', 'Kan du skicka en kopia av kvittot?'],
  ['pl', 'czy mozecie sprawdzic status zamowienia'],
  ['pl', 'Dalej czekam na odpowiedz od was'],
  ['sl', 'Se vedno cakam na vas odgovor'],
  ['sl', 'Hvala, zdaj deluje! Lep vikend.'],
  ['eo', 'Mi ankorau atendas respondon de vi'],
  ['eo', 'cxu vi povas kontroli mian mendon?'],
];

for (const [language, text] of SHORT) {
  test(`detects ${language} in a short message without diacritics: "${text}"`, () => {
    assert.equal(detectLanguage(text).language, language);
  });
}

test('the stored language wins when the text is ambiguous', () => {
  const text = 'Anna Novak, 12345, Ljubljana';
  assert.equal(detectLanguage(text).language, 'und');
  assert.equal(detectLanguage(text, { prior: 'sl' }).language, 'sl');
  assert.equal(detectLanguage(text, { prior: 'sv' }).language, 'sv');
});

test('a prior does not override clear evidence for another language', () => {
  assert.equal(detectLanguage('Dzień dobry, gdzie jest moja paczka?', { prior: 'en' }).language, 'pl');
  assert.equal(detectLanguage('Where is my order? It was due on Monday.', { prior: 'sv' }).language, 'en');
  assert.equal(detectLanguage('Къде е поръчката ми?', { prior: 'sv' }).language, 'bg');
});

test('Bulgarian typed in Latin letters stays Bulgarian for a Bulgarian customer', () => {
  const text = 'zdraveite, kade e porachkata mi?';
  assert.equal(detectLanguage(text).language, 'und');
  assert.equal(detectLanguage(text, { prior: 'bg' }).language, 'bg');
});

test('letters one language uses decide a short message', () => {
  assert.equal(detectLanguage('Kiedy przyjdzie przesyłka?').language, 'pl');
  assert.equal(detectLanguage('När kommer paketet? Tack!').language, 'sv');
  assert.equal(detectLanguage('Kdaj bo prispel paket? Že čakam.').language, 'sl');
  assert.equal(detectLanguage('Kiam alvenos la pakaĵo?').language, 'eo');
});

test('links and addresses are not read as words', () => {
  assert.equal(detectLanguage('https://the-and-is-you.example.com/your/order anna@the-shop.example').language, 'und');
});
