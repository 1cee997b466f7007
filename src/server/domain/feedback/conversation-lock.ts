import type { Db } from '../shared/types.js';

/**
 * The lock order of every feedback write: first the conversation, then its survey, case or gestures, then the
 * customer's lifecycle row — the order the conversation commands (which lock the conversation first) already
 * follow, so a rating, a gesture or a case change racing a status change queue up instead of deadlocking.
 * FOR NO KEY UPDATE: rows that merely point at the conversation (notifications, cases) can still be inserted.
 */
export async function lockConversation(trx: Db, accountId: string, conversationId: string) {
  return trx.selectFrom('conversations').selectAll().where('account_id', '=', accountId).where('id', '=', conversationId).forNoKeyUpdate().executeTakeFirst();
}
