import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, TEST_PASSWORD, uniqueEmail, type TestAccount, type TestApp } from '../helpers/harness.js';

/** Customer preferences (PATCH/GET /customers/:id) and the channels admin API (email addresses, channel status). */

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

async function userWithRole(acc: TestAccount, role: 'agent' | 'supervisor'): Promise<{ authorization: string }> {
  const email = uniqueEmail(role);
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: acc.auth, payload: { email, name: role, role, password: TEST_PASSWORD } });
  assert.equal(res.statusCode, 201, res.body);
  return { authorization: `Bearer ${await t.login(email, TEST_PASSWORD)}` };
}

async function newCustomer(acc: TestAccount, channel = 'email'): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/conversations',
    headers: acc.auth,
    payload: { subject: 'Question', channel, customer: { email: uniqueEmail('customer'), name: 'Anna Nowak' }, message: { body: 'Hello' } },
  });
  assert.equal(res.statusCode, 201, res.body);
  return (res.json() as { customerId: string }).customerId;
}

const patch = (id: string, preferences: unknown, headers: { authorization: string }) =>
  t.app.inject({ method: 'PATCH', url: `/api/v1/customers/${id}`, headers, payload: { preferences } });

function fieldOf(res: { statusCode: number; body: string; json(): unknown }): string | undefined {
  assert.equal(res.statusCode, 400, res.body);
  const body = res.json() as { error: { code: string; details?: { fields?: Array<{ field: string }> } } };
  assert.equal(body.error.code, 'validation_failed');
  return body.error.details?.fields?.[0]?.field;
}

