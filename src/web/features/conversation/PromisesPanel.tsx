import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PromiseItem } from '../../api/types.ts';
import { useWorkspace } from '../../app/workspace-context.ts';
import { formatDateTime } from '../../lib/time.ts';

/** A datetime-local value (local time, minutes) for `date`. */
function localInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** What we promised the customer and by when: kept, missed, or still open. */
export function PromisesPanel({ conversationId, promises, onChange }: { conversationId: string; promises: PromiseItem[]; onChange: () => void }) {
  const { t, i18n } = useTranslation();
  const ws = useWorkspace();
  const [description, setDescription] = useState('');
  const [due, setDue] = useState(() => localInputValue(new Date(Date.now() + 24 * 3600_000)));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const dueAt = new Date(due);
    if (Number.isNaN(dueAt.getTime()) || dueAt.getTime() <= Date.now()) {
      setError(t('promises.dueInFuture'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await ws.api.createPromise(conversationId, { description: description.trim(), dueAt: dueAt.toISOString() });
      setDescription('');
      onChange();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const resolve = async (p: PromiseItem, status: 'kept' | 'cancelled') => {
    try {
      await ws.api.resolvePromise(p.id, status);
      onChange();
    } catch (e) {
      ws.notify('error', e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <section className="panel" aria-labelledby="promises-title">
      <h3 id="promises-title">{t('promises.title')}</h3>
      {promises.length === 0 ? (
        <p className="muted small">{t('promises.none')}</p>
      ) : (
        <ul className="promises">
          {promises.map((p) => (
            <li key={p.id} className={`promise promise-${p.status}`}>
              <span className="promise-text">{p.description}</span>
              <span className="small">
                <span className={`badge promise-badge-${p.status}`}>{t(`promises.status.${p.status}`)}</span>{' '}
                <span className="muted">{t('promises.due', { due: formatDateTime(p.dueAt, i18n.language) })}</span>
                {p.ownerId && <span className="muted"> · {ws.usersById.get(p.ownerId)?.name ?? ''}</span>}
              </span>
              {(p.status === 'open' || p.status === 'missed') && (
                <span className="promise-actions">
                  <button type="button" className="btn btn-small" onClick={() => void resolve(p, 'kept')}>
                    {t('promises.markKept')}
                  </button>
                  {p.status === 'open' && (
                    <button type="button" className="btn btn-small btn-ghost" onClick={() => void resolve(p, 'cancelled')}>
                      {t('promises.cancel')}
                    </button>
                  )}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      <form className="promise-form" onSubmit={add}>
        <label htmlFor="promise-description">{t('promises.description')}</label>
        <input id="promise-description" value={description} onChange={(e) => setDescription(e.target.value)} required maxLength={2000} />
        <label htmlFor="promise-due">{t('promises.dueLabel')}</label>
        <input id="promise-due" type="datetime-local" value={due} onChange={(e) => setDue(e.target.value)} required />
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="btn btn-small" disabled={busy || description.trim() === ''}>
          {t('promises.add')}
        </button>
      </form>
    </section>
  );
}
