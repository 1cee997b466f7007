import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { STATUSES, type Conversation, type Status } from '../../api/types.ts';
import { useWorkspace } from '../../app/workspace-context.ts';
import { runLimited } from '../../lib/run-limited.ts';

type Change = { assigneeId: string } | { status: Status };

/** Several conversations at once: assign to me, set a status, solve. One PATCH each, four at a time. */
export function BulkBar({
  selected,
  loadedCount,
  onClear,
  onSelectAll,
  onUpdated,
}: {
  selected: ReadonlySet<string>;
  loadedCount: number;
  onClear: () => void;
  onSelectAll: () => void;
  onUpdated: (c: Conversation) => void;
}) {
  const { t } = useTranslation();
  const ws = useWorkspace();
  const [status, setStatus] = useState<Status>('pending');
  const [busy, setBusy] = useState(false);

  const apply = async (change: Change) => {
    setBusy(true);
    const ids = [...selected];
    const results = await runLimited(ids, 4, async (id) => {
      const updated = await ws.api.updateConversation(id, change);
      onUpdated(updated);
      return updated;
    });
    setBusy(false);
    const failed = results.filter((r) => r.status === 'rejected').length;
    if (failed > 0) ws.notify('error', t('bulk.partial', { done: ids.length - failed, failed }));
    else {
      ws.notify('info', t('bulk.done', { count: ids.length }));
      onClear();
    }
  };

  return (
    <div className="bulk-bar" role="region" aria-label={t('bulk.label')}>
      <span className="bulk-count" role="status">
        {t('bulk.selected', { count: selected.size })}
      </span>
      {selected.size < loadedCount && (
        <button type="button" className="btn btn-small btn-ghost" onClick={onSelectAll} disabled={busy}>
          {t('bulk.selectAllLoaded', { count: loadedCount })}
        </button>
      )}
      <button type="button" className="btn btn-small" disabled={busy} onClick={() => void apply({ assigneeId: ws.me.id })}>
        {t('actions.assignToMe')}
      </button>
      <span className="bulk-status">
        <label htmlFor="bulk-status" className="visually-hidden">
          {t('bulk.statusLabel')}
        </label>
        <select id="bulk-status" value={status} onChange={(e) => setStatus(e.target.value as Status)} disabled={busy}>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </select>
        <button type="button" className="btn btn-small" disabled={busy} onClick={() => void apply({ status })}>
          {t('bulk.setStatus')}
        </button>
      </span>
      <button type="button" className="btn btn-small btn-primary" disabled={busy} onClick={() => void apply({ status: 'solved' })}>
        {t('actions.solve')}
      </button>
      <button type="button" className="btn btn-small btn-ghost" onClick={onClear} disabled={busy}>
        {t('bulk.clear')}
      </button>
    </div>
  );
}
