import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import nodemailer from 'nodemailer';
import type { SMTPServer } from 'smtp-server';
import { createTestApp, type TestAccount, type TestApp } from '../helpers/harness.js';
import { createSmtpIngress } from '../../src/server/channels/email/smtp-ingress.js';
import { startSmtpSink, waitFor, type SmtpSink } from '../helpers/smtp-sink.js';

let sink: SmtpSink;
let t: TestApp;
let acc: TestAccount;
let ingress: SMTPServer;
let ingressPort: number;

async function listen(server: SMTPServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

before(async () => {
  sink = await startSmtpSink();
  t = await createTestApp({ smtpRelayUrl: `smtp://127.0.0.1:${sink.port}`, mailRetryDelaySeconds: 1, mailRetryLimit: 6 });
  acc = await t.newAccount();
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/email-addresses', headers: acc.auth, payload: { address: 'support@shop.test', displayName: 'Shop support' } });
  assert.equal(res.statusCode, 201, res.body);
  ingress = createSmtpIngress({
    db: t.deps.db,
    attachments: t.deps.attachments,
    maxMessageBytes: 1_000_000,
    log: () => undefined,
    ingest: { jobs: t.deps.jobs, mailDomain: 'shop.test', defaultResponseHours: 24 },
  });
  ingressPort = await listen(ingress);
});
after(async () => {
  await new Promise<void>((resolve) => ingress.close(() => resolve()));
  await t.close();
  await sink.close();
});

const customer = (port: number) => nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });

