import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { databaseSettings, insertApiToken, insertSessionTokens, sampleCustomers, type Context, type ScenarioPlan } from '../lib/common.js';
import { HttpClient } from '../lib/http.js';
import { PayloadFactory, type KnownCustomer } from '../lib/payloads.js';
import { latencySummary, round, runLoad, sleep, type LoadResult } from '../lib/stats.js';

const AGENTS = 10;

function connectAgent(baseUrl: string, token: string, onEvent: (data: Record<string, unknown>, at: number) => void): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/v1/ws`);
    const timer = setTimeout(() => reject(new Error('WebSocket: no "ready" within 15 s')), 15_000);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', token })));
    ws.on('error', (e) => reject(e));
    ws.on('message', (raw) => {
      const at = performance.now();
      const msg = JSON.parse(raw.toString()) as Record<string, unknown>;
      if (msg.type === 'ready') {
        clearTimeout(timer);
        resolve(ws);
      } else if (msg.type === 'error') {
        reject(new Error(`WebSocket error: ${JSON.stringify(msg)}`));
      } else {
        onEvent(msg, at);
      }
    });
  });
}

/**
 * `ws`: latency from an API create (the moment the POST is sent) to the `conversation.created` event at each of
 * ten agents' WebSocket clients, while `concurrency` clients create conversations as fast as they can.
 */
export function wsScenario(ctx: Context): ScenarioPlan {
  const meta = ctx.target.meta;
  const accountId = meta.mainAccountId;
  let token = '';
  let sessions: string[] = [];
  let known: KnownCustomer[] = [];
  let synchronousCommit = 'unknown';
  const sent = new Map<string, { t0: number; t1: number }>();
  const arrivals = new Map<string, number[]>();
  let measureFrom = 0;
  let value: { load: LoadResult; agents: number } | undefined;

  const direct = async () => {
    const h = await ctx.target.open();
    try {
      token = await insertApiToken(h.db, accountId);
      sessions = await insertSessionTokens(h.db, accountId, meta.agentIds.slice(0, AGENTS));
      known = await sampleCustomers(h.db, accountId, 2000);
      synchronousCommit = (await databaseSettings(h.db)).synchronousCommit;
    } finally {
      await h.close();
    }
  };

  const load = async (server: { url: string }) => {
    ctx.log(`ws: ${sessions.length} agents on /api/v1/ws, ${ctx.concurrency} clients creating, ${ctx.durationS} s…`);
    const payloads = new PayloadFactory(ctx.seed + 5, known);
    const sockets = await Promise.all(
      sessions.map((s) =>
        connectAgent(server.url, s, (msg, at) => {
          if (msg.type !== 'conversation.created') return;
          const id = (msg.data as { conversation?: { id?: string } } | undefined)?.conversation?.id;
          if (!id) return;
          const list = arrivals.get(id);
          if (list) list.push(at);
          else arrivals.set(id, [at]);
        }),
      ),
    );
    const client = new HttpClient(server.url, token, ctx.concurrency);
    try {
      measureFrom = performance.now() + ctx.warmupS * 1000;
      const loadResult = await runLoad({
        concurrency: ctx.concurrency,
        durationS: ctx.durationS,
        warmupS: ctx.warmupS,
        op: async () => {
          const c = payloads.conversation();
          const t0 = performance.now();
          const res = await client.request('POST', '/api/v1/conversations', { subject: c.subject, customer: c.customer, message: c.message, tags: c.tags });
          const t1 = performance.now();
          if (res.status !== 201) throw new Error(`POST /api/v1/conversations → ${res.status} ${res.body.slice(0, 300)}`);
          const id = (JSON.parse(res.body) as { id: string }).id;
          if (t0 >= measureFrom) sent.set(id, { t0, t1 });
        },
      });
      // Let the last events arrive (bounded).
      const until = performance.now() + 5000;
      while (performance.now() < until) {
        let complete = true;
        for (const id of sent.keys()) {
          if ((arrivals.get(id)?.length ?? 0) < sockets.length) {
            complete = false;
            break;
          }
        }
        if (complete) break;
        await sleep(50);
      }
      value = { load: loadResult, agents: sockets.length };
    } finally {
      client.close();
      for (const s of sockets) s.close();
    }
  };

  const result: ScenarioPlan['result'] = (rss, mode) => {
    if (!value) throw new Error('ws: not run');
    const delivery: number[] = [];
    const afterResponse: number[] = [];
    const createLatency: number[] = [];
    let missing = 0;
    for (const [id, { t0, t1 }] of sent) {
      createLatency.push(t1 - t0);
      const got = arrivals.get(id) ?? [];
      missing += Math.max(0, value.agents - got.length);
      for (const at of got) {
        delivery.push(at - t0);
        afterResponse.push(at - t1);
      }
    }
    const after = latencySummary(afterResponse);
    const create = latencySummary(createLatency);
    return [
      {
        scenario: 'ws',
        database: ctx.target.kind,
        scale: ctx.scale,
        throughput: round(value.load.count / value.load.seconds, 1),
        baseline: null,
        ratio: null,
        ...latencySummary(delivery),
        rssMb: rss,
        measures: 'ms from sending POST /api/v1/conversations to the conversation.created event at an agent',
        count: sent.size,
        events: delivery.length,
        missing,
        agents: value.agents,
        errors: value.load.errors,
        ...(value.load.firstError ? { firstError: value.load.firstError } : {}),
        afterResponseP50Ms: after.p50Ms,
        afterResponseP99Ms: after.p99Ms,
        createP50Ms: create.p50Ms,
        createP99Ms: create.p99Ms,
        concurrency: ctx.concurrency,
        durationS: ctx.durationS,
        synchronousCommit,
        server: mode,
      },
    ];
  };

  return { smtp: false, direct, load, result };
}
