import { sql } from 'kysely';
import type { Db } from '../../domain/shared/types.js';

export interface SearchHit {
  kind: 'conversation' | 'message';
  conversation_id: string;
  message_id: string | null;
  score: number;
  snippet: string;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Full-text (unstemmed 'simple' for every language, plus English/Swedish stemming) combined with trigram
 * substring matching, which catches inflected forms in Polish, Slovenian, Bulgarian and Esperanto where
 * PostgreSQL ships no stemmer. Text is lowercased in JavaScript, as at write time.
 */
/** How far back message search ranks before it reaches for older messages. */
export const RECENT_DAYS = 30;

export async function searchAccount(db: Db, accountId: string, query: string, limit: number, now: Date = new Date()): Promise<SearchHit[]> {
  const q = query.toLocaleLowerCase('und').trim();
  const like = `%${escapeLike(q)}%`;
  const useLike = [...q].length >= 3;
  const tsq = sql`(websearch_to_tsquery('simple', ${q}) || websearch_to_tsquery('english', ${q}) || websearch_to_tsquery('swedish', ${q}))`;

  const messageQuery = (since: Date | null) =>
    db
      .selectFrom('messages')
      .select([
        sql<'message'>`'message'`.as('kind'),
        'conversation_id',
        'id as message_id',
        sql<number>`(ts_rank(search_vector, ${tsq}) + ${useLike ? sql`CASE WHEN search_text LIKE ${like} THEN 0.5 ELSE 0 END` : sql`0`})::float8`.as('score'),
        sql<string>`left(body, 300)`.as('snippet'),
      ])
      .where('account_id', '=', accountId)
      .$if(since !== null, (q) => q.where('created_at', '>=', since!))
      .where((eb) =>
        useLike
          ? eb.or([eb(sql`search_vector`, '@@', tsq), eb(sql`search_text`, 'like', like)])
          : eb(sql`search_vector`, '@@', tsq),
      )
      .orderBy('score', 'desc')
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
  // Recent first: ranking every match of a frequent word costs in proportion to all data, so the last
  // RECENT_DAYS are ranked first and older messages only fill up when they give fewer than `limit` hits.
  let messages = await messageQuery(new Date(now.getTime() - RECENT_DAYS * 24 * 60 * 60_000));
  if (messages.length < limit) {
    const seen = new Set(messages.map((m) => m.message_id));
    messages = [...messages, ...(await messageQuery(null)).filter((m) => !seen.has(m.message_id))];
  }

  const conversations = await db
    .selectFrom('conversations')
    .select([
      sql<'conversation'>`'conversation'`.as('kind'),
      'id as conversation_id',
      sql<null>`NULL::uuid`.as('message_id'),
      sql<number>`(ts_rank(to_tsvector('simple', lower(subject)), ${tsq}) + 1.0)::float8`.as('score'),
      'subject as snippet',
    ])
    .where('account_id', '=', accountId)
    .where((eb) =>
      useLike
        ? eb.or([eb(sql`to_tsvector('simple', lower(subject))`, '@@', tsq), eb(sql`lower(subject)`, 'like', like)])
        : eb(sql`to_tsvector('simple', lower(subject))`, '@@', tsq),
    )
    .orderBy('score', 'desc')
    .orderBy('last_activity_at', 'desc')
    .limit(limit)
    .execute();

  return [...conversations, ...messages].sort((a, b) => b.score - a.score).slice(0, limit) as SearchHit[];
}
