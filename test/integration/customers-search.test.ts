import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, uniqueEmail, type TestAccount, type TestApp } from '../helpers/harness.js';

interface MessageJson {
  id: string;
  conversationId: string;
  channel: string;
  direction: string;
  body: string;
  createdAt: string;
}

interface ConversationJson {
  id: string;
  number: number;
  subject: string;
  channel: string;
  language: string;
  customerId: string;
  createdAt: string;
  messages: MessageJson[];
}

type TimelineEntry =
  | { kind: 'conversation'; at: string; conversation: { id: string; number: number; subject: string; status: string; channel: string; createdAt: string } }
  | { kind: 'message'; at: string; conversationId: string; conversationNumber: number; message: MessageJson };

interface CustomerJson {
  id: string;
  name: string | null;
  email: string | null;
  emails: string[];
  language: string | null;
  timeline: TimelineEntry[];
}

interface SearchHit {
  kind: 'conversation' | 'message';
  score: number;
  conversationId: string;
  messageId: string | null;
  snippet: string;
  conversation: { id: string; subject: string };
}

interface ErrorJson {
  error: { code: string; message: string; details?: { fields?: Array<{ field: string; message: string }> } };
}

let t: TestApp;

before(async () => {
  t = await createTestApp();
});

after(async () => {
  await t.close();
});

function assertFieldError(res: LightMyRequestResponse, field: string): void {
  assert.equal(res.statusCode, 400, res.body);
  const body = res.json<ErrorJson>();
  assert.equal(body.error.code, 'validation_failed');
  const fields = (body.error.details?.fields ?? []).map((f) => f.field);
  assert.ok(fields.includes(field), `details.fields names ${field}: ${res.body}`);
  assert.match(body.error.message, new RegExp(field));
}

async function createConversation(
  acc: TestAccount,
  input: { subject: string; body: string; email?: string; name?: string; channel?: string },
): Promise<ConversationJson> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/conversations',
    headers: acc.auth,
    payload: {
      subject: input.subject,
      customer: { email: input.email ?? uniqueEmail('customer'), ...(input.name ? { name: input.name } : {}) },
      message: { body: input.body },
      ...(input.channel ? { channel: input.channel } : {}),
    },
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json<ConversationJson>();
}

