import { UNSOLVED, type Channel, type Conversation, type Priority, type SlaClock, type Status } from '../../api/types.ts';
import type { ConversationQuery } from '../../api/client.ts';

/** The inbox views. A team view is `team:<id>`. */
export type ViewId = 'mine' | 'unassigned' | 'open' | 'pending' | 'at_risk' | 'all' | `team:${string}`;
export const FIXED_VIEWS = ['mine', 'unassigned', 'open', 'pending', 'at_risk', 'all'] as const;

export interface Filters {
  status: Status | '';
  priority: Priority | '';
  channel: Channel | '';
}
export const NO_FILTERS: Filters = { status: '', priority: '', channel: '' };

/** An SLA clock with less than this left is "at risk". */
export const AT_RISK_MINUTES = 60;

/** What the list asks the server for, plus the check live changes need (the server filters the pages it sends). */
export interface ListQuery {
  server: ConversationQuery;
  /** Statuses asked for; an empty intersection of view and filter means "nothing can match". */
  empty: boolean;
  /** Applied to pages on the client (none of the views needs one now: the SLA view is filtered by the server). */
  clientFilter: ((c: Conversation) => boolean) | null;
  /** Whether a conversation changed live still belongs (the SLA view: its SLA state as the row shows it). */
  liveFilter: ((c: Conversation) => boolean) | null;
}

export function isViewId(value: string): value is ViewId {
  return (FIXED_VIEWS as readonly string[]).includes(value) || /^team:[0-9a-f-]{36}$/.test(value);
}

function viewStatuses(view: ViewId): readonly Status[] | null {
  switch (view) {
    case 'pending':
      return ['pending'];
    case 'open':
      return ['new', 'open', 'on_hold'];
    case 'all':
      return null;
    default:
      return UNSOLVED;
  }
}

/**
 * A running clock (not met, not paused) that is breached, was warned about by the server (its policy's warning
 * threshold), or is due within AT_RISK_MINUTES: the rule of the server's `sla=at_risk`, for rows that change live.
 */
export function clockAtRisk(clock: SlaClock | null | undefined): boolean {
  if (!clock || clock.fulfilledAt || clock.paused) return false;
  if (clock.breached || clock.warned) return true;
  return clock.remainingMinutes !== null && clock.remainingMinutes <= AT_RISK_MINUTES;
}

export function slaAtRisk(c: Pick<Conversation, 'sla'>): boolean {
  if (!c.sla) return false;
  return clockAtRisk(c.sla.firstResponse) || clockAtRisk(c.sla.nextResponse) || clockAtRisk(c.sla.resolution);
}

export function slaBreached(c: Pick<Conversation, 'sla'>): boolean {
  if (!c.sla) return false;
  return [c.sla.firstResponse, c.sla.nextResponse, c.sla.resolution].some((clock) => !!clock && !clock.fulfilledAt && clock.breached);
}

export function buildListQuery(view: ViewId, filters: Filters, me: { id: string }): ListQuery {
  const base = viewStatuses(view);
  let status: readonly Status[] | undefined = base ?? undefined;
  let empty = false;
  if (filters.status) {
    if (base && !base.includes(filters.status)) empty = true;
    status = [filters.status];
  }
  const server: ConversationQuery = {
    ...(status ? { status } : {}),
    ...(filters.priority ? { priority: [filters.priority] } : {}),
    ...(filters.channel ? { channel: [filters.channel] } : {}),
  };
  if (view === 'mine') server.assigneeId = me.id;
  if (view === 'unassigned') server.assigneeId = 'none';
  if (view.startsWith('team:')) server.teamId = view.slice(5);
  if (view === 'at_risk') server.sla = 'at_risk';
  return { server, empty, clientFilter: null, liveFilter: view === 'at_risk' ? slaAtRisk : null };
}

/** Whether a conversation (e.g. one changed live) belongs in the list that `query` describes. */
export function matchesQuery(c: Conversation, query: ListQuery): boolean {
  if (query.empty) return false;
  const q = query.server;
  if (q.status && !q.status.includes(c.status)) return false;
  if (q.priority && !q.priority.includes(c.priority)) return false;
  if (q.channel && !q.channel.includes(c.channel)) return false;
  if (q.assigneeId === 'none' ? c.assigneeId !== null : q.assigneeId !== undefined && c.assigneeId !== q.assigneeId) return false;
  if (q.teamId !== undefined && c.teamId !== q.teamId) return false;
  if (q.customerId !== undefined && c.customerId !== q.customerId) return false;
  if (query.clientFilter && !query.clientFilter(c)) return false;
  return query.liveFilter ? query.liveFilter(c) : true;
}

export type SortOrder = 'activity' | 'priority';
const PRIORITY_RANK: Record<Priority, number> = { urgent: 0, high: 1, normal: 2, low: 3 };

/** Client-side order of what is loaded; the server order (newest activity first) is kept within equal priorities. */
export function sortConversations(items: readonly Conversation[], order: SortOrder): readonly Conversation[] {
  if (order === 'activity') return items;
  return items
    .map((c, i) => ({ c, i }))
    .sort((a, b) => PRIORITY_RANK[a.c.priority] - PRIORITY_RANK[b.c.priority] || a.i - b.i)
    .map((x) => x.c);
}
