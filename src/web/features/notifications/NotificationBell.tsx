import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppNotification } from '../../api/types.ts';
import { navigate } from '../../app/router.ts';
import { useWorkspace } from '../../app/workspace-context.ts';
import { formatDateTime, relativeTime } from '../../lib/time.ts';
import { badgeText, mergeUnread, mineFromEvent, notificationMessage } from './notifications.ts';

const REFRESH_MS = 60_000;
const conversationPath = (id: string) => `/inbox/all/${id}`;

/** The bell in the header: unread notifications (SLA, promises, …), live from the feed and re-read every minute. */
export function NotificationBell() {
  const { t, i18n } = useTranslation();
  const ws = useWorkspace();
  const [items, setItems] = useState<AppNotification[]>([]);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  const load = useCallback(
    async (signal?: AbortSignal) => {
      try {
        const result = await ws.api.notifications({ unread: true, limit: 100 }, signal);
        // Everything unread now: what the server says, nothing kept from before.
        setItems(mergeUnread([], result.items));
        setError(null);
      } catch (e) {
        if (!signal?.aborted) setError(e instanceof Error ? e.message : String(e));
      }
    },
    [ws.api],
  );

  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      controller.abort();
      clearInterval(timer);
    };
  }, [load]);

  useEffect(
    () =>
      ws.realtime.subscribe({
        event: (event) => {
          const mine = mineFromEvent(event, ws.me.id);
          if (mine.length) setItems((list) => mergeUnread(list, mine));
        },
        resync: () => void load(),
      }),
    [ws.realtime, ws.me.id, load],
  );

  // Closes on a click elsewhere.
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (rootRef.current && !rootRef.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  const markRead = async (n: AppNotification) => {
    setItems((list) => list.filter((x) => x.id !== n.id));
    try {
      await ws.api.markNotificationRead(n.id);
    } catch (e) {
      ws.notify('error', e instanceof Error ? e.message : String(e));
      void load();
    }
  };

  const openOne = (n: AppNotification) => {
    void markRead(n);
    setOpen(false);
    if (n.conversationId) navigate(conversationPath(n.conversationId));
  };

  const markAll = async () => {
    const all = items;
    setItems([]);
    const results = await Promise.allSettled(all.map((n) => ws.api.markNotificationRead(n.id)));
    if (results.some((r) => r.status === 'rejected')) void load();
  };

  const text = (n: AppNotification) => {
    const { key, values } = notificationMessage(n);
    return t(key, {
      description: values.description || '—',
      due: values.dueAt ? formatDateTime(values.dueAt, i18n.language) : '—',
      metric: values.metricKey ? t(values.metricKey) : t('notifications.someTarget'),
      kind: values.kind,
    });
  };

  const count = items.length;
  const label = count ? t('notifications.labelUnread', { count }) : t('notifications.label');

  return (
    <div
      className="notifications"
      ref={rootRef}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          setOpen(false);
          buttonRef.current?.focus();
        }
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className="btn btn-ghost notifications-button"
        aria-expanded={open}
        aria-controls="notifications-panel"
        aria-label={label}
        title={label}
        data-testid="notifications-button"
        onClick={() => {
          setOpen((o) => !o);
          if (!open) void load();
        }}
      >
        <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
          <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
          <path d="M13.73 21a2 2 0 0 1-3.46 0" />
        </svg>
        {count > 0 && (
          <span className="notifications-count" aria-hidden="true" data-testid="notifications-count">
            {badgeText(count)}
          </span>
        )}
      </button>
      <span className="visually-hidden" role="status">
        {count ? t('notifications.labelUnread', { count }) : ''}
      </span>
      {open && (
        <div id="notifications-panel" className="notifications-panel" role="region" aria-label={t('notifications.label')}>
          <div className="notifications-head">
            <h2 className="small">{t('notifications.label')}</h2>
            {count > 0 && (
              <button type="button" className="btn btn-small btn-ghost" onClick={() => void markAll()}>
                {t('notifications.markAllRead')}
              </button>
            )}
          </div>
          {error && (
            <p className="form-error small" role="alert">
              {t('notifications.loadFailed', { error })}
            </p>
          )}
          {count === 0 ? (
            <p className="muted small">{t('notifications.none')}</p>
          ) : (
            <ul className="notifications-list">
              {items.map((n) => {
                const { values } = notificationMessage(n);
                const meta = (
                  <span className="muted small">
                    {n.conversationId ? (values.number ? t('notifications.conversation', { number: values.number }) : t('notifications.openConversation')) : t('notifications.markRead')}
                    {' · '}
                    <time dateTime={n.createdAt} title={formatDateTime(n.createdAt, i18n.language)}>
                      {relativeTime(t, n.createdAt)}
                    </time>
                  </span>
                );
                return (
                  <li key={n.id} className={`notification notification-${n.kind}`}>
                    {n.conversationId ? (
                      <a
                        className="notification-open"
                        href={conversationPath(n.conversationId)}
                        onClick={(e) => {
                          if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) {
                            void markRead(n);
                            return;
                          }
                          e.preventDefault();
                          openOne(n);
                        }}
                      >
                        <span className="notification-text">{text(n)}</span>
                        {meta}
                      </a>
                    ) : (
                      <button type="button" className="notification-open" onClick={() => openOne(n)}>
                        <span className="notification-text">{text(n)}</span>
                        {meta}
                      </button>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
