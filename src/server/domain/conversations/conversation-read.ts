import { sql } from 'kysely';
import type { Db } from '../shared/types.js';
import type { Actor } from '../shared/actor.js';
import { errors } from '../shared/errors.js';

/**
 * Read state is per person: an API token without a user has none. The agent has seen the conversation as it is
 * now (its last activity); later activity makes it unread again. Never moves backwards, so a slow request from
 * another browser cannot undo a newer read.
 */
export async function markConversationRead(db: Db, actor: Actor, conversationId: string): Promise<{ conversationId: string; seenActivityAt: Date; readAt: Date }> {
  const userId = actor.userId;
  if (!userId) throw errors.forbidden('Read state belongs to a user; this token has none');
  const row = await db
    .insertInto('conversation_reads')
    .columns(['account_id', 'user_id', 'conversation_id', 'seen_activity_at'])
    .expression((eb) =>
      eb
        .selectFrom('conversations')
        .select([
          'conversations.account_id',
          sql<string>`${userId}::uuid`.as('user_id'),
          'conversations.id',
          'conversations.last_activity_at',
        ])
        .where('conversations.account_id', '=', actor.accountId)
        .where('conversations.id', '=', conversationId),
    )
    .onConflict((oc) =>
      oc.columns(['account_id', 'conversation_id', 'user_id']).doUpdateSet({
        seen_activity_at: sql`greatest(conversation_reads.seen_activity_at, excluded.seen_activity_at)`,
        read_at: sql`now()`,
      }),
    )
    .returning(['conversation_id', 'seen_activity_at', 'read_at'])
    .executeTakeFirst();
  if (!row) throw errors.notFound('Conversation');
  return { conversationId: row.conversation_id, seenActivityAt: row.seen_activity_at, readAt: row.read_at };
}

/** Whether `userId` has unread activity on one conversation (the inbox list's rule, compared in SQL to the microsecond). */
export async function isUnreadFor(db: Db, accountId: string, userId: string, conversationId: string): Promise<boolean> {
  const row = await db
    .selectFrom('conversations as c')
    .innerJoin('users as u', (join) => join.onRef('u.account_id', '=', 'c.account_id').on('u.id', '=', userId))
    .leftJoin('conversation_reads as r', (join) =>
      join.onRef('r.account_id', '=', 'c.account_id').on('r.user_id', '=', userId).onRef('r.conversation_id', '=', 'c.id'),
    )
    .select(sql<boolean>`c.last_activity_at > coalesce(r.seen_activity_at, u.created_at)`.as('unread'))
    .where('c.account_id', '=', accountId)
    .where('c.id', '=', conversationId)
    .executeTakeFirst();
  return row?.unread ?? false;
}
