import { memo, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationEvent, ConversationWithMessages, Message } from '../../api/types.ts';
import { useWorkspace } from '../../app/workspace-context.ts';
import { formatDateTime } from '../../lib/time.ts';
import { Attachments } from './Attachments.tsx';
import { EmailFrame } from './EmailFrame.tsx';
import { buildTimeline, type TimelineItem } from './timeline.ts';

/** The conversation's story, oldest first: messages, notes, status changes, assignments, promises. */
export function Timeline({
  conversation,
  events,
  customerName,
  onSplitFrom,
}: {
  conversation: ConversationWithMessages;
  events: ConversationEvent[];
  customerName: string | null;
  /** Offered on every message but the first: split it and everything after into a new conversation. */
  onSplitFrom?: ((m: Message) => void) | undefined;
}) {
  const { t } = useTranslation();
  const items = useMemo(() => buildTimeline(conversation.messages, events), [conversation.messages, events]);
  const scrollRef = useRef<HTMLOListElement>(null);
  const stick = useRef(true);

  // Open at the newest message; stay at the bottom while new ones arrive unless the agent scrolled up to read.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [items.length]);

  return (
    <ol
      ref={scrollRef}
      className="timeline"
      aria-label={t('timeline.label')}
      tabIndex={0}
      onScroll={(e) => {
        const el = e.currentTarget;
        stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
      }}
    >
      {items.map((item) => (
        <li key={item.key} className={`timeline-item timeline-${item.kind}`}>
          {item.kind === 'message' ? (
            <MessageView message={item.message} customerName={customerName} onSplitFrom={item.message.seq > 1 ? onSplitFrom : undefined} />
          ) : (
            <ChangeView item={item} customerName={customerName} />
          )}
        </li>
      ))}
    </ol>
  );
}

function useActorName(customerName: string | null) {
  const { t } = useTranslation();
  const ws = useWorkspace();
  return (actor: { type: string; id: string | null }) => {
    if (actor.type === 'user' && actor.id) return ws.usersById.get(actor.id)?.name ?? t('timeline.formerUser');
    if (actor.type === 'customer') return customerName ?? t('timeline.customer');
    if (actor.type === 'api_token') return t('timeline.api');
    return t('timeline.system');
  };
}

const MessageView = memo(function MessageView({
  message: m,
  customerName,
  onSplitFrom,
}: {
  message: Message;
  customerName: string | null;
  onSplitFrom?: ((m: Message) => void) | undefined;
}) {
  const { t, i18n } = useTranslation();
  const ws = useWorkspace();
  const [full, setFull] = useState(false);
  const note = m.type === 'note';
  const author =
    m.author.type === 'customer'
      ? (customerName ?? t('timeline.customer'))
      : m.author.type === 'user' && m.author.userId
        ? (ws.usersById.get(m.author.userId)?.name ?? t('timeline.formerUser'))
        : m.author.type === 'api_token'
          ? t('timeline.api')
          : t('timeline.system');
  const kind = note ? 'note' : m.autoSubmitted ? 'auto' : m.direction;
  const hasQuote = !!m.bodyFull && m.bodyFull.trim() !== m.body.trim();
  const inlineIds = new Set(m.attachments.filter((a) => a.inline && a.contentId).map((a) => a.id));
  return (
    <article className={`message message-${kind}`} aria-label={t(`timeline.kind.${kind}`, { author })} data-message-id={m.id}>
      <header className="message-head">
        <span className="message-author">{author}</span>
        <span className="badge badge-quiet">{t(`timeline.kind.${kind}Short`)}</span>
        {!note && <span className="muted small">{t(`channel.${m.channel}`)}</span>}
        {m.direction === 'inbound' && m.language !== 'und' && <span className="muted small">{t(`languages.${m.language}`)}</span>}
        <time className="muted small message-time" dateTime={m.createdAt}>
          {formatDateTime(m.createdAt, i18n.language)}
        </time>
        {m.delivery && (
          <span className={`badge delivery-${m.delivery.status}`} title={m.delivery.error ?? undefined} data-testid="delivery">
            {t(`delivery.${m.delivery.status}`)}
            {m.delivery.status !== 'sent' && m.delivery.attempts > 1 ? ` · ${t('delivery.attempts', { count: m.delivery.attempts })}` : ''}
          </span>
        )}
      </header>
      {m.delivery?.error && m.delivery.status !== 'sent' && <p className="delivery-error">{t('delivery.reason', { error: m.delivery.error })}</p>}
      {m.html && !full ? (
        <EmailFrame html={m.html} attachments={m.attachments} />
      ) : (
        <div className="message-text">{full && m.bodyFull ? m.bodyFull : m.body}</div>
      )}
      {(hasQuote || (m.html && full)) && (
        <button type="button" className="btn btn-link small" aria-expanded={full} onClick={() => setFull((v) => !v)}>
          {full ? t('timeline.showLess') : m.html ? t('timeline.showPlain') : t('timeline.showQuoted')}
        </button>
      )}
      {m.attachments.some((a) => !inlineIds.has(a.id)) && <Attachments attachments={m.attachments.filter((a) => !inlineIds.has(a.id))} />}
      {onSplitFrom && (
        <button type="button" className="btn btn-link small" aria-haspopup="dialog" onClick={() => onSplitFrom(m)}>
          {t('split.action')}
        </button>
      )}
    </article>
  );
});

