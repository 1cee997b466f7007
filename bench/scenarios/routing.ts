import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { databaseSettings, insertApiToken, sampleCustomers, type Context, type ScenarioPlan } from '../lib/common.js';
import { HttpClient } from '../lib/http.js';
import { PayloadFactory, type KnownCustomer } from '../lib/payloads.js';
import { latencySummary, round, runLoad, type LoadResult } from '../lib/stats.js';

export const ROUTING_AGENTS = 200;
const LANGUAGES = ['en', 'sv', 'pl', 'sl', 'bg', 'eo'];
const SKILLS = ['billing', 'returns', 'technical', 'vip'];
/** Unsolved conversations each bench agent owns before the load starts (their load is counted on every decision). */
const OPEN_PER_AGENT = 20;

/**
 * `routing`: what routing adds to creating a conversation, at 200 online agents in one least-load team (the
 * strategy that counts every member's load; half of the agents have a shift schedule, most speak two languages and
 * have a skill; unsolved conversations of the generated data, up to 20 each, become theirs, logged as assigned within
 * the last eight hours, one in eight of them difficult). Every client alternates a create for the team
 * (routed in the creating transaction) with the same create without a team (the same-run baseline), so both see
 * the same load; the added latency is the difference of the percentiles. Target: < 5 ms added at p95.
 */
