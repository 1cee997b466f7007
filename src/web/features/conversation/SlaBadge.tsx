import { useTranslation } from 'react-i18next';
import type { Conversation, SlaClock } from '../../api/types.ts';
import { durationText } from '../../lib/time.ts';
import { clockAtRisk } from '../inbox/views.ts';

/** The most urgent running clock of a conversation: breached first, then the least time left. */
export function mostUrgentClock(c: Pick<Conversation, 'sla'>): { name: 'firstResponse' | 'nextResponse' | 'resolution'; clock: SlaClock } | null {
  if (!c.sla) return null;
  const clocks = (['firstResponse', 'nextResponse', 'resolution'] as const)
    .map((name) => ({ name, clock: c.sla?.[name] ?? null }))
    .filter((x): x is { name: 'firstResponse' | 'nextResponse' | 'resolution'; clock: SlaClock } => x.clock !== null && !x.clock.paused && !x.clock.fulfilledAt);
  clocks.sort((a, b) => Number(b.clock.breached) - Number(a.clock.breached) || (a.clock.remainingMinutes ?? Infinity) - (b.clock.remainingMinutes ?? Infinity));
  return clocks[0] ?? null;
}

export function SlaBadge({ conversation }: { conversation: Pick<Conversation, 'sla'> }) {
  const { t } = useTranslation();
  const urgent = mostUrgentClock(conversation);
  if (!urgent) return null;
  const { clock } = urgent;
  if (clock.breached) return <span className="badge sla-breached">{t('sla.breachedShort')}</span>;
  if (clock.remainingMinutes === null) return null;
  const risk = clockAtRisk(clock);
  return <span className={`badge ${risk ? 'sla-risk' : 'badge-quiet'}`}>{t('sla.dueIn', { time: durationText(t, clock.remainingMinutes) })}</span>;
}
