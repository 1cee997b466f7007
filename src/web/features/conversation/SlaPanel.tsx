import { useTranslation } from 'react-i18next';
import type { Conversation, SlaClock } from '../../api/types.ts';
import { durationText, formatDateTime } from '../../lib/time.ts';
import { clockAtRisk } from '../inbox/views.ts';

const CLOCKS = ['firstResponse', 'nextResponse', 'resolution'] as const;

/** The conversation's service clocks, when an SLA policy applies to it. */
export function SlaPanel({ conversation }: { conversation: Conversation }) {
  const { t } = useTranslation();
  const sla = conversation.sla;
  return (
    <section className="panel" aria-labelledby="sla-title">
      <h3 id="sla-title">{t('sla.title')}</h3>
      {!sla ? (
        <p className="muted small">{t('sla.none')}</p>
      ) : (
        <dl className="sla-clocks">
          {CLOCKS.map((name) => {
            const clock = sla[name];
            if (!clock) return null;
            return (
              <div key={name} className="sla-clock">
                <dt>{t(`sla.${name}`)}</dt>
                <dd>
                  <ClockState clock={clock} />
                </dd>
              </div>
            );
          })}
        </dl>
      )}
    </section>
  );
}

function ClockState({ clock }: { clock: SlaClock }) {
  const { t, i18n } = useTranslation();
  if (clock.fulfilledAt) {
    const at = formatDateTime(clock.fulfilledAt, i18n.language);
    return <span className={clock.breached ? 'badge sla-risk' : 'badge status-solved'}>{clock.breached ? t('sla.metLate', { at }) : t('sla.met', { at })}</span>;
  }
  const due = clock.dueAt ? formatDateTime(clock.dueAt, i18n.language) : '';
  if (clock.breached) return <span className="badge sla-breached">{due ? t('sla.breachedAt', { due }) : t('sla.breachedShort')}</span>;
  if (clock.paused) return <span className="badge badge-quiet">{t('sla.paused')}</span>;
  const risk = clockAtRisk(clock);
  return (
    <span className={risk ? 'badge sla-risk' : ''}>
      {clock.remainingMinutes !== null && due ? t('sla.left', { time: durationText(t, clock.remainingMinutes), due }) : due ? t('sla.dueAt', { due }) : ''}
    </span>
  );
}
