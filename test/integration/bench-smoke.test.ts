import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { TEST_DB, TEST_PG_URL } from '../helpers/harness.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The benchmark harness (bench/run.ts) at a tiny scale: every scenario runs and prints well-formed JSON lines.
 * Correctness only — the figures depend on the machine and are never asserted as timings.
 */
// On PostgreSQL only (the bench's default database): on PGlite the same smoke costs over a minute of the 15-minute
// npm test budget; `npm run bench -- all --db pglite` is checked by hand (docs/PERFORMANCE.md).
test(`npm run bench -- all runs every scenario at a tiny scale (${TEST_DB})`, { timeout: 240_000, skip: TEST_DB === 'pglite' ? 'PostgreSQL only, for the test time budget' : false }, async () => {
  const name = `servisto_bench_smoke_${randomBytes(4).toString('hex')}`;
  const workDir = mkdtempSync(path.join(tmpdir(), 'servisto-bench-smoke-'));
  const out = path.join(workDir, 'latest.json');
  try {
    const args = [
      '--import', 'tsx', path.join(ROOT, 'bench/run.ts'), 'all',
      '--scale', '200', '--duration', '1', '--one-server', '--no-progress', '--cleanup',
      '--db', TEST_DB, '--database-url', TEST_PG_URL, '--name', name, '--work-dir', workDir, '--out', out,
      '--concurrency', '4', '--smtp-concurrency', '2',
    ];
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, DATABASE_URL: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 0, `bench exits 0:\n${stderr.slice(-6000)}`);

    const lines = stdout
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const kinds = lines.map((l) => (l.query ? `${String(l.scenario)}:${String(l.query)}` : String(l.scenario)));
    for (const expected of [
      'read:inbox_first', 'read:inbox_page10', 'read:open_conversation', 'read:customer_timeline', 'read:search_common',
      'read:search_rare', 'read:report_30d', 'read:report_summary', 'create', 'smtp', 'ws',
    ]) {
      assert.ok(kinds.includes(expected), `a result line for ${expected} (got ${kinds.join(', ')})`);
    }
    for (const line of lines) {
      const label = line.query ? `${String(line.scenario)}:${String(line.query)}` : String(line.scenario);
      for (const field of ['scenario', 'database', 'scale', 'throughput', 'baseline', 'ratio', 'p50Ms', 'p95Ms', 'p99Ms', 'rssMb']) {
        assert.ok(field in line, `${label} has ${field}`);
      }
      assert.equal(line.database, TEST_DB, `${label}: database`);
      assert.equal(line.scale, 200, `${label}: scale`);
      assert.equal(typeof line.throughput, 'number', `${label}: throughput is a number`);
      assert.ok((line.throughput as number) > 0, `${label}: throughput > 0`);
      assert.equal(line.errors, 0, `${label}: no failed requests (${String(line.firstError ?? '')})`);
      if (line.scenario === 'read') assert.equal(typeof line.query, 'string');
      if (line.scenario === 'create' || line.scenario === 'smtp') {
        assert.ok((line.baseline as number) > 0, `${label}: a raw-INSERT baseline`);
        assert.equal(typeof line.ratio, 'number');
      }
      if (line.scenario !== 'read' || line.query !== 'report_30d') {
        const rss = line.rssMb as { idle: number; peak: number };
        assert.ok(rss.idle > 0 && rss.peak >= rss.idle, `${label}: server RSS idle and peak`);
      }
      if (line.scenario === 'ws') assert.ok((line.events as number) > 0, 'ws: events reached the agents');
    }

    const report = JSON.parse(readFileSync(out, 'utf8')) as { results: unknown[]; targets: Array<{ target: string }>; machine: { nproc: number } };
    assert.equal(report.results.length, lines.length, 'the JSON file holds every result line');
    assert.ok(report.targets.length > 0 && report.machine.nproc > 0);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
    if (TEST_DB === 'postgres') {
      // --cleanup drops them; this is for a run that failed half-way.
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name}_200 WITH (FORCE)`);
      await c.query(`DROP DATABASE IF EXISTS ${name}_200_gen WITH (FORCE)`);
      await c.end();
    }
  }
});
