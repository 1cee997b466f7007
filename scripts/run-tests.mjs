#!/usr/bin/env node
// `npm test`: typecheck (server and web app), unit tests once (src/ with node:test, the web app's in src/web/ with vitest), then the whole integration suite
// against embedded PGlite and against a real PostgreSQL server (SERVISTO_TEST_DATABASE_URL, default
// postgres://postgres:postgres@127.0.0.1:5432/postgres), then the end-to-end tests in Chromium (test/e2e, once; they
// need the built web app in dist/web, which `npm ci` builds). A missing PostgreSQL is a failure, not a skip.
// Ends with one line "N passed, N failed".
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

function find(dir, out = []) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) find(full, out);
    else if (name.endsWith('.test.ts')) out.push(path.relative(root, full));
  }
  return out.sort();
}

const only = process.argv.slice(2); // optional filter: substrings of file paths
const pick = (files) => (only.length ? files.filter((f) => only.some((o) => f.includes(o))) : files);

function run(label, files, env, concurrency = process.env.TEST_CONCURRENCY ?? 2) {
  return new Promise((resolve) => {
    if (files.length === 0) return resolve({ label, pass: 0, fail: 0, code: 0 });
    process.stdout.write(`\n=== ${label}: ${files.length} file(s) ===\n`);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--test', '--test-reporter=spec', `--test-concurrency=${concurrency}`, ...files],
      { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let pass = 0;
    let fail = 0;
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const p = /^ℹ pass (\d+)/.exec(line);
        const f = /^ℹ fail (\d+)/.exec(line);
        if (p) pass += Number(p[1]);
        if (f) fail += Number(f[1]);
      }
    });
    child.on('close', (code) => resolve({ label, pass, fail: fail || (code === 0 ? 0 : Math.max(fail, 1)), code: code ?? 1 }));
  });
}

async function postgresReachable(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch (error) {
    process.stderr.write(`PostgreSQL at ${url.replace(/:[^:@/]+@/, ':***@')} is not reachable: ${error.message}\n`);
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const pgUrl = process.env.SERVISTO_TEST_DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';
const webDir = path.join(root, 'src/web');
const all = find(path.join(root, 'src'));
const unit = pick(all.filter((f) => !f.startsWith('src/web/')));
const webUnit = pick(all.filter((f) => f.startsWith('src/web/')));
const integration = pick(find(path.join(root, 'test/integration')));
const e2e = pick(find(path.join(root, 'test/e2e')));

function tsc(project) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', project, '--noEmit'], { cwd: root, stdio: 'inherit' });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

/** The web app's unit tests run in vitest (its Vite config, as the app is built); counts come from its JSON report. */
function runVitest(files) {
  return new Promise((resolve) => {
    if (files.length === 0) return resolve({ label: 'web unit', pass: 0, fail: 0, code: 0 });
    process.stdout.write(`\n=== web unit (vitest): ${files.length} file(s) ===\n`);
    const report = path.join(mkdtempSync(path.join(tmpdir(), 'servisto-vitest-')), 'report.json');
    const child = spawn(
      process.execPath,
      [path.join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--config', path.join(webDir, 'vite.config.ts'),
        '--reporter=default', '--reporter=json', `--outputFile=${report}`, ...files.map((f) => path.join(root, f))],
      { cwd: root, stdio: 'inherit' },
    );
    child.on('close', (code) => {
      let pass = 0;
      let fail = 0;
      try {
        const r = JSON.parse(readFileSync(report, 'utf8'));
        pass = r.numPassedTests;
        fail = r.numFailedTests;
      } catch {
        fail = 1;
      }
      rmSync(path.dirname(report), { recursive: true, force: true });
      resolve({ label: 'web unit', pass, fail: fail || (code === 0 ? 0 : 1), code: code ?? 1 });
    });
  });
}

/** The server, tests and scripts with the server's settings; the web app with its own (DOM, JSX, bundler). */
async function typecheck() {
  process.stdout.write('\n=== typecheck (src, test; web) ===\n');
  const codes = [await tsc('tsconfig.test.json'), await tsc('src/web/tsconfig.json')];
  const failed = codes.filter((c) => c !== 0).length;
  return { label: 'typecheck', pass: codes.length - failed, fail: failed, code: failed ? 1 : 0 };
}

const results = [];
if (only.length === 0) results.push(await typecheck());
results.push(await run('unit', unit, {}));
results.push(await runVitest(webUnit));
results.push(await run('integration on PGlite', integration, { SERVISTO_TEST_DB: 'pglite' }));
if (integration.length > 0) {
  if (await postgresReachable(pgUrl)) {
    // Three files at a time: these tests mostly wait on the server process, so a third overlaps without starving the others.
    results.push(await run('integration on PostgreSQL', integration, { SERVISTO_TEST_DB: 'postgres', SERVISTO_TEST_DATABASE_URL: pgUrl }, process.env.TEST_CONCURRENCY ?? 3));
  } else {
    results.push({ label: 'integration on PostgreSQL', pass: 0, fail: 1, code: 1 });
  }
}
// Three browser files at a time: each spends most of its first 15 s waiting for its own server to initialise PGlite.
results.push(await run('end-to-end', e2e, { SERVISTO_TEST_DB: 'pglite' }, process.env.TEST_CONCURRENCY ?? 3));

process.stdout.write('\n');
for (const r of results) process.stdout.write(`${r.label}: ${r.pass} passed, ${r.fail} failed\n`);
const pass = results.reduce((n, r) => n + r.pass, 0);
const fail = results.reduce((n, r) => n + r.fail, 0);
const failed = results.some((r) => r.code !== 0) || fail > 0;
process.stdout.write(`${pass} passed, ${fail} failed\n`);
process.exit(failed ? 1 : 0);
