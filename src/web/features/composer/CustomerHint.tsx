import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerPreferences } from '../../api/types.ts';
import { contactState, interrupts } from '../customer/contact-hours.ts';

/** Re-judged every minute while the composer is open: contact hours begin and end while an agent writes. */
const TICK_MS = 60_000;

/**
 * What the agent should keep in mind while writing: the customer's form of address, and — on channels that
 * interrupt (phone, chat) — that it is outside the customer's contact hours now. A hint, never a block.
 */
export function CustomerHint({ preferences, channel }: { preferences: CustomerPreferences | null; channel: string }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), TICK_MS);
    return () => clearInterval(timer);
  }, []);
  if (!preferences) return null;
  const state = interrupts(channel) ? contactState(preferences.contactHours, preferences.timezone, now) : null;
  const address = preferences.address
    ? preferences.preferredName
      ? t('customerPreferences.composerAddressAs', { form: t(`customerPreferences.${preferences.address}`), name: preferences.preferredName })
      : t('customerPreferences.composerAddress', { form: t(`customerPreferences.${preferences.address}`) })
    : preferences.preferredName
      ? t('customerPreferences.composerNameOnly', { name: preferences.preferredName })
      : null;
  if (!address && state?.kind !== 'outside') return null;
  return (
    <div className="customer-hint">
      {address && (
        <span className="composer-address" data-testid="composer-address">
          {address}
        </span>
      )}
      {state?.kind === 'outside' && (
        <p className="contact-warning" role="status" data-testid="contact-warning">
          {state.next
            ? t('customerPreferences.composerOutside', { time: state.local.time, day: t(`admin.hours.days.${state.next.weekday}`), start: state.next.start, channel: t(`channel.${channel}`) })
            : t('customerPreferences.composerOutsideNoNext', { time: state.local.time, channel: t(`channel.${channel}`) })}
        </p>
      )}
    </div>
  );
}
