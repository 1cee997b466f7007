import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import net from 'node:net';
import { createTestApp, createTestDatabase, type TestApp } from '../helpers/harness.js';
import { startDovecot, type DovecotServer, type ImapTestUser } from '../helpers/dovecot.js';
import { ImapPoller, parseImapUrl, type ImapPollerOptions } from '../../src/server/channels/email/imap-poller.js';

let t: TestApp;
let dovecot: DovecotServer;

before(async () => {
  [t, dovecot] = await Promise.all([createTestApp(), startDovecot()]);
});
after(async () => {
  await dovecot?.stop();
  await t?.close();
});

function rawMail(m: { from: string; subject: string; body: string; messageId?: string; inReplyTo?: string }): string {
  const headers = [
    `From: ${m.from}`,
    'To: help@servisto.test',
    `Subject: ${m.subject}`,
    'Date: Tue, 01 Dec 2026 10:00:00 +0100',
    ...(m.messageId ? [`Message-ID: ${m.messageId}`] : []),
    ...(m.inReplyTo ? [`In-Reply-To: ${m.inReplyTo}`, `References: ${m.inReplyTo}`] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
  ];
  return `${headers.join('\r\n')}\r\n\r\n${m.body.replace(/\n/g, '\r\n')}\r\n`;
}

function poller(user: ImapTestUser, accountId: string, extra: Partial<ImapPollerOptions> & { processedMailbox?: string } = {}): ImapPoller {
  const { processedMailbox, ...options } = extra;
  return new ImapPoller({
    db: t.deps.db,
    attachments: t.deps.attachments,
    mailbox: {
      host: dovecot.host,
      port: dovecot.port,
      secure: false,
      user: user.user,
      password: user.password,
      accountId,
      ...(processedMailbox ? { processedMailbox } : {}),
    },
    ...options,
  });
}

async function conversationsOf(accountId: string) {
  return t.deps.db
    .selectFrom('conversations')
    .select(['id', 'subject', 'channel', 'message_count'])
    .where('account_id', '=', accountId)
    .orderBy('number')
    .execute();
}

const seen = (m: { flags: Set<string> }) => m.flags.has('\\Seen');

test('IMAP: three unseen mails → one round stores three conversations and flags each \\Seen; the next round stores nothing', async () => {
  const acc = await t.newAccount();
  const box = await dovecot.addUser();
  const mails = [
    rawMail({ from: 'Karin Lindqvist <karin@example.se>', subject: 'Leveransen har inte kommit', body: 'Hej! Jag beställde en kaffebryggare för två veckor sedan men paketet har inte kommit ännu.', messageId: '<imap-1@example.se>' }),
    rawMail({ from: 'Jan Kowalski <jan@example.pl>', subject: 'Reklamacja zamówienia', body: 'Dzień dobry, otrzymałem uszkodzony ekspres do kawy i chciałbym go zwrócić.', messageId: '<imap-2@example.pl>' }),
    rawMail({ from: 'Ann Smith <ann@example.com>', subject: 'Invoice question', body: 'Hello, my invoice shows the wrong address. Could you send a corrected one?', messageId: '<imap-3@example.com>' }),
  ];
  const uids: number[] = [];
  for (const m of mails) uids.push(await dovecot.append(box, m));

  const p = poller(box, acc.accountId);
  try {
    const report = await p.pollOnce();
    assert.equal(report.error, undefined, JSON.stringify(report.error));
    assert.deepEqual(report.outcomes.map((o) => [o.uid, o.outcome]), uids.map((uid) => [uid, 'stored']), 'every message stored, in UID order');

    const conversations = await conversationsOf(acc.accountId);
    assert.deepEqual(conversations.map((c) => c.subject), ['Leveransen har inte kommit', 'Reklamacja zamówienia', 'Invoice question']);
    assert.ok(conversations.every((c) => c.channel === 'email' && c.message_count === 1));
    const inbox = await dovecot.messages(box);
    assert.equal(inbox.length, 3, 'messages stay in the folder when no processed folder is configured');
    assert.ok(inbox.every(seen), 'all three flagged \\Seen after commit');

    const again = await p.pollOnce();
    assert.deepEqual(again, { outcomes: [], remaining: 0 }, 'second round finds nothing unseen');
    assert.equal((await conversationsOf(acc.accountId)).length, 3, 'nothing stored twice');
  } finally {
    await p.stop();
  }
});

test('IMAP: a reply threads into its conversation; with a processed folder, handled mail is moved there', async () => {
  const acc = await t.newAccount();
  const box = await dovecot.addUser();
  const p = poller(box, acc.accountId, { processedMailbox: 'Servisto/Done' });
  try {
    await dovecot.append(box, rawMail({ from: 'Marta Novak <marta@example.si>', subject: 'Pokvarjen aparat', body: 'Pozdravljeni, aparat za kavo ne deluje več. Prosim za pomoč.', messageId: '<first-marta@example.si>' }));
    const first = await p.pollOnce();
    assert.equal(first.outcomes[0]?.outcome, 'stored');

    await dovecot.append(
      box,
      rawMail({
        from: 'marta@example.si',
        subject: 'Re: Pokvarjen aparat',
        body: 'Zdaj deluje, hvala!\n\nOn Tue, 1 Dec 2026 at 10:00, Servisto <help@servisto.test> wrote:\n> Pozdravljeni, Marta',
        messageId: '<reply-marta@example.si>',
        inReplyTo: '<first-marta@example.si>',
      }),
    );
    const second = await p.pollOnce();
    const reply = second.outcomes[0];
    assert.ok(reply?.outcome === 'stored', JSON.stringify(second));
    assert.equal(reply.created, false, 'the reply did not open a new conversation');
    assert.ok(first.outcomes[0]?.outcome === 'stored' && reply.conversationId === first.outcomes[0].conversationId);

    const conversations = await conversationsOf(acc.accountId);
    assert.equal(conversations.length, 1);
    assert.equal(conversations[0]!.message_count, 2);
    const messages = await t.deps.db.selectFrom('messages').select(['body', 'body_full']).where('conversation_id', '=', reply.conversationId).orderBy('seq').execute();
    assert.equal(messages[1]!.body, 'Zdaj deluje, hvala!', 'quoted history is not in the visible body');

    assert.equal((await dovecot.messages(box)).length, 0, 'INBOX is empty: handled mail was moved');
    const done = await dovecot.messages(box, ['Servisto', 'Done']); // dovecot's maildir delimiter is '.'
    assert.deepEqual(done.map((m) => m.messageId), ['<first-marta@example.si>', '<reply-marta@example.si>']);
    assert.ok(done.every(seen));
  } finally {
    await p.stop();
  }
});

test('IMAP: with the database down the message stays unseen and the round stops; once it is back the message is stored once', async () => {
  const acc = await t.newAccount();
  const box = await dovecot.addUser();
  const broken = await createTestDatabase();
  const lines: string[] = [];
  const down = new ImapPoller({
    db: broken.handle.db,
    attachments: t.deps.attachments,
    mailbox: { host: dovecot.host, port: dovecot.port, secure: false, user: box.user, password: box.password, accountId: acc.accountId },
    log: (line) => lines.push(line),
  });
  await dovecot.append(box, rawMail({ from: 'ivan@example.bg', subject: 'Поръчка 1', body: 'Здравейте, поръчката ми още не е пристигнала.', messageId: '<down-1@example.bg>' }));
  await dovecot.append(box, rawMail({ from: 'ivan@example.bg', subject: 'Поръчка 2', body: 'Здравейте, имам още един въпрос за фактурата.', messageId: '<down-2@example.bg>' }));
  await broken.drop(); // closes the database under the poller
  try {
    const report = await down.pollOnce();
    assert.equal(report.error?.kind, 'ingest', JSON.stringify(report));
    assert.deepEqual(report.outcomes, [], 'nothing counted as handled');
    assert.equal(report.remaining, 2, 'the round stopped at the first failure: the second message was not tried');
    const inbox = await dovecot.messages(box);
    assert.equal(inbox.length, 2);
    assert.ok(!inbox.some(seen), 'no message flagged \\Seen while the database is down');
    assert.ok(lines.some((l) => l.includes('left unseen')), lines.join('\n'));
  } finally {
    await down.stop();
  }

  // The database is back (here: the healthy one): the next round takes both, exactly once.
  const up = poller(box, acc.accountId);
  try {
    const report = await up.pollOnce();
    assert.deepEqual(report.outcomes.map((o) => o.outcome), ['stored', 'stored']);
    assert.ok((await dovecot.messages(box)).every(seen));
    assert.equal((await conversationsOf(acc.accountId)).length, 2);
  } finally {
    await up.stop();
  }
});

test('IMAP: a message whose \\Seen flag got lost after commit (crash) is not stored twice, even without a Message-ID', async () => {
  const acc = await t.newAccount();
  const box = await dovecot.addUser();
  const uid = await dovecot.append(box, rawMail({ from: 'noid@example.com', subject: 'No message id here', body: 'My client sends no Message-ID header at all.' }));
  const p = poller(box, acc.accountId);
  try {
    assert.equal((await p.pollOnce()).outcomes[0]?.outcome, 'stored');
    // What a crash between COMMIT and STORE \Seen leaves behind: a committed message that is still unseen.
    await dovecot.withClient(box, async (client) => {
      const lock = await client.getMailboxLock('INBOX');
      try {
        assert.ok(await client.messageFlagsRemove(String(uid), ['\\Seen'], { uid: true }));
      } finally {
        lock.release();
      }
    });
    const again = await p.pollOnce();
    assert.deepEqual(again.outcomes, [{ uid, outcome: 'skipped', reason: 'duplicate' }]);
    assert.ok((await dovecot.messages(box)).every(seen), 'flagged \\Seen this time');
    const conversations = await conversationsOf(acc.accountId);
    assert.equal(conversations.length, 1);
    assert.equal(conversations[0]!.message_count, 1);
  } finally {
    await p.stop();
  }
});

test('IMAP: unparseable and oversize mail is rejected, flagged \\Seen and $ServistoRejected, and the round goes on', async () => {
  const acc = await t.newAccount();
  const box = await dovecot.addUser();
  await dovecot.append(box, 'To: help@servisto.test\r\nSubject: no sender\r\n\r\nwho sent this?\r\n');
  await dovecot.append(box, rawMail({ from: 'big@example.com', subject: 'Huge', body: 'x'.repeat(20_000), messageId: '<big@example.com>' }));
  await dovecot.append(box, rawMail({ from: 'fine@example.com', subject: 'Fine', body: 'A normal question about my order.', messageId: '<fine@example.com>' }));
  const p = poller(box, acc.accountId, { maxMessageBytes: 10_000 });
  try {
    const report = await p.pollOnce();
    assert.deepEqual(
      report.outcomes.map((o) => (o.outcome === 'rejected' ? o.code : o.outcome)),
      ['email_no_sender', 'email_too_large', 'stored'],
      JSON.stringify(report.outcomes),
    );
    const inbox = await dovecot.messages(box);
    assert.ok(inbox.every(seen));
    assert.deepEqual(inbox.map((m) => m.flags.has('$ServistoRejected')), [true, true, false]);
    assert.deepEqual((await conversationsOf(acc.accountId)).map((c) => c.subject), ['Fine']);
  } finally {
    await p.stop();
  }
});

test('IMAP: start() polls, reconnects after the server dropped the connection, and stop() waits for the round', async () => {
  const acc = await t.newAccount();
  const box = await dovecot.addUser();
  const lines: string[] = [];
  const p = poller(box, acc.accountId, { pollIntervalMs: 50, backoff: { initialMs: 50, maxMs: 200 }, log: (l) => lines.push(l) });
  const waitFor = async (what: string, check: () => Promise<boolean>) => {
    const deadline = Date.now() + 10_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${lines.join('\n')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  p.start();
  try {
    await dovecot.append(box, rawMail({ from: 'loop@example.com', subject: 'First', body: 'First message while polling.', messageId: '<loop-1@example.com>' }));
    await waitFor('the first message', async () => (await conversationsOf(acc.accountId)).length === 1);
    await dovecot.kick(box); // the server drops the poller's connection
    await dovecot.append(box, rawMail({ from: 'loop@example.com', subject: 'Second', body: 'Second message after the server dropped us.', messageId: '<loop-2@example.com>' }));
    await waitFor('the second message', async () => (await conversationsOf(acc.accountId)).length === 2);
    // Depending on whether the kick lands between rounds or inside one, the poller sees a closed connection, a
    // connection error or a failed round; each leads to a fresh connection, which the second message proves.
    assert.ok(
      lines.some((l) => /the server closed the connection|connection error|round failed, will retry/.test(l)),
      `the poller noticed the drop and reconnected\n${lines.join('\n')}`,
    );
  } finally {
    await p.stop();
  }
  assert.ok((await dovecot.messages(box)).every(seen));
  await dovecot.append(box, rawMail({ from: 'loop@example.com', subject: 'Third', body: 'Nobody polls any more.', messageId: '<loop-3@example.com>' }));
  await new Promise((r) => setTimeout(r, 300));
  assert.equal((await conversationsOf(acc.accountId)).length, 2, 'no round after stop()');
  assert.ok(!lines.some((l) => l.includes(box.password)), 'the password never appears in the log');
});

test('IMAP: stop() during a round finishes the message in hand and waits; every stored message is \\Seen, every other one unseen', async () => {
  const acc = await t.newAccount();
  const box = await dovecot.addUser();
  for (let i = 1; i <= 30; i++) {
    await dovecot.append(box, rawMail({ from: `bulk${i}@example.com`, subject: `Question ${i}`, body: `Question number ${i} about my order.`, messageId: `<bulk-${i}@example.com>` }));
  }
  const p = poller(box, acc.accountId);
  let roundDone = false;
  const round = p.pollOnce().then((report) => ((roundDone = true), report));
  while ((await conversationsOf(acc.accountId)).length === 0) await new Promise((r) => setTimeout(r, 5));
  await p.stop();
  assert.ok(roundDone, 'stop() resolved only after the round ended');
  const report = await round;
  assert.equal(report.error, undefined);
  assert.ok(report.remaining > 0 && report.outcomes.length + report.remaining === 30, `stopped early: ${report.outcomes.length} handled, ${report.remaining} left`);

  const stored = new Set((await t.deps.db.selectFrom('messages').select('external_id').where('account_id', '=', acc.accountId).where('direction', '=', 'inbound').execute()).map((m) => m.external_id));
  const inbox = await dovecot.messages(box);
  assert.equal(stored.size, report.outcomes.length);
  for (const m of inbox) assert.equal(seen(m), stored.has(m.messageId ?? ''), `${m.messageId}: \\Seen if and only if stored`);
  assert.deepEqual((await p.pollOnce()).error, { kind: 'imap', message: 'the poller is stopped' }, 'a stopped poller polls no more');
});

test('IMAP: an unreachable server or a wrong password → the round reports it, retries back off, the password is never logged', async () => {
  const acc = await t.newAccount();
  const box = await dovecot.addUser();
  const lines: string[] = [];
  const log = (l: string) => lines.push(l);

  const closedPort = await new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
    });
  });
  const unreachable = new ImapPoller({
    db: t.deps.db,
    attachments: t.deps.attachments,
    mailbox: { host: '127.0.0.1', port: closedPort, secure: false, user: box.user, password: box.password, accountId: acc.accountId },
    log,
  });
  const refused = await unreachable.pollOnce();
  assert.equal(refused.error?.kind, 'imap');
  assert.match(refused.error.message, /ECONNREFUSED/);
  await unreachable.stop();

  const wrong = `not-the-password-${box.password}`;
  const p = new ImapPoller({
    db: t.deps.db,
    attachments: t.deps.attachments,
    mailbox: { host: dovecot.host, port: dovecot.port, secure: false, user: box.user, password: wrong, accountId: acc.accountId },
    pollIntervalMs: 10,
    backoff: { initialMs: 50, maxMs: 10_000 },
    log,
  });
  const denied = await p.pollOnce();
  assert.equal(denied.error?.kind, 'imap');
  assert.match(denied.error.message, /AUTHENTICATIONFAILED|Authentication failed/);
  const before = lines.length;
  p.start();
  await new Promise((r) => setTimeout(r, 1_200));
  await p.stop();
  const failures = lines.slice(before).filter((l) => l.includes('round failed')).length;
  // Without backoff (10 ms interval) this would be ~100 rounds; with pauses of 50, 100, 200, 400 ms about five.
  assert.ok(failures >= 2 && failures <= 8, `${failures} failed rounds in 1.2 s:\n${lines.join('\n')}`);
  assert.ok(!lines.some((l) => l.includes(wrong) || l.includes(box.password)), 'no password in the log');
  assert.ok(!inspect(p, { depth: 5 }).includes(wrong) && !JSON.stringify(p).includes(wrong), 'nor in inspect/JSON of the poller');
});

test('IMAP: SERVISTO_IMAP_URL format', () => {
  assert.deepEqual(parseImapUrl('imaps://support%40example.com:p%40ss%3Aword@imap.example.com/INBOX?processed=Servisto%2FDone'), {
    host: 'imap.example.com',
    port: 993,
    secure: true,
    user: 'support@example.com',
    password: 'p@ss:word',
    mailbox: 'INBOX',
    processedMailbox: 'Servisto/Done',
  });
  assert.deepEqual(parseImapUrl('imap://u:p@127.0.0.1:1143'), { host: '127.0.0.1', port: 1143, secure: false, user: 'u', password: 'p', mailbox: 'INBOX' });
  assert.throws(() => parseImapUrl('imap://host/INBOX'), /needs a user, a password/);
  assert.throws(() => parseImapUrl('pop3://u:p@host'), /imap:\/\/ or imaps:\/\//);
  assert.throws(() => parseImapUrl('imaps://u:p@host?folder=x'), /unknown parameter/);
  assert.throws(() => parseImapUrl('imaps://u:%E0%A4%A@host'), /broken %-escape/);
});
