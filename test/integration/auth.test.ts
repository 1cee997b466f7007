import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, TEST_PASSWORD, uniqueEmail, type TestAccount, type TestApp } from '../helpers/harness.js';

/** Every 4xx/5xx carries {"error":{"code","message","details?"}} and nothing else at the top level. */
function assertErrorShape(res: LightMyRequestResponse, status: number, code?: string): { code: string; message: string; details?: unknown } {
  assert.equal(res.statusCode, status, `expected ${status}, got ${res.statusCode}: ${res.body}`);
  const body = res.json() as { error?: { code?: unknown; message?: unknown } };
  assert.deepEqual(Object.keys(body), ['error']);
  assert.ok(body.error, 'error object present');
  assert.equal(typeof body.error.code, 'string');
  assert.equal(typeof body.error.message, 'string');
  assert.ok((body.error.message as string).length > 0);
  if (code) assert.equal(body.error.code, code);
  return body.error as { code: string; message: string; details?: unknown };
}

function fieldsOf(error: { details?: unknown }): string[] {
  const details = error.details as { fields?: { field: string }[]; field?: string } | undefined;
  return [...(details?.fields?.map((f) => f.field) ?? []), ...(details?.field ? [details.field] : [])];
}

describe('authentication and roles', () => {
  let t: TestApp;

  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
  });

  async function createUser(acc: TestAccount, role: 'admin' | 'supervisor' | 'agent', password = 'agent password 123') {
    const email = uniqueEmail(role);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: acc.auth,
      payload: { email, name: `A ${role}`, role, password },
    });
    assert.equal(res.statusCode, 201, res.body);
    const user = res.json() as { id: string; email: string; role: string };
    return { ...user, password, auth: { authorization: `Bearer ${await t.login(email, password)}` } };
  }

  test('login returns a token and the user, without any password or hash field', async () => {
    const acc = await t.newAccount();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: acc.adminEmail, password: TEST_PASSWORD },
    });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as { token: string; user: Record<string, unknown> };
    assert.equal(typeof body.token, 'string');
    assert.ok(body.token.length >= 32);
    assert.equal(body.user.id, acc.adminId);
    assert.equal(body.user.accountId, acc.accountId);
    assert.equal(body.user.email, acc.adminEmail);
    assert.equal(body.user.role, 'admin');
    const leaked = Object.keys(body.user).filter((k) => /password|hash/i.test(k));
    assert.deepEqual(leaked, []);
    assert.ok(!res.body.includes('$argon2'), 'no password hash anywhere in the response');
  });

  test('login is case-insensitive on the email', async () => {
    const acc = await t.newAccount();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: acc.adminEmail.toUpperCase(), password: TEST_PASSWORD },
    });
    assert.equal(res.statusCode, 200, res.body);
  });

  test('a wrong password and an unknown email both give 401 with the same message', async () => {
    const acc = await t.newAccount();
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: acc.adminEmail, password: 'not the password' },
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: uniqueEmail('nobody'), password: 'not the password' },
    });
    const a = assertErrorShape(wrong, 401, 'unauthorized');
    const b = assertErrorShape(unknown, 401, 'unauthorized');
    assert.equal(a.message, b.message);
    assert.deepEqual(a, b);
    assert.equal(wrong.headers['content-type'], unknown.headers['content-type']);
  });

  test('GET /api/v1/me with a session token returns the logged-in user', async () => {
    const acc = await t.newAccount();
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: acc.auth });
    assert.equal(res.statusCode, 200, res.body);
    const me = res.json() as Record<string, unknown>;
    assert.equal(me.id, acc.adminId);
    assert.equal(me.email, acc.adminEmail);
    assert.equal(me.role, 'admin');
    assert.equal(me.accountId, acc.accountId);
    assert.deepEqual(Object.keys(me).filter((k) => /password|hash/i.test(k)), []);
  });

  test('GET /api/v1/me without a usable token is 401 with the error shape', async () => {
    const cases: Record<string, string | undefined>[] = [
      {},
      { authorization: '' },
      { authorization: 'Basic dXNlcjpwYXNz' },
      { authorization: 'Bearer' },
      { authorization: 'Bearer two tokens' },
      { authorization: 'sst_abcdefghijklmnopqrstuvwxyz' },
      { authorization: 'Bearer sst_garbage_garbage_garbage_garbage_garbage' },
      { authorization: `Bearer ${'x'.repeat(500)}` },
    ];
    for (const headers of cases) {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: headers as Record<string, string> });
      assertErrorShape(res, 401, 'unauthorized');
    }
  });

  test('a logged-out token no longer authenticates, other sessions stay valid', async () => {
    const acc = await t.newAccount();
    const second = await t.login(acc.adminEmail, TEST_PASSWORD);
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: acc.auth });
    assert.equal(out.statusCode, 204, out.body);
    const reused = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: acc.auth });
    assertErrorShape(reused, 401, 'unauthorized');
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: acc.auth });
    assertErrorShape(again, 401, 'unauthorized');
    const other = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${second}` } });
    assert.equal(other.statusCode, 200, other.body);
  });

  test('an agent cannot create users (403); an admin can (201) and the new user can log in', async () => {
    const acc = await t.newAccount();
    const agent = await createUser(acc, 'agent');
    assert.equal(agent.role, 'agent');

    const denied = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: agent.auth,
      payload: { email: uniqueEmail('x'), name: 'X', role: 'agent', password: 'whatever pass' },
    });
    assertErrorShape(denied, 403, 'forbidden');
    // An agent must not be able to escalate by creating an admin either.
    const escalate = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: agent.auth,
      payload: { email: uniqueEmail('x'), name: 'X', role: 'admin', password: 'whatever pass' },
    });
    assertErrorShape(escalate, 403, 'forbidden');

    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: agent.auth });
    assert.equal(me.statusCode, 200);
    assert.equal((me.json() as { id: string; role: string }).id, agent.id);
    assert.equal((me.json() as { role: string }).role, 'agent');

    const stored = await t.deps.db.selectFrom('users').select(['password_hash', 'account_id']).where('id', '=', agent.id).executeTakeFirstOrThrow();
    assert.equal(stored.account_id, acc.accountId);
    const hash = stored.password_hash ?? '';
    assert.ok(hash.startsWith('$argon2id$'), `stored hash: ${hash.slice(0, 12)}`);
    assert.ok(!hash.includes(agent.password));

    const badLogin = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: agent.email, password: 'nope nope nope' } });
    assertErrorShape(badLogin, 401, 'unauthorized');
  });

  test('a user created without a password cannot log in', async () => {
    const acc = await t.newAccount();
    const email = uniqueEmail('nopass');
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: acc.auth, payload: { email, name: 'No Pass', role: 'agent' } });
    assert.equal(res.statusCode, 201, res.body);
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: '' } });
    assertErrorShape(login, 400, 'validation_failed');
    const login2 = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: 'anything at all' } });
    assertErrorShape(login2, 401, 'unauthorized');
  });

  test("a user created without a UI language starts in the account's language; an explicit choice wins", async () => {
    const acc = await t.newAccount();
    await t.deps.db.updateTable('accounts').set({ default_language: 'sv' }).where('id', '=', acc.accountId).execute();
    const plain = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: acc.auth, payload: { email: uniqueEmail('sv'), name: 'Sven', role: 'agent' } });
    assert.equal(plain.statusCode, 201, plain.body);
    assert.equal((plain.json() as { uiLanguage: string }).uiLanguage, 'sv');
    const chosen = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: acc.auth,
      payload: { email: uniqueEmail('bg'), name: 'Boris', role: 'agent', uiLanguage: 'bg' },
    });
    assert.equal(chosen.statusCode, 201, chosen.body);
    assert.equal((chosen.json() as { uiLanguage: string }).uiLanguage, 'bg');
  });

  test('creating a user with an email that already exists is 409', async () => {
    const acc = await t.newAccount();
    const agent = await createUser(acc, 'agent');
    const dup = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: acc.auth,
      payload: { email: agent.email.toUpperCase(), name: 'Dup', role: 'agent', password: 'another pass 1' },
    });
    const error = assertErrorShape(dup, 409, 'conflict');
    assert.ok(fieldsOf(error).includes('email') || /email/i.test(error.message), JSON.stringify(error));
    // The first user's password is untouched by the failed attempt.
    await t.login(agent.email, agent.password);
  });

  test('an API token authenticates as api_token with the role it was issued with', async () => {
    const acc = await t.newAccount();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/api-tokens',
      headers: acc.auth,
      payload: { name: 'CRM sync', role: 'agent' },
    });
    assert.equal(res.statusCode, 201, res.body);
    const created = res.json() as { id: string; token: string; role: string; name: string };
    assert.equal(created.role, 'agent');
    assert.equal(created.name, 'CRM sync');
    const tokenAuth = { authorization: `Bearer ${created.token}` };

    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: tokenAuth });
    assert.equal(me.statusCode, 200, me.body);
    assert.deepEqual(me.json(), { type: 'api_token', id: created.id, accountId: acc.accountId, role: 'agent' });

    // Only a hash is stored.
    const rows = await t.deps.db.selectFrom('auth_tokens').select('token_hash').where('id', '=', created.id).execute();
    assert.equal(rows.length, 1);
    assert.notEqual(rows[0]!.token_hash, created.token);

    const denied = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: tokenAuth,
      payload: { email: uniqueEmail('x'), name: 'X', role: 'agent', password: 'whatever pass' },
    });
    assertErrorShape(denied, 403, 'forbidden');

    const mint = await t.app.inject({ method: 'POST', url: '/api/v1/api-tokens', headers: tokenAuth, payload: { name: 'escalate', role: 'admin' } });
    assertErrorShape(mint, 403, 'forbidden');

    // The agent-role token can still do agent work, in its own account.
    const conv = await t.app.inject({
      method: 'POST',
      url: '/api/v1/conversations',
      headers: tokenAuth,
      payload: { subject: 'From the integration', customer: { email: 'crm@example.test' }, message: { body: 'Synced ticket' } },
    });
    assert.equal(conv.statusCode, 201, conv.body);
    const admin = await t.app.inject({ method: 'GET', url: `/api/v1/conversations/${(conv.json() as { id: string }).id}`, headers: acc.auth });
    assert.equal(admin.statusCode, 200);
  });

  test('an admin-role API token can create users; agents cannot mint API tokens', async () => {
    const acc = await t.newAccount();
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/api-tokens', headers: acc.auth, payload: { name: 'provisioning', role: 'admin' } });
    assert.equal(res.statusCode, 201, res.body);
    const tokenAuth = { authorization: `Bearer ${(res.json() as { token: string }).token}` };
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: tokenAuth,
      payload: { email: uniqueEmail('prov'), name: 'Provisioned', role: 'agent' },
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal((created.json() as { accountId: string }).accountId, acc.accountId);

    const agent = await createUser(acc, 'agent');
    const mint = await t.app.inject({ method: 'POST', url: '/api/v1/api-tokens', headers: agent.auth, payload: { name: 'mine', role: 'agent' } });
    assertErrorShape(mint, 403, 'forbidden');
  });

  test('an expired API token does not authenticate', async () => {
    const acc = await t.newAccount();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/api-tokens',
      headers: acc.auth,
      payload: { name: 'old', role: 'agent', expiresAt: new Date(Date.now() - 60_000).toISOString() },
    });
    assert.equal(res.statusCode, 201, res.body);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${(res.json() as { token: string }).token}` } });
    assertErrorShape(me, 401, 'unauthorized');
  });

  test('POST /api/v1/teams: admin creates a team (201); a member of another account is a 400 naming memberIds', async () => {
    const acc = await t.newAccount();
    const other = await t.newAccount();
    const agent = await createUser(acc, 'agent');
    const foreign = await createUser(other, 'agent');

    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: acc.auth,
      payload: { name: 'Billing', memberIds: [agent.id, acc.adminId], routing: 'round_robin' },
    });
    assert.equal(ok.statusCode, 201, ok.body);
    const team = ok.json() as { id: string; name: string; routing: string; memberIds: string[] };
    assert.equal(team.name, 'Billing');
    assert.equal(team.routing, 'round_robin');
    assert.deepEqual([...team.memberIds].sort(), [agent.id, acc.adminId].sort());

    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: acc.auth,
      payload: { name: 'Support', memberIds: [agent.id, foreign.id], routing: 'manual' },
    });
    const error = assertErrorShape(bad, 400, 'validation_failed');
    assert.ok(fieldsOf(error).includes('memberIds'), JSON.stringify(error));
    assert.match(error.message, /memberIds/);
    // Nothing of the failed team was stored.
    const teams = await t.app.inject({ method: 'GET', url: '/api/v1/teams', headers: acc.auth });
    assert.deepEqual((teams.json() as { items: { name: string }[] }).items.map((x) => x.name), ['Billing']);
    // The other account sees none of these teams.
    const otherTeams = await t.app.inject({ method: 'GET', url: '/api/v1/teams', headers: other.auth });
    assert.deepEqual((otherTeams.json() as { items: unknown[] }).items, []);

    const byAgent = await t.app.inject({ method: 'POST', url: '/api/v1/teams', headers: agent.auth, payload: { name: 'Mine', memberIds: [], routing: 'manual' } });
    assertErrorShape(byAgent, 403, 'forbidden');
  });
});

describe('login rate limit', () => {
  let t: TestApp;

  before(async () => {
    t = await createTestApp({ loginRateLimitPerMinute: 3 });
  });
  after(async () => {
    await t.close();
  });

  test('the 4th login attempt within a minute is 429 with the error shape, even with the right password', async () => {
    const acc = await t.newAccount(); // logs in once: attempt 1
    const statuses: number[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: acc.adminEmail, password: 'wrong password' } });
      statuses.push(res.statusCode);
    }
    assert.deepEqual(statuses, [401, 401]);
    const limited = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: acc.adminEmail, password: TEST_PASSWORD } });
    const error = assertErrorShape(limited, 429, 'rate_limited');
    assert.ok(!('token' in (limited.json() as object)));
    assert.ok(error.message.length > 0);
    // Other routes are not limited by the login limit.
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: acc.auth });
    assert.equal(me.statusCode, 200);
  });
});
