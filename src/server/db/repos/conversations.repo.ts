import { sql } from 'kysely';
import type { Db } from '../../domain/shared/types.js';
import type { Channel, ConversationStatus, Priority } from '../schema.js';
import { decodeCursor, encodeCursor } from './cursor.js';

export interface ConversationFilter {
  status?: ConversationStatus[] | undefined;
  assigneeId?: string | null | undefined;
  teamId?: string | undefined;
  customerId?: string | undefined;
  number?: number | undefined;
  priority?: Priority[] | undefined;
  channel?: Channel[] | undefined;
  /** Only conversations with an SLA target breached, or at risk (breached, past its warning point or due soon). */
  sla?: SlaFilter | undefined;
  limit: number;
  cursor?: string | undefined;
}

export type SlaFilter = { kind: 'breached'; now: Date } | { kind: 'at_risk'; now: Date; withinMinutes: number };

/** Minutes before a running target's due instant from which it counts as at risk (unless asked otherwise). */
export const DEFAULT_AT_RISK_MINUTES = 60;

/**
 * The SLA condition as a correlated EXISTS over the conversation's active clocks: breached = an active clock marked
 * breached, or running past due (the sweep marks it within a minute); at risk = a running clock that is breached,
 * past its warning instant or due within the window. Paused clocks are not at risk (the customer's turn), as in the
 * workspace's badge. The planner either walks the inbox index and probes each conversation's clocks (many matches)
 * or ORs the partial clock indexes of migration 014 together (few matches); docs/PERFORMANCE.md.
 */
function slaCondition(accountId: string, filter: SlaFilter) {
  const now = filter.now.toISOString();
  const condition =
    filter.kind === 'breached'
      ? sql`(k.breached_at IS NOT NULL OR (NOT k.paused AND k.due_at <= ${now}::timestamptz))`
      : sql`(NOT k.paused AND (k.due_at <= ${now}::timestamptz + make_interval(mins => ${filter.withinMinutes}) OR k.warn_at <= ${now}::timestamptz OR k.breached_at IS NOT NULL))`;
  return sql<boolean>`EXISTS (
    SELECT 1 FROM sla_clocks k
    WHERE k.account_id = ${accountId} AND k.conversation_id = conversations.id
      AND k.fulfilled_at IS NULL AND k.cancelled_at IS NULL AND ${condition})`;
}

// Microsecond-exact text form of the sort key, so the cursor never skips or repeats rows that share a millisecond.
const activityKey = sql<string>`to_char(conversations.last_activity_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The inbox list. With `readerUserId`, each row also says whether that user has unread activity on it: one LEFT JOIN
 * on conversation_reads' primary key (no row: activity after the user was created counts as unread).
 */
export async function listConversations(db: Db, accountId: string, filter: ConversationFilter, readerUserId?: string | null) {
  const after = filter.cursor ? decodeCursor(filter.cursor) : undefined;
  const reader = readerUserId ?? null;
  const rows = await db
    .selectFrom('conversations')
    .leftJoin('conversation_reads as r', (join) =>
      join
        .onRef('r.account_id', '=', 'conversations.account_id')
        .on('r.user_id', '=', reader ?? '00000000-0000-0000-0000-000000000000')
        .onRef('r.conversation_id', '=', 'conversations.id'),
    )
    .selectAll('conversations')
    .select(activityKey.as('activity_key'))
    .select(
      reader === null
        ? sql<boolean | null>`null::boolean`.as('unread')
        : sql<boolean>`conversations.last_activity_at > coalesce(r.seen_activity_at, (SELECT u.created_at FROM users u WHERE u.account_id = ${accountId} AND u.id = ${reader}))`.as('unread'),
    )
    .where('conversations.account_id', '=', accountId)
    .$if(filter.sla !== undefined, (q) => q.where(slaCondition(accountId, filter.sla!)))
    .$if(filter.status !== undefined && filter.status.length > 0, (q) => q.where('status', 'in', filter.status!))
    .$if(filter.assigneeId !== undefined, (q) =>
      filter.assigneeId === null ? q.where('assignee_id', 'is', null) : q.where('assignee_id', '=', filter.assigneeId!),
    )
    .$if(filter.teamId !== undefined, (q) => q.where('team_id', '=', filter.teamId!))
    .$if(filter.customerId !== undefined, (q) => q.where('customer_id', '=', filter.customerId!))
    .$if(filter.number !== undefined, (q) => q.where('number', '=', filter.number!))
    .$if(filter.priority !== undefined && filter.priority.length > 0, (q) => q.where('priority', 'in', filter.priority!))
    .$if(filter.channel !== undefined && filter.channel.length > 0, (q) => q.where('channel', 'in', filter.channel!))
    .$if(after !== undefined, (q) =>
      q.where(sql<boolean>`(conversations.last_activity_at, conversations.id) < (${after!.sortKey}::timestamptz, ${after!.id}::uuid)`),
    )
    .orderBy('conversations.last_activity_at', 'desc')
    .orderBy('conversations.id', 'desc')
    .limit(filter.limit + 1)
    .execute();
  const more = rows.length > filter.limit;
  const items = more ? rows.slice(0, filter.limit) : rows;
  const last = items[items.length - 1];
  return { items, nextCursor: more && last ? encodeCursor(last.activity_key, last.id) : null };
}

export function findConversation(db: Db, accountId: string, id: string) {
  return db.selectFrom('conversations').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
}

/** The message columns the API needs (never the search columns). */
export const MESSAGE_COLUMNS = [
  'id', 'account_id', 'conversation_id', 'seq', 'direction', 'type', 'channel', 'author_type', 'author_user_id',
  'customer_id', 'body', 'body_full', 'html', 'language', 'created_at', 'delivery_status', 'delivery_error',
  'delivery_attempts', 'delivered_at', 'auto_submitted',
] as const;

export function listMessages(db: Db, accountId: string, conversationIds: string[]) {
  if (conversationIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('messages')
    .select(MESSAGE_COLUMNS)
    .where('account_id', '=', accountId)
    .where('conversation_id', 'in', conversationIds)
    .orderBy('created_at')
    .orderBy('seq')
    .execute();
}

export function listAttachmentMeta(db: Db, accountId: string, messageIds: string[]) {
  if (messageIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('attachments')
    .select(['id', 'message_id', 'filename', 'content_type', 'size', 'inline', 'content_id'])
    .where('account_id', '=', accountId)
    .where('message_id', 'in', messageIds)
    .orderBy('created_at')
    .execute();
}

export function findAttachment(db: Db, accountId: string, id: string) {
  return db.selectFrom('attachments').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
}
