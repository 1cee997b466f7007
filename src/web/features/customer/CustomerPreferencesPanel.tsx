import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerPreferences, PreferencesPatch } from '../../api/types.ts';
import { useWorkspace } from '../../app/workspace-context.ts';
import { contactState, formatDayWindows, isValidTimeZone, parseDayWindows, summarizeContactHours, WEEKDAYS, type ContactHours, type Weekday } from './contact-hours.ts';
import { rememberPreferences } from './use-customer-preferences.ts';

const LANGUAGES = ['en', 'sv', 'pl', 'sl', 'bg', 'eo'] as const;
const CHANNELS = ['email', 'chat', 'portal', 'phone'] as const;

interface Draft {
  language: string;
  channel: string;
  address: string;
  preferredName: string;
  timezone: string;
  days: Record<Weekday, string>;
}

function draftOf(p: CustomerPreferences | null): Draft {
  return {
    language: p?.language ?? '',
    channel: p?.channel ?? '',
    address: p?.address ?? '',
    preferredName: p?.preferredName ?? '',
    timezone: p?.timezone ?? '',
    days: Object.fromEntries(WEEKDAYS.map((d) => [d, formatDayWindows(p?.contactHours?.[d])])) as Record<Weekday, string>,
  };
}

let zoneList: string[] | undefined;
function knownZones(): string[] {
  try {
    zoneList ??= Intl.supportedValuesOf('timeZone');
  } catch {
    zoneList = [];
  }
  return zoneList;
}

