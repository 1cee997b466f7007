import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import nodemailer from 'nodemailer';
import type { SMTPServer } from 'smtp-server';
import { createTestApp, createTestDatabase, freshProcessStorage, type TestAccount, type TestApp } from '../helpers/harness.js';
import { createSmtpIngress } from '../../src/server/channels/email/smtp-ingress.js';
import { runCli } from '../helpers/server-process.js';

let t: TestApp;
let acc: TestAccount;
let smtp: SMTPServer;
let port: number;

before(async () => {
  t = await createTestApp();
  acc = await t.newAccount();
  const created = await t.app.inject({ method: 'POST', url: '/api/v1/email-addresses', headers: acc.auth, payload: { address: 'help@servisto.test', displayName: 'Help' } });
  assert.equal(created.statusCode, 201, created.body);
  smtp = createSmtpIngress({ db: t.deps.db, attachments: t.deps.attachments, maxMessageBytes: 200_000, log: () => undefined });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  const address = smtp.server.address();
  port = typeof address === 'object' && address ? address.port : 0;
});
after(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await t.close();
});

function transport(p = port) {
  return nodemailer.createTransport({ host: '127.0.0.1', port: p, secure: false, ignoreTLS: true, tls: { rejectUnauthorized: false } });
}

async function conversationsOf(customerEmail: string) {
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/conversations?limit=100', headers: acc.auth });
  const items = (res.json() as { items: Array<{ id: string; subject: string; customerId: string; messageCount: number; channel: string }> }).items;
  const customers = await t.deps.db
    .selectFrom('customer_contacts')
    .select('customer_id')
    .where('account_id', '=', acc.accountId)
    .where('normalized', '=', customerEmail)
    .execute();
  const ids = new Set(customers.map((c) => c.customer_id));
  return items.filter((c) => ids.has(c.customerId));
}

test('SMTP: 250 only after commit; a reply with In-Reply-To threads into the same conversation', async () => {
  const info = await transport().sendMail({
    from: 'Karin Lindqvist <karin@example.se>',
    to: 'help@servisto.test',
    subject: 'Leveransen har inte kommit',
    text: 'Hej! Jag beställde en kaffebryggare för två veckor sedan men paketet har inte kommit.',
    messageId: '<first-karin@example.se>',
  });
  assert.match(info.response, /^250 /);
  // The 250 came after commit, so the conversation is readable at once.
  const [conversation] = await conversationsOf('karin@example.se');
  assert.ok(conversation, 'conversation exists as soon as SMTP said 250');
  assert.equal(conversation.channel, 'email');
  const full = (await t.app.inject({ method: 'GET', url: `/api/v1/conversations/${conversation.id}`, headers: acc.auth })).json() as {
    language: string;
    messages: Array<{ body: string; language: string }>;
  };
  assert.equal(full.language, 'sv');

  await transport().sendMail({
    from: 'karin@example.se',
    to: 'help@servisto.test',
    subject: 'Re: Leveransen har inte kommit',
    text: 'Nu har paketet kommit, tack!\n\nDen 1 dec. 2026 skrev Servisto <help@servisto.test>:\n> Hej Karin',
    inReplyTo: '<first-karin@example.se>',
    references: ['<first-karin@example.se>'],
  });
  const after = await conversationsOf('karin@example.se');
  assert.equal(after.length, 1, 'the reply did not open a second conversation');
  const thread = (await t.app.inject({ method: 'GET', url: `/api/v1/conversations/${conversation.id}`, headers: acc.auth })).json() as {
    messages: Array<{ body: string; bodyFull: string }>;
  };
  assert.equal(thread.messages.length, 2);
  assert.equal(thread.messages[1]!.body, 'Nu har paketet kommit, tack!', 'quoted history is not in the visible body');
  assert.match(thread.messages[1]!.bodyFull, /skrev Servisto/);
});

test('SMTP: unknown recipient → 550 at RCPT TO; +tags reach the base address', async () => {
  await assert.rejects(
    transport().sendMail({ from: 'someone@example.test', to: 'nobody@servisto.test', subject: 'hi', text: 'hello' }),
    (error: { responseCode?: number }) => error.responseCode === 550,
  );
  const info = await transport().sendMail({ from: 'tagged@example.test', to: 'help+billing@servisto.test', subject: 'Faktura', text: 'Hej, fakturan saknas.' });
  assert.match(info.response, /^250 /);
  assert.equal((await conversationsOf('tagged@example.test')).length, 1);
});