async function search(acc: TestAccount, q: string, limit?: number): Promise<SearchHit[]> {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/search?q=${encodeURIComponent(q)}${limit === undefined ? '' : `&limit=${limit}`}`,
    headers: acc.auth,
  });
  assert.equal(res.statusCode, 200, res.body);
  return res.json<{ items: SearchHit[] }>().items;
}

const conversationIds = (hits: SearchHit[]) => [...new Set(hits.map((h) => h.conversationId))].sort();

describe('GET /api/v1/customers/:id', () => {
  test('returns the profile and one chronological timeline of every conversation and message across channels', async () => {
    const acc = await t.newAccount();
    const email = uniqueEmail('jana');
    const first = await createConversation(acc, {
      email,
      name: 'Jana Kovač',
      channel: 'email',
      subject: 'Naročilo še ni prispelo',
      body: 'Pozdravljeni, zanima me, kdaj bo moje naročilo dostavljeno na moj naslov v Ljubljani. Hvala za odgovor.',
    });
    const chat = await createConversation(acc, { email: email.toUpperCase(), channel: 'chat', subject: 'Chat', body: 'Are you there? I have a question about my order.' });
    const reply = await t.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${chat.id}/messages`,
      headers: acc.auth,
      payload: { type: 'reply', body: 'Yes, how can I help?' },
    });
    assert.equal(reply.statusCode, 201, reply.body);
    const replyId = reply.json<{ id: string }>().id;
    const portal = await createConversation(acc, { email, channel: 'portal', subject: 'Portal form', body: 'I filled in the return form on your portal.' });
    const phone = await createConversation(acc, { email, channel: 'phone', subject: 'Phone call', body: 'Customer called about the refund.' });
    const conversations = [first, chat, portal, phone];
    for (const c of conversations) assert.equal(c.customerId, first.customerId, 'one customer behind every channel');

    // Someone else's conversation stays out of this timeline.
    const stranger = await createConversation(acc, { subject: 'Not hers', body: 'A different customer entirely.' });

    const res = await t.app.inject({ method: 'GET', url: `/api/v1/customers/${first.customerId}`, headers: acc.auth });
    assert.equal(res.statusCode, 200, res.body);
    const customer = res.json<CustomerJson>();
    assert.equal(customer.id, first.customerId);
    assert.equal(customer.name, 'Jana Kovač');
    assert.equal(customer.email?.toLowerCase(), email.toLowerCase());
    assert.equal(customer.language, 'sl', 'the language of the first message');

    const timeline = customer.timeline;
    const conversationEntries = timeline.filter((e): e is Extract<TimelineEntry, { kind: 'conversation' }> => e.kind === 'conversation');
    const messageEntries = timeline.filter((e): e is Extract<TimelineEntry, { kind: 'message' }> => e.kind === 'message');
    assert.deepEqual(
      conversationEntries.map((e) => e.conversation.id),
      conversations.map((c) => c.id),
      'every conversation, in the order they started',
    );
    assert.deepEqual(
      conversationEntries.map((e) => e.conversation.channel),
      ['email', 'chat', 'portal', 'phone'],
    );
    const expectedMessages = [first.messages[0]!.id, chat.messages[0]!.id, replyId, portal.messages[0]!.id, phone.messages[0]!.id];
    assert.deepEqual(messageEntries.map((e) => e.message.id), expectedMessages, 'every message, oldest first, including our reply');
    assert.deepEqual(
      messageEntries.map((e) => e.message.channel),
      ['email', 'chat', 'chat', 'portal', 'phone'],
    );
    assert.equal(messageEntries.find((e) => e.message.id === replyId)?.message.direction, 'outbound');
    for (const e of messageEntries) {
      const owner = conversations.find((c) => c.id === e.conversationId);
      assert.ok(owner, 'each message names its conversation');
      assert.equal(e.conversationNumber, owner.number);
    }
    assert.ok(!timeline.some((e) => (e.kind === 'conversation' ? e.conversation.id : e.conversationId) === stranger.id));

    // Chronological, and each conversation appears before its own messages.
    for (let i = 1; i < timeline.length; i++) {
      assert.ok(Date.parse(timeline[i - 1]!.at) <= Date.parse(timeline[i]!.at), `timeline entry ${i} is not older than the one before`);
    }
    for (const c of conversations) {
      const start = timeline.findIndex((e) => e.kind === 'conversation' && e.conversation.id === c.id);
      const firstMessage = timeline.findIndex((e) => e.kind === 'message' && e.conversationId === c.id);
      assert.ok(start >= 0 && start < firstMessage, `conversation ${c.number} opens before its messages`);
    }
    assert.equal(timeline.length, conversations.length + expectedMessages.length);
  });

  test('unknown customer → 404, not a uuid → 400, another account → 404', async () => {
    const acc = await t.newAccount();
    const missing = await t.app.inject({ method: 'GET', url: `/api/v1/customers/${randomUUID()}`, headers: acc.auth });
    assert.equal(missing.statusCode, 404, missing.body);
    assert.equal(missing.json<ErrorJson>().error.code, 'not_found');
    assertFieldError(await t.app.inject({ method: 'GET', url: '/api/v1/customers/12345', headers: acc.auth }), 'id');

    const c = await createConversation(acc, { subject: 'Mine', body: 'Hello there, this is my question.' });
    const other = await t.newAccount();
    const foreign = await t.app.inject({ method: 'GET', url: `/api/v1/customers/${c.customerId}`, headers: other.auth });
    assert.equal(foreign.statusCode, 404);
  });
});

