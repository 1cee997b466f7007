import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, uniqueEmail, type TestAccount, type TestApp } from '../helpers/harness.js';

interface AttachmentJson {
  id: string;
  filename: string;
  contentType: string;
  size: number;
}

interface MessageJson {
  id: string;
  conversationId: string;
  seq: number;
  direction: 'inbound' | 'outbound';
  type: 'message' | 'note';
  channel: string;
  body: string;
  bodyFull: string;
  html: string | null;
  language: string;
  createdAt: string;
  attachments: AttachmentJson[];
}

interface ConversationJson {
  id: string;
  number: number;
  subject: string;
  status: string;
  priority: string;
  channel: string;
  language: string;
  customerId: string;
  assigneeId: string | null;
  teamId: string | null;
  tags: string[];
  createdAt: string;
  updatedAt: string;
  lastActivityAt: string;
  messages: MessageJson[];
}

interface PageJson {
  items: ConversationJson[];
  nextCursor: string | null;
}

interface ErrorJson {
  error: { code: string; message: string; details?: { fields?: Array<{ field: string; message: string }> } };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

let t: TestApp;

before(async () => {
  t = await createTestApp();
});

after(async () => {
  await t.close();
});

/** A 400 whose error names `field` (in the structured details and in the message). */
function assertFieldError(res: LightMyRequestResponse, field: string, context = ''): void {
  assert.equal(res.statusCode, 400, `${context} ${res.body}`);
  const body = res.json<ErrorJson>();
  assert.equal(body.error.code, 'validation_failed');
  const fields = (body.error.details?.fields ?? []).map((f) => f.field);
  assert.ok(fields.includes(field), `details.fields names ${field}: ${res.body}`);
  assert.match(body.error.message, new RegExp(field.replace('.', '\\.')));
}

async function createConversation(acc: TestAccount, payload: Record<string, unknown> = {}): Promise<ConversationJson> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/conversations',
    headers: acc.auth,
    payload: {
      subject: 'Where is my parcel?',
      customer: { email: uniqueEmail('customer') },
      message: { body: 'Hello, I ordered a blue lamp two weeks ago and it still has not arrived. Could you check please?' },
      ...payload,
    },
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json<ConversationJson>();
}

async function getConversation(acc: TestAccount, id: string): Promise<ConversationJson> {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/conversations/${id}`, headers: acc.auth });
  assert.equal(res.statusCode, 200, res.body);
  return res.json<ConversationJson>();
}

function patch(acc: TestAccount, id: string, payload: Record<string, unknown>) {
  return t.app.inject({ method: 'PATCH', url: `/api/v1/conversations/${id}`, headers: acc.auth, payload });
}

async function list(acc: TestAccount, query: string): Promise<PageJson> {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/conversations?${query}`, headers: acc.auth });
  assert.equal(res.statusCode, 200, res.body);
  return res.json<PageJson>();
}

async function createUser(acc: TestAccount, role: 'agent' | 'supervisor' = 'agent'): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: acc.auth,
    payload: { email: uniqueEmail(role), name: `Agent ${role}`, role },
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json<{ id: string }>().id;
}

async function createTeam(acc: TestAccount, name: string, memberIds: string[] = []): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/teams', headers: acc.auth, payload: { name, memberIds, routing: 'manual' } });
  assert.equal(res.statusCode, 201, res.body);
  return res.json<{ id: string }>().id;
}

