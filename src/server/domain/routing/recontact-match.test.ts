import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fold, judgeRecontact, matterSimilarity, matterTerms, refersToNumber, SIMILARITY_THRESHOLD } from './recontact-match.js';

// Pairs of a customer's solved conversation (subject, first words) and their next one, in the six languages.
const SAME_MATTER: Array<[string, string, string]> = [
  ['en', 'Order\nHello, my order 48213 has not arrived yet. It was supposed to come on Monday. Can you help?', 'Parcel still missing\nHi, my parcel for order 48213 still has not arrived, I am getting worried.'],
  ['en', 'Refund\nI returned the blue jacket two weeks ago and still no refund on my card.', 'Refund still missing\nStill no refund for the returned jacket. What is going on?'],
  ['en', 'Login problem\nI cannot log in to the app, it says my account is locked.', 'Locked again\nMy account is locked again, I cannot log in.'],
  ['sv', 'Beställning\nHej! Min beställning har inte kommit fram. Kan ni hjälpa mig, tack?', 'Beställningen\nHej igen, beställningen har fortfarande inte kommit fram.'],
  ['pl', 'Zamówienie\nDzień dobry, moje zamówienie nr 5521 jeszcze nie dotarło. Proszę o pomoc.', 'Paczka\nZamówienie 5521 nadal nie dotarło, paczka utknęła.'],
  ['sl', 'Račun\nPozdravljeni, na računu za marec je napačen znesek.', 'Račun še vedno napačen\nZnesek na računu je še vedno napačen, prosim popravite.'],
  ['bg', 'Поръчка\nЗдравейте, поръчката ми не е пристигнала. Моля помогнете.', 'Поръчка\nПоръчката все още не е пристигнала, моля проверете.'],
  ['eo', 'Mendo\nSaluton, mia mendo ankoraŭ ne alvenis. Bonvolu helpi.', 'Mendo\nMia mendo denove ne alvenis, la pakaĵo perdiĝis.'],
];
const OTHER_MATTER: Array<[string, string, string]> = [
  ['en', 'Order\nHello, my order 48213 has not arrived yet. Can you help?', 'Password\nHow do I change the password for my account?'],
  ['en', 'Refund\nI returned the blue jacket two weeks ago and still no refund on my card.', 'New order\nDo you ship to Norway? I want to order shoes.'],
  ['en', 'Order\nHello, my order has not arrived. Can you help?', 'Order\nCan I order the same shoes again in blue?'],
  ['sv', 'Faktura\nFakturan för mars har fel belopp, jag har betalat för mycket.', 'Lösenord\nJag kan inte logga in, hur återställer jag mitt lösenord?'],
  ['pl', 'Zamówienie\nDzień dobry, moje zamówienie jeszcze nie dotarło.', 'Faktura\nPotrzebuję faktury VAT na firmę za ostatni zakup.'],
  ['sl', 'Račun\nPozdravljeni, na računu za marec je napačen znesek.', 'Geslo\nNe morem se prijaviti, pozabil sem geslo.'],
  ['bg', 'Поръчка\nЗдравейте, поръчката ми не е пристигнала.', 'Парола\nКак да сменя паролата на профила си?'],
  ['eo', 'Mendo\nSaluton, mia mendo ankoraŭ ne alvenis.', 'Pasvorto\nKiel mi ŝanĝu mian pasvorton?'],
];

test('the same matter scores above the threshold in every language, and says which words it shares', () => {
  for (const [language, before, after] of SAME_MATTER) {
    const s = matterSimilarity(after, before);
    assert.ok(s.score >= SIMILARITY_THRESHOLD, `${language}: ${s.score} for “${after.split('\n')[1]}”`);
    assert.ok(s.sharedTerms.length >= 2, `${language}: shares ${s.sharedTerms.join(',')}`);
  }
  assert.deepEqual(matterSimilarity(SAME_MATTER[4]![2], SAME_MATTER[4]![1]).sharedTerms, ['5521', 'dotar', 'zamow']);
  assert.equal(matterSimilarity(SAME_MATTER[0]![1], SAME_MATTER[0]![1]).score, 1, 'a text is fully about itself');
  assert.equal(matterSimilarity('Hello, thanks', 'Hello, thanks').score, 0, 'greetings alone are no matter');
});

