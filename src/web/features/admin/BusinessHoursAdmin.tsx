import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { BusinessHours } from '../../api/types.ts';
import { useWorkspace } from '../../app/workspace-context.ts';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type Day = (typeof DAYS)[number];
type DayHours = { open: boolean; from: string; to: string };

const defaultWeek = (): Record<Day, DayHours> =>
  Object.fromEntries(DAYS.map((d) => [d, { open: !['sat', 'sun'].includes(d), from: '09:00', to: '17:00' }])) as Record<Day, DayHours>;

function guessTimezone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

export function BusinessHoursAdmin() {
  const { t } = useTranslation();
  const ws = useWorkspace();
  const [items, setItems] = useState<BusinessHours[] | null>(null);
  const [name, setName] = useState('');
  const [timezone, setTimezone] = useState(guessTimezone);
  const [country, setCountry] = useState('');
  const [week, setWeek] = useState(defaultWeek);
  const [closed, setClosed] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const reload = () =>
    ws.api
      .businessHours()
      .then((r) => setItems(r.items))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  // Once on opening the page; later reloads follow a successful create.
  useEffect(() => {
    void reload();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const weekly = Object.fromEntries(DAYS.filter((d) => week[d].open).map((d) => [d, [[week[d].from, week[d].to]]]));
      const closedDates = closed
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter(Boolean);
      await ws.api.createBusinessHours({ name: name.trim(), timezone: timezone.trim(), weekly, ...(country.trim() ? { country: country.trim() } : {}), ...(closedDates.length ? { closedDates } : {}) });
      ws.notify('info', t('admin.hours.created', { name: name.trim() }));
      setName('');
      setClosed('');
      await reload();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const describe = (h: BusinessHours) =>
    DAYS.filter((d) => h.weekly[d]?.length)
      .map((d) => `${t(`admin.hours.days.${d}`)} ${h.weekly[d]!.map((iv) => iv.join('–')).join(', ')}`)
      .join('; ');

  return (
    <>
      <h1 id="admin-title">{t('admin.sections.business-hours')}</h1>
      {items === null ? (
        <p className="muted">{t('common.loading')}</p>
      ) : items.length === 0 ? (
        <p className="muted">{t('admin.hours.none')}</p>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('admin.hours.name')}</th>
              <th scope="col">{t('admin.hours.timezone')}</th>
              <th scope="col">{t('admin.hours.country')}</th>
              <th scope="col">{t('admin.hours.weekly')}</th>
              <th scope="col">{t('admin.hours.closedDates')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((h) => (
              <tr key={h.id}>
                <td>{h.name}</td>
                <td>{h.timezone}</td>
                <td>{h.country ?? '—'}</td>
                <td>{describe(h)}</td>
                <td>{h.closedDates.join(', ') || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="admin-form" onSubmit={submit}>
        <h2>{t('admin.hours.add')}</h2>
        <div className="form-grid">
          <label htmlFor="hours-name">{t('admin.hours.name')}</label>
          <input id="hours-name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
          <label htmlFor="hours-timezone">{t('admin.hours.timezone')}</label>
          <input id="hours-timezone" value={timezone} onChange={(e) => setTimezone(e.target.value)} required aria-describedby="hours-timezone-hint" />
          <span id="hours-timezone-hint" className="muted small form-hint">
            {t('admin.hours.timezoneHint')}
          </span>
          <label htmlFor="hours-country">{t('admin.hours.country')}</label>
          <input id="hours-country" value={country} onChange={(e) => setCountry(e.target.value.toUpperCase())} maxLength={2} pattern="[A-Za-z]{2}" aria-describedby="hours-country-hint" />
          <span id="hours-country-hint" className="muted small form-hint">
            {t('admin.hours.countryHint')}
          </span>
        </div>
        <fieldset className="week">
          <legend>{t('admin.hours.weekly')}</legend>
          {DAYS.map((d) => (
            <div key={d} className="week-day">
              <label className="check">
                <input type="checkbox" checked={week[d].open} onChange={(e) => setWeek({ ...week, [d]: { ...week[d], open: e.target.checked } })} />
                {t(`admin.hours.days.${d}`)}
              </label>
              <label htmlFor={`hours-${d}-from`} className="visually-hidden">
                {t('admin.hours.opens', { day: t(`admin.hours.days.${d}`) })}
              </label>
              <input id={`hours-${d}-from`} type="time" value={week[d].from} disabled={!week[d].open} onChange={(e) => setWeek({ ...week, [d]: { ...week[d], from: e.target.value } })} />
              <span aria-hidden="true">–</span>
              <label htmlFor={`hours-${d}-to`} className="visually-hidden">
                {t('admin.hours.closes', { day: t(`admin.hours.days.${d}`) })}
              </label>
              <input id={`hours-${d}-to`} type="time" value={week[d].to} disabled={!week[d].open} onChange={(e) => setWeek({ ...week, [d]: { ...week[d], to: e.target.value } })} />
            </div>
          ))}
        </fieldset>
        <div className="form-grid">
          <label htmlFor="hours-closed">{t('admin.hours.closedDates')}</label>
          <input id="hours-closed" value={closed} onChange={(e) => setClosed(e.target.value)} placeholder="2026-12-24, 2026-12-31" aria-describedby="hours-closed-hint" />
          <span id="hours-closed-hint" className="muted small form-hint">
            {t('admin.hours.closedHint')}
          </span>
        </div>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="btn btn-primary" disabled={busy || !name.trim() || !timezone.trim()}>
          {t('admin.hours.create')}
        </button>
      </form>
    </>
  );
}