/** Walks every page of a listing; fails on a page larger than `limit`. */
async function walk(acc: TestAccount, limit: number, filter = ''): Promise<{ ids: string[]; pages: number; items: ConversationJson[] }> {
  const items: ConversationJson[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const query: string = `limit=${limit}${filter}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await list(acc, query);
    assert.ok(page.items.length <= limit, `page ${pages + 1} has ${page.items.length} > ${limit} items`);
    if (page.nextCursor !== null) assert.equal(page.items.length, limit, 'only the last page may be short');
    items.push(...page.items);
    cursor = page.nextCursor;
    pages += 1;
    assert.ok(pages <= 100, 'pagination terminates');
  } while (cursor);
  return { ids: items.map((c) => c.id), pages, items };
}

const sorted = (ids: string[]) => [...ids].sort();

describe('POST /api/v1/conversations', () => {
  test('returns 201 with the contract shape and the first inbound message', async () => {
    const acc = await t.newAccount();
    const email = uniqueEmail('ana');
    const body = 'Hello, I ordered a blue lamp two weeks ago and it still has not arrived. Could you check where it is?';
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/conversations',
      headers: acc.auth,
      payload: { subject: 'Where is my lamp?', customer: { email, name: 'Ana Novak' }, message: { body } },
    });
    assert.equal(res.statusCode, 201, res.body);
    const c = res.json<ConversationJson>();
    assert.match(c.id, UUID);
    assert.equal(c.number, 1, 'the first conversation of a new account is number 1');
    assert.equal(c.subject, 'Where is my lamp?');
    assert.equal(c.status, 'new');
    assert.equal(c.priority, 'normal');
    assert.equal(c.channel, 'api', 'channel defaults to api');
    assert.equal(c.language, 'en', 'language is detected from the text');
    assert.match(c.customerId, UUID);
    assert.equal(c.assigneeId, null);
    assert.equal(c.teamId, null);
    assert.deepEqual(c.tags, []);
    assert.match(c.createdAt, ISO);
    assert.match(c.updatedAt, ISO);
    assert.ok(Date.parse(c.updatedAt) >= Date.parse(c.createdAt));

    assert.equal(c.messages.length, 1);
    const m = c.messages[0]!;
    assert.match(m.id, UUID);
    assert.equal(m.conversationId, c.id);
    assert.equal(m.direction, 'inbound');
    assert.equal(m.type, 'message');
    assert.equal(m.channel, 'api');
    assert.equal(m.body, body);
    assert.equal(m.bodyFull, body);
    assert.equal(m.html, null);
    assert.equal(m.language, 'en');
    assert.match(m.createdAt, ISO);
    assert.deepEqual(m.attachments, []);

    // What the create returned is what is stored.
    const again = await getConversation(acc, c.id);
    assert.equal(again.number, 1);
    assert.equal(again.status, 'new');
    assert.equal(again.messages.length, 1);
    assert.equal(again.messages[0]!.id, m.id);
    assert.equal(again.messages[0]!.body, body);
  });

  test('accepts every channel and priority and rejects unknown ones naming the field', async () => {
    const acc = await t.newAccount();
    const channels = ['api', 'email', 'chat', 'portal', 'phone'] as const;
    const priorities = ['low', 'normal', 'high', 'urgent', 'low'] as const;
    for (const [i, channel] of channels.entries()) {
      const c = await createConversation(acc, { channel, priority: priorities[i] });
      assert.equal(c.channel, channel);
      assert.equal(c.priority, priorities[i]);
      assert.equal(c.messages[0]!.channel, channel, 'the first message arrives on the conversation channel');
    }
    const base = { subject: 'x', customer: { email: uniqueEmail('c') }, message: { body: 'hello there' } };
    assertFieldError(await t.app.inject({ method: 'POST', url: '/api/v1/conversations', headers: acc.auth, payload: { ...base, channel: 'fax' } }), 'channel');
    assertFieldError(
      await t.app.inject({ method: 'POST', url: '/api/v1/conversations', headers: acc.auth, payload: { ...base, priority: 'critical' } }),
      'priority',
    );
    assertFieldError(
      await t.app.inject({ method: 'POST', url: '/api/v1/conversations', headers: acc.auth, payload: { ...base, customer: { email: 'not-an-email' } } }),
      'customer.email',
    );
    assertFieldError(
      await t.app.inject({ method: 'POST', url: '/api/v1/conversations', headers: acc.auth, payload: { customer: base.customer, message: base.message } }),
      'subject',
    );
    // None of the rejected requests created anything.
    assert.equal((await list(acc, 'limit=100')).items.length, channels.length);
  });

  test('finds the customer again by the same email, whatever its case, within the account only', async () => {
    const acc = await t.newAccount();
    const other = await t.newAccount();
    const local = `mixed.case.${randomUUID().slice(0, 8)}`;
    const first = await createConversation(acc, { customer: { email: `${local}@Example.TEST`, name: 'Mia' } });
    const second = await createConversation(acc, { customer: { email: `${local.toUpperCase()}@EXAMPLE.test` } });
    const third = await createConversation(acc, { customer: { email: `${local}@example.test` } });
    assert.equal(second.customerId, first.customerId);
    assert.equal(third.customerId, first.customerId);

    const stranger = await createConversation(acc, { customer: { email: `someone.else.${local}@example.test` } });
    assert.notEqual(stranger.customerId, first.customerId, 'a different address is a different customer');

    const elsewhere = await createConversation(other, { customer: { email: `${local}@example.test` } });
    assert.notEqual(elsewhere.customerId, first.customerId, 'another account never shares customers');

    const mine = await list(acc, `customerId=${first.customerId}`);
    assert.deepEqual(sorted(mine.items.map((c) => c.id)), sorted([first.id, second.id, third.id]));
  });


  test('announces a new customer once, before their conversation, also when first contacts from one address race', async () => {
    const acc = await t.newAccount();
    const db = t.deps.db;
    const announced = async (customerId: string) =>
      (
        await sql<{ id: string; type: string; published: string | null }>`
          SELECT e.id::text, e.type, o.payload->>'customerId' AS published FROM events e
          LEFT JOIN outbox o ON o.account_id = e.account_id AND o.event_id = e.id
          WHERE e.account_id = ${acc.accountId} AND e.customer_id = ${customerId} ORDER BY e.id`.execute(db)
      ).rows;

    const first = await createConversation(acc, { customer: { email: uniqueEmail('new.customer') } });
    const log = await announced(first.customerId);
    const created = log.filter((e) => e.type === 'customer.created');
    assert.equal(created.length, 1, JSON.stringify(log));
    assert.equal(created[0]!.published, first.customerId, 'published with the new customer id');
    const conversationCreated = log.findIndex((e) => e.type === 'conversation.created');
    assert.ok(conversationCreated > log.indexOf(created[0]!), `customer.created comes first: ${JSON.stringify(log)}`);
    // A returning customer is not announced again.
    await createConversation(acc, { customer: { email: (await customerEmail(first.customerId)) } });
    assert.equal((await announced(first.customerId)).filter((e) => e.type === 'customer.created').length, 1);

    // Eight first contacts from one new address at once: one customer, one announcement, no orphan customer row.
    const email = uniqueEmail('racing');
    const raced = await Promise.all(Array.from({ length: 8 }, () => createConversation(acc, { customer: { email } })));
    const ids = new Set(raced.map((c) => c.customerId));
    assert.equal(ids.size, 1, 'one customer');
    const [winner] = [...ids];
    assert.equal((await announced(winner!)).filter((e) => e.type === 'customer.created').length, 1);
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM events WHERE account_id = ${acc.accountId} AND type = 'customer.created'`.execute(db);
    assert.equal(rows[0]!.n, 2, 'two new customers in this account, two announcements');
    const orphans = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM customers cu WHERE cu.account_id = ${acc.accountId}
        AND NOT EXISTS (SELECT 1 FROM customer_contacts cc WHERE cc.account_id = cu.account_id AND cc.customer_id = cu.id)`.execute(db);
    assert.equal(orphans.rows[0]!.n, 0);

    async function customerEmail(customerId: string): Promise<string> {
      const row = await db.selectFrom('customer_contacts').select('value').where('account_id', '=', acc.accountId).where('customer_id', '=', customerId).executeTakeFirstOrThrow();
      return row.value;
    }
  });
  test('stores attachments and serves the same bytes as a download', async () => {
    const acc = await t.newAccount();
    const binary = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7 + 3) % 256));
    const text = Buffer.from('Invoice 2024-117\nTotal: 42.00 EUR\nŽivijo, ćao, zamówienie\n', 'utf8');
    const c = await createConversation(acc, {
      message: {
        body: 'The invoice and a photo of the broken lamp are attached.',
        attachments: [
          { filename: 'invoice.txt', contentType: 'text/plain', contentBase64: text.toString('base64') },
          { filename: 'lamp.png', contentType: 'image/png', contentBase64: binary.toString('base64') },
        ],
      },
    });
    const attachments = c.messages[0]!.attachments;
    assert.equal(attachments.length, 2);
    const byName = new Map(attachments.map((a) => [a.filename, a]));
    const invoice = byName.get('invoice.txt');
    const lamp = byName.get('lamp.png');
    assert.ok(invoice && lamp, JSON.stringify(attachments));
    assert.match(invoice.id, UUID);
    assert.equal(invoice.contentType, 'text/plain');
    assert.equal(invoice.size, text.length);
    assert.equal(lamp.contentType, 'image/png');
    assert.equal(lamp.size, binary.length);

    // GET returns the same attachment metadata.
    const again = await getConversation(acc, c.id);
    assert.deepEqual(
      again.messages[0]!.attachments.map((a) => a.id).sort(),
      attachments.map((a) => a.id).sort(),
    );

    for (const [meta, bytes] of [
      [invoice, text],
      [lamp, binary],
    ] as const) {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/attachments/${meta.id}`, headers: acc.auth });
      assert.equal(res.statusCode, 200, res.body);
      assert.ok(res.rawPayload.equals(bytes), `${meta.filename}: the downloaded bytes are the uploaded bytes`);
      const disposition = String(res.headers['content-disposition']);
      assert.match(disposition, /^attachment\b/, 'never rendered inline');
      assert.ok(disposition.includes(meta.filename), disposition);
      assert.match(String(res.headers['content-type']), new RegExp(`^${meta.contentType.replace('/', '\\/')}`));
    }

    // Another account cannot download it, and a download needs a token.
    const other = await t.newAccount();
    const foreign = await t.app.inject({ method: 'GET', url: `/api/v1/attachments/${invoice.id}`, headers: other.auth });
    assert.equal(foreign.statusCode, 404);
    const anonymous = await t.app.inject({ method: 'GET', url: `/api/v1/attachments/${invoice.id}` });
    assert.equal(anonymous.statusCode, 401);
  });
});

