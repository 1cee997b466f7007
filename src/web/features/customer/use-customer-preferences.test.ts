import { test } from 'vitest';
import assert from 'node:assert/strict';
import type { CustomerPreferences } from '../../api/types.ts';
import { newerPreferences } from './use-customer-preferences.ts';

const prefs = (channel: CustomerPreferences['channel'], updatedAt: string | null): CustomerPreferences => ({
  language: null,
  channel,
  timezone: null,
  contactHours: null,
  address: null,
  preferredName: null,
  updatedAt,
});

test('the sidebar and composer show the newest version: a save or a colleague’s change beats an older read, never the reverse', () => {
  const read = prefs('email', '2026-11-22T10:00:00.000Z');
  const saved = prefs('phone', '2026-11-22T10:05:00.000Z');
  assert.equal(newerPreferences(read, saved), saved);
  assert.equal(newerPreferences(saved, read), saved, 'a slow, older read does not undo a save');
  assert.equal(newerPreferences(prefs('chat', null), read), read, 'never saved is the oldest');
  assert.equal(newerPreferences(undefined, read), read);
  assert.equal(newerPreferences(read, undefined), read);
  assert.equal(newerPreferences(undefined, undefined), undefined);
});
