import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ConfigError, loadConfig } from './config.js';

test('defaults follow the contract: port 3000 on 127.0.0.1, SMTP 2525, ./data, embedded database', () => {
  const c = loadConfig({});
  assert.equal(c.port, 3000);
  assert.equal(c.host, '127.0.0.1');
  assert.equal(c.smtpPort, 2525);
  assert.equal(c.dataDir, path.resolve('./data'));
  assert.equal(c.databaseUrl, undefined);
  assert.equal(c.demo, false);
});

test('DATABASE_URL switches to PostgreSQL; SMTP_PORT=0 disables SMTP; SERVISTO_DEMO=1 loads demo data', () => {
  const c = loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/servisto', SMTP_PORT: '0', SERVISTO_DEMO: '1', PORT: '8080' });
  assert.equal(c.databaseUrl, 'postgres://u:p@db:5432/servisto');
  assert.equal(c.smtpPort, 0);
  assert.equal(c.demo, true);
  assert.equal(c.port, 8080);
});

test('bad values are refused with a message naming the variable', () => {
  assert.throws(() => loadConfig({ PORT: '70000' }), (e: unknown) => e instanceof ConfigError && /PORT/.test(e.message));
  assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://x' }), (e: unknown) => e instanceof ConfigError && /DATABASE_URL/.test(e.message));
  assert.throws(() => loadConfig({ SERVISTO_ADMIN_PASSWORD: 'short' }), (e: unknown) => e instanceof ConfigError && /at least 8/.test(e.message));
  assert.throws(() => loadConfig({ SERVISTO_ADMIN_EMAIL: 'not-an-email' }), ConfigError);
});