describe('GET /api/v1/search', () => {
  test('finds words in subjects and message bodies in all six languages, whatever their case', async () => {
    const acc = await t.newAccount();
    const en = await createConversation(acc, {
      subject: 'Broken umbrella',
      body: 'Hello, the lamp I ordered arrived with a cracked shade. I would like a replacement, please.',
    });
    const sv = await createConversation(acc, {
      subject: 'Fråga om fakturan',
      body: 'Hej! Jag har väntat på mina leveranser i tre veckor nu och ingen har hört av sig. Vad händer?',
    });
    const pl = await createConversation(acc, {
      subject: 'ŻÓŁTY parasol',
      body: 'Dzień dobry, moje zamówienie jeszcze nie dotarło, chociaż zapłaciłem dwa tygodnie temu.',
    });
    const sl = await createConversation(acc, {
      subject: 'Težava s plačilom',
      body: 'Pozdravljeni, moje naročilo še vedno ni prispelo, čeprav sem ga plačal pred dvema tednoma.',
    });
    const bg = await createConversation(acc, {
      subject: 'Въпрос за ФАКТУРАТА',
      body: 'Здравейте, поръчката ми още не е пристигнала, въпреки че платих преди две седмици.',
    });
    const eo = await createConversation(acc, {
      subject: 'Ĉambro ne estas pura',
      body: 'Saluton, mia mendo ankoraŭ ne alvenis, kvankam mi pagis antaŭ du semajnoj.',
    });
    assert.deepEqual(
      [en, sv, pl, sl, bg, eo].map((c) => c.language),
      ['en', 'sv', 'pl', 'sl', 'bg', 'eo'],
      'each conversation is in the language it was written in',
    );

    // Another account's identical text never shows up.
    const other = await t.newAccount();
    await createConversation(other, { subject: 'ŻÓŁTY parasol', body: 'moje zamówienie i поръчката ми' });

    const cases: Array<[string, ConversationJson, 'conversation' | 'message']> = [
      ['replacement', en, 'message'],
      ['umbrella', en, 'conversation'],
      ['UMBRELLA', en, 'conversation'],
      ['leveranser', sv, 'message'],
      ['fakturan', sv, 'conversation'],
      ['väntat', sv, 'message'],
      ['zamówienie', pl, 'message'],
      ['ZAMÓWIENIE', pl, 'message'],
      ['Zamówienie', pl, 'message'],
      ['żółty', pl, 'conversation'],
      ['zapłaciłem', pl, 'message'],
      // Two words, not adjacent in the text: every word must match (not a substring search).
      ['zamówienie zapłaciłem', pl, 'message'],
      ['naročilo', sl, 'message'],
      ['NAROČILO', sl, 'message'],
      ['plačilom', sl, 'conversation'],
      ['поръчката', bg, 'message'],
      ['ПОРЪЧКАТА', bg, 'message'],
      ['пристигнала', bg, 'message'],
      ['фактурата', bg, 'conversation'],
      ['Фактурата', bg, 'conversation'],
      ['mendo', eo, 'message'],
      ['ankoraŭ', eo, 'message'],
      ['ANKORAŬ', eo, 'message'],
      ['ĉambro', eo, 'conversation'],
    ];
    for (const [q, expected, kind] of cases) {
      const hits = await search(acc, q);
      assert.deepEqual(conversationIds(hits), [expected.id], `"${q}" finds exactly the ${expected.language} conversation`);
      assert.ok(
        hits.some((h) => h.kind === kind && h.conversationId === expected.id),
        `"${q}" matches the ${kind}: ${JSON.stringify(hits)}`,
      );
      for (const h of hits) assert.equal(h.conversation.id, h.conversationId);
      const messageHit = hits.find((h) => h.kind === 'message');
      if (messageHit) assert.equal(messageHit.messageId, expected.messages[0]!.id);
    }

    // Several words, in the other account: only that account's data.
    const foreign = await search(other, 'zamówienie');
    assert.equal(foreign.length > 0, true);
    assert.ok(foreign.every((h) => h.conversationId !== pl.id), 'search never crosses accounts');
  });

  test('Swedish and English words are stemmed: another inflection finds the message', async () => {
    const acc = await t.newAccount();
    const sv = await createConversation(acc, {
      subject: 'Väntar fortfarande',
      body: 'Hej! Jag har väntat på mina leveranser i tre veckor nu och ingen har hört av sig. Vad händer?',
    });
    const en = await createConversation(acc, {
      subject: 'Question',
      body: 'Hello, I am writing about the delivery of my order, it has been three weeks already.',
    });
    assert.equal(sv.language, 'sv');
    assert.equal(en.language, 'en');
    // "leveransen" (the delivery) is not a substring of "leveranser" (deliveries): only the Swedish stemmer joins them.
    assert.deepEqual(conversationIds(await search(acc, 'leveransen')), [sv.id]);
    // "deliveries" is not a substring of "delivery": the English stemmer joins them.
    assert.deepEqual(conversationIds(await search(acc, 'deliveries')), [en.id]);
    // A word that appears nowhere finds nothing.
    assert.deepEqual(await search(acc, 'xylophone'), []);
  });

  test('ranks a conversation matching in subject and body above one matching in the body only', async () => {
    const acc = await t.newAccount();
    // The subject-and-body match is the older one and mentions the word less often, so neither recency nor
    // term frequency can put it first: only the subject match does.
    const both = await createConversation(acc, { subject: 'Kangaroo plush missing', body: 'The kangaroo plush toy was not in the box.' });
    const bodyOnly = await createConversation(acc, {
      subject: 'Another question',
      body: 'Kangaroo, kangaroo, kangaroo: I also ordered a kangaroo and the kangaroo backpack.',
    });
    const unrelated = await createConversation(acc, { subject: 'Unrelated', body: 'Nothing to see here about wombats.' });

    const hits = await search(acc, 'kangaroo');
    assert.ok(hits.length >= 2, JSON.stringify(hits));
    assert.equal(hits[0]!.conversationId, both.id, `best first: ${JSON.stringify(hits)}`);
    const firstBoth = hits.findIndex((h) => h.conversationId === both.id);
    const firstBodyOnly = hits.findIndex((h) => h.conversationId === bodyOnly.id);
    assert.ok(firstBodyOnly > firstBoth, 'the body-only match comes later');
    assert.ok(!hits.some((h) => h.conversationId === unrelated.id));
    for (let i = 1; i < hits.length; i++) assert.ok(hits[i - 1]!.score >= hits[i]!.score, 'scores never increase down the list');
  });

  test('respects limit and rejects a missing q or a bad limit naming the field', async () => {
    const acc = await t.newAccount();
    for (let i = 0; i < 5; i++) {
      await createConversation(acc, { subject: `Order ${i}`, body: `My pineapple number ${i} arrived bruised, please help.` });
    }
    assert.equal((await search(acc, 'pineapple')).length, 5, 'all five messages by default');
    assert.equal((await search(acc, 'pineapple', 2)).length, 2);
    assert.equal((await search(acc, 'pineapple', 3)).length, 3);
    assert.equal((await search(acc, 'pineapple', 100)).length, 5);

    assertFieldError(await t.app.inject({ method: 'GET', url: '/api/v1/search', headers: acc.auth }), 'q');
    assertFieldError(await t.app.inject({ method: 'GET', url: '/api/v1/search?q=', headers: acc.auth }), 'q');
    assertFieldError(await t.app.inject({ method: 'GET', url: '/api/v1/search?q=pineapple&limit=0', headers: acc.auth }), 'limit');
    assertFieldError(await t.app.inject({ method: 'GET', url: '/api/v1/search?q=pineapple&limit=1000', headers: acc.auth }), 'limit');
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/search?q=pineapple' });
    assert.equal(anonymous.statusCode, 401);
  });
});

