import { memo, useEffect, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import type { Conversation } from '../../api/types.ts';
import { relativeTime } from '../../lib/time.ts';
import { SlaBadge } from '../conversation/SlaBadge.tsx';

export const ROW_HEIGHT = 68;
/** Load the next page when the last rendered row is this close to the end of what is loaded. */
const PREFETCH_ROWS = 20;

interface ListProps {
  items: readonly Conversation[];
  hasMore: boolean;
  loading: boolean;
  activeId: string | null;
  selected: ReadonlySet<string>;
  isUnread: (c: Conversation) => boolean;
  assigneeName: (id: string | null) => string | null;
  hrefFor: (id: string) => string;
  onOpen: (id: string) => void;
  onToggle: (id: string) => void;
  onLoadMore: () => void;
  label: string;
}

/**
 * The inbox list, virtualised: only the rows in view (plus a few) are in the DOM, so 10,000 conversations cost the
 * same as 30. Pages load as the end comes near.
 */
export function ConversationList(props: ListProps) {
  const { t } = useTranslation();
  const { items, hasMore, loading, activeId, onLoadMore } = props;
  const parentRef = useRef<HTMLDivElement>(null);
  // "5 min ago" and SLA badges age: the rows in view are drawn again every minute.
  const [minute, setMinute] = useState(() => Math.floor(Date.now() / 60_000));
  useEffect(() => {
    const id = setInterval(() => setMinute(Math.floor(Date.now() / 60_000)), 15_000);
    return () => clearInterval(id);
  }, []);
  const count = items.length + (hasMore ? 1 : 0);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (index) => items[index]?.id ?? 'more',
  });
  const virtualItems = virtualizer.getVirtualItems();
  const lastIndex = virtualItems.length > 0 ? virtualItems[virtualItems.length - 1]!.index : -1;

  useEffect(() => {
    if (hasMore && !loading && lastIndex >= items.length - PREFETCH_ROWS) onLoadMore();
  }, [hasMore, loading, lastIndex, items.length, onLoadMore]);

  const activeIndex = activeId ? items.findIndex((c) => c.id === activeId) : -1;
  useEffect(() => {
    if (activeIndex >= 0) virtualizer.scrollToIndex(activeIndex, { align: 'auto' });
    // Only when the active conversation changes, not on every list update.
  }, [activeId]);

  return (
    <div ref={parentRef} className="list-scroll" data-testid="conversation-list-scroll">
      <div role="list" aria-label={props.label} aria-busy={loading} className="list-canvas" style={{ height: virtualizer.getTotalSize() }}>
        {virtualItems.map((v) => {
          const c = items[v.index];
          const style = { transform: `translateY(${v.start}px)`, height: v.size };
          if (!c) {
            return (
              <div key={v.key} role="listitem" className="list-more" style={style}>
                {loading ? t('inbox.loadingMore') : ''}
              </div>
            );
          }
          return (
            <Row
              key={v.key}
              conversation={c}
              style={style}
              position={v.index + 1}
              setSize={hasMore ? -1 : items.length}
              active={c.id === activeId}
              selected={props.selected.has(c.id)}
              unread={props.isUnread(c)}
              assignee={props.assigneeName(c.assigneeId)}
              href={props.hrefFor(c.id)}
              minute={minute}
              onOpen={props.onOpen}
              onToggle={props.onToggle}
            />
          );
        })}
      </div>
    </div>
  );
}

interface RowProps {
  conversation: Conversation;
  style: { transform: string; height: number };
  position: number;
  setSize: number;
  active: boolean;
  selected: boolean;
  unread: boolean;
  assignee: string | null;
  href: string;
  /** Changes every minute so relative times are redrawn. */
  minute: number;
  onOpen: (id: string) => void;
  onToggle: (id: string) => void;
}

const Row = memo(function Row({ conversation: c, style, position, setSize, active, selected, unread, assignee, href, onOpen, onToggle }: RowProps) {
  // `minute` is a prop only so that memo lets the row redraw its relative time.
  const { t } = useTranslation();
  const who = c.customer?.name || c.customer?.email || t('inbox.unknownCustomer');
  return (
    <div
      role="listitem"
      aria-posinset={position}
      aria-setsize={setSize}
      className={`row${active ? ' row-active' : ''}${unread ? ' row-unread' : ''}${selected ? ' row-selected' : ''}`}
      style={style}
      data-conversation-id={c.id}
    >
      <input
        type="checkbox"
        className="row-check"
        checked={selected}
        onChange={() => onToggle(c.id)}
        aria-label={t('inbox.selectConversation', { number: c.number })}
      />
      <a
        className="row-link"
        href={href}
        aria-current={active ? 'true' : undefined}
        onClick={(e) => {
          e.preventDefault();
          onOpen(c.id);
        }}
      >
        <span className="row-top">
          {unread && <span className="unread-dot" title={t('inbox.unread')} aria-label={t('inbox.unread')} role="img" />}
          <span className="row-customer">{who}</span>
          <time className="row-time" dateTime={c.lastActivityAt}>
            {relativeTime(t, c.lastActivityAt)}
          </time>
        </span>
        <span className="row-subject">
          <span className="row-number">#{c.number}</span> {c.subject}
        </span>
        <span className="row-meta">
          <span className={`badge status-${c.status}`}>{t(`status.${c.status}`)}</span>
          {c.priority !== 'normal' && <span className={`badge priority-${c.priority}`}>{t(`priority.${c.priority}`)}</span>}
          <span className="badge badge-quiet">{t(`channel.${c.channel}`)}</span>
          <SlaBadge conversation={c} />
          {assignee && <span className="row-assignee">{assignee}</span>}
        </span>
      </a>
    </div>
  );
});