test('an unrelated question stays well below the threshold, even when it shares a word or says "again"', () => {
  for (const [language, before, after] of OTHER_MATTER) {
    const s = matterSimilarity(after, before);
    assert.ok(s.score < SIMILARITY_THRESHOLD - 0.1, `${language}: ${s.score} for “${after.split('\n')[1]}” (${s.sharedTerms.join(',')})`);
  }
});

test('normalisation: case, diacritics, stop words and greetings of the six languages do not count', () => {
  assert.equal(fold('Zażółć GĘŚLĄ Jaźń ŁÓDŹ'), 'zazolc gesla jazn lodz');
  assert.equal(fold('Ĉu vi ŝanĝis'), 'cu vi sangis');
  // Greetings and sign-offs only: nothing about a matter.
  for (const text of ['Hello, thanks, kind regards', 'Hej, tack, vänliga hälsningar', 'Dzień dobry, dziękuję, pozdrawiam', 'Pozdravljeni, hvala, lep pozdrav', 'Здравейте, благодаря, поздрави', 'Saluton, dankon, amike']) {
    assert.equal(matterTerms(text).stems.size, 0, text);
  }
  // Inflected forms meet in the stem.
  assert.deepEqual([...matterTerms('zamówienie zamówienia zamówieniu').stems], ['zamow']);
  assert.deepEqual([...matterTerms('поръчката поръчка').stems], ['поръч']);
  // Quoted earlier mail is not the customer's new words.
  assert.equal(matterTerms('New question about shipping\n> your order 48213 has been refunded').stems.has('48213'), false);
});

test('a reference to the earlier number is the strongest reason; similar words the next; the same tags the last', () => {
  assert.ok(refersToNumber('Re: We received your message [#1042]', 1042));
  assert.ok(refersToNumber('About my case #1042, it is still open', 1042));
  assert.equal(refersToNumber('Order #10421', 1042), false);
  assert.equal(refersToNumber('I have 1042 items', 1042), false);
  const candidates = [
    { id: 'recent', number: 7, text: 'Invoice\nThe invoice for March shows the wrong VAT number.', tags: ['billing'] },
    { id: 'older', number: 3, text: 'Order\nMy order 48213 has not arrived.', tags: ['delivery', 'late'] },
  ];
  assert.deepEqual(judgeRecontact({ text: 'Question\nAbout #3: can I pick it up instead?', tags: [] }, candidates), {
    candidateId: 'older',
    reason: 'reference',
    score: 1,
    sharedTerms: ['#3'],
  });
  const similar = judgeRecontact({ text: 'Still waiting\nOrder 48213 still has not arrived!', tags: [] }, candidates);
  assert.equal(similar?.candidateId, 'older');
  assert.equal(similar?.reason, 'similar');
  const tags = judgeRecontact({ text: 'Hello\nSomething else entirely: opening hours?', tags: ['late', 'delivery'] }, candidates);
  assert.deepEqual(tags, { candidateId: 'older', reason: 'tags', score: 1, sharedTerms: ['delivery', 'late'] });
  assert.equal(judgeRecontact({ text: 'Opening hours\nWhen are you open on Saturday?', tags: ['billing', 'hours', 'store'] }, candidates), null, 'one tag in three is not the same matter');
  assert.equal(judgeRecontact({ text: 'Opening hours\nWhen are you open on Saturday?', tags: [] }, candidates), null);
  assert.equal(judgeRecontact({ text: 'Anything', tags: [] }, []), null);
});
