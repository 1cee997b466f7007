/**
 * npm run bench -- <create|smtp|read|ws|routing|all|generate|explain|coach> [options]
 *
 * Prints one JSON line per result on stdout and a table on stderr; `all` also writes bench/results/latest.json.
 * See docs/PERFORMANCE.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { prepareTarget, type PreparedTarget } from './lib/target.js';
import { databaseSettings, measureRss, PgActivitySampler, withServer, type Context, type ResultLine, type ScenarioPlan } from './lib/common.js';
import { ROOT, serverCommand } from './lib/server.js';
import { table } from './lib/stats.js';
import { explainReads } from './lib/explain.js';
import { createScenario } from './scenarios/create.js';
import { smtpScenario } from './scenarios/smtp.js';
import { readScenario } from './scenarios/read.js';
import { wsScenario } from './scenarios/ws.js';
import { routingScenario } from './scenarios/routing.js';
import { coachTable, runCoachBench } from './scenarios/coach.js';

const USAGE = `Usage: npm run bench -- <scenario> [options]

Scenarios:
  create     conversations/s through POST /api/v1/conversations vs raw single-row INSERTs (same concurrency)
  smtp       mails/s through the SMTP ingress (250 after commit) vs raw single-row INSERTs
  read       p50/p95/p99 of inbox, open conversation, customer timeline, search, 30-day report
  ws         create → WebSocket event latency at agents, under create load
  routing    what routing adds to a create at 200 online agents (least load): p50/p95/p99 vs unrouted creates in the same run
  all        read, create, smtp, ws, routing; writes bench/results/latest.json
  coach      p50/p95/p99 of the reply coach on a 2,000-character draft per language vs a plain regex scan (no database)
  generate   only generate (or check) the data at --scale
  explain    EXPLAIN (ANALYZE, BUFFERS) of the read paths' queries (PostgreSQL), to stdout

Options:
  --scale N             conversations in the generated data (default 10000; ~5.2 messages each)
  --duration S          seconds of measured load per scenario (default 15; read: S/3 per query)
  --db postgres|pglite  database kind (default postgres)
  --database-url URL    PostgreSQL server to use (default $DATABASE_URL, else postgres://postgres:postgres@127.0.0.1:5432/postgres);
                        the bench creates its own databases <name>_<scale>_gen (generated, reused) and <name>_<scale> (per run)
  --concurrency N       HTTP clients for create/ws and their baseline connections (default 16)
  --smtp-concurrency N  SMTP connections and baseline connections (default 8)
  --routing-concurrency N  clients of the routing scenario (default 1: what routing adds, without queueing)
  --name PREFIX         database / folder name prefix (default servisto_bench)
  --work-dir DIR        PGlite data and server data dirs (default $TMPDIR/servisto-bench)
  --out FILE            where \`all\` writes its JSON (default bench/results/latest.json)
  --regenerate          generate again even if data at this scale exists
  --keep                keep this run's database copy afterwards
  --cleanup             drop the generated data too afterwards
  --no-progress         no progress bars
  --one-server          run every scenario's load against one server process (quicker; the smoke test uses it)
  --cpu-prof DIR        write a V8 CPU profile of each server process into DIR (summarise: node --import tsx bench/cpuprofile.ts FILE)
  --pg-sample           sample pg_stat_activity during each load and add the busiest statements (dbActive) to its lines
  --runs N              coach: reviews per language (default 500)
  --build               compile the server (npm run build → dist/) first, so the compiled server is measured;
                        without it dist/ is used when it is newer than src/, else the sources run through tsx
`;

type Scenario = 'create' | 'smtp' | 'read' | 'ws' | 'routing';
const SCENARIOS: Record<Scenario, (ctx: Context) => ScenarioPlan> = {
  read: readScenario,
  create: createScenario,
  smtp: smtpScenario,
  ws: wsScenario,
  routing: routingScenario,
};

function num(value: string | undefined, name: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number ≥ ${min}`);
  return n;
}

function humanTable(lines: ResultLine[]): string {
  return table(
    ['scenario', 'req/s', 'baseline/s', 'ratio', 'p50 ms', 'p95 ms', 'p99 ms', 'RSS start/idle/peak MB', 'errors'],
    lines.map((l) => [
      l.query ? `${l.scenario}:${l.query}` : l.scenario,
      l.throughput,
      l.baseline,
      l.ratio,
      l.p50Ms,
      l.p95Ms,
      l.p99Ms,
      l.rssMb ? `${l.rssMb.start}/${l.rssMb.idle}/${l.rssMb.peak}` : null,
      typeof l.errors === 'number' ? l.errors : null,
    ]),
  );
}

interface TargetCheck {
  target: string;
  value: number | null;
  met: boolean | null;
}

/** The issue's targets (defined at 200k conversations / 1M messages on 2 cores, PostgreSQL 15). */
export function evaluateTargets(lines: ResultLine[]): TargetCheck[] {
  const find = (scenario: string, query?: string) => lines.find((l) => l.scenario === scenario && (query === undefined || l.query === query));
  const check = (target: string, value: number | null | undefined, ok: (v: number) => boolean): TargetCheck => ({
    target,
    value: value ?? null,
    met: value === null || value === undefined ? null : ok(value),
  });
  const idle = lines.map((l) => l.rssMb?.idle).filter((v): v is number => typeof v === 'number');
  return [
    check('create ≥ 2,000 conversations/s', find('create')?.throughput, (v) => v >= 2000),
    check('create ratio ≥ 0.5 of the raw-INSERT baseline', find('create')?.ratio, (v) => v >= 0.5),
    check('smtp ≥ 500 mails/s', find('smtp')?.throughput, (v) => v >= 500),
    check('inbox list (first page) p95 < 30 ms', find('read', 'inbox_first')?.p95Ms, (v) => v < 30),
    check('inbox list (tenth page) p95 < 30 ms', find('read', 'inbox_page10')?.p95Ms, (v) => v < 30),
    check('open conversation p95 < 30 ms', find('read', 'open_conversation')?.p95Ms, (v) => v < 30),
    check('search (word in ~1% of messages) p95 < 100 ms', find('read', 'search_common')?.p95Ms, (v) => v < 100),
    check('search (rare word) p95 < 100 ms', find('read', 'search_rare')?.p95Ms, (v) => v < 100),
    check('30-day report p95 < 500 ms (GET /reports/summary)', find('read', 'report_summary')?.p95Ms, (v) => v < 500),
    check('30-day report p95 < 500 ms (the SQL query)', find('read', 'report_30d')?.p95Ms, (v) => v < 500),
    check('WebSocket delivery p99 < 100 ms', find('ws')?.p99Ms, (v) => v < 100),
    check('routing a new conversation at 200 agents adds < 5 ms at p95', find('routing')?.addedP95Ms as number | undefined, (v) => v < 5),
    check('server RSS at idle < 300 MB (worst scenario)', idle.length ? Math.max(...idle) : null, (v) => v < 300),
  ];
}

