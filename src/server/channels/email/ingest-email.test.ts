import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeSubject } from './ingest-email.js';

test('subjects are compared without reply prefixes in several languages and without the [#n] token', () => {
  assert.equal(normalizeSubject('Re: Order late'), 'order late');
  assert.equal(normalizeSubject('SV: Re: Leveransen'), 'leveransen');
  assert.equal(normalizeSubject('Odp: Zwrot zamówienia [#42]'), 'zwrot zamówienia');
  assert.equal(normalizeSubject('AW:   Fwd:  Frage'), 'frage');
  assert.equal(normalizeSubject('Order late'), 'order late');
  assert.notEqual(normalizeSubject('Order late'), normalizeSubject('Order lost'));
});
