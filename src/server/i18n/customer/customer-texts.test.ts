import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CUSTOMER_TEXTS, fill } from './index.js';

test('every language has every customer text, with the same placeholders as English', () => {
  const reference = CUSTOMER_TEXTS.en;
  for (const [language, texts] of Object.entries(CUSTOMER_TEXTS)) {
    for (const key of Object.keys(reference) as Array<keyof typeof reference>) {
      const value = texts[key];
      assert.ok(typeof value === 'string' && value.trim() !== '', `${language}.${key} is present`);
      const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      assert.deepEqual(placeholders(value), placeholders(reference[key]), `${language}.${key} keeps the placeholders`);
    }
  }
});

test('fill replaces known placeholders and leaves unknown ones visible', () => {
  assert.equal(fill('Hej {name}, #{number} {x}', { name: 'Karin', number: 7 }), 'Hej Karin, #7 {x}');
});
