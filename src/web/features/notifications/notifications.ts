import type { AppNotification, RealtimeEvent } from '../../api/types.ts';

/** Kinds with their own text; anything else (new kinds included) is shown generically. */
export const KNOWN_KINDS = ['sla_warning', 'sla_breach', 'promise_reminder', 'promise_missed', 'assigned', 'handover'] as const;
export type KnownKind = (typeof KNOWN_KINDS)[number];

export const isKnownKind = (kind: string): kind is KnownKind => (KNOWN_KINDS as readonly string[]).includes(kind);

const METRIC_KEYS: Record<string, string> = { first_response: 'firstResponse', next_response: 'nextResponse', resolution: 'resolution' };

/** The locale key of the SLA metric (sla.firstResponse, …) a notification is about, if any it knows. */
export function metricKey(data: Record<string, unknown>): string | null {
  const metric = typeof data.metric === 'string' ? METRIC_KEYS[data.metric] : undefined;
  return metric ? `sla.${metric}` : null;
}

/** What a notification says, as a locale key and its values (times still ISO, the metric a key: the view renders them). */
export function notificationMessage(n: Pick<AppNotification, 'kind' | 'data'>): {
  key: string;
  values: { number: string; description: string; dueAt: string | null; metricKey: string | null; kind: string };
} {
  const data = n.data ?? {};
  const number = typeof data.number === 'number' || typeof data.number === 'string' ? String(data.number) : '';
  return {
    key: isKnownKind(n.kind) ? `notifications.kinds.${n.kind}` : 'notifications.kinds.other',
    values: {
      number,
      description: typeof data.description === 'string' ? data.description : '',
      dueAt: typeof data.dueAt === 'string' ? data.dueAt : null,
      metricKey: metricKey(data),
      kind: n.kind.replace(/_/g, ' '),
    },
  };
}

/** The signed-in user's notifications in a `notification.created` event (it lists everyone's). */
export function mineFromEvent(event: Pick<RealtimeEvent, 'type' | 'data'>, userId: string): AppNotification[] {
  if (event.type !== 'notification.created') return [];
  const list = event.data.notifications;
  if (!Array.isArray(list)) return [];
  return list.filter(
    (n): n is AppNotification =>
      typeof n === 'object' && n !== null && (n as AppNotification).userId === userId && typeof (n as AppNotification).id === 'string' && typeof (n as AppNotification).kind === 'string',
  );
}

/** Unread notifications, newest first, each once; read ones leave the list. */
export function mergeUnread(current: readonly AppNotification[], incoming: readonly AppNotification[]): AppNotification[] {
  const byId = new Map<string, AppNotification>();
  for (const n of [...current, ...incoming]) byId.set(n.id, n);
  return [...byId.values()].filter((n) => !n.readAt).sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}

/** "9+" style badge text; nothing when there is nothing unread. */
export function badgeText(count: number, max = 99): string {
  if (count <= 0) return '';
  return count > max ? `${max}+` : String(count);
}
