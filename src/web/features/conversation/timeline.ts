import type { ConversationEvent, Message } from '../../api/types.ts';

export type ChangeField = 'status' | 'assigneeId' | 'teamId' | 'priority' | 'tags';

export type TimelineItem =
  | { kind: 'message'; key: string; at: string; message: Message }
  | { kind: 'change'; key: string; at: string; actor: ConversationEvent['actor']; field: ChangeField; from: unknown; to: unknown; byMessage: boolean }
  | { kind: 'promise'; key: string; at: string; actor: ConversationEvent['actor']; status: 'recorded' | 'kept' | 'missed' | 'cancelled'; dueAt: string | null }
  | { kind: 'event'; key: string; at: string; actor: ConversationEvent['actor']; text: EventText; data: Record<string, unknown> }
  | { kind: 'other'; key: string; at: string; actor: ConversationEvent['actor']; type: string };

const CHANGE_FIELDS: readonly ChangeField[] = ['status', 'assigneeId', 'teamId', 'priority', 'tags'];
/** Shown elsewhere (the messages, the delivery badge, the SLA panel) or not part of the conversation's story. */
const HIDDEN =
  /^(conversation\.(created|sla_updated|queued)|message\.|customer\.|notification\.|sla\.delay_notice_skipped|promise\.delay_notice_skipped|survey\.(created|held|not_sent))$|^(message|customer|notification)\./;

/** Events told in words of their own (timeline.events.<text> in the locale files). */
export const EVENT_TEXTS = {
  'conversation.transferred': 'transferred',
  'conversation.handed_over': 'handedOver',
  'conversation.merged': 'merged',
  'conversation.merged_in': 'mergedIn',
  'conversation.split': 'split',
  'conversation.recontact': 'recontact',
  'conversation.recontact_removed': 'recontactRemoved',
  'conversation.difficult': 'difficult',
  'sla.warning': 'slaWarning',
  'sla.breached': 'slaBreached',
  'promise.reminder': 'promiseReminder',
  'promise.escalated': 'promiseEscalated',
  'promise.delay_notice_sent': 'delayNoticeSent',
  'survey.sent': 'surveySent',
  'survey.answered': 'surveyAnswered',
} as const;
export type EventText = (typeof EVENT_TEXTS)[keyof typeof EVENT_TEXTS];

/** Messages and the change log as one story, oldest first; messages come before changes of the same instant. */
export function buildTimeline(messages: readonly Message[], events: readonly ConversationEvent[]): TimelineItem[] {
  const items: TimelineItem[] = messages.map((m) => ({ kind: 'message', key: `m:${m.id}`, at: m.createdAt, message: m }));
  for (const e of events) {
    if (HIDDEN.test(e.type)) continue;
    if (e.type === 'conversation.updated') {
      const changes = (e.data.changes ?? {}) as Record<string, unknown>;
      for (const field of CHANGE_FIELDS) {
        const pair = changes[field];
        if (!Array.isArray(pair) || pair.length !== 2) continue;
        items.push({ kind: 'change', key: `e:${e.id}:${field}`, at: e.createdAt, actor: e.actor, field, from: pair[0], to: pair[1], byMessage: e.data.cause === 'message' });
      }
      continue;
    }
    if (e.type === 'conversation.assigned') {
      // Routing's assignment: the same story as an assignee change.
      items.push({ kind: 'change', key: `e:${e.id}`, at: e.createdAt, actor: e.actor, field: 'assigneeId', from: e.data.previousAssigneeId ?? null, to: e.data.assigneeId ?? null, byMessage: false });
      continue;
    }
    const text = (EVENT_TEXTS as Record<string, EventText | undefined>)[e.type];
    if (text) {
      items.push({ kind: 'event', key: `e:${e.id}`, at: e.createdAt, actor: e.actor, text, data: e.data });
      continue;
    }
    const promise = /^promise\.(recorded|kept|missed|cancelled)$/.exec(e.type);
    if (promise) {
      items.push({
        kind: 'promise',
        key: `e:${e.id}`,
        at: e.createdAt,
        actor: e.actor,
        status: promise[1] as 'recorded' | 'kept' | 'missed' | 'cancelled',
        dueAt: typeof e.data.dueAt === 'string' ? e.data.dueAt : null,
      });
      continue;
    }
    items.push({ kind: 'other', key: `e:${e.id}`, at: e.createdAt, actor: e.actor, type: e.type });
  }
  const rank = (i: TimelineItem) => (i.kind === 'message' ? 0 : 1);
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => (a.item.at < b.item.at ? -1 : a.item.at > b.item.at ? 1 : rank(a.item) - rank(b.item) || a.index - b.index))
    .map((x) => x.item);
}
