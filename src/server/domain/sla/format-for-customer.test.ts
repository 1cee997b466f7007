import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatForCustomer } from './service-clock-runner.js';

test('a time for the customer is in their language and the zone asked for, whatever was formatted before', () => {
  const at = new Date('2026-03-02T09:30:00.000Z'); // a Monday
  const stockholm = formatForCustomer(at, 'en', 'Europe/Stockholm');
  const utc = formatForCustomer(at, 'en', 'UTC');
  assert.match(stockholm, /Monday/);
  assert.match(stockholm, /10:30/);
  assert.match(utc, /09:30/);
  // The same zone in another language, then the first one again: each answer is its own.
  const swedish = formatForCustomer(at, 'sv', 'Europe/Stockholm');
  assert.match(swedish, /måndag/);
  assert.match(swedish, /10:30/);
  assert.equal(formatForCustomer(at, 'en', 'Europe/Stockholm'), stockholm);
  assert.equal(formatForCustomer(new Date('2026-03-02T11:45:00.000Z'), 'en', 'UTC').includes('11:45'), true);
  assert.throws(() => formatForCustomer(at, 'en', 'Not/AZone'), RangeError);
});
