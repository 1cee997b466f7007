import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  PRIORITIES,
  STATUSES,
  type Conversation,
  type ConversationEvent,
  type ConversationWithMessages,
  type CustomerWithTimeline,
  type Priority,
  type Message,
  type PromiseItem,
  type Status,
} from '../../api/types.ts';
import { navigate } from '../../app/router.ts';
import { useWorkspace } from '../../app/workspace-context.ts';
import { useShortcut } from '../../lib/use-shortcut.ts';
import { Composer } from '../composer/Composer.tsx';
import { CustomerSidebar } from '../customer/CustomerSidebar.tsx';
import type { ViewId } from '../inbox/views.ts';
import { HandoverBanner, MergeDialog, SplitDialog, TransferDialog } from './OwnershipDialogs.tsx';
import { PresenceBar } from './PresenceBar.tsx';
import { canCorrectRecontacts, RecontactBanner, RecontactDialog } from './RecontactPanel.tsx';
import { PromisesPanel } from './PromisesPanel.tsx';
import { SlaPanel } from './SlaPanel.tsx';
import { Timeline } from './Timeline.tsx';
import { usePresence } from './use-presence.ts';

interface Loaded {
  conversation: ConversationWithMessages;
  events: ConversationEvent[];
  promises: PromiseItem[];
}

