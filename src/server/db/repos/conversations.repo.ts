import { sql } from 'kysely';
import type { Db } from '../../domain/shared/types.js';
import type { Channel, ConversationStatus, Priority } from '../schema.js';
import { decodeCursor, encodeCursor } from './cursor.js';

export interface ConversationFilter {
  status?: ConversationStatus[] | undefined;
  assigneeId?: string | null | undefined;
  teamId?: string | undefined;
  customerId?: string | undefined;
  priority?: Priority[] | undefined;
  channel?: Channel[] | undefined;
  limit: number;
  cursor?: string | undefined;
}

// Microsecond-exact text form of the sort key, so the cursor never skips or repeats rows that share a millisecond.
const activityKey = sql<string>`to_char(last_activity_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export async function listConversations(db: Db, accountId: string, filter: ConversationFilter) {
  const after = filter.cursor ? decodeCursor(filter.cursor) : undefined;
  const rows = await db
    .selectFrom('conversations')
    .selectAll()
    .select(activityKey.as('activity_key'))
    .where('account_id', '=', accountId)
    .$if(filter.status !== undefined && filter.status.length > 0, (q) => q.where('status', 'in', filter.status!))
    .$if(filter.assigneeId !== undefined, (q) =>
      filter.assigneeId === null ? q.where('assignee_id', 'is', null) : q.where('assignee_id', '=', filter.assigneeId!),
    )
    .$if(filter.teamId !== undefined, (q) => q.where('team_id', '=', filter.teamId!))
    .$if(filter.customerId !== undefined, (q) => q.where('customer_id', '=', filter.customerId!))
    .$if(filter.priority !== undefined && filter.priority.length > 0, (q) => q.where('priority', 'in', filter.priority!))
    .$if(filter.channel !== undefined && filter.channel.length > 0, (q) => q.where('channel', 'in', filter.channel!))
    .$if(after !== undefined, (q) =>
      q.where(sql<boolean>`(last_activity_at, id) < (${after!.sortKey}::timestamptz, ${after!.id}::uuid)`),
    )
    .orderBy('last_activity_at', 'desc')
    .orderBy('id', 'desc')
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
