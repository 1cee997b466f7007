import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import pg from 'pg';
import type { Database } from '../../src/server/db/schema.js';
import { listAttachmentMeta, listConversations, listMessages, findConversation } from '../../src/server/db/repos/conversations.repo.js';
import { findCustomerWithContacts, listCustomerConversations } from '../../src/server/db/repos/customers.repo.js';
import { searchAccount } from '../../src/server/db/repos/search.repo.js';
import { expectedFirstResponse } from '../../src/server/domain/sla/expected-response.js';
import type { BenchMeta } from '../generate.js';
import { reportQuery } from './queries.js';

/**
 * EXPLAIN (ANALYZE, BUFFERS) of the queries behind each read path, captured from the application's own repository
 * functions (so the SQL is exactly what the server sends), on a PostgreSQL bench database.
 */
export async function explainReads(databaseUrl: string, meta: BenchMeta): Promise<string> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  let captured: CompiledQuery[] = [];
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      if (event.level === 'query') captured.push(event.query);
    },
  });
  const accountId = meta.mainAccountId;
  const out: string[] = [];
  const capture = async (label: string, f: () => Promise<unknown>) => {
    captured = [];
    await f();
    const queries = captured;
    for (const [i, q] of queries.entries()) {
      const plan = await pool.query<{ 'QUERY PLAN': string }>({ text: `EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`, values: q.parameters as unknown[] });
      out.push(`=== ${label}${queries.length > 1 ? ` (query ${i + 1}/${queries.length})` : ''}`);
      out.push(q.sql.replace(/\s+/g, ' '));
      out.push(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
      out.push('');
    }
  };
  try {
    const pick = async (q: string) => (await pool.query<{ id: string }>(q, [accountId])).rows[0]!.id;
    const agent = meta.agentIds[0]!;
    const conversationId = await pick('SELECT id FROM conversations WHERE account_id = $1 ORDER BY random() LIMIT 1');
    const customerId = await pick('SELECT customer_id AS id FROM conversations WHERE account_id = $1 ORDER BY random() LIMIT 1');
    const heavyId = await pick('SELECT customer_id AS id FROM conversations WHERE account_id = $1 GROUP BY customer_id ORDER BY count(*) DESC LIMIT 1');

    await capture('inbox_first: status=open,pending + assignee, first page', () =>
      listConversations(db, accountId, { status: ['open', 'pending'], assigneeId: agent, limit: 25 }),
    );
    let cursor: string | undefined;
    for (let page = 1; page < 10; page++) {
      const r = await listConversations(db, accountId, { status: ['solved', 'closed'], assigneeId: agent, limit: 25, cursor });
      if (!r.nextCursor) break;
      cursor = r.nextCursor;
    }
    await capture('inbox_page10: status=solved,closed + assignee, tenth page by cursor', () =>
      listConversations(db, accountId, { status: ['solved', 'closed'], assigneeId: agent, limit: 25, cursor }),
    );
    await capture('open_conversation', async () => {
      const c = await findConversation(db, accountId, conversationId);
      const messages = await listMessages(db, accountId, [c!.id]);
      await listAttachmentMeta(db, accountId, messages.map((m) => m.id));
    });
    for (const [label, id] of [['customer_timeline', customerId], ['customer_timeline_heavy', heavyId]] as const) {
      await capture(label, async () => {
        const found = await findCustomerWithContacts(db, accountId, id);
        const conversations = await listCustomerConversations(db, accountId, found!.customer.id);
        const messages = await listMessages(db, accountId, conversations.map((c) => c.id));
        await listAttachmentMeta(db, accountId, messages.map((m) => m.id));
      });
    }
    await capture(`search_common: "${meta.words.common[0]!.word}"`, () => searchAccount(db, accountId, meta.words.common[0]!.word, 20));
    await capture(`search_rare: "${meta.words.rare[0]!.word}"`, () => searchAccount(db, accountId, meta.words.rare[0]!.word, 20));
    await capture('report_30d (SQL)', () => reportQuery(db, accountId));
    await capture('smtp path: expectedFirstResponse (new email conversations; cached 15 s per account)', () => expectedFirstResponse(db, accountId, new Date(), 24));
  } finally {
    await db.destroy();
  }
  return out.join('\n');
}
