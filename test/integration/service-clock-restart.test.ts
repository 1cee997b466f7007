import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshProcessStorage } from '../helpers/harness.js';
import { json, startServerProcess } from '../helpers/server-process.js';

const PASSWORD = 'restart-test-password';
const ENV = { SERVISTO_ADMIN_EMAIL: 'restart@example.test', SERVISTO_ADMIN_PASSWORD: PASSWORD, SMTP_PORT: '0' };

async function login(url: string): Promise<string> {
  const res = await json<{ token: string }>(`${url}/api/v1/auth/login`, { method: 'POST', body: JSON.stringify({ email: 'restart@example.test', password: PASSWORD }) });
  assert.equal(res.status, 200);
  return res.body.token;
}

// The same runner acts on SLA instants (service-clock.test.ts); a promise keeps this test to seconds, where an SLA
// target (whole minutes) would cost one.
test('a promise whose timers are pending across a restart fires once, after it', async () => {
  const storage = await freshProcessStorage();
  try {
    const first = await startServerProcess({ ...storage.env, ...ENV });
    const token = await login(first.url);
    const created = await json<{ id: string }>(`${first.url}/api/v1/conversations`, {
      method: 'POST',
      token,
      body: JSON.stringify({ subject: 'Restart', customer: { email: 'r@example.test' }, message: { body: 'Will you still call me back?' } }),
    });
    assert.equal(created.status, 201);
    const id = created.body.id;
    const dueAt = new Date(Date.now() + 4_000).toISOString();
    const promise = await json<{ id: string }>(`${first.url}/api/v1/conversations/${id}/promises`, {
      method: 'POST',
      token,
      body: JSON.stringify({ description: 'Call back', dueAt }),
    });
    assert.equal(promise.status, 201);
    // Stop before anything is due: the timers exist only as rows and queued jobs now.
    first.child.kill('SIGTERM');
    assert.equal(await first.exited, 0);

    const second = await startServerProcess({ ...storage.env, ...ENV });
    try {
      const token2 = await login(second.url);
      // The promise is due 4 s after it was made; its wake-up jobs (reminder, notice, due) poll every 2 s.
      const deadline = Date.now() + 60_000;
      let promiseStatus = '';
      while (Date.now() < deadline && promiseStatus !== 'missed') {
        await new Promise((r) => setTimeout(r, 500));
        const list = await json<{ items: Array<{ id: string; status: string }> }>(`${second.url}/api/v1/conversations/${id}/promises`, { token: token2 });
        promiseStatus = list.body.items.find((p) => p.id === promise.body.id)?.status ?? '';
      }
      assert.equal(promiseStatus, 'missed', 'the promise timer fired after the restart');
      // Give the duplicate wake-ups (one per instant) the chance to act twice.
      await new Promise((r) => setTimeout(r, 3000));
      const log = await json<{ items: Array<{ type: string }> }>(`${second.url}/api/v1/conversations/${id}/events`, { token: token2 });
      assert.equal(log.body.items.filter((e) => e.type === 'promise.missed').length, 1, 'missed once');
      assert.equal(log.body.items.filter((e) => e.type === 'promise.escalated').length, 1, 'escalated once');
      assert.ok(log.body.items.filter((e) => e.type === 'promise.reminder').length <= 1, 'reminded at most once');
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  } finally {
    await storage.drop();
  }
});
