import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, uniqueEmail, type TestApp } from '../helpers/harness.js';
import { RECENT_DAYS } from '../../src/server/db/repos/search.repo.js';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

test(`search ranks the last ${RECENT_DAYS} days first and reaches back only to fill the page`, async () => {
  const acc = await t.newAccount();
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/conversations',
      headers: acc.auth,
      payload: { subject: `Order ${i}`, customer: { email: uniqueEmail('c') }, message: { body: `My zebrafish tank number ${i} is leaking.` } },
    });
    assert.equal(res.statusCode, 201);
    ids.push((res.json() as { id: string }).id);
  }
  // Two of the five conversations' messages are from two months ago.
  const old = ids.slice(0, 2);
  await sql`UPDATE messages SET created_at = created_at - interval '60 days' WHERE account_id = ${acc.accountId} AND conversation_id IN (${sql.join(old)})`.execute(t.deps.db);

  const search = async (limit: number) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/search?q=zebrafish&limit=${limit}`, headers: acc.auth });
    assert.equal(res.statusCode, 200);
    return (res.json() as { items: Array<{ kind: string; conversationId: string }> }).items.filter((h) => h.kind === 'message').map((h) => h.conversationId);
  };
  const three = await search(3);
  assert.equal(three.length, 3);
  assert.ok(three.every((id) => !old.includes(id)), 'a full page of recent matches: older ones are not ranked');
  const ten = await search(10);
  assert.equal(ten.length, 5, 'fewer recent matches than the page: older ones fill it');
  assert.deepEqual(new Set(ten.slice(3)), new Set(old), 'after the recent ones');
});