/** The customer's preferences, shown and edited in the sidebar (PATCH /customers/:id). */
export function CustomerPreferencesPanel({ customerId, preferences }: { customerId: string; preferences: CustomerPreferences | null }) {
  const { t } = useTranslation();
  const ws = useWorkspace();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const dayName = (d: Weekday) => t(`admin.hours.days.${d}`);
  // Judged at each render (cheap): the sidebar re-renders with every live change of the conversation.
  const state = contactState(preferences?.contactHours, preferences?.timezone, new Date());

  const startEditing = () => {
    setDraft(draftOf(preferences));
    setError(null);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!draft) return;
    const contactHours: ContactHours = {};
    for (const day of WEEKDAYS) {
      const windows = parseDayWindows(draft.days[day]);
      if (windows === null) return setError(t('customerPreferences.hoursInvalid', { day: dayName(day) }));
      if (windows.length > 0) contactHours[day] = windows;
    }
    const hasHours = Object.keys(contactHours).length > 0;
    const timezone = draft.timezone.trim();
    if (timezone && !isValidTimeZone(timezone)) return setError(t('customerPreferences.timezoneInvalid', { zone: timezone }));
    if (hasHours && !timezone) return setError(t('customerPreferences.hoursNeedZone'));
    const patch: PreferencesPatch = {
      language: draft.language || null,
      channel: (draft.channel || null) as PreferencesPatch['channel'],
      address: (draft.address || null) as PreferencesPatch['address'],
      preferredName: draft.preferredName.trim() || null,
      timezone: timezone || null,
      contactHours: hasHours ? contactHours : null,
    };
    setBusy(true);
    setError(null);
    try {
      const saved = await ws.api.updateCustomerPreferences(customerId, patch);
      rememberPreferences(customerId, saved.preferences);
      ws.notify('info', t('customerPreferences.saved'));
      setDraft(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  if (draft) {
    const set = (change: Partial<Draft>) => setDraft({ ...draft, ...change });
    return (
      <form className="preferences-form" onSubmit={save} aria-labelledby="preferences-title">
        <h4 id="preferences-title">{t('customerPreferences.title')}</h4>
        <div className="form-grid">
          <label htmlFor="pref-language">{t('customerPreferences.language')}</label>
          <select id="pref-language" value={draft.language} onChange={(e) => set({ language: e.target.value })}>
            <option value="">{t('customerPreferences.languageNone')}</option>
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {t(`languages.${l}`)}
              </option>
            ))}
          </select>
          <label htmlFor="pref-channel">{t('customerPreferences.channel')}</label>
          <select id="pref-channel" value={draft.channel} onChange={(e) => set({ channel: e.target.value })}>
            <option value="">{t('customerPreferences.channelNone')}</option>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {t(`channel.${c}`)}
              </option>
            ))}
          </select>
          <label htmlFor="pref-address">{t('customerPreferences.address')}</label>
          <select id="pref-address" value={draft.address} onChange={(e) => set({ address: e.target.value })}>
            <option value="">{t('customerPreferences.addressNone')}</option>
            <option value="formal">{t('customerPreferences.formal')}</option>
            <option value="informal">{t('customerPreferences.informal')}</option>
          </select>
          <label htmlFor="pref-name">{t('customerPreferences.preferredName')}</label>
          <input id="pref-name" value={draft.preferredName} maxLength={200} placeholder={t('customerPreferences.preferredNameHint')} onChange={(e) => set({ preferredName: e.target.value })} />
          <label htmlFor="pref-timezone">{t('customerPreferences.timezone')}</label>
          <input id="pref-timezone" value={draft.timezone} list="pref-zones" placeholder={t('customerPreferences.timezoneHint')} onChange={(e) => set({ timezone: e.target.value })} />
        </div>
        <datalist id="pref-zones">
          {knownZones().map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
        <fieldset className="contact-hours">
          <legend>{t('customerPreferences.contactHours')}</legend>
          <p className="muted small">{t('customerPreferences.hoursHint')}</p>
          {WEEKDAYS.map((d) => (
            <div key={d} className="contact-day">
              <label htmlFor={`pref-hours-${d}`}>{dayName(d)}</label>
              <input id={`pref-hours-${d}`} value={draft.days[d]} placeholder="08:00–12:00" onChange={(e) => set({ days: { ...draft.days, [d]: e.target.value } })} />
            </div>
          ))}
        </fieldset>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {t('customerPreferences.save')}
          </button>
          <button type="button" className="btn btn-ghost" onClick={() => setDraft(null)}>
            {t('customerPreferences.cancel')}
          </button>
        </div>
      </form>
    );
  }

  const hours = summarizeContactHours(preferences?.contactHours, dayName);
  return (
    <div className="preferences" data-testid="customer-preferences">
      <div className="preferences-head">
        <h4 id="preferences-title">{t('customerPreferences.title')}</h4>
        <button type="button" className="btn btn-ghost btn-small" onClick={startEditing}>
          {t('customerPreferences.edit')}
        </button>
      </div>
      <dl className="facts">
        <dt>{t('customerPreferences.language')}</dt>
        <dd>{preferences?.language ? t(`languages.${preferences.language}`) : t('customerPreferences.languageNone')}</dd>
        <dt>{t('customerPreferences.channel')}</dt>
        <dd>{preferences?.channel ? t(`channel.${preferences.channel}`) : t('customerPreferences.channelNone')}</dd>
        <dt>{t('customerPreferences.contactHours')}</dt>
        <dd>
          {hours ? (
            <>
              <span className="fact-line">{hours}</span>
              <span className="fact-line muted small">{preferences?.timezone}</span>
              {state.kind !== 'unknown' && (
                <span className={`fact-line small contact-${state.kind}`}>
                  {t(state.kind === 'within' ? 'customerPreferences.nowWithin' : 'customerPreferences.nowOutside', { time: state.local.time })}
                </span>
              )}
            </>
          ) : (
            t('customerPreferences.contactHoursNone')
          )}
        </dd>
        <dt>{t('customerPreferences.address')}</dt>
        <dd>
          {preferences?.address
            ? preferences.preferredName
              ? t('customerPreferences.addressAs', { form: t(`customerPreferences.${preferences.address}`), name: preferences.preferredName })
              : t(`customerPreferences.${preferences.address}`)
            : preferences?.preferredName
              ? t('customerPreferences.nameOnly', { name: preferences.preferredName })
              : t('customerPreferences.addressNone')}
        </dd>
      </dl>
    </div>
  );
}
