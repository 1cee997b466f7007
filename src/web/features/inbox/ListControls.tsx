import { useTranslation } from 'react-i18next';
import { CHANNELS, PRIORITIES, STATUSES } from '../../api/types.ts';
import type { Filters, SortOrder } from './views.ts';

export function ListControls({ filters, onFilters, sort, onSort }: { filters: Filters; onFilters: (f: Filters) => void; sort: SortOrder; onSort: (s: SortOrder) => void }) {
  const { t } = useTranslation();
  const active = filters.status || filters.priority || filters.channel;
  return (
    <div className="list-controls">
      <div className="control">
        <label htmlFor="filter-status">{t('filters.status')}</label>
        <select id="filter-status" value={filters.status} onChange={(e) => onFilters({ ...filters, status: e.target.value as Filters['status'] })}>
          <option value="">{t('filters.any')}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="control">
        <label htmlFor="filter-priority">{t('filters.priority')}</label>
        <select id="filter-priority" value={filters.priority} onChange={(e) => onFilters({ ...filters, priority: e.target.value as Filters['priority'] })}>
          <option value="">{t('filters.any')}</option>
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {t(`priority.${p}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="control">
        <label htmlFor="filter-channel">{t('filters.channel')}</label>
        <select id="filter-channel" value={filters.channel} onChange={(e) => onFilters({ ...filters, channel: e.target.value as Filters['channel'] })}>
          <option value="">{t('filters.any')}</option>
          {CHANNELS.map((c) => (
            <option key={c} value={c}>
              {t(`channel.${c}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="control">
        <label htmlFor="list-sort">{t('filters.sort')}</label>
        <select id="list-sort" value={sort} onChange={(e) => onSort(e.target.value as SortOrder)}>
          <option value="activity">{t('filters.sortActivity')}</option>
          <option value="priority">{t('filters.sortPriority')}</option>
        </select>
      </div>
      {active && (
        <button type="button" className="btn btn-small btn-ghost" onClick={() => onFilters({ status: '', priority: '', channel: '' })}>
          {t('filters.clear')}
        </button>
      )}
    </div>
  );
}