describe('GET /api/v1/conversations', () => {
  test('filters by status (one or several), assignee (including none), team and customer', async () => {
    const acc = await t.newAccount();
    const agent = await createUser(acc);
    const team = await createTeam(acc, 'Billing');
    const otherTeam = await createTeam(acc, 'Shipping');
    const customerEmail = uniqueEmail('filtered');

    const fresh = await createConversation(acc, { customer: { email: customerEmail } });
    const opened = await createConversation(acc);
    const pending = await createConversation(acc, { customer: { email: customerEmail } });
    const shipped = await createConversation(acc);
    assert.equal((await patch(acc, opened.id, { status: 'open', assigneeId: agent })).statusCode, 200);
    assert.equal((await patch(acc, pending.id, { status: 'pending', teamId: team })).statusCode, 200);
    assert.equal((await patch(acc, shipped.id, { status: 'solved', teamId: otherTeam, assigneeId: agent })).statusCode, 200);

    const ids = async (query: string) => sorted((await list(acc, query)).items.map((c) => c.id));
    assert.deepEqual(await ids('status=new'), [fresh.id]);
    assert.deepEqual(await ids('status=open'), [opened.id]);
    assert.deepEqual(await ids('status=open,pending'), sorted([opened.id, pending.id]));
    assert.deepEqual(await ids('status=new,open,pending,solved'), sorted([fresh.id, opened.id, pending.id, shipped.id]));
    assert.deepEqual(await ids('status=closed'), []);
    assert.deepEqual(await ids(`assigneeId=${agent}`), sorted([opened.id, shipped.id]));
    assert.deepEqual(await ids('assigneeId=none'), sorted([fresh.id, pending.id]));
    assert.deepEqual(await ids(`teamId=${team}`), [pending.id]);
    assert.deepEqual(await ids(`teamId=${otherTeam}`), [shipped.id]);
    assert.deepEqual(await ids(`customerId=${fresh.customerId}`), sorted([fresh.id, pending.id]));
    assert.deepEqual(await ids(`status=pending&customerId=${fresh.customerId}`), [pending.id], 'filters combine');
    assert.deepEqual(await ids(`assigneeId=${agent}&status=open`), [opened.id]);

    assertFieldError(await t.app.inject({ method: 'GET', url: '/api/v1/conversations?status=bogus', headers: acc.auth }), 'status');
    assertFieldError(await t.app.inject({ method: 'GET', url: '/api/v1/conversations?assigneeId=nobody', headers: acc.auth }), 'assigneeId');

    // Another account sees none of them.
    const other = await t.newAccount();
    assert.deepEqual((await list(other, `customerId=${fresh.customerId}`)).items, []);
    assert.deepEqual((await list(other, 'limit=100')).items, []);
  });

  test('lists newest activity first, and a reply moves a conversation to the top', async () => {
    const acc = await t.newAccount();
    const a = await createConversation(acc, { subject: 'A' });
    const b = await createConversation(acc, { subject: 'B' });
    const c = await createConversation(acc, { subject: 'C' });
    assert.deepEqual((await list(acc, 'limit=10')).items.map((x) => x.id), [c.id, b.id, a.id]);

    const reply = await t.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${a.id}/messages`,
      headers: acc.auth,
      payload: { type: 'reply', body: 'We are looking into it.' },
    });
    assert.equal(reply.statusCode, 201, reply.body);
    const items = (await list(acc, 'limit=10')).items;
    assert.deepEqual(items.map((x) => x.id), [a.id, c.id, b.id]);
    for (let i = 1; i < items.length; i++) {
      assert.ok(items[i - 1]!.lastActivityAt >= items[i]!.lastActivityAt, 'lastActivityAt never increases down the list');
    }
  });

  test('cursor pagination covers 30 conversations with limit 7 exactly once, also when rows share a timestamp', async () => {
    const acc = await t.newAccount();
    const created: ConversationJson[] = [];
    for (let i = 0; i < 30; i++) created.push(await createConversation(acc, { subject: `Paged ${i}` }));
    const all = sorted(created.map((c) => c.id));

    const check = async (label: string) => {
      const { ids, pages, items } = await walk(acc, 7);
      assert.equal(pages, 5, `${label}: 30 items in pages of 7 make 5 pages`);
      assert.equal(ids.length, 30, `${label}: 30 items`);
      assert.equal(new Set(ids).size, 30, `${label}: no duplicates`);
      assert.deepEqual(sorted(ids), all, `${label}: every conversation once`);
      for (let i = 1; i < items.length; i++) {
        const prev = Date.parse(items[i - 1]!.lastActivityAt);
        const cur = Date.parse(items[i]!.lastActivityAt);
        assert.ok(prev >= cur, `${label}: newest activity first at position ${i}`);
      }
      return ids;
    };

    const distinct = await check('distinct timestamps');
    assert.deepEqual(distinct, created.map((c) => c.id).reverse(), 'newest first when every row has its own time');

    // Every row the same instant: only the id tie-breaker orders them.
    const db = t.deps.db;
    await db
      .updateTable('conversations')
      .set({ last_activity_at: sql`'2024-03-01T10:00:00.123456Z'::timestamptz` })
      .where('account_id', '=', acc.accountId)
      .execute();
    await check('one shared timestamp');

    // Three groups of ten sharing a timestamp each, so page boundaries fall inside groups.
    for (let g = 0; g < 3; g++) {
      await db
        .updateTable('conversations')
        .set({ last_activity_at: sql`${`2024-03-0${g + 1}T10:00:00.123456Z`}::timestamptz` })
        .where('account_id', '=', acc.accountId)
        .where('id', 'in', created.slice(g * 10, g * 10 + 10).map((c) => c.id))
        .execute();
    }
    await check('three shared timestamps');

    // Rows differing only in the microseconds (the API shows milliseconds) must not be skipped either.
    for (const [i, c] of created.entries()) {
      await db
        .updateTable('conversations')
        .set({ last_activity_at: sql`${`2024-04-01T10:00:00.123${String(i % 10).padStart(3, '0')}Z`}::timestamptz` })
        .where('account_id', '=', acc.accountId)
        .where('id', '=', c.id)
        .execute();
    }
    await check('microsecond differences');

    // The filters paginate too.
    const filtered = await walk(acc, 7, '&status=new');
    assert.equal(new Set(filtered.ids).size, 30);
  });

  test('an invalid cursor is a 400 naming cursor', async () => {
    const acc = await t.newAccount();
    await createConversation(acc);
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const cursors = [
      'not-a-cursor',
      b64({ hello: 'world' }),
      b64(['2024-01-01T00:00:00.000000Z']),
      b64(['yesterday', randomUUID()]),
      b64(['2024-01-01T00:00:00.000000Z', 'not-a-uuid']),
      // Accepted by JavaScript's Date.parse but not a timestamp PostgreSQL reads.
      b64(['1', randomUUID()]),
      b64(['2024-02-31T00:00:00.000000Z', randomUUID()]),
      // Right length and alphabet, but not a uuid.
      b64(['2024-01-01T00:00:00.000000Z', '------------------------------------']),
    ];
    for (const cursor of cursors) {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/conversations?limit=5&cursor=${encodeURIComponent(cursor)}`, headers: acc.auth });
      assertFieldError(res, 'cursor', Buffer.from(cursor, 'base64url').toString('utf8'));
    }
  });
});