/** One conversation: its story, what can be changed about it, the composer, and the customer beside it. */
export function ConversationPane({ conversationId, view, onChanged }: { conversationId: string; view: ViewId; onChanged: (c: Conversation) => void }) {
  const { t } = useTranslation();
  const ws = useWorkspace();
  const [data, setData] = useState<Loaded | null>(null);
  const [error, setError] = useState<{ status: number | null; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [customer, setCustomer] = useState<CustomerWithTimeline | null>(null);
  const [dialog, setDialog] = useState<{ kind: 'transfer' } | { kind: 'merge' } | { kind: 'split'; from: Message } | { kind: 'recontact' } | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const { colleagues, typing } = usePresence(conversationId);

  const load = useCallback(
    async (signal?: AbortSignal) => {
      try {
        const [conversation, events, promises] = await Promise.all([
          ws.api.conversation(conversationId, signal),
          ws.api.events(conversationId, signal),
          ws.api.promises(conversationId, signal),
        ]);
        if (signal?.aborted) return;
        setData({ conversation, events: events.items, promises: promises.items });
        setError(null);
        ws.unread.markSeen(conversation);
      } catch (e) {
        if (signal?.aborted) return;
        const status = (e as { status?: number }).status ?? null;
        setError({ status, message: e instanceof Error ? e.message : String(e) });
      }
    },
    [conversationId, ws.api, ws.unread],
  );

  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);

  // Anything that happens to this conversation (a customer reply, a colleague's change, a delivery report) shows up.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = ws.realtime.subscribe({
      event: (event) => {
        if (event.conversationId !== conversationId) return;
        clearTimeout(timer);
        timer = setTimeout(() => void load(), 200);
      },
      resync: () => void load(),
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [conversationId, load, ws.realtime]);

  // The customer (profile and cross-channel history) is read once per opened conversation.
  const customerId = data?.conversation.customerId;
  useEffect(() => {
    if (!customerId) return;
    const controller = new AbortController();
    ws.api
      .customer(customerId, controller.signal)
      .then(setCustomer)
      .catch(() => undefined);
    return () => controller.abort();
  }, [customerId, ws.api]);

  useEffect(() => {
    if (data) headingRef.current?.focus({ preventScroll: true });
    // Focus moves to the heading once per opened conversation, not on every live refresh.
  }, [data === null]);

  const update = async (change: Partial<Pick<Conversation, 'status' | 'assigneeId' | 'teamId' | 'priority'>>, done?: string) => {
    if (!data) return;
    setBusy(true);
    try {
      const updated = await ws.api.updateConversation(conversationId, change);
      ws.unread.markSeen(updated);
      onChanged(updated);
      setData((d) => (d ? { ...d, conversation: { ...d.conversation, ...updated } } : d));
      if (done) ws.notify('info', done);
      void load();
    } catch (e) {
      ws.notify('error', t('conversation.updateFailed', { error: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  };

  /** A change made elsewhere (a dialog, a banner) answered the conversation: show it, and reload its story. */
  const changed = (updated: Conversation) => {
    onChanged(updated);
    setData((d) => (d ? { ...d, conversation: { ...d.conversation, ...updated } } : d));
    void load();
  };

  const c = data?.conversation;
  useShortcut('a', () => c && c.assigneeId !== ws.me.id && void update({ assigneeId: ws.me.id }, t('conversation.assignedToYou', { number: c.number })), !!c);
  useShortcut('s', () => c && c.status !== 'solved' && void update({ status: 'solved' }, t('conversation.solved', { number: c.number })), !!c);
  useShortcut('r', () => ws.commands.emit('compose', 'reply'), !!c);
  useShortcut('n', () => ws.commands.emit('compose', 'note'), !!c);
  const movable = !!c && c.status !== 'solved' && c.status !== 'closed' && !c.mergedIntoId;
  useShortcut('t', () => setDialog({ kind: 'transfer' }), movable && dialog === null);
  useShortcut('m', () => setDialog({ kind: 'merge' }), !!c && !c.mergedIntoId && dialog === null);
  const closeDialog = useCallback(() => setDialog(null), []);
  const splitFrom = useCallback((m: Message) => setDialog({ kind: 'split', from: m }), []);

  if (error) {
    return (
      <section className="conversation conversation-error" role="alert">
        <p>{error.status === 404 ? t('conversation.notFound') : t('conversation.loadFailed', { error: error.message })}</p>
        <button type="button" className="btn" onClick={() => navigate(`/inbox/${view}`)}>
          {t('conversation.backToList')}
        </button>
      </section>
    );
  }
  if (!data || !c) {
    return (
      <section className="conversation" aria-busy="true">
        <p className="empty">{t('common.loading')}</p>
      </section>
    );
  }

  const customerMessage = [...c.messages].reverse().find((m) => m.direction === 'inbound' && m.type === 'message');

  return (
    <div className="conversation-area">
      <section className="conversation" aria-labelledby="conversation-title">
        <header className="conversation-head">
          <a
            className="back-link"
            href={`/inbox/${view}`}
            onClick={(e) => {
              e.preventDefault();
              navigate(`/inbox/${view}`);
            }}
          >
            {t('conversation.backToList')}
          </a>
          <h2 id="conversation-title" ref={headingRef} tabIndex={-1}>
            <span className="row-number">#{c.number}</span> {c.subject}
          </h2>
          <PresenceBar colleagues={colleagues} />
          <div className="conversation-props">
            <div className="control">
              <label htmlFor="conv-status">{t('filters.status')}</label>
              <select id="conv-status" value={c.status} disabled={busy} onChange={(e) => void update({ status: e.target.value as Status })}>
                {STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`status.${s}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="control">
              <label htmlFor="conv-priority">{t('filters.priority')}</label>
              <select id="conv-priority" value={c.priority} disabled={busy} onChange={(e) => void update({ priority: e.target.value as Priority })}>
                {PRIORITIES.map((p) => (
                  <option key={p} value={p}>
                    {t(`priority.${p}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="control">
              <label htmlFor="conv-assignee">{t('conversation.assignee')}</label>
              <select id="conv-assignee" value={c.assigneeId ?? ''} disabled={busy} onChange={(e) => void update({ assigneeId: e.target.value || null })}>
                <option value="">{t('conversation.unassigned')}</option>
                {ws.users
                  .filter((u) => u.active || u.id === c.assigneeId)
                  .map((u) => (
                    <option key={u.id} value={u.id}>
                      {u.name}
                    </option>
                  ))}
              </select>
            </div>
            {ws.teams.length > 0 && (
              <div className="control">
                <label htmlFor="conv-team">{t('conversation.team')}</label>
                <select id="conv-team" value={c.teamId ?? ''} disabled={busy} onChange={(e) => void update({ teamId: e.target.value || null })}>
                  <option value="">{t('conversation.noTeam')}</option>
                  {ws.teams.map((team) => (
                    <option key={team.id} value={team.id}>
                      {team.name}
                    </option>
                  ))}
                </select>
              </div>
            )}
            <div className="conversation-actions">
              {c.assigneeId !== ws.me.id && (
                <button type="button" className="btn btn-small" disabled={busy} aria-keyshortcuts="a" onClick={() => void update({ assigneeId: ws.me.id }, t('conversation.assignedToYou', { number: c.number }))}>
                  {t('actions.assignToMe')}
                </button>
              )}
              {c.status !== 'solved' && c.status !== 'closed' && (
                <button type="button" className="btn btn-small btn-primary" disabled={busy} aria-keyshortcuts="s" onClick={() => void update({ status: 'solved' }, t('conversation.solved', { number: c.number }))}>
                  {t('actions.solve')}
                </button>
              )}
              {movable && (
                <button type="button" className="btn btn-small" aria-haspopup="dialog" aria-keyshortcuts="t" onClick={() => setDialog({ kind: 'transfer' })}>
                  {t('transfer.action')}
                </button>
              )}
              {!c.mergedIntoId && (
                <button type="button" className="btn btn-small" aria-haspopup="dialog" aria-keyshortcuts="m" onClick={() => setDialog({ kind: 'merge' })}>
                  {t('merge.action')}
                </button>
              )}
              {!c.mergedIntoId && !c.recontact && canCorrectRecontacts(ws.me.role) && (
                <button type="button" className="btn btn-small" aria-haspopup="dialog" onClick={() => setDialog({ kind: 'recontact' })}>
                  {t('recontact.action')}
                </button>
              )}
            </div>
          </div>
        </header>
        {c.handover && <HandoverBanner handover={c.handover} messages={c.messages} />}
        <RecontactBanner conversation={c} view={view} onChanged={changed} />
        <Timeline
          conversation={c}
          events={data.events}
          customerName={customer?.name ?? customer?.email ?? null}
          onSplitFrom={c.mergedIntoId ? undefined : splitFrom}
        />
        <Composer conversation={c} customer={customer} customerMessage={customerMessage?.body ?? null} onSent={() => void load()} onTyping={typing} />
      </section>
      <aside className="sidebar" aria-label={t('sidebar.label')}>
        <SlaPanel conversation={c} />
        <PromisesPanel conversationId={c.id} promises={data.promises} onChange={() => void load()} />
        <CustomerSidebar customer={customer} currentConversationId={c.id} view={view} />
      </aside>
      {dialog?.kind === 'recontact' && (
        <RecontactDialog
          conversation={c}
          onClose={() => setDialog(null)}
          onLinked={(updated) => {
            setDialog(null);
            changed(updated);
          }}
        />
      )}
      {dialog?.kind === 'transfer' && (
        <TransferDialog
          conversation={c}
          onClose={closeDialog}
          onDone={() => {
            setDialog(null);
            void load();
          }}
        />
      )}
      {dialog?.kind === 'merge' && (
        <MergeDialog
          conversation={c}
          onClose={closeDialog}
          onMerged={(survivorId) => {
            setDialog(null);
            navigate(`/inbox/${view}/${survivorId}`);
          }}
        />
      )}
      {dialog?.kind === 'split' && (
        <SplitDialog
          conversation={c}
          from={dialog.from}
          onClose={closeDialog}
          onSplit={(newId) => {
            setDialog(null);
            navigate(`/inbox/${view}/${newId}`);
          }}
        />
      )}
    </div>
  );
}