describe('POST /api/v1/language/detect', () => {
  test('detects each of the six languages and answers und for text without words', async () => {
    const acc = await t.newAccount();
    const samples: Array<[string, string]> = [
      ['en', 'Hello, I would like to know when my order will be delivered to my home address.'],
      ['sv', 'Hej, jag undrar när min beställning kommer att levereras till min adress.'],
      ['pl', 'Dzień dobry, chciałbym wiedzieć, kiedy moje zamówienie zostanie dostarczone na mój adres.'],
      ['sl', 'Pozdravljeni, zanima me, kdaj bo moje naročilo dostavljeno na moj naslov.'],
      ['bg', 'Здравейте, бих искал да знам кога поръчката ми ще бъде доставена на моя адрес.'],
      ['eo', 'Saluton, mi ŝatus scii kiam mia mendo estos liverita al mia hejma adreso.'],
      ['und', '12345'],
    ];
    for (const [expected, text] of samples) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/language/detect', headers: acc.auth, payload: { text } });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json<{ language: string; confidence: number }>();
      assert.equal(body.language, expected, `"${text}"`);
      assert.equal(typeof body.confidence, 'number');
      assert.ok(body.confidence >= 0 && body.confidence <= 1);
      if (expected !== 'und') assert.ok(body.confidence > 0, `a real guess for ${expected} has some confidence`);
    }
    assertFieldError(await t.app.inject({ method: 'POST', url: '/api/v1/language/detect', headers: acc.auth, payload: {} }), 'text');
  });
});