interface Msg {
  id: string;
  direction: string;
  body: string;
  autoSubmitted: boolean;
  delivery: { status: string; error: string | null; attempts: number } | null;
}
async function conversation(id: string) {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/conversations/${id}`, headers: acc.auth });
  return res.json() as { id: string; number: number; subject: string; firstResponseAt: string | null; messages: Msg[] };
}
async function conversationIdFor(email: string): Promise<string[]> {
  const rows = await t.deps.db
    .selectFrom('conversations as c')
    .innerJoin('customer_contacts as cc', 'cc.customer_id', 'c.customer_id')
    .select('c.id')
    .where('c.account_id', '=', acc.accountId)
    .where('cc.normalized', '=', email)
    .orderBy('c.created_at')
    .execute();
  return rows.map((r) => r.id);
}

test('a new mail is acknowledged in the customer language with the number and an expected time; agent replies thread both ways', async () => {
  await customer(ingressPort).sendMail({
    from: 'Agnieszka Nowak <agnieszka@example.pl>',
    to: 'support@shop.test',
    subject: 'Zwrot zamówienia',
    text: 'Dzień dobry, chciałabym zwrócić zamówienie nr 4471, ponieważ rozmiar jest za mały. Jak mam to zrobić?',
    messageId: '<order-4471@example.pl>',
  });
  const [id] = await conversationIdFor('agnieszka@example.pl');
  assert.ok(id);
  const ack = await waitFor(() => sink.mails.find((m) => m.rcptTo.includes('agnieszka@example.pl')), 15_000, 'acknowledgement');
  assert.equal(ack.parsed.headers.get('auto-submitted'), 'auto-replied');
  assert.equal(ack.parsed.inReplyTo, '<order-4471@example.pl>');
  const conv = await conversation(id);
  assert.match(ack.parsed.subject ?? '', new RegExp(`\\[#${conv.number}\\]`));
  assert.match(ack.parsed.text ?? '', /Dziękujemy za wiadomość/);
  assert.match(ack.parsed.text ?? '', /w ciągu 24 godzin/, 'an expected time, here the default while there is no history');
  assert.match(ack.parsed.text ?? '', /Dzień dobry Agnieszka Nowak/);
  const ackMessage = await waitFor(async () => (await conversation(id)).messages.find((m) => m.autoSubmitted && m.delivery?.status === 'sent'), 10_000, 'ack sent');
  assert.equal(ackMessage.direction, 'outbound');
  assert.equal((await conversation(id)).firstResponseAt, null, 'an automatic acknowledgement is not a response');

  // The agent answers through the API: the mail leaves through the relay with threading headers.
  const reply = await t.app.inject({
    method: 'POST',
    url: `/api/v1/conversations/${id}/messages`,
    headers: acc.auth,
    payload: { type: 'reply', body: 'Dzień dobry Pani Agnieszko, wysłałam etykietę zwrotną; zwrot nastąpi w ciągu 5 dni roboczych.' },
  });
  assert.equal(reply.statusCode, 201, reply.body);
  assert.equal((reply.json() as Msg).delivery?.status, 'queued');
  const sent = await waitFor(() => sink.mails.find((m) => (m.parsed.text ?? '').includes('etykietę zwrotną')), 15_000, 'reply delivered');
  assert.equal(sent.parsed.inReplyTo, '<order-4471@example.pl>');
  assert.ok(String(sent.parsed.references ?? '').includes('<order-4471@example.pl>'));
  assert.equal(sent.parsed.subject, `Re: Zwrot zamówienia [#${conv.number}]`);
  assert.equal(sent.parsed.from?.value[0]?.address, 'support@shop.test');
  assert.equal(sent.parsed.headers.get('auto-submitted'), undefined);
  await waitFor(async () => (await conversation(id)).messages.find((m) => m.id === (reply.json() as Msg).id && m.delivery?.status === 'sent'), 10_000, 'reply marked sent');

  // The customer answers our reply: same conversation, by In-Reply-To.
  await customer(ingressPort).sendMail({
    from: 'agnieszka@example.pl',
    to: 'support@shop.test',
    subject: `Re: Zwrot zamówienia [#${conv.number}]`,
    text: 'Dziękuję, paczka wysłana.',
    inReplyTo: sent.parsed.messageId!,
    references: [sent.parsed.messageId!],
  });
  // A client that drops the headers: the [#n] token in the subject still finds it.
  await customer(ingressPort).sendMail({
    from: 'agnieszka@example.pl',
    to: 'support@shop.test',
    subject: `Re: Zwrot zamówienia [#${conv.number}]`,
    text: 'Jeszcze jedno pytanie o numer przesyłki.',
  });
  assert.deepEqual(await conversationIdFor('agnieszka@example.pl'), [id], 'no second conversation');
  const thread = await conversation(id);
  assert.deepEqual(
    thread.messages.filter((m) => m.direction === 'inbound').map((m) => m.body),
    [
      'Dzień dobry, chciałabym zwrócić zamówienie nr 4471, ponieważ rozmiar jest za mały. Jak mam to zrobić?',
      'Dziękuję, paczka wysłana.',
      'Jeszcze jedno pytanie o numer przesyłki.',
    ],
  );
  const acksToAgnieszka = sink.mails.filter((m) => m.rcptTo.includes('agnieszka@example.pl') && m.parsed.headers.get('auto-submitted'));
  assert.equal(acksToAgnieszka.length, 1, 'follow-ups in the same conversation are not acknowledged again');

  // Another customer with the same subject gets a conversation of their own.
  await customer(ingressPort).sendMail({ from: 'other@example.pl', to: 'support@shop.test', subject: `Re: Zwrot zamówienia [#${conv.number}]`, text: 'Też chcę zwrócić.' });
  const others = await conversationIdFor('other@example.pl');
  assert.equal(others.length, 1);
  assert.notEqual(others[0], id);
});

test('relay down: the reply stays queued with the reason, then is delivered exactly once when the relay is back', async () => {
  await customer(ingressPort).sendMail({ from: 'karin@example.se', to: 'support@shop.test', subject: 'Leveransen', text: 'Hej! Paketet har inte kommit.' });
  const [id] = await conversationIdFor('karin@example.se');
  await waitFor(() => sink.mails.find((m) => m.rcptTo.includes('karin@example.se')), 15_000, 'ack');
  const port = sink.port;
  await sink.close();
  const before = sink.mails.length;
  const reply = await t.app.inject({
    method: 'POST',
    url: `/api/v1/conversations/${id!}/messages`,
    headers: acc.auth,
    payload: { type: 'reply', body: 'Hej Karin, paketet skickas i dag och är hos dig på torsdag.' },
  });
  const replyId = (reply.json() as Msg).id;
  const failing = await waitFor(
    async () => (await conversation(id!)).messages.find((m) => m.id === replyId && m.delivery && m.delivery.attempts >= 1 && m.delivery.error),
    15_000,
    'a failed attempt recorded',
  );
  assert.equal(failing.delivery!.status, 'queued');
  assert.match(failing.delivery!.error!, /ECONNREFUSED|connect/i);

  sink = await startSmtpSink(port);
  await waitFor(async () => (await conversation(id!)).messages.find((m) => m.id === replyId && m.delivery?.status === 'sent'), 30_000, 'delivered after the relay came back');
  await new Promise((r) => setTimeout(r, 2500)); // would a duplicate follow?
  const copies = sink.mails.filter((m) => (m.parsed.text ?? '').includes('paketet skickas i dag'));
  assert.equal(copies.length, 1, 'delivered exactly once');
  assert.ok(sink.mails.length >= 1 && before >= 1);
});

