import { SUPPORT_EMAIL } from '../generate.js';
import { databaseSettings, rawInsertBaseline, sampleCustomers, type Context, type ScenarioPlan } from '../lib/common.js';
import { PayloadFactory, type KnownCustomer } from '../lib/payloads.js';
import { SmtpConnection } from '../lib/smtp-client.js';
import { latencySummary, round, runLoad, type LoadResult } from '../lib/stats.js';
import type { Language } from '../../src/server/db/schema.js';

interface Sent {
  messageId: string;
  subject: string;
  from: { email: string; name: string };
  language: Language;
}

/**
 * `smtp`: mails through the SMTP ingress end to end — MAIL FROM to the 250 the server sends after the commit —
 * from `smtpConcurrency` persistent connections. Three in four open a new conversation (which also writes the
 * acknowledgement and queues its delivery), one in four replies to an earlier mail of the run (threaded by
 * In-Reply-To). Baseline: raw single-row INSERTs of the raw mail at the same concurrency.
 */
export function smtpScenario(ctx: Context): ScenarioPlan {
  const accountId = ctx.target.meta.mainAccountId;
  const concurrency = ctx.smtpConcurrency;
  let known: KnownCustomer[] = [];
  let synchronousCommit = 'unknown';
  let base: LoadResult | undefined;
  let load: LoadResult | undefined;
  let replies = 0;

  return {
    smtp: true,
    async direct() {
      const h = await ctx.target.open();
      try {
        known = await sampleCustomers(h.db, accountId, 2000);
        synchronousCommit = (await databaseSettings(h.db)).synchronousCommit;
      } finally {
        await h.close();
      }
      ctx.log(`smtp: raw INSERT baseline, ${concurrency} connections, ${ctx.durationS} s…`);
      const mails = new PayloadFactory(ctx.seed + 3, known);
      base = await rawInsertBaseline(ctx, 'smtp', concurrency, () => [mails.mail(SUPPORT_EMAIL).raw]);
    },
    async load(server) {
      if (!server.smtpPort) throw new Error('the server did not start its SMTP ingress');
      const port = server.smtpPort;
      ctx.log(`smtp: mails to ${SUPPORT_EMAIL}, ${concurrency} connections, ${ctx.durationS} s…`);
      const mails = new PayloadFactory(ctx.seed + 2, known);
      const accepted: Sent[] = [];
      const connections: Array<SmtpConnection | undefined> = [];
      try {
        load = await runLoad({
          concurrency,
          durationS: ctx.durationS,
          warmupS: ctx.warmupS,
          op: async (w) => {
            let c = connections[w];
            if (!c) {
              c = await SmtpConnection.open('127.0.0.1', port);
              connections[w] = c;
            }
            const replyTo =
              accepted.length > 10 && Math.random() < 0.25 ? accepted[accepted.length - 1 - Math.floor(Math.random() * Math.min(200, accepted.length))] : undefined;
            const mail = mails.mail(SUPPORT_EMAIL, replyTo);
            let reply: { code: number; text: string };
            try {
              reply = await c.send(mail.from.email, SUPPORT_EMAIL, mail.raw);
            } catch (error) {
              connections[w] = undefined;
              throw error;
            }
            if (reply.code !== 250) throw new Error(`SMTP ${reply.code}: ${reply.text.slice(0, 300)}`);
            if (replyTo) replies++;
            else accepted.push({ messageId: mail.messageId, subject: mail.subject, from: mail.from, language: mail.language });
          },
        });
      } finally {
        await Promise.all(connections.map((c) => c?.close()));
      }
    },
    result(rss, mode) {
      if (!base || !load) throw new Error('smtp: not run');
      const throughput = load.count / load.seconds;
      const baseline = base.count / base.seconds;
      const baseLat = latencySummary(base.latencies);
      return [
        {
          scenario: 'smtp',
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
          replies,
          concurrency,
          durationS: ctx.durationS,
          baselineP50Ms: baseLat.p50Ms,
          baselineP99Ms: baseLat.p99Ms,
          synchronousCommit,
          server: mode,
        },
      ];
    },
  };
}
