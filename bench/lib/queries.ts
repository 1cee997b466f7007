import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/server/db/schema.js';

/**
 * The 30-day report (there is no report endpoint yet, so it runs as SQL against the database): conversations
 * created in the last 30 days counted by status, and the median first response time of those answered.
 */
export function reportQuery(db: Kysely<Database>, accountId: string) {
  return sql<{ by_status: Record<string, number> | null; median_first_response_s: number | null; total: number }>`
    WITH recent AS (
      SELECT status, created_at, first_response_at FROM conversations
      WHERE account_id = ${accountId} AND created_at >= now() - interval '30 days'
    )
    SELECT
      (SELECT json_object_agg(status, n) FROM (SELECT status, count(*) AS n FROM recent GROUP BY status) s) AS by_status,
      (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_response_at - created_at))
         FROM recent WHERE first_response_at IS NOT NULL) AS median_first_response_s,
      (SELECT count(*)::int FROM recent) AS total`.execute(db);
}