describe('customer preferences', () => {
  test('an agent sets them, GET shows them, absent fields stay, null clears, the change is an event', async () => {
    const acc = await t.newAccount();
    const agent = await userWithRole(acc, 'agent');
    const id = await newCustomer(acc);

    const fresh = await t.app.inject({ method: 'GET', url: `/api/v1/customers/${id}`, headers: agent });
    assert.equal(fresh.statusCode, 200, fresh.body);
    const initial = fresh.json() as { language: string | null; preferences: unknown };
    assert.deepEqual(initial.preferences, {
      language: initial.language,
      channel: null,
      timezone: null,
      contactHours: null,
      address: null,
      preferredName: null,
      updatedAt: null,
    });

    const hours = { mon: [['08:00', '12:00']], tue: [['13:00', '17:00'], ['08:00', '12:00']] };
    const set = await patch(id, { language: 'pl', channel: 'phone', timezone: 'Europe/Warsaw', contactHours: hours, address: 'formal', preferredName: ' Pani Anno ' }, agent);
    assert.equal(set.statusCode, 200, set.body);
    const prefs = (set.json() as { language: string; preferences: Record<string, unknown> }).preferences;
    assert.equal((set.json() as { language: string }).language, 'pl', 'the language is the customer’s own (mail texts read it)');
    assert.equal(prefs.channel, 'phone');
    assert.equal(prefs.timezone, 'Europe/Warsaw');
    assert.deepEqual(prefs.contactHours, { mon: [['08:00', '12:00']], tue: [['08:00', '12:00'], ['13:00', '17:00']] }, 'windows sorted');
    assert.equal(prefs.address, 'formal');
    assert.equal(prefs.preferredName, 'Pani Anno');

    // Only the address changes; everything else stays.
    const partial = await patch(id, { address: 'informal' }, agent);
    assert.equal(partial.statusCode, 200, partial.body);
    const read = (await t.app.inject({ method: 'GET', url: `/api/v1/customers/${id}`, headers: agent })).json() as { language: string; preferences: Record<string, unknown> };
    assert.equal(read.preferences.address, 'informal');
    assert.equal(read.preferences.channel, 'phone');
    assert.equal(read.preferences.language, 'pl');
    assert.equal(read.language, 'pl');
    assert.deepEqual(read.preferences.contactHours, { mon: [['08:00', '12:00']], tue: [['08:00', '12:00'], ['13:00', '17:00']] });

    // null clears (contact hours with their zone; the name; the language).
    const cleared = await patch(id, { contactHours: null, timezone: null, preferredName: null, language: null }, agent);
    assert.equal(cleared.statusCode, 200, cleared.body);
    const after = (cleared.json() as { language: string | null; preferences: Record<string, unknown> });
    assert.equal(after.preferences.contactHours, null);
    assert.equal(after.preferences.timezone, null);
    assert.equal(after.preferences.preferredName, null);
    assert.equal(after.language, null);
    assert.equal(after.preferences.channel, 'phone');

    const events = await t.deps.db
      .selectFrom('events')
      .select(['type', 'customer_id', 'data', 'actor_type'])
      .where('account_id', '=', acc.accountId)
      .where('type', '=', 'customer.preferences_updated')
      .orderBy('id')
      .execute();
    assert.equal(events.length, 3);
    assert.equal(events[0]!.customer_id, id);
    assert.equal(events[0]!.actor_type, 'user');
    assert.deepEqual(Object.keys((events[1]!.data as { changed: object }).changed), ['address']);
    const outbox = await t.deps.db.selectFrom('outbox').select('payload').where('account_id', '=', acc.accountId).execute();
    assert.ok(outbox.some((o) => JSON.stringify(o.payload).includes('customer.preferences_updated')), 'published to the workspace');
  });

  test('bad input is refused with 400 naming the field, and nothing is stored', async () => {
    const acc = await t.newAccount();
    const id = await newCustomer(acc);
    const cases: Array<[unknown, string]> = [
      [{ channel: 'fax' }, 'preferences.channel'],
      [{ channel: 'api' }, 'preferences.channel'],
      [{ language: 'de' }, 'preferences.language'],
      [{ address: 'casual' }, 'preferences.address'],
      [{ timezone: 'Mars/Olympus' }, 'preferences.timezone'],
      [{ timezone: '+02:00' }, 'preferences.timezone'],
      [{ preferredName: 'x'.repeat(201) }, 'preferences.preferredName'],
      [{ contactHours: { mon: [['08:00', '12:00']] } }, 'preferences.timezone'],
      [{ timezone: 'Europe/Warsaw', contactHours: { mon: [['12:00', '08:00']] } }, 'preferences.contactHours.mon[0]'],
      [{ timezone: 'Europe/Warsaw', contactHours: { mon: [['08:00', '12:00'], ['11:00', '13:00']] } }, 'preferences.contactHours.mon[1]'],
      [{ timezone: 'Europe/Warsaw', contactHours: { mon: [['25:00', '26:00']] } }, 'preferences.contactHours.mon[0][0]'],
      [{ timezone: 'Europe/Warsaw', contactHours: { funday: [['08:00', '12:00']] } }, 'preferences.contactHours'],
      [{ colour: 'blue' }, 'preferences.colour'],
      [{}, 'preferences'],
    ];
    for (const [body, field] of cases) {
      const res = await patch(id, body, acc.auth);
      assert.equal(fieldOf(res), field, `${JSON.stringify(body)} → ${res.body}`);
    }
    const missing = await t.app.inject({ method: 'PATCH', url: `/api/v1/customers/${id}`, headers: acc.auth, payload: {} });
    assert.equal(fieldOf(missing), 'preferences');
    const row = await t.deps.db.selectFrom('customer_preferences').selectAll().where('account_id', '=', acc.accountId).executeTakeFirst();
    assert.equal(row, undefined);
  });

  test('admins, supervisors and agents may edit; no token is 401; another account’s customer is 404', async () => {
    const acc = await t.newAccount();
    const other = await t.newAccount();
    const id = await newCustomer(acc);
    const supervisor = await userWithRole(acc, 'supervisor');
    assert.equal((await patch(id, { channel: 'chat' }, acc.auth)).statusCode, 200);
    assert.equal((await patch(id, { channel: 'email' }, supervisor)).statusCode, 200);
    const anonymous = await t.app.inject({ method: 'PATCH', url: `/api/v1/customers/${id}`, payload: { preferences: { channel: 'chat' } } });
    assert.equal(anonymous.statusCode, 401);

    const foreign = await patch(id, { channel: 'phone' }, other.auth);
    assert.equal(foreign.statusCode, 404, foreign.body);
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/customers/${id}`, headers: other.auth })).statusCode, 404);
    const unknown = await patch('00000000-0000-4000-8000-000000000000', { channel: 'phone' }, acc.auth);
    assert.equal(unknown.statusCode, 404);
    const read = (await t.app.inject({ method: 'GET', url: `/api/v1/customers/${id}`, headers: acc.auth })).json() as { preferences: { channel: string } };
    assert.equal(read.preferences.channel, 'email', 'the other account changed nothing');
  });

  test('parallel edits of different fields both land', async () => {
    const acc = await t.newAccount();
    const id = await newCustomer(acc);
    const results = await Promise.all([
      patch(id, { channel: 'chat' }, acc.auth),
      patch(id, { address: 'formal' }, acc.auth),
      patch(id, { timezone: 'Europe/Sofia', contactHours: { sat: [['10:00', '24:00']] } }, acc.auth),
    ]);
    for (const r of results) assert.equal(r.statusCode, 200, r.body);
    const read = (await t.app.inject({ method: 'GET', url: `/api/v1/customers/${id}`, headers: acc.auth })).json() as { preferences: Record<string, unknown> };
    assert.equal(read.preferences.channel, 'chat');
    assert.equal(read.preferences.address, 'formal');
    assert.deepEqual(read.preferences.contactHours, { sat: [['10:00', '24:00']] });
  });
});

interface EmailAddress {
  id: string;
  address: string;
  displayName: string | null;
  isDefault: boolean;
  teamId: string | null;
}

describe('channels admin API', () => {
  const addAddress = async (acc: TestAccount, body: Record<string, unknown>, headers = acc.auth) =>
    t.app.inject({ method: 'POST', url: '/api/v1/email-addresses', headers, payload: body });
  const list = async (acc: TestAccount, headers = acc.auth) =>
    ((await t.app.inject({ method: 'GET', url: '/api/v1/email-addresses', headers })).json() as { items: EmailAddress[] }).items;

  test('an admin renames an address, moves the default, sets and clears its team, removes a non-default one', async () => {
    const acc = await t.newAccount();
    const first = (await addAddress(acc, { address: `help-${Date.now()}@a.example` })).json() as EmailAddress;
    const second = (await addAddress(acc, { address: `billing-${Date.now()}@a.example`, displayName: 'Billing' })).json() as EmailAddress;
    const team = await t.app.inject({ method: 'POST', url: '/api/v1/teams', headers: acc.auth, payload: { name: 'Billing', memberIds: [], routing: 'manual' } });
    assert.equal(team.statusCode, 201, team.body);
    const teamId = (team.json() as { id: string }).id;

    const renamed = await t.app.inject({ method: 'PATCH', url: `/api/v1/email-addresses/${second.id}`, headers: acc.auth, payload: { displayName: 'Invoices', teamId } });
    assert.equal(renamed.statusCode, 200, renamed.body);
    assert.equal((renamed.json() as EmailAddress).displayName, 'Invoices');
    assert.equal((renamed.json() as EmailAddress).teamId, teamId);

    const moved = await t.app.inject({ method: 'PATCH', url: `/api/v1/email-addresses/${second.id}`, headers: acc.auth, payload: { isDefault: true } });
    assert.equal(moved.statusCode, 200, moved.body);
    const now = await list(acc);
    const defaults = now.filter((a) => a.isDefault).map((a) => a.id);
    // The account bootstrap may have added its own address; exactly one default either way.
    assert.deepEqual(defaults, [second.id]);

    const noTeam = await t.app.inject({ method: 'PATCH', url: `/api/v1/email-addresses/${second.id}`, headers: acc.auth, payload: { teamId: null } });
    assert.equal((noTeam.json() as EmailAddress).teamId, null);

    const refused = await t.app.inject({ method: 'DELETE', url: `/api/v1/email-addresses/${second.id}`, headers: acc.auth });
    assert.equal(refused.statusCode, 409, 'the default address sends replies');
    const removed = await t.app.inject({ method: 'DELETE', url: `/api/v1/email-addresses/${first.id}`, headers: acc.auth });
    assert.equal(removed.statusCode, 204, removed.body);
    assert.ok(!(await list(acc)).some((a) => a.id === first.id));
    // Mail to a removed address no longer finds the account; the address may be added again.
    assert.equal((await addAddress(acc, { address: first.address })).statusCode, 201);

    const types = await t.deps.db.selectFrom('events').select('type').where('account_id', '=', acc.accountId).where('type', 'like', 'email_address.%').execute();
    assert.ok(types.some((e) => e.type === 'email_address.updated'));
    assert.ok(types.some((e) => e.type === 'email_address.deleted'));
  });

  test('validation names the field; supervisors and agents read but cannot write; other accounts get 404', async () => {
    const acc = await t.newAccount();
    const other = await t.newAccount();
    const address = (await addAddress(acc, { address: `sales-${Date.now()}@b.example` })).json() as EmailAddress;
    const url = `/api/v1/email-addresses/${address.id}`;

    assert.equal(fieldOf(await t.app.inject({ method: 'PATCH', url, headers: acc.auth, payload: {} })), 'body');
    assert.equal(fieldOf(await t.app.inject({ method: 'PATCH', url, headers: acc.auth, payload: { isDefault: false } })), 'isDefault');
    assert.equal(fieldOf(await t.app.inject({ method: 'PATCH', url, headers: acc.auth, payload: { teamId: 'nope' } })), 'teamId');
    assert.equal(fieldOf(await t.app.inject({ method: 'PATCH', url, headers: acc.auth, payload: { address: 'x@y.example' } })), 'address');
    const otherTeam = await t.app.inject({ method: 'POST', url: '/api/v1/teams', headers: other.auth, payload: { name: 'Theirs', memberIds: [], routing: 'manual' } });
    const foreignTeam = await t.app.inject({ method: 'PATCH', url, headers: acc.auth, payload: { teamId: (otherTeam.json() as { id: string }).id } });
    assert.equal(fieldOf(foreignTeam), 'teamId', 'another account’s team is no team here');
    assert.equal(fieldOf(await addAddress(acc, { address: 'not-an-address' })), 'address');

    const supervisor = await userWithRole(acc, 'supervisor');
    const agent = await userWithRole(acc, 'agent');
    for (const who of [supervisor, agent]) {
      assert.equal((await t.app.inject({ method: 'PATCH', url, headers: who, payload: { displayName: 'X' } })).statusCode, 403);
      assert.equal((await t.app.inject({ method: 'DELETE', url, headers: who })).statusCode, 403);
      assert.equal((await addAddress(acc, { address: `x-${Date.now()}@b.example` }, who)).statusCode, 403);
      assert.ok((await list(acc, who)).some((a) => a.id === address.id), 'reading is allowed');
    }

    assert.equal((await t.app.inject({ method: 'PATCH', url, headers: other.auth, payload: { displayName: 'Mine' } })).statusCode, 404);
    assert.equal((await t.app.inject({ method: 'DELETE', url, headers: other.auth })).statusCode, 404);
    assert.ok(!(await list(other)).some((a) => a.id === address.id));
    assert.equal((await list(acc)).find((a) => a.id === address.id)?.displayName, null, 'unchanged');
  });

  test('GET /channels: email needs setup until an address exists; chat/portal/phone are API-only; counts per channel', async () => {
    const acc = await t.newAccount();
    await t.deps.db.deleteFrom('email_addresses').where('account_id', '=', acc.accountId).execute();
    type Overview = { items: Array<{ channel: string; status: string; conversations30d: number; lastConversationAt: string | null }>; email: { addresses: number; smtpIngress: boolean } };
    const read = async (headers = acc.auth) => (await t.app.inject({ method: 'GET', url: '/api/v1/channels', headers })).json() as Overview;
    const before = await read();
    assert.deepEqual(before.items.map((i) => i.channel), ['email', 'chat', 'portal', 'phone', 'api']);
    assert.equal(before.items.find((i) => i.channel === 'email')?.status, 'needs_setup');
    assert.equal(before.email.addresses, 0);

    await addAddress(acc, { address: `support-${Date.now()}@c.example` });
    await newCustomer(acc, 'chat');
    await newCustomer(acc, 'chat');
    await newCustomer(acc, 'phone');
    const other = await t.newAccount();
    await newCustomer(other, 'chat');

    const supervisor = await userWithRole(acc, 'supervisor');
    const overview = await read(supervisor);
    const by = new Map(overview.items.map((i) => [i.channel, i]));
    assert.equal(by.get('email')?.status, overview.email.smtpIngress ? 'active' : 'needs_setup');
    assert.equal(by.get('chat')?.status, 'api_only');
    assert.equal(by.get('api')?.status, 'active');
    assert.equal(by.get('chat')?.conversations30d, 2, 'only this account’s conversations');
    assert.equal(by.get('phone')?.conversations30d, 1);
    assert.equal(by.get('portal')?.conversations30d, 0);
    assert.equal(by.get('portal')?.lastConversationAt, null);
    assert.ok(by.get('chat')?.lastConversationAt);
  });
});