/** Which code was measured: the commit and the files changed on top of it (the server runs the working tree). */
function gitState(): { commit: string | null; changed: string[] } {
  const git = (args: string[]) => {
    const r = spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' });
    return r.status === 0 ? r.stdout.trimEnd() : null;
  };
  const changed = (git(['status', '--porcelain', '--', 'src', 'package.json']) ?? '')
    .split('\n')
    .filter(Boolean)
    .map((l) => l.slice(3));
  return { commit: git(['rev-parse', '--short', 'HEAD'])?.trim() ?? null, changed };
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      scale: { type: 'string' },
      duration: { type: 'string' },
      db: { type: 'string' },
      'database-url': { type: 'string' },
      concurrency: { type: 'string' },
      'smtp-concurrency': { type: 'string' },
      'routing-concurrency': { type: 'string' },
      name: { type: 'string' },
      'work-dir': { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string' },
      regenerate: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      cleanup: { type: 'boolean', default: false },
      'no-progress': { type: 'boolean', default: false },
      'one-server': { type: 'boolean', default: false },
      build: { type: 'boolean', default: false },
      'cpu-prof': { type: 'string' },
      'pg-sample': { type: 'boolean', default: false },
      runs: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const command = positionals[0];
  if (values.help || !command) {
    process.stderr.write(USAGE);
    return command || values.help ? 0 : 2;
  }
  const valid = ['create', 'smtp', 'read', 'ws', 'routing', 'all', 'generate', 'explain', 'coach'];
  if (!valid.includes(command)) {
    process.stderr.write(`Unknown scenario "${command}"\n\n${USAGE}`);
    return 2;
  }
  if (command === 'coach') {
    // Pure CPU in this process: no database, no server.
    const lines = runCoachBench(Math.max(10, Math.round(num(values.runs, 'runs', 500, 10) / 10) * 10), (line) => process.stderr.write(`${line}\n`));
    for (const l of lines) process.stdout.write(`${JSON.stringify(l)}\n`);
    process.stderr.write(`\n${coachTable(lines)}\n\n`);
    return 0;
  }
  const kind = (values.db ?? 'postgres') as 'postgres' | 'pglite';
  if (kind !== 'postgres' && kind !== 'pglite') throw new Error('--db must be postgres or pglite');
  const scale = Math.round(num(values.scale, 'scale', 10_000, 10));
  const durationS = num(values.duration, 'duration', 15, 1);
  const serverUrl = values['database-url'] ?? (process.env.DATABASE_URL || 'postgres://postgres:postgres@127.0.0.1:5432/postgres');
  const name = values.name ?? 'servisto_bench';
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error('--name must be a lower-case SQL identifier');
  const started = Date.now();
  const log = (line: string) => process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}\n`);
  const loadStart = os.loadavg();

  if (values.build && command !== 'generate' && command !== 'explain') {
    log('compiling the server (tsc -p tsconfig.json)…');
    const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) log(`the build failed; the server runs from source through tsx:\n${(r.stdout + r.stderr).slice(-2000)}`);
  }
  if (command !== 'generate' && command !== 'explain') {
    const { mode } = serverCommand();
    log(mode === 'dist' ? 'server: compiled (dist/)' : 'server: from source through tsx (dist/ missing or older than src/; --build compiles it)');
  }

  const target: PreparedTarget = await prepareTarget({
    kind,
    scale,
    serverUrl,
    workDir: values['work-dir'] ?? path.join(os.tmpdir(), 'servisto-bench'),
    name,
    regenerate: values.regenerate,
    copy: command !== 'generate',
    progress: !values['no-progress'],
    log,
  });
  let failed = false;
  try {
    if (command === 'generate') {
      process.stdout.write(`${JSON.stringify({ scale, database: kind, reused: target.reused, generationSeconds: target.generationSeconds, meta: target.meta })}\n`);
      return 0;
    }
    if (command === 'explain') {
      if (!target.databaseUrl) throw new Error('explain needs --db postgres');
      process.stdout.write(`${await explainReads(target.databaseUrl, target.meta)}\n`);
      return 0;
    }

    let settings = { synchronousCommit: 'unknown', fsync: 'unknown', version: 'unknown', sharedBuffers: 'unknown' };
    {
      const h = await target.open();
      try {
        const s = await databaseSettings(h.db);
        const sb = await h.db.selectNoFrom((eb) => eb.fn<string>('current_setting', [eb.val('shared_buffers')]).as('v')).executeTakeFirst();
        settings = { ...s, sharedBuffers: sb?.v ?? 'unknown' };
      } finally {
        await h.close();
      }
    }
    if (kind === 'postgres' && settings.synchronousCommit !== 'on') log(`WARNING: synchronous_commit is ${settings.synchronousCommit}, not on: commits are not durable`);

    const ctx: Context = {
      target,
      scale,
      durationS,
      warmupS: Math.min(2, durationS * 0.2),
      concurrency: Math.round(num(values.concurrency, 'concurrency', 16, 1)),
      smtpConcurrency: Math.round(num(values['smtp-concurrency'], 'smtp-concurrency', 8, 1)),
      routingConcurrency: Math.round(num(values['routing-concurrency'], 'routing-concurrency', 1, 1)),
      log,
      seed: values.seed ? Number(values.seed) : 7,
      ...(values['cpu-prof'] ? { serverNodeArgs: ['--cpu-prof', `--cpu-prof-dir=${path.resolve(values['cpu-prof'])}`] } : {}),
    };
    const scenarios = command === 'all' ? (Object.keys(SCENARIOS) as Scenario[]) : [command as Scenario];
    const all: ResultLine[] = [];
    const errors: Array<{ scenario: string; error: string }> = [];
    const failure = (s: string, error: unknown) => {
      failed = true;
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      errors.push({ scenario: s, error: message.slice(0, 4000) });
      log(`scenario ${s} failed: ${message}`);
    };
    const report = (lines: ResultLine[]) => {
      for (const l of lines) process.stdout.write(`${JSON.stringify(l)}\n`);
      process.stderr.write(`\n${humanTable(lines)}\n\n`);
      all.push(...lines);
    };
    // The load of one scenario, with the database sampled when asked.
    const runLoadOf = async (plan: ScenarioPlan, server: Parameters<ScenarioPlan['load']>[0]) => {
      const sampler = values['pg-sample'] && target.databaseUrl ? await new PgActivitySampler(target.databaseUrl).start() : undefined;
      const { rss } = await measureRss(ctx, server, () => plan.load(server));
      const dbActive = await sampler?.stop();
      const lines = plan.result(rss, server.mode);
      if (dbActive) {
        for (const l of lines) if (l.rssMb) l.dbActive = dbActive;
        process.stderr.write(`busiest statements (average active backends):\n${dbActive.map((d) => `  ${d.activeAvg.toFixed(2)}  ${d.query}`).join('\n')}\n`);
      }
      return lines;
    };
    if (values['one-server']) {
      // Every scenario's direct part first (PGlite allows one process at a time), then all loads on one server.
      const plans: Array<[Scenario, ScenarioPlan]> = [];
      for (const s of scenarios) {
        const plan = SCENARIOS[s](ctx);
        try {
          await plan.direct();
          plans.push([s, plan]);
        } catch (error) {
          failure(s, error);
        }
      }
      if (plans.length > 0) {
        try {
          await withServer(ctx, plans.some(([, p]) => p.smtp), async (server) => {
            for (const [s, plan] of plans) {
              try {
                report(await runLoadOf(plan, server));
              } catch (error) {
                failure(s, error);
              }
            }
          });
        } catch (error) {
          failure('server', error);
        }
      }
    } else {
      for (const s of scenarios) {
        try {
          const plan = SCENARIOS[s](ctx);
          await plan.direct();
          report(
            await withServer(ctx, plan.smtp, (server) => runLoadOf(plan, server)),
          );
        } catch (error) {
          failure(s, error);
        }
      }
    }

    const targets = evaluateTargets(all);
    if (command === 'all') {
      process.stderr.write(`\n=== ${kind}, scale ${scale} (${target.meta.counts.conversations} conversations, ${target.meta.counts.messages} messages) ===\n`);
      process.stderr.write(`${humanTable(all)}\n\n`);
      process.stderr.write(`${table(['target', 'value', 'met'], targets.map((t) => [t.target, t.value, t.met === null ? 'n/a' : t.met ? 'yes' : 'NO']))}\n`);
      const outFile = values.out ?? path.join(ROOT, 'bench/results/latest.json');
      mkdirSync(path.dirname(outFile), { recursive: true });
      const cpus = os.cpus();
      const report = {
        command: `npm run bench -- ${process.argv.slice(2).join(' ')}`,
        startedAt: new Date(started).toISOString(),
        finishedAt: new Date().toISOString(),
        totalSeconds: Math.round((Date.now() - started) / 100) / 10,
        machine: {
          nproc: cpus.length,
          cpu: cpus[0]?.model ?? 'unknown',
          memoryMb: Math.round(os.totalmem() / 1048576),
          loadAverageAtStart: loadStart.map((v) => Math.round(v * 100) / 100),
          loadAverageAtEnd: os.loadavg().map((v) => Math.round(v * 100) / 100),
          node: process.version,
          platform: `${os.type()} ${os.release()}`,
        },
        database: { kind, ...settings },
        code: gitState(),
        scale,
        data: {
          reused: target.reused,
          generationSeconds: Math.round(target.generationSeconds * 10) / 10,
          copySeconds: Math.round(target.copySeconds * 10) / 10,
          generatedAt: target.meta.generatedAt,
          counts: target.meta.counts,
        },
        settings: { durationS, warmupS: ctx.warmupS, concurrency: ctx.concurrency, smtpConcurrency: ctx.smtpConcurrency, routingConcurrency: ctx.routingConcurrency, oneServer: values['one-server'] },
        results: all,
        targets,
        errors,
      };
      writeFileSync(outFile, `${JSON.stringify(report, null, 2)}\n`);
      log(`wrote ${path.relative(process.cwd(), outFile) || outFile} (${report.totalSeconds} s in total)`);
    }
  } finally {
    if (!values.keep || values.cleanup) await target.drop(values.cleanup).catch((e: unknown) => log(`cleanup failed: ${String(e)}`));
  }
  return failed ? 1 : 0;
}

const stop = () => process.exit(130);
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
