import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import { freshProcessStorage, TEST_DB } from '../helpers/harness.js';
import { json, runCli, startServerProcess } from '../helpers/server-process.js';

const ADMIN = { SERVISTO_ADMIN_EMAIL: 'owner@example.test' };

test('start serves /healthz, keeps data across a restart, stops cleanly on SIGTERM, and generates the admin password once', async () => {
  const storage = await freshProcessStorage();
  try {
    const first = await startServerProcess({ ...storage.env, ...ADMIN, SERVISTO_ADMIN_PASSWORD: '' });
    const generated = /Generated admin password \(shown once, store it now\): (\S+)/.exec(first.output());
    assert.ok(generated, `the generated password is printed:\n${first.output()}`);
    const password = generated[1]!;

    const health = await json<{ status: string; database: string; version: string }>(`${first.url}/healthz`);
    assert.equal(health.status, 200);
    assert.equal(health.body.status, 'ok');
    assert.equal(health.body.database, TEST_DB);
    assert.match(health.body.version, /^\d+\.\d+\.\d+/);

    const login = await json<{ token: string }>(`${first.url}/api/v1/auth/login`, {
      method: 'POST',
      body: JSON.stringify({ email: 'owner@example.test', password }),
    });
    assert.equal(login.status, 200);
    const created = await json<{ id: string; number: number }>(`${first.url}/api/v1/conversations`, {
      method: 'POST',
      token: login.body.token,
      body: JSON.stringify({ subject: 'Survives restarts', customer: { email: 'c@example.test' }, message: { body: 'Please keep me.' } }),
    });
    assert.equal(created.status, 201);

    first.child.kill('SIGTERM');
    assert.equal(await first.exited, 0, `exit code 0 after SIGTERM:\n${first.output()}`);
    if (TEST_DB === 'pglite') assert.equal(existsSync(path.join(storage.dataDir, 'servisto.lock')), false, 'the data-dir lock is released');

    const second = await startServerProcess({ ...storage.env, ...ADMIN, SERVISTO_ADMIN_PASSWORD: '' });
    try {
      assert.doesNotMatch(second.output(), /Generated admin password/, 'no second account or password on restart');
      const relogin = await json<{ token: string }>(`${second.url}/api/v1/auth/login`, {
        method: 'POST',
        body: JSON.stringify({ email: 'owner@example.test', password }),
      });
      assert.equal(relogin.status, 200, 'the same admin password still works');
      const again = await json<{ subject: string; messages: Array<{ body: string }> }>(`${second.url}/api/v1/conversations/${created.body.id}`, {
        token: relogin.body.token,
      });
      assert.equal(again.status, 200);
      assert.equal(again.body.subject, 'Survives restarts');
      assert.equal(again.body.messages[0]!.body, 'Please keep me.');
      const health2 = await json<{ database: string }>(`${second.url}/healthz`);
      assert.equal(health2.body.database, TEST_DB);

      if (TEST_DB === 'pglite') {
        // The embedded database belongs to one process: a CLI command on the same data dir refuses with exit 2.
        const eml = path.join(storage.dataDir, 'one.eml');
        await writeFile(eml, 'From: a@example.test\r\nTo: help@example.test\r\nSubject: hi\r\n\r\nhello\r\n');
        const ingest = runCli(['ingest', '--json', eml], { ...storage.env });
        assert.equal(await ingest.exited, 2);
        assert.match(ingest.output(), /in use by a running Servisto process/);
        const migrate = runCli(['migrate'], { ...storage.env });
        assert.equal(await migrate.exited, 2);
      }
    } finally {
      second.child.kill('SIGINT');
      assert.equal(await second.exited, 0, `exit code 0 after SIGINT:\n${second.output()}`);
    }
  } finally {
    await storage.drop();
  }
});

test('bad configuration is refused with a clear message and exit code 2', async () => {
  const run = runCli(['start'], { PORT: 'not-a-port', SERVISTO_DATA_DIR: '/tmp/never-used-servisto' });
  assert.equal(await run.exited, 2);
  assert.match(run.output(), /PORT must be an integer/);
  const unknown = runCli(['frobnicate'], {});
  assert.equal(await unknown.exited, 2);
  assert.match(unknown.output(), /Unknown command "frobnicate"/);
});
