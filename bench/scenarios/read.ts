import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { insertApiToken, type Context, type ResultLine, type ScenarioPlan } from '../lib/common.js';
import { HttpClient } from '../lib/http.js';
import { reportQuery } from '../lib/queries.js';
import { Rng } from '../lib/random.js';
import { latencySummary, round } from '../lib/stats.js';

interface Samples {
  latencies: number[];
  errors: number;
  bytes: number;
  seconds: number;
  firstError: string | null;
}

const MAX_SAMPLES = 2000;
const WARMUP = 5;

/** One request at a time (latency without queueing) for `budgetS`, at least `minSamples` and at most MAX_SAMPLES. */
async function sample(budgetS: number, minSamples: number, op: () => Promise<number>): Promise<Samples> {
  let errors = 0;
  let bytes = 0;
  let firstError: string | null = null;
  for (let i = 0; i < WARMUP; i++) await op().catch(() => 0);
  const latencies: number[] = [];
  const start = performance.now();
  const hardEnd = start + budgetS * 3000;
  while (latencies.length < MAX_SAMPLES) {
    const now = performance.now();
    if (now - start >= budgetS * 1000 && latencies.length >= minSamples) break;
    if (now >= hardEnd) break;
    const t0 = performance.now();
    try {
      bytes += await op();
      latencies.push(performance.now() - t0);
    } catch (error) {
      errors++;
      firstError ??= (error as Error).message;
      if (errors > 20 && latencies.length === 0) break;
    }
  }
  return { latencies, errors, bytes, seconds: (performance.now() - start) / 1000, firstError };
}

/**
 * `read`: at the loaded scale, one agent's requests one at a time: the inbox (status + assignee, first page; and
 * the tenth page by cursor), one conversation with its messages, a customer's timeline, search for a word in ~1%
 * of messages and for a rare word, and the 30-day report: through the product (GET /reports/summary) and as the
 * issue's SQL query (counts by status, median first response) on the database.
 */