export function routingScenario(ctx: Context): ScenarioPlan {
  const accountId = ctx.target.meta.mainAccountId;
  let token = '';
  let teamId = '';
  let known: KnownCustomer[] = [];
  let synchronousCommit = 'unknown';
  let preassigned = 0;
  let routed: LoadResult | undefined;
  let plain: LoadResult | undefined;
  let unassigned = 0;

  return {
    smtp: false,
    async direct() {
      const h = await ctx.target.open();
      try {
        token = await insertApiToken(h.db, accountId);
        known = await sampleCustomers(h.db, accountId, 2000);
        synchronousCommit = (await databaseSettings(h.db)).synchronousCommit;
        const run = randomUUID().slice(0, 8);
        const agentIds: string[] = [];
        await h.db.transaction().execute(async (trx) => {
          for (let i = 0; i < ROUTING_AGENTS; i++) {
            const languages = [LANGUAGES[i % LANGUAGES.length]!, ...(i % 3 === 0 ? [] : ['en'])];
            const row = await trx
              .insertInto('users')
              .values({
                account_id: accountId,
                email: `router.${run}.${i}@bench.test`,
                name: `Router ${i}`,
                role: 'agent',
                password_hash: null,
                languages: [...new Set(languages)],
                skills: i % 4 === 3 ? [] : [SKILLS[i % SKILLS.length]!],
                capacity: JSON.stringify({ email: 1000, chat: 50 }),
                presence: 'online',
              })
              .returning('id')
              .executeTakeFirstOrThrow();
            agentIds.push(row.id);
            if (i % 2 === 0) {
              const allWeek = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]));
              await trx.insertInto('agent_shifts').values({ account_id: accountId, user_id: row.id, timezone: 'Europe/Stockholm', weekly: JSON.stringify(allWeek) }).execute();
            }
          }
          const team = await trx
            .insertInto('teams')
            .values({ account_id: accountId, name: `Routing bench ${run}`, routing: 'least_load', skills_fallback_minutes: 0 })
            .returning('id')
            .executeTakeFirstOrThrow();
          teamId = team.id;
          await trx.insertInto('team_members').values(agentIds.map((user_id) => ({ account_id: accountId, team_id: teamId, user_id }))).execute();
          // Realistic load: unsolved conversations of the generated data become the bench agents'.
          const result = await sql`
            UPDATE conversations c SET assignee_id = (${sql.val(agentIds)}::uuid[])[1 + (x.rn % ${ROUTING_AGENTS})::int]
            FROM (SELECT id, row_number() OVER () AS rn FROM conversations
                  WHERE account_id = ${accountId} AND status IN ('new','open','pending','on_hold')
                  LIMIT ${ROUTING_AGENTS * OPEN_PER_AGENT}) x
            WHERE c.id = x.id`.execute(trx);
          preassigned = Number(result.numAffectedRows ?? 0);
          // As in a running system, each of those assignments is in the log (routing counts an agent's recent difficult
          // conversations from it), assigned within the last eight hours; one in eight of them difficult (a customer
          // upset from the start), which their counters (the triggers) count too.
          await sql`
            UPDATE conversations SET difficult = true, customer_sentiment = -0.8
            WHERE account_id = ${accountId} AND assignee_id = ANY(${sql.val(agentIds)}::uuid[]) AND get_byte(uuid_send(id), 15) % 8 = 0`.execute(trx);
          await sql`
            INSERT INTO assignments (account_id, conversation_id, user_id, team_id, reason, trigger, skills_matched, assigned_at, difficult_since)
            SELECT c.account_id, c.id, c.assignee_id, ${teamId}, 'least_load', 'created', true, a.at, CASE WHEN c.difficult THEN a.at END
            FROM conversations c
            CROSS JOIN LATERAL (SELECT now() - (get_byte(uuid_send(c.id), 14) * interval '113 seconds') AS at) a
            WHERE c.account_id = ${accountId} AND c.assignee_id = ANY(${sql.val(agentIds)}::uuid[])`.execute(trx);
        });
        // What autovacuum's analyze does within a minute of such a change in a running system: without it the
        // planner sees the team as it was before the 200 members (one row) and loops over every user per member.
        await sql`ANALYZE users, team_members, agent_loads, agent_shifts, conversations, assignments, teams`.execute(h.db);
      } finally {
        await h.close();
      }
    },
    async load(server) {
      ctx.log(`routing: ${ROUTING_AGENTS} online agents (least load), ${ctx.routingConcurrency} clients alternating routed and unrouted creates, ${ctx.durationS} s…`);
      const payloads = new PayloadFactory(ctx.seed + 7, known);
      const client = new HttpClient(server.url, token, ctx.routingConcurrency);
      const routedLatencies: number[] = [];
      const plainLatencies: number[] = [];
      const turn = new Map<number, number>();
      const measureFrom = performance.now() + ctx.warmupS * 1000;
      try {
        const all = await runLoad({
          concurrency: ctx.routingConcurrency,
          durationS: ctx.durationS,
          warmupS: ctx.warmupS,
          op: async (worker) => {
            const n = (turn.get(worker) ?? 0) + 1;
            turn.set(worker, n);
            const withTeam = n % 2 === 0;
            const c = payloads.conversation();
            const t0 = performance.now();
            const res = await client.request('POST', '/api/v1/conversations', {
              subject: c.subject,
              customer: c.customer,
              message: c.message,
              tags: c.tags,
              priority: c.priority,
              ...(withTeam ? { teamId } : {}),
            });
            const ms = performance.now() - t0;
            if (res.status !== 201) throw new Error(`POST /api/v1/conversations → ${res.status} ${res.body.slice(0, 300)}`);
            if (t0 < measureFrom) return;
            if (withTeam) {
              routedLatencies.push(ms);
              if ((JSON.parse(res.body) as { assigneeId: string | null }).assigneeId === null) unassigned++;
            } else {
              plainLatencies.push(ms);
            }
          },
        });
        // runLoad measures both kinds together; each series keeps its own measured operations.
        routed = { ...all, count: routedLatencies.length, latencies: routedLatencies };
        plain = { ...all, count: plainLatencies.length, errors: 0, latencies: plainLatencies };
      } finally {
        client.close();
      }
    },
    result(rss, mode) {
      if (!routed || !plain) throw new Error('routing: not run');
      const r = latencySummary(routed.latencies);
      const b = latencySummary(plain.latencies);
      const added = (x: number | null, y: number | null) => (x === null || y === null ? null : round(x - y, 2));
      const addedP95Ms = added(r.p95Ms, b.p95Ms);
      return [
        {
          scenario: 'routing',
          database: ctx.target.kind,
          scale: ctx.scale,
          throughput: round(routed.count / routed.seconds, 1),
          baseline: round(plain.count / plain.seconds, 1),
          // Median speed of a routed create relative to the unrouted one (1 = routing costs nothing).
          ratio: r.p50Ms && b.p50Ms ? round(b.p50Ms / r.p50Ms, 3) : null,
          ...r,
          rssMb: rss,
          count: routed.count,
          errors: routed.errors,
          ...(routed.firstError ? { firstError: routed.firstError } : {}),
          agents: ROUTING_AGENTS,
          preassignedOpenConversations: preassigned,
          unassigned,
          baselineP50Ms: b.p50Ms,
          baselineP95Ms: b.p95Ms,
          baselineP99Ms: b.p99Ms,
          addedP50Ms: added(r.p50Ms, b.p50Ms),
          addedP95Ms,
          addedP99Ms: added(r.p99Ms, b.p99Ms),
          targetMet: addedP95Ms === null ? null : addedP95Ms < 5,
          concurrency: ctx.routingConcurrency,
          durationS: ctx.durationS,
          synchronousCommit,
          server: mode,
        },
      ];
    },
  };
}
