import { test } from 'vitest';
import assert from 'node:assert/strict';
import { cannedFromLocale, fillCanned, insertAt } from './canned.ts';

test('placeholders are filled; a nameless customer gets the fallback; unknown placeholders stay visible', () => {
  const body = 'Hello {{customer.name}}, case #{{conversation.number}}. {{agent.name}} {{order.id}}';
  assert.equal(fillCanned(body, { customerName: 'Ana', agentName: 'Bo', conversationNumber: 42 }, 'there'), 'Hello Ana, case #42. Bo {{order.id}}');
  assert.equal(fillCanned('Hello {{ customer.name }}', { customerName: '  ', agentName: 'Bo', conversationNumber: 1 }, 'there'), 'Hello there');
});

test('canned responses come from the locale resource; malformed entries are skipped', () => {
  const items = cannedFromLocale({ a: { title: 'A', body: 'x' }, broken: { title: 'B' }, c: 'nope' });
  assert.deepEqual(items, [{ id: 'a', title: 'A', body: 'x' }]);
  assert.deepEqual(cannedFromLocale(undefined), []);
});

test('insertion at the caret replaces the selection and starts a multi-line text on its own line', () => {
  assert.deepEqual(insertAt('Hi there', 3, 8, 'Ana'), { value: 'Hi Ana', caret: 6 });
  assert.deepEqual(insertAt('Thanks.', 7, 7, 'Best,\nBo'), { value: 'Thanks.\nBest,\nBo', caret: 16 });
});