test('a bounce of our mail marks it bounced in the conversation instead of opening a new one', async () => {
  await customer(ingressPort).sendMail({ from: 'gone@example.org', to: 'support@shop.test', subject: 'Question', text: 'Hello, is the shop open on Sunday?' });
  const [id] = await conversationIdFor('gone@example.org');
  const ackMail = await waitFor(() => sink.mails.find((m) => m.rcptTo.includes('gone@example.org')), 15_000, 'ack');
  const dsn = [
    'From: Mail Delivery System <MAILER-DAEMON@mx.example.org>',
    'To: support@shop.test',
    'Subject: Undelivered Mail Returned to Sender',
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
    '',
    '--B',
    'Content-Type: text/plain',
    '',
    'Your message could not be delivered.',
    '--B',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.org',
    '',
    'Final-Recipient: rfc822; gone@example.org',
    'Action: failed',
    'Status: 5.1.1',
    'Diagnostic-Code: smtp; 550 5.1.1 user unknown',
    '--B',
    'Content-Type: text/rfc822-headers',
    '',
    `Message-ID: ${ackMail.parsed.messageId}`,
    'To: gone@example.org',
    '--B--',
    '',
  ].join('\r\n');
  const info = await customer(ingressPort).sendMail({ envelope: { from: '', to: ['support@shop.test'] }, raw: dsn });
  assert.match(info.response, /^250 .*bounce/);
  const bounced = await waitFor(async () => (await conversation(id!)).messages.find((m) => m.delivery?.status === 'bounced'), 10_000, 'bounced');
  assert.match(bounced.delivery!.error!, /user unknown/);
  assert.equal((await conversationIdFor('mailer-daemon@mx.example.org')).length, 0);
});

test('with no relay reachable the mail ends as failed with the reason after its retries', async () => {
  const lonely = await createTestApp({ smtpRelayUrl: 'smtp://127.0.0.1:9', mailRetryDelaySeconds: 1, mailRetryLimit: 1 });
  try {
    const a = await lonely.newAccount();
    await lonely.app.inject({ method: 'POST', url: '/api/v1/email-addresses', headers: a.auth, payload: { address: 'help@lonely.test' } });
    const created = await lonely.app.inject({
      method: 'POST',
      url: '/api/v1/conversations',
      headers: a.auth,
      payload: { subject: 'Hi', channel: 'email', customer: { email: 'x@example.org' }, message: { body: 'Hello there, my order is late.' } },
    });
    const id = (created.json() as { id: string }).id;
    const reply = await lonely.app.inject({ method: 'POST', url: `/api/v1/conversations/${id}/messages`, headers: a.auth, payload: { type: 'reply', body: 'Sorry, it ships today.' } });
    const replyId = (reply.json() as Msg).id;
    const failed = await waitFor(async () => {
      const c = (await lonely.app.inject({ method: 'GET', url: `/api/v1/conversations/${id}`, headers: a.auth })).json() as { messages: Msg[] };
      return c.messages.find((m) => m.id === replyId && m.delivery?.status === 'failed');
    }, 30_000, 'failed');
    assert.equal(failed.delivery!.attempts, 2, 'the first try and one retry');
    assert.match(failed.delivery!.error!, /ECONNREFUSED|connect/i);
  } finally {
    await lonely.close();
  }
});