test('SMTP: mail from our own address is a loop and opens nothing', async () => {
  const info = await transport().sendMail({ from: 'help@servisto.test', to: 'help@servisto.test', subject: 'Loop?', text: 'This must not become a conversation.' });
  assert.match(info.response, /^250 .*loop/);
  assert.equal((await conversationsOf('help@servisto.test')).length, 0);
  // Also in another case and with a +tag: the same address.
  const tagged = await transport().sendMail({ from: 'Help+Auto@Servisto.TEST', to: 'help@servisto.test', subject: 'Loop?', text: 'Nor this.' });
  assert.match(tagged.response, /^250 .*loop/);
});

test('SMTP: oversize → 552, no sender → 550, auto-reply accepted without a conversation', async () => {
  await assert.rejects(
    transport().sendMail({ from: 'big@example.test', to: 'help@servisto.test', subject: 'big', text: 'x'.repeat(300_000) }),
    (error: { responseCode?: number }) => error.responseCode === 552,
  );
  await assert.rejects(
    transport().sendMail({ envelope: { from: 'nobody@example.test', to: ['help@servisto.test'] }, raw: 'To: help@servisto.test\r\nSubject: no from\r\n\r\nbody\r\n' }),
    (error: { responseCode?: number }) => error.responseCode === 550,
  );
  const info = await transport().sendMail({
    from: 'away@example.test',
    to: 'help@servisto.test',
    subject: 'Out of office',
    text: 'I am away until Monday.',
    headers: { 'Auto-Submitted': 'auto-replied' },
  });
  assert.match(info.response, /^250 .*auto_reply/);
  assert.equal((await conversationsOf('away@example.test')).length, 0, 'no conversation for an auto-reply');
});

test('SMTP: the database being unavailable gives 451 (retry later), never 250', async () => {
  const broken = await createTestDatabase();
  const server = createSmtpIngress({ db: broken.handle.db, attachments: t.deps.attachments, maxMessageBytes: 200_000, log: () => undefined });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.server.address();
  await broken.drop(); // closes the database under the running SMTP server
  try {
    await assert.rejects(
      transport(typeof address === 'object' && address ? address.port : 0).sendMail({ from: 'x@example.test', to: 'help@servisto.test', subject: 'hi', text: 'hello' }),
      (error: { responseCode?: number }) => error.responseCode === 451,
    );
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

test('servisto ingest --json: one JSON line per message, mbox split, bad input reported, exit codes', async () => {
  const storage = await freshProcessStorage();
  try {
    const dir = storage.dataDir;
    const eml = path.join(dir, 'one.eml');
    await writeFile(eml, 'From: Maja Kovač <maja@example.si>\r\nTo: help@example.test\r\nSubject: Sprememba naslova\r\nMessage-ID: <m1@example.si>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPozdravljeni, preselila sem se in bi rada spremenila naslov za dostavo.\r\n');
    const mbox = path.join(dir, 'two.mbox');
    await writeFile(
      mbox,
      'From a@example.pl Mon Jan  1 00:00:00 2026\nFrom: a@example.pl\nSubject: Zwrot\nMessage-ID: <p1@example.pl>\n\nDzień dobry, chciałabym zwrócić zamówienie.\n\nFrom b@example.test Mon Jan  1 00:00:00 2026\nFrom: b@example.test\nSubject: Out of office\nAuto-Submitted: auto-replied\n\nAway.\n',
    );
    const ok = runCli(['ingest', '--json', eml, mbox], storage.env);
    assert.equal(await ok.exited, 0, ok.output());
    const lines = ok
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, 3, ok.output());
    assert.equal(lines[0]!.ok, true);
    assert.equal(lines[0]!.file, eml);
    assert.equal(lines[0]!.from, 'maja@example.si');
    assert.equal(lines[0]!.subject, 'Sprememba naslova');
    assert.equal(lines[0]!.language, 'sl');
    assert.match(String(lines[0]!.body), /preselila sem se/);
    assert.ok(lines[0]!.conversationId && lines[0]!.messageId);
    assert.equal(lines[1]!.language, 'pl');
    assert.equal(lines[2]!.skipped, 'auto_reply');

    const bad = path.join(dir, 'bad.eml');
    await writeFile(bad, 'Subject: nobody sent this\r\n\r\nbody\r\n');
    const failing = runCli(['ingest', '--json', bad, path.join(dir, 'missing.eml')], storage.env);
    assert.equal(await failing.exited, 1);
    const out = failing.output().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { ok: boolean; error?: { code: string } });
    assert.deepEqual(out.map((l) => [l.ok, l.error?.code]), [
      [false, 'email_no_sender'],
      [false, 'file_unreadable'],
    ]);
  } finally {
    await storage.drop();
  }
});