function ChangeView({ item, customerName }: { item: Exclude<TimelineItem, { kind: 'message' }>; customerName: string | null }) {
  const { t, i18n } = useTranslation();
  const ws = useWorkspace();
  const actorName = useActorName(customerName);
  const who = actorName(item.actor);
  const time = (
    <time className="muted small" dateTime={item.at}>
      {formatDateTime(item.at, i18n.language)}
    </time>
  );
  let text: string;
  if (item.kind === 'change') {
    const name = (v: unknown, field: string) => {
      if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) return t('timeline.none');
      if (field === 'status') return t(`status.${String(v)}`);
      if (field === 'priority') return t(`priority.${String(v)}`);
      if (field === 'assigneeId') return ws.usersById.get(String(v))?.name ?? t('timeline.formerUser');
      if (field === 'teamId') return ws.teams.find((team) => team.id === v)?.name ?? t('timeline.formerTeam');
      return Array.isArray(v) ? v.join(', ') : String(v);
    };
    if (item.field === 'assigneeId') {
      text = item.to ? t('timeline.assigned', { actor: who, to: name(item.to, 'assigneeId') }) : t('timeline.unassigned', { actor: who });
    } else {
      text = t(`timeline.changed.${item.field}`, { actor: who, from: name(item.from, item.field), to: name(item.to, item.field) });
    }
  } else if (item.kind === 'event') {
    const d = item.data;
    const user = typeof d.toUserId === 'string' ? ws.usersById.get(d.toUserId)?.name : undefined;
    const team = typeof d.toTeamId === 'string' ? ws.teams.find((x) => x.id === d.toTeamId)?.name : undefined;
    const metric = typeof d.metric === 'string' ? d.metric.replace(/_(\w)/g, (_m, c: string) => c.toUpperCase()) : '';
    text = t(`timeline.events.${item.text}`, {
      actor: who,
      to: user ?? team ?? t('timeline.formerUser'),
      metric: ['firstResponse', 'nextResponse', 'resolution'].includes(metric) ? t(`sla.${metric}`) : metric,
      due: typeof d.dueAt === 'string' ? formatDateTime(d.dueAt, i18n.language) : '',
    });
  } else if (item.kind === 'promise') {
    text = t(`timeline.promise.${item.status}`, { actor: who, due: item.dueAt ? formatDateTime(item.dueAt, i18n.language) : '' });
  } else {
    text = t('timeline.other', { actor: who, type: item.type });
  }
  return (
    <p className="change">
      <span>{text}</span> {time}
    </p>
  );
}
