import { sql } from 'kysely';
import type { Db } from '../shared/types.js';
import type { Actor } from '../shared/actor.js';
import { errors } from '../shared/errors.js';

/**
 * Collision detection for replies: the composer sends the last message `seq` it showed (`expectedLastSeq`); if
 * another agent's public reply was sent since, this reply would cross it — the customer would get two answers that
 * talk past each other — so it is refused (409 `reply_collision`, with the replies it crossed) unless the agent
 * looked and sends it anyway (`force: true`). The caller holds the conversation's row lock, so no reply can slip in
 * between the check and the insert.
 */
export async function assertNoCrossingReply(trx: Db, actor: Actor, conversationId: string, expectedLastSeq: number): Promise<void> {
  const crossing = await trx
    .selectFrom('messages')
    .select(['id', 'seq', 'author_type', 'author_user_id', 'created_at', 'body'])
    .where('account_id', '=', actor.accountId)
    .where('conversation_id', '=', conversationId)
    .where('seq', '>', expectedLastSeq)
    .where('direction', '=', 'outbound')
    .where('type', '=', 'message')
    .where('author_type', 'in', ['user', 'api_token'])
    .where(sql<boolean>`author_user_id IS DISTINCT FROM ${actor.userId}`)
    .orderBy('seq')
    .limit(10)
    .execute();
  if (crossing.length === 0) return;
  const first = crossing[0]!;
  const names = first.author_user_id
    ? await trx.selectFrom('users').select('name').where('account_id', '=', actor.accountId).where('id', '=', first.author_user_id).executeTakeFirst()
    : undefined;
  throw errors.conflict(
    `${names?.name ?? 'Another agent'} replied to the customer since you loaded the conversation (message ${first.seq} at ${first.created_at.toISOString()}); read it, then send again with force: true if your reply still fits`,
    {
      code: 'reply_collision',
      field: 'expectedLastSeq',
      replies: crossing.map((m) => ({
        id: m.id,
        seq: m.seq,
        authorUserId: m.author_user_id,
        createdAt: m.created_at.toISOString(),
        excerpt: m.body.length > 200 ? `${m.body.slice(0, 199)}…` : m.body,
      })),
    },
  );
}
