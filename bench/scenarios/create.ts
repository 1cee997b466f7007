import { databaseSettings, insertApiToken, rawInsertBaseline, sampleCustomers, type Context, type ScenarioPlan } from '../lib/common.js';
import { HttpClient } from '../lib/http.js';
import { PayloadFactory, type KnownCustomer } from '../lib/payloads.js';
import { latencySummary, round, runLoad, type LoadResult } from '../lib/stats.js';

/**
 * `create`: conversations created through POST /api/v1/conversations by `concurrency` keep-alive clients (a 201
 * is sent after commit), against the same database's raw single-row INSERT baseline at the same concurrency.
 */
export function createScenario(ctx: Context): ScenarioPlan {
  const accountId = ctx.target.meta.mainAccountId;
  let token = '';
  let known: KnownCustomer[] = [];
  let synchronousCommit = 'unknown';
  let base: LoadResult | undefined;
  let load: LoadResult | undefined;

  return {
    smtp: false,
    async direct() {
      const h = await ctx.target.open();
      try {
        token = await insertApiToken(h.db, accountId);
        known = await sampleCustomers(h.db, accountId, 2000);
        synchronousCommit = (await databaseSettings(h.db)).synchronousCommit;
      } finally {
        await h.close();
      }
      ctx.log(`create: raw INSERT baseline, ${ctx.concurrency} connections, ${ctx.durationS} s…`);
      const rows = new PayloadFactory(ctx.seed + 1, known);
      base = await rawInsertBaseline(ctx, 'create', ctx.concurrency, () => {
        const c = rows.conversation();
        return [c.subject, c.message.body];
      });
    },
    async load(server) {
      ctx.log(`create: POST /api/v1/conversations, ${ctx.concurrency} clients, ${ctx.durationS} s…`);
      const payloads = new PayloadFactory(ctx.seed, known);
      const client = new HttpClient(server.url, token, ctx.concurrency);
      try {
        load = await runLoad({
          concurrency: ctx.concurrency,
          durationS: ctx.durationS,
          warmupS: ctx.warmupS,
          op: async () => {
            const c = payloads.conversation();
            const res = await client.request('POST', '/api/v1/conversations', {
              subject: c.subject,
              customer: c.customer,
              message: c.message,
              tags: c.tags,
              priority: c.priority,
            });
            if (res.status !== 201) throw new Error(`POST /api/v1/conversations → ${res.status} ${res.body.slice(0, 300)}`);
          },
        });
      } finally {
        client.close();
      }
    },
    result(rss, mode) {
      if (!base || !load) throw new Error('create: not run');
      const throughput = load.count / load.seconds;
      const baseline = base.count / base.seconds;
      const baseLat = latencySummary(base.latencies);
      return [
        {
          scenario: 'create',
          database: ctx.target.kind,
          scale: ctx.scale,
          throughput: round(throughput, 1),
          baseline: round(baseline, 1),
          ratio: baseline > 0 ? round(throughput / baseline, 3) : null,
          ...latencySummary(load.latencies),
          rssMb: rss,
          count: load.count,
          errors: load.errors,
          ...(load.firstError ? { firstError: load.firstError } : {}),
          concurrency: ctx.concurrency,
          durationS: ctx.durationS,
          baselineP50Ms: baseLat.p50Ms,
          baselineP99Ms: baseLat.p99Ms,
          baselineErrors: base.errors,
          synchronousCommit,
          server: mode,
        },
      ];
    },
  };
}
