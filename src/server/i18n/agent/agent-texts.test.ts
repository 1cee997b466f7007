import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT_TEXTS, agentTexts, formatAgentTime } from './index.js';
import { LANGUAGES } from '../../db/schema.js';

type Tree = { [key: string]: string | Tree };
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

function check(reference: Tree, texts: Tree, path: string) {
  for (const [key, value] of Object.entries(reference)) {
    const other = texts[key];
    if (typeof value === 'string') {
      assert.ok(typeof other === 'string' && other.trim() !== '', `${path}.${key} is present`);
      assert.deepEqual(placeholders(other), placeholders(value), `${path}.${key} keeps the placeholders`);
    } else {
      assert.ok(other !== undefined && typeof other === 'object', `${path}.${key} is present`);
      check(value, other, `${path}.${key}`);
    }
  }
  assert.deepEqual(Object.keys(texts).sort(), Object.keys(reference).sort(), `${path} has no keys English lacks`);
}

test('every language has every agent text, with the same placeholders as English', () => {
  assert.deepEqual(Object.keys(AGENT_TEXTS).sort(), [...LANGUAGES].sort());
  for (const [language, texts] of Object.entries(AGENT_TEXTS)) check(AGENT_TEXTS.en as unknown as Tree, texts as unknown as Tree, language);
});

test('the texts are translated, not copies of English', () => {
  for (const language of LANGUAGES.filter((l) => l !== 'en')) {
    assert.notEqual(agentTexts(language).shiftEndHandover, AGENT_TEXTS.en.shiftEndHandover, language);
    assert.notEqual(agentTexts(language).slaReassignedToAgent, AGENT_TEXTS.en.slaReassignedToAgent, language);
  }
  assert.equal(agentTexts('xx'), AGENT_TEXTS.en, 'an unknown language falls back to English');
  assert.equal(agentTexts(null), AGENT_TEXTS.en);
});

test('times in notes read the same in every language, in the agent’s time zone', () => {
  assert.equal(formatAgentTime(new Date('2026-03-02T16:00:00.000Z'), 'Europe/Stockholm'), '2026-03-02 17:00 Europe/Stockholm');
  assert.equal(formatAgentTime('2026-03-02T23:30:00.000Z', null), '2026-03-02 23:30 UTC');
});