describe('GET /api/v1/conversations/:id', () => {
  test('returns the conversation with its messages oldest first; unknown → 404, not a uuid → 400', async () => {
    const acc = await t.newAccount();
    const c = await createConversation(acc);
    const bodies = ['First answer from us.', 'Internal: customer is a VIP.', 'Second answer from us.'];
    const types = ['reply', 'note', 'reply'];
    for (const [i, body] of bodies.entries()) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/conversations/${c.id}/messages`,
        headers: acc.auth,
        payload: { type: types[i], body },
      });
      assert.equal(res.statusCode, 201, res.body);
    }
    const got = await getConversation(acc, c.id);
    assert.deepEqual(got.messages.map((m) => m.body), [c.messages[0]!.body, ...bodies]);
    assert.deepEqual(got.messages.map((m) => m.seq), [1, 2, 3, 4]);
    assert.deepEqual(got.messages.map((m) => m.type), ['message', 'message', 'note', 'message']);
    assert.deepEqual(got.messages.map((m) => m.direction), ['inbound', 'outbound', 'outbound', 'outbound']);
    for (let i = 1; i < got.messages.length; i++) {
      assert.ok(got.messages[i - 1]!.createdAt <= got.messages[i]!.createdAt, 'oldest first');
    }

    const missing = await t.app.inject({ method: 'GET', url: `/api/v1/conversations/${randomUUID()}`, headers: acc.auth });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json<ErrorJson>().error.code, 'not_found');
    assertFieldError(await t.app.inject({ method: 'GET', url: '/api/v1/conversations/42', headers: acc.auth }), 'id');

    const other = await t.newAccount();
    const foreign = await t.app.inject({ method: 'GET', url: `/api/v1/conversations/${c.id}`, headers: other.auth });
    assert.equal(foreign.statusCode, 404, 'another account cannot read it');
  });
});

describe('PATCH /api/v1/conversations/:id', () => {
  test('changes status, assignee, team, priority and tags', async () => {
    const acc = await t.newAccount();
    const agent = await createUser(acc);
    const team = await createTeam(acc, 'Returns', [agent]);
    const c = await createConversation(acc);

    const res = await patch(acc, c.id, { status: 'pending', assigneeId: agent, teamId: team, priority: 'urgent', tags: ['VIP', ' refund ', 'vip'] });
    assert.equal(res.statusCode, 200, res.body);
    const updated = res.json<ConversationJson>();
    assert.equal(updated.status, 'pending');
    assert.equal(updated.assigneeId, agent);
    assert.equal(updated.teamId, team);
    assert.equal(updated.priority, 'urgent');
    assert.deepEqual(updated.tags, ['refund', 'vip'], 'tags are trimmed, lowercased and de-duplicated');
    assert.ok(updated.updatedAt >= c.updatedAt);

    const stored = await getConversation(acc, c.id);
    assert.equal(stored.status, 'pending');
    assert.equal(stored.assigneeId, agent);
    assert.equal(stored.teamId, team);
    assert.equal(stored.priority, 'urgent');
    assert.deepEqual(stored.tags, ['refund', 'vip']);

    const cleared = await patch(acc, c.id, { assigneeId: null, teamId: null, tags: [] });
    assert.equal(cleared.statusCode, 200, cleared.body);
    assert.equal(cleared.json<ConversationJson>().assigneeId, null);
    assert.equal(cleared.json<ConversationJson>().teamId, null);
    assert.deepEqual(cleared.json<ConversationJson>().tags, []);

    assertFieldError(await patch(acc, c.id, { status: 'archived' }), 'status');
    assertFieldError(await patch(acc, c.id, { priority: 'meh' }), 'priority');
    assertFieldError(await patch(acc, c.id, { assigneeId: 'bob' }), 'assigneeId');
    assert.equal((await patch(acc, c.id, {})).statusCode, 400, 'an empty patch is refused');
    assert.equal((await patch(acc, randomUUID(), { status: 'open' })).statusCode, 404);
  });

  test('refuses an assignee or team from another account, naming the field, and changes nothing', async () => {
    const acc = await t.newAccount();
    const other = await t.newAccount();
    const foreignUser = await createUser(other);
    const foreignTeam = await createTeam(other, 'Foreign');
    const c = await createConversation(acc);

    assertFieldError(await patch(acc, c.id, { assigneeId: foreignUser }), 'assigneeId');
    assertFieldError(await patch(acc, c.id, { assigneeId: other.adminId }), 'assigneeId');
    assertFieldError(await patch(acc, c.id, { assigneeId: randomUUID() }), 'assigneeId');
    assertFieldError(await patch(acc, c.id, { teamId: foreignTeam }), 'teamId');
    // A valid change in the same request is not applied either.
    assertFieldError(await patch(acc, c.id, { priority: 'high', assigneeId: foreignUser }), 'assigneeId');

    const stored = await getConversation(acc, c.id);
    assert.equal(stored.assigneeId, null);
    assert.equal(stored.teamId, null);
    assert.equal(stored.priority, 'normal');

    // Creating with a foreign assignee or team is refused the same way.
    const base = { subject: 'x', customer: { email: uniqueEmail('c') }, message: { body: 'hello there' } };
    assertFieldError(
      await t.app.inject({ method: 'POST', url: '/api/v1/conversations', headers: acc.auth, payload: { ...base, assigneeId: foreignUser } }),
      'assigneeId',
    );
    assertFieldError(
      await t.app.inject({ method: 'POST', url: '/api/v1/conversations', headers: acc.auth, payload: { ...base, teamId: foreignTeam } }),
      'teamId',
    );
  });

  test('a closed conversation cannot be reopened (409)', async () => {
    const acc = await t.newAccount();
    const c = await createConversation(acc);
    assert.equal((await patch(acc, c.id, { status: 'closed' })).statusCode, 200);
    for (const status of ['open', 'new', 'solved']) {
      const res = await patch(acc, c.id, { status });
      assert.equal(res.statusCode, 409, res.body);
      assert.equal(res.json<ErrorJson>().error.code, 'conflict');
    }
    assert.equal((await getConversation(acc, c.id)).status, 'closed');
  });
});

describe('GET /api/v1/conversations/:id/events', () => {
  test('shows the change log: what changed, old and new values, and who did it', async () => {
    const acc = await t.newAccount();
    const agent = await createUser(acc);
    const c = await createConversation(acc);
    assert.equal((await patch(acc, c.id, { status: 'open' })).statusCode, 200);
    assert.equal((await patch(acc, c.id, { priority: 'high', assigneeId: agent })).statusCode, 200);
    assert.equal((await patch(acc, c.id, { status: 'solved' })).statusCode, 200);

    const res = await t.app.inject({ method: 'GET', url: `/api/v1/conversations/${c.id}/events`, headers: acc.auth });
    assert.equal(res.statusCode, 200, res.body);
    const items = res.json<{ items: Array<{ id: number; type: string; actor: { type: string; id: string | null }; data: Record<string, unknown>; createdAt: string }> }>()
      .items;
    assert.equal(items.filter((e) => e.type === 'conversation.created').length, 1, JSON.stringify(items));
    // The first message is logged by its own insert (one statement), before the creation, as any message is.
    const received = items.filter((e) => e.type === 'message.received');
    assert.equal(received.length, 1, JSON.stringify(items));
    const firstMessage = (await t.deps.db.selectFrom('messages').select(['id']).where('conversation_id', '=', c.id).executeTakeFirstOrThrow()).id;
    assert.deepEqual(received[0]!.data, { messageId: firstMessage, seq: 1, channel: 'api', attachments: 0 });
    assert.deepEqual(received[0]!.actor, { type: 'user', id: acc.adminId });
    assert.ok(received[0]!.id < items.find((e) => e.type === 'conversation.created')!.id, 'received, then created');
    const updates = items.filter((e) => e.type === 'conversation.updated');
    assert.equal(updates.length, 3, JSON.stringify(items));
    const changes = updates.map((e) => e.data.changes as Record<string, [unknown, unknown]>);
    assert.deepEqual(changes[0], { status: ['new', 'open'] });
    assert.deepEqual(changes[1], { priority: ['normal', 'high'], assigneeId: [null, agent] });
    assert.deepEqual(changes[2], { status: ['open', 'solved'] });
    for (const e of updates) {
      assert.deepEqual(e.actor, { type: 'user', id: acc.adminId }, 'the admin who made the change');
      assert.match(e.createdAt, ISO);
    }
    for (let i = 1; i < items.length; i++) assert.ok(items[i - 1]!.id < items[i]!.id, 'in order');

    const other = await t.newAccount();
    const foreign = await t.app.inject({ method: 'GET', url: `/api/v1/conversations/${c.id}/events`, headers: other.auth });
    assert.equal(foreign.statusCode, 404);
  });
});
