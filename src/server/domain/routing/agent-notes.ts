import type { Language } from '../../db/schema.js';
import { LANGUAGES } from '../../db/schema.js';
import type { Db } from '../shared/types.js';
import { agentTexts, fill, formatAgentTime, type AgentTexts } from '../../i18n/agent/index.js';
import type { HandoverSummary } from './handovers.js';

/**
 * Notes Servisto writes to agents (handover notes, why a conversation was reassigned) are written in the reader's
 * UI language: the receiving agent's, or — when nobody receives it yet (it waits in a team's queue) — the
 * account's default language, else English. Times are in the reader's shift time zone.
 */
export interface AgentLocale {
  language: Language;
  timeZone: string | null;
  texts: AgentTexts;
}

const known = (language: string | null | undefined): language is Language => (LANGUAGES as readonly string[]).includes(language ?? '');

export async function agentLocale(trx: Db, accountId: string, userId: string | null, fallbackTimeZone: string | null = null): Promise<AgentLocale> {
  const user = userId
    ? await trx
        .selectFrom('users')
        .leftJoin('agent_shifts', (j) => j.onRef('agent_shifts.account_id', '=', 'users.account_id').onRef('agent_shifts.user_id', '=', 'users.id'))
        .select(['users.ui_language', 'agent_shifts.timezone'])
        .where('users.account_id', '=', accountId)
        .where('users.id', '=', userId)
        .executeTakeFirst()
    : undefined;
  let language: Language = 'en';
  if (user && known(user.ui_language)) language = user.ui_language;
  else {
    const account = await trx.selectFrom('accounts').select('default_language').where('id', '=', accountId).executeTakeFirst();
    if (account && known(account.default_language)) language = account.default_language;
  }
  return { language, timeZone: user?.timezone ?? fallbackTimeZone, texts: agentTexts(language) };
}

/** The handover summary as lines of a note, in the reader's language. */
export function describeSummary(summary: HandoverSummary, locale: AgentLocale): string[] {
  const t = locale.texts;
  const time = (at: string) => formatAgentTime(at, locale.timeZone);
  const lines = [
    fill(t.summaryStatus, {
      status: t.status[summary.status as keyof AgentTexts['status']] ?? summary.status,
      priority: t.priority[summary.priority as keyof AgentTexts['priority']] ?? summary.priority,
    }),
  ];
  if (summary.lastCustomerMessage) lines.push(fill(t.summaryLastCustomer, { time: time(summary.lastCustomerMessage.at), excerpt: summary.lastCustomerMessage.excerpt }));
  for (const p of summary.openPromises) lines.push(fill(t.summaryPromise, { description: p.description, due: time(p.dueAt) }));
  if (summary.slaDueAt) lines.push(fill(t.summarySlaDue, { due: time(summary.slaDueAt) }));
  return lines;
}
