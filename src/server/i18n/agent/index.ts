import type { Language } from '../../db/schema.js';
import type { AgentTexts } from './types.js';
import { en } from './en.js';
import { sv } from './sv.js';
import { pl } from './pl.js';
import { sl } from './sl.js';
import { bg } from './bg.js';
import { eo } from './eo.js';

export type { AgentTexts } from './types.js';
export { fill } from '../customer/index.js';

export const AGENT_TEXTS: Record<Language, AgentTexts> = { en, sv, pl, sl, bg, eo };

export function agentTexts(language: string | null | undefined): AgentTexts {
  return AGENT_TEXTS[(language ?? 'en') as Language] ?? en;
}

/**
 * A time as an agent reads it in a note: "2026-03-02 17:00 Europe/Stockholm" — the same in every language, in the
 * time zone of the agent's shift (UTC when they have none).
 */
export function formatAgentTime(at: Date | string, timeZone: string | null | undefined): string {
  const zone = timeZone ?? 'UTC';
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(typeof at === 'string' ? new Date(at) : at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')} ${zone}`;
}
