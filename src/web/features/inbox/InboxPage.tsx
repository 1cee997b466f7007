import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { Conversation, CustomerSummary, SearchHit } from '../../api/types.ts';
import { navigate } from '../../app/router.ts';
import { useWorkspace } from '../../app/workspace-context.ts';
import { usePersistentState } from '../../lib/use-persistent-state.ts';
import { useShortcut } from '../../lib/use-shortcut.ts';
import { ConversationPane } from '../conversation/ConversationPane.tsx';
import { BulkBar } from './BulkBar.tsx';
import { ConversationListStore } from './conversation-list-store.ts';
import { ConversationList } from './ConversationList.tsx';
import { ListControls } from './ListControls.tsx';
import { SearchResults } from './SearchResults.tsx';
import { ViewNav } from './ViewNav.tsx';
import { buildListQuery, NO_FILTERS, sortConversations, type Filters, type SortOrder, type ViewId } from './views.ts';

/** Events after which a conversation's list entry must be re-read (their payload carries no conversation). */
const REFRESH_ON = /^(message\.(received|sent|note_added)|conversation\.updated)$/;
const PAGE_SIZE = 100;

export function InboxPage({ view, conversationId }: { view: ViewId; conversationId: string | null }) {
  const { t } = useTranslation();
  const ws = useWorkspace();
  const [filters, setFilters] = usePersistentState<Filters>('servisto.inbox.filters', NO_FILTERS);
  const [sort, setSort] = usePersistentState<SortOrder>('servisto.inbox.sort', 'activity');
  const [searchText, setSearchText] = useState('');
  const [searchQuery, setSearchQuery] = useState('');
  const [searchHits, setSearchHits] = useState<SearchHit[] | null>(null);
  const [searchError, setSearchError] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [announcement, setAnnouncement] = useState('');
  const customers = useRef(new Map<string, CustomerSummary>());
  const openIdRef = useRef(conversationId);
  openIdRef.current = conversationId;

  // Keyed on the filter values, not the object, so an equal filter does not start the list over.
  const query = useMemo(
    () => buildListQuery(view, filters, ws.me),
    [view, filters.status, filters.priority, filters.channel, ws.me.id],
  );
  const store = useMemo(
    () =>
      new ConversationListStore(
        (q, signal) =>
          ws.api.conversations(q, signal).then((page) => {
            for (const c of page.items) {
              if (c.customer) customers.current.set(c.customerId, c.customer);
              ws.unread.fromServer(c);
            }
            return page;
          }),
        query,
        PAGE_SIZE,
      ),
    [ws.api, query],
  );
  useEffect(() => {
    void store.loadMore();
    setSelected(new Set());
    return () => store.abort();
  }, [store]);
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
  useSyncExternalStore(
    useCallback((l: () => void) => ws.unread.subscribe(l), [ws.unread]),
    () => ws.unread.version,
  );
  const items = useMemo(() => sortConversations(snapshot.items, sort), [snapshot.items, sort]);

  // Live updates: new conversations join at the top, changed ones move or leave, without a reload.
  useEffect(() => {
    const lookups = new Set<string>();
    const learnCustomer = (customerId: string) => {
      if (customers.current.has(customerId) || lookups.has(customerId)) return;
      lookups.add(customerId);
      ws.api
        .conversations({ customerId, limit: 1 })
        .then((page) => {
          const customer = page.items[0]?.customer;
          if (customer) {
            customers.current.set(customerId, customer);
            store.setCustomer(customer);
          }
        })
        .catch(() => undefined)
        .finally(() => lookups.delete(customerId));
    };
    const apply = (incoming: Conversation, actorId: string | null, created: boolean) => {
      const customer = incoming.customer ?? customers.current.get(incoming.customerId);
      const next: Conversation = customer ? { ...incoming, customer } : { ...incoming, customer: undefined };
      const previous = store.get(next.id);
      // What the agent did themselves, or what happens in the conversation they have open, is not news to them.
      if (next.id === openIdRef.current) ws.unread.markSeen(next);
      else if (actorId === ws.me.id && (!previous || !ws.unread.isUnread(previous))) ws.unread.assumeSeen(next);
      else ws.unread.activity(next, previous);
      const result = store.upsert(next);
      if (!customer) learnCustomer(next.customerId);
      if (created && result === 'added') {
        setAnnouncement(t('inbox.announceNew', { number: next.number, subject: next.subject }));
      }
    };
    const due = new Map<string, string | null>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      const batch = [...due];
      due.clear();
      for (const [id, actorId] of batch) {
        ws.api
          .conversation(id)
          .then(({ messages: _messages, ...conversation }) => apply(conversation, actorId, false))
          .catch(() => undefined);
      }
    };
    const off = ws.realtime.subscribe({
      event: (event) => {
        // A clock started, warned or breached: the row's SLA badge (and the at-risk view) follow.
        if (event.type === 'conversation.sla_updated' && event.conversationId) {
          const known = store.get(event.conversationId);
          if (known) store.upsert({ ...known, sla: (event.data.sla ?? null) as Conversation['sla'] });
          else if (store.query.liveFilter) {
            due.set(event.conversationId, event.actor.id);
            timer ??= setTimeout(flush, 150);
          }
          return;
        }
        const conversation = event.data.conversation as Conversation | undefined;
        if (conversation && typeof conversation === 'object' && typeof conversation.id === 'string') {
          apply(conversation, event.actor.id, event.type === 'conversation.created');
          return;
        }
        if (event.conversationId && REFRESH_ON.test(event.type)) {
          due.set(event.conversationId, event.actor.id);
          timer ??= setTimeout(flush, 150);
        }
      },
      resync: () => void store.reset(),
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [store, ws, t]);

  // Search: debounced while typing, at once on Enter.
  useEffect(() => {
    const q = searchQuery.trim();
    if (!q) {
      setSearchHits(null);
      setSearchError(null);
      return;
    }
    const controller = new AbortController();
    ws.api
      .search(q, controller.signal)
      .then((result) => {
        setSearchHits(result.items);
        setSearchError(null);
      })
      .catch((e: unknown) => {
        if (!controller.signal.aborted) setSearchError(e instanceof Error ? e.message : String(e));
      });
    return () => controller.abort();
  }, [searchQuery, ws.api]);
  useEffect(() => {
    const id = setTimeout(() => setSearchQuery(searchText), 300);
    return () => clearTimeout(id);
  }, [searchText]);

  const searching = searchQuery.trim() !== '';
  const orderedIds = useMemo(
    () => (searching && searchHits ? [...new Set(searchHits.map((h) => h.conversationId))] : items.map((c) => c.id)),
    [searching, searchHits, items],
  );

  const hrefFor = useCallback((id: string) => `/inbox/${encodeURIComponent(view)}/${id}`, [view]);
  const open = useCallback((id: string) => navigate(hrefFor(id)), [hrefFor]);
  const toggle = useCallback(
    (id: string) =>
      setSelected((current) => {
        const next = new Set(current);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      }),
    [],
  );
  const loadMore = useCallback(() => void store.loadMore(), [store]);
  const isUnread = useCallback((c: Conversation) => ws.unread.isUnread(c), [ws.unread]);
  const assigneeName = useCallback((id: string | null) => (id ? (ws.usersById.get(id)?.name ?? null) : null), [ws.usersById]);

  const step = (delta: number) => {
    if (orderedIds.length === 0) return;
    const index = conversationId ? orderedIds.indexOf(conversationId) : -1;
    const next = index < 0 ? 0 : Math.min(orderedIds.length - 1, Math.max(0, index + delta));
    const id = orderedIds[next];
    if (id && id !== conversationId) open(id);
    if (!searching && next >= orderedIds.length - 5) loadMore();
  };
  useShortcut('j', () => step(1));
  useShortcut('k', () => step(-1));
  useShortcut('x', () => conversationId && toggle(conversationId));

  const onConversationChanged = useCallback(
    (c: Conversation) => {
      store.upsert({ ...c, customer: c.customer ?? customers.current.get(c.customerId) });
    },
    [store],
  );

  const viewTitle = view.startsWith('team:')
    ? t('views.team', { name: ws.teams.find((team) => `team:${team.id}` === view)?.name ?? '' })
    : t(`views.${view}`);

  return (
    <div className={`inbox${conversationId ? ' has-conversation' : ''}`}>
      <ViewNav current={view} />
      <section className="list-column" aria-labelledby="list-title">
        <div className="list-head">
          <h1 id="list-title" className="list-title">
            {searching ? t('search.resultsTitle') : viewTitle}
          </h1>
          <form
            role="search"
            className="search"
            onSubmit={(e) => {
              e.preventDefault();
              setSearchQuery(searchText);
            }}
          >
            <SearchInput value={searchText} onChange={setSearchText} onClear={() => (setSearchText(''), setSearchQuery(''))} />
          </form>
          {!searching && <ListControls filters={filters} onFilters={setFilters} sort={sort} onSort={setSort} />}
        </div>
        {!searching && selected.size > 0 && (
          <BulkBar
            selected={selected}
            onClear={() => setSelected(new Set())}
            onSelectAll={() => setSelected(new Set(items.map((c) => c.id)))}
            loadedCount={items.length}
            onUpdated={onConversationChanged}
          />
        )}
        {searching ? (
          <SearchResults hits={searchHits} error={searchError} activeId={conversationId} hrefFor={hrefFor} onOpen={open} />
        ) : (
          <>
            {snapshot.error && (
              <div className="list-error" role="alert">
                {t('inbox.loadFailed', { error: snapshot.error })}{' '}
                <button type="button" className="btn btn-small" onClick={loadMore}>
                  {t('common.retry')}
                </button>
              </div>
            )}
            {items.length === 0 && !snapshot.loading && !snapshot.hasMore && !snapshot.error ? (
              <p className="empty">{query.server.sla ? t('inbox.emptyAtRisk') : t('inbox.empty')}</p>
            ) : (
              <ConversationList
                items={items}
                hasMore={snapshot.hasMore}
                loading={snapshot.loading}
                activeId={conversationId}
                selected={selected}
                isUnread={isUnread}
                assigneeName={assigneeName}
                hrefFor={hrefFor}
                onOpen={open}
                onToggle={toggle}
                onLoadMore={loadMore}
                label={viewTitle}
              />
            )}
            <p className="list-foot muted" aria-live="off">
              {query.clientFilter
                ? t('inbox.countScanned', { count: items.length, scanned: snapshot.scanned })
                : snapshot.hasMore
                  ? t('inbox.countLoaded', { count: items.length })
                  : t('inbox.countAll', { count: items.length })}
              {sort === 'priority' && ` · ${t('inbox.sortLoadedNote')}`}
            </p>
          </>
        )}
        <div className="visually-hidden" aria-live="polite" data-testid="arrivals">
          {announcement}
        </div>
      </section>
      {conversationId ? (
        <ConversationPane key={conversationId} conversationId={conversationId} view={view} onChanged={onConversationChanged} />
      ) : (
        <section className="conversation-empty" aria-label={t('conversation.none')}>
          <p>{t('conversation.pick')}</p>
          <p className="muted">{t('shortcuts.hintShort')}</p>
        </section>
      )}
    </div>
  );
}

function SearchInput({ value, onChange, onClear }: { value: string; onChange: (v: string) => void; onClear: () => void }) {
  const { t } = useTranslation();
  const ws = useWorkspace();
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => ws.commands.on('focusSearch', () => ref.current?.focus()), [ws.commands]);
  return (
    <>
      <label htmlFor="inbox-search" className="visually-hidden">
        {t('search.label')}
      </label>
      <input
        ref={ref}
        id="inbox-search"
        type="search"
        placeholder={t('search.placeholder')}
        value={value}
        aria-keyshortcuts="/"
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            onClear();
            e.currentTarget.blur();
          }
        }}
      />
    </>
  );
}