export function readScenario(ctx: Context): ScenarioPlan {
  const meta = ctx.target.meta;
  const accountId = meta.mainAccountId;
  const budgetS = Math.max(ctx.durationS >= 3 ? 1 : 0.3, ctx.durationS / 3);
  const minSamples = ctx.durationS >= 5 ? 30 : 5;
  const rng = new Rng(ctx.seed + 7);
  const line = (query: string, s: Samples, extra: Record<string, unknown> = {}): ResultLine => ({
    scenario: 'read',
    query,
    database: ctx.target.kind,
    scale: ctx.scale,
    throughput: s.latencies.length > 0 ? round(s.latencies.length / s.seconds, 1) : null,
    baseline: null,
    ratio: null,
    ...latencySummary(s.latencies),
    rssMb: null,
    count: s.latencies.length,
    errors: s.errors,
    ...(s.firstError ? { firstError: s.firstError } : {}),
    avgBytes: s.latencies.length > 0 ? Math.round(s.bytes / s.latencies.length) : null,
    ...extra,
  });

  let token = '';
  let conversationIds: string[] = [];
  let customerIds: string[] = [];
  let heavyCustomerIds: string[] = [];
  let report: Samples | undefined;
  let reportTotal = 0;
  const out: ResultLine[] = [];

  // Straight on the database: the samples to ask for, and the report query.
  const direct = async () => {
    const h = await ctx.target.open();
    try {
      token = await insertApiToken(h.db, accountId);
      conversationIds = (
        await sql<{ id: string }>`SELECT id FROM conversations WHERE account_id = ${accountId} ORDER BY random() LIMIT 1000`.execute(h.db)
      ).rows.map((r) => r.id);
      customerIds = (
        await sql<{ id: string }>`SELECT customer_id AS id FROM (SELECT DISTINCT customer_id FROM conversations WHERE account_id = ${accountId}) c
                                  ORDER BY random() LIMIT 500`.execute(h.db)
      ).rows.map((r) => r.id);
      heavyCustomerIds = (
        await sql<{ id: string }>`SELECT customer_id AS id FROM conversations WHERE account_id = ${accountId}
                                  GROUP BY customer_id ORDER BY count(*) DESC LIMIT 20`.execute(h.db)
      ).rows.map((r) => r.id);
      ctx.log('read: report_30d (SQL)…');
      report = await sample(budgetS, minSamples, async () => {
        const r = await reportQuery(h.db, accountId);
        reportTotal = r.rows[0]?.total ?? 0;
        return JSON.stringify(r.rows[0]).length;
      });
    } finally {
      await h.close();
    }
  };

  // Through the HTTP API of a running server.
  const load = async (server: { url: string }) => {
    const client = new HttpClient(server.url, token, 2);
    const get = async (path: string) => {
      const res = await client.request('GET', path);
      if (res.status !== 200) throw new Error(`GET ${path} → ${res.status} ${res.body.slice(0, 200)}`);
      return res.body;
    };
    try {
      const agents = meta.agentIds;
      const activeFilter = 'status=open,pending';
      const historyFilter = 'status=solved,closed';

      // Cursors of the tenth page (walking nine pages per agent first; not measured). Agents with fewer than ten
      // pages of history are left out; at tiny scales the deepest page there is stands in (its number is reported).
      const walked: Array<{ agent: string; cursor: string | null; page: number }> = [];
      for (const agent of agents) {
        let cursor: string | null = null;
        let page = 1;
        for (; page < 10; page++) {
          const body = JSON.parse(await get(`/api/v1/conversations?${historyFilter}&assigneeId=${agent}&limit=25${cursor ? `&cursor=${cursor}` : ''}`)) as {
            nextCursor: string | null;
          };
          if (!body.nextCursor) break;
          cursor = body.nextCursor;
        }
        walked.push({ agent, cursor, page });
      }
      const deepest = Math.max(...walked.map((p) => p.page));
      const page10 = walked.filter((p) => p.page === deepest);

      ctx.log('read: inbox_first…');
      const inboxFirst = await sample(budgetS, minSamples, async () => (await get(`/api/v1/conversations?${activeFilter}&assigneeId=${rng.pick(agents)}&limit=25`)).length);
      out.push(line('inbox_first', inboxFirst, { filter: `${activeFilter}&assigneeId=<agent>&limit=25`, page: 1 }));

      ctx.log('read: inbox_page10…');
      const inboxDeep = await sample(budgetS, minSamples, async () => {
        const p = rng.pick(page10);
        return (await get(`/api/v1/conversations?${historyFilter}&assigneeId=${p.agent}&limit=25${p.cursor ? `&cursor=${p.cursor}` : ''}`)).length;
      });
      out.push(line('inbox_page10', inboxDeep, { filter: `${historyFilter}&assigneeId=<agent>&limit=25&cursor=<page 10>`, page: deepest }));

      ctx.log('read: open_conversation…');
      const open = await sample(budgetS, minSamples, async () => (await get(`/api/v1/conversations/${rng.pick(conversationIds)}`)).length);
      out.push(line('open_conversation', open));

      ctx.log('read: customer_timeline…');
      const timeline = await sample(budgetS, minSamples, async () => (await get(`/api/v1/customers/${rng.pick(customerIds)}`)).length);
      out.push(line('customer_timeline', timeline));

      ctx.log('read: customer_timeline_heavy…');
      const heavy = await sample(budgetS, minSamples, async () => (await get(`/api/v1/customers/${rng.pick(heavyCustomerIds)}`)).length);
      out.push(line('customer_timeline_heavy', heavy, { note: 'the 20 customers with the most conversations (extra, not in the issue)' }));

      const common = meta.words.common.slice(0, 3);
      ctx.log(`read: search_common (${common.map((w) => w.word).join(', ')})…`);
      const searchCommon = await sample(budgetS, minSamples, async () => (await get(`/api/v1/search?q=${encodeURIComponent(rng.pick(common).word)}&limit=20`)).length);
      out.push(
        line('search_common', searchCommon, {
          words: common,
          share: meta.counts.messages ? round((common.reduce((n, w) => n + w.messages, 0) / common.length / meta.counts.messages) * 100, 2) : null,
        }),
      );

      ctx.log('read: search_rare…');
      const rare = meta.words.rare;
      const searchRare = await sample(budgetS, minSamples, async () => (await get(`/api/v1/search?q=${encodeURIComponent(rng.pick(rare).word)}&limit=20`)).length);
      out.push(line('search_rare', searchRare, { words: rare }));

      // The 30-day report through the product: GET /reports/summary (conversations by status, first-response median,
      // CSAT, SLA attainment, promises, recovery, transfers) — more than the issue's query, which is measured as SQL
      // beside it (report_30d).
      ctx.log('read: report_summary (GET /api/v1/reports/summary, 30 days)…');
      const reportHttp = await sample(budgetS, minSamples, async () => {
        const to = new Date();
        const from = new Date(to.getTime() - 30 * 86_400_000);
        return (await get(`/api/v1/reports/summary?from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`)).length;
      });
      out.push(line('report_summary', reportHttp, { via: 'http', window: '30 days' }));
    } finally {
      client.close();
    }
  };

  return {
    smtp: false,
    direct,
    load,
    result(rss, mode) {
      if (!report || out.length === 0) throw new Error('read: not run');
      return [
        ...out.map((l) => ({ ...l, rssMb: rss, server: mode })),
        line('report_30d', report, { via: 'sql', conversations30d: reportTotal, note: 'the issue\'s query as SQL on the database; report_summary is the endpoint' }),
      ];
    },
  };
}
