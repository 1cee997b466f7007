/**
 * SMTP durability: SIGKILL the real server process in the middle of a large SMTP send, restart it, let the
 * "MTA" (this test) retry what was not acknowledged, and check in the database that
 *   - every Message-ID that got a 250 is stored exactly once, before and after the restart;
 *   - nothing is half-stored: conversations have messages seq 1..message_count without gaps, every attachment row
 *     points at a file of the right size and hash, no orphan rows, every stored body is intact;
 *   - after the re-send (every attempt without a 250, a sample of acknowledged mails, the rest of the queue) every
 *     mail sent is stored exactly once and no other: re-sent acknowledged mails answer 250 as duplicates, and
 *     after a clean SIGTERM (exit 0) every realtime-outbox row is dispatched.
 *
 * Knobs (environment):
 *   SERVISTO_DURABILITY_MAILS        planned mails (default 5000): the sender's queue. Only the start of it is
 *                                    sent before the kill.
 *   SERVISTO_DURABILITY_REST         how much of the never-attempted rest of the queue is delivered after the
 *                                    restart (default 300; "all" delivers the whole plan, so that every planned
 *                                    mail ends up stored: about 20-40 mails/s on PGlite here, minutes for 5000).
 *                                    Every mail that was attempted without a 250 is always re-sent.
 *   SERVISTO_DURABILITY_KILL_AT      SIGKILL once this many mails got 250 (default: seeded random in 300..800),
 *                                    then after a seeded 0-40 ms; capped at planned - 4 x connections.
 *   SERVISTO_DURABILITY_SEED         seed of the kill point, the attachment contents and the duplicate sample
 *                                    (default: random; the seed in use is printed as a test diagnostic).
 *   SERVISTO_DURABILITY_CONNECTIONS  concurrent SMTP connections (default 8).
 * With the defaults this takes roughly 30-60 s per database on an idle 2-core machine (PGlite is the slower one).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { sql, type Kysely } from 'kysely';
import { freshProcessStorage, TEST_DB } from '../helpers/harness.js';
import { freePort, startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { openDatabase } from '../../src/server/db/database.js';
import type { Database } from '../../src/server/db/schema.js';

function intEnv(name: string, fallback: number, min = 1): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer >= ${min}, got ${value}`);
  return n;
}

const PLANNED = intEnv('SERVISTO_DURABILITY_MAILS', 5000);
const SEED = intEnv('SERVISTO_DURABILITY_SEED', 1 + Math.floor(Math.random() * 2 ** 31));
const CONNECTIONS = intEnv('SERVISTO_DURABILITY_CONNECTIONS', 8);
// After the restart: 300 more mails on PostgreSQL, 100 on PGlite (it ingests at a fraction of the rate; time budget).
const REST = process.env.SERVISTO_DURABILITY_REST === 'all' ? Number.POSITIVE_INFINITY : intEnv('SERVISTO_DURABILITY_REST', process.env.SERVISTO_TEST_DB === 'postgres' ? 300 : 100, 0);
const SUPPORT = 'support@example.com';
const ENV = {
  SERVISTO_ADMIN_EMAIL: 'durability@example.test',
  SERVISTO_ADMIN_PASSWORD: 'durability-test-password',
  SERVISTO_SUPPORT_EMAIL: SUPPORT,
  SERVISTO_OUTBOX_POLL_MS: '100',
};

/** mulberry32: small, seedable, good enough to pick kill points and bytes. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = rng(SEED);
// Capped so that mails are still in flight at the kill (with a small planned count).
const KILL_AT = Math.max(1, Math.min(intEnv('SERVISTO_DURABILITY_KILL_AT', 300 + Math.floor(random() * 501)), PLANNED - 4 * CONNECTIONS));
/** The kill lands up to 40 ms after the threshold, so it hits commits, 250s on the wire and parsing alike. */
const KILL_DELAY_MS = Math.floor(random() * 40);
const RUN = `${Date.now().toString(36)}${SEED.toString(36)}`;

// ---------------------------------------------------------------------------------------------------------------
// The mails: unique Message-IDs, 211 senders, unique subjects; every third mail from a returning sender replies to
// that sender's previous mail (In-Reply-To + "Re:"), so conversations grow; every sixth carries an attachment,
// some of them the same shared file (content-addressed storage keeps it once, referenced by many rows).

interface PlannedMail {
  index: number;
  messageId: string;
  from: string;
  raw: Buffer;
  marker: string;
  attachment: { filename: string; size: number; sha256: string } | null;
}

const TOPICS = ['Delivery late', 'Invoice question', 'Refund request', 'Broken item', 'Change my address', 'Password reset', 'Warranty'];
const SENDERS = 211;
const sharedFile = Buffer.from(Array.from({ length: 777 }, (_, i) => (i * 31 + 7) % 256));

function messageIdOf(i: number): string {
  return `<dur-${RUN}-${i}@mta.example.net>`;
}
function subjectOf(i: number): string {
  return `${TOPICS[i % TOPICS.length]} for order ${100_000 + i}`;
}

function planMail(i: number, bytes: () => number): PlannedMail {
  const sender = i % SENDERS;
  const from = `customer${sender}@example${sender % 7}.test`;
  const isReply = i >= SENDERS && i % 3 === 0;
  const parent = i - SENDERS;
  const subject = isReply ? `Re: ${subjectOf(parent)}` : subjectOf(i);
  const marker = `durability-mail-${RUN}-${i}`;
  const text = `Hello,\r\n\r\nthis is mail ${i} (${marker}). Please have a look at my ${TOPICS[i % TOPICS.length]!.toLowerCase()}.\r\n\r\nRegards,\r\nCustomer ${sender}\r\n`;
  const headers = [
    `From: Customer ${sender} <${from}>`,
    `To: Support <${SUPPORT}>`,
    `Subject: ${subject}`,
    `Date: ${new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: ${messageIdOf(i)}`,
    ...(isReply ? [`In-Reply-To: ${messageIdOf(parent)}`, `References: ${messageIdOf(parent)}`] : []),
    'MIME-Version: 1.0',
  ];
  let attachment: PlannedMail['attachment'] = null;
  let raw: string;
  if (i % 6 === 1) {
    const shared = i % 30 === 1;
    const content = shared ? sharedFile : Buffer.from(Array.from({ length: 64 + Math.floor(bytes() * 4000) }, () => Math.floor(bytes() * 256)));
    const filename = shared ? 'terms.bin' : `photo-${i}.bin`;
    attachment = { filename, size: content.length, sha256: createHash('sha256').update(content).digest('hex') };
    const boundary = `=_b${i}_${RUN}`;
    const b64 = content.toString('base64').replace(/.{1,76}/g, '$&\r\n');
    raw = [
      ...headers,
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 7bit',
      '',
      text,
      `--${boundary}`,
      `Content-Type: application/octet-stream; name="${filename}"`,
      `Content-Disposition: attachment; filename="${filename}"`,
      'Content-Transfer-Encoding: base64',
      '',
      b64,
      `--${boundary}--`,
      '',
    ].join('\r\n');
  } else {
    raw = [...headers, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 7bit', '', text].join('\r\n');
  }
  return { index: i, messageId: messageIdOf(i), from, raw: Buffer.from(raw), marker, attachment };
}

// ---------------------------------------------------------------------------------------------------------------
// The client side: plain SMTP sessions (nodemailer's SMTPConnection), one mail at a time per connection.

type SendOutcome = { ok: true; response: string } | { ok: false; code: number | null; response: string; connectionLost: boolean };

function connect(port: number): Promise<SMTPConnection> {
  return new Promise((resolve, reject) => {
    const connection = new SMTPConnection({
      host: '127.0.0.1',
      port,
      ignoreTLS: true,
      name: 'mta.example.net',
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 60_000,
    });
    connection.on('error', () => undefined); // reported through the callbacks
    connection.connect((error) => (error ? reject(error) : resolve(connection)));
  });
}

function send(connection: SMTPConnection, mail: PlannedMail): Promise<SendOutcome> {
  return new Promise((resolve) => {
    connection.send({ from: mail.from, to: [SUPPORT] }, mail.raw, (error, info) => {
      if (!error) {
        resolve({ ok: true, response: info?.response ?? '' });
        return;
      }
      const e = error as Error & { responseCode?: number; response?: string; code?: string };
      resolve({
        ok: false,
        code: e.responseCode ?? null,
        response: e.response ?? e.message,
        connectionLost: !e.responseCode || ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET'].includes(e.code ?? ''),
      });
    });
  });
}

function close(connection: SMTPConnection): void {
  try {
    connection.quit();
  } catch {
    connection.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the database after the process is gone.

async function openStorage(dataDir: string, databaseUrl: string | undefined): Promise<{ db: Kysely<Database>; close(): Promise<void> }> {
  const handle = await openDatabase(databaseUrl ? { databaseUrl, poolSize: 2 } : { pgliteDir: path.join(dataDir, 'pglite') });
  return { db: handle.db, close: () => handle.close() };
}

interface StoredState {
  /** external_id → how many inbound messages carry it (our mails only). */
  counts: Map<string, number>;
  problems: string[];
}

/**
 * Everything that must hold in any state the server leaves behind, crashed or not. Returns the problems found
 * (empty: fine) and how often each of our Message-IDs is stored.
 */
async function inspect(db: Kysely<Database>, dataDir: string, plan: PlannedMail[], sent: Set<number>): Promise<StoredState> {
  const problems: string[] = [];
  const byMessageId = new Map(plan.map((m) => [m.messageId, m]));
  const account = await db.selectFrom('email_addresses').select('account_id').where('address', '=', SUPPORT).executeTakeFirstOrThrow();
  const accountId = account.account_id;

  // Conversations: messages seq 1..message_count, gap-free, and never a conversation without its first message.
  const seqRows = await sql<{ id: string; message_count: number; n: number; lo: number | null; hi: number | null; distinct_seq: number }>`
    SELECT c.id, c.message_count, count(m.id)::int AS n, min(m.seq)::int AS lo, max(m.seq)::int AS hi, count(DISTINCT m.seq)::int AS distinct_seq
    FROM conversations c LEFT JOIN messages m ON m.conversation_id = c.id
    GROUP BY c.id, c.message_count`.execute(db);
  for (const r of seqRows.rows) {
    const n = Number(r.n);
    const count = Number(r.message_count);
    if (n === 0 || n !== count || Number(r.lo) !== 1 || Number(r.hi) !== count || Number(r.distinct_seq) !== n) {
      problems.push(`conversation ${r.id}: message_count ${count}, ${n} messages, seq ${r.lo}..${r.hi} (${r.distinct_seq} distinct)`);
    }
  }

  // No orphans (the foreign keys should make these impossible; checked anyway).
  const orphanMessages = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM messages m LEFT JOIN conversations c ON c.id = m.conversation_id WHERE c.id IS NULL`.execute(db);
  if (Number(orphanMessages.rows[0]!.n) !== 0) problems.push(`${orphanMessages.rows[0]!.n} messages without their conversation`);
  const orphanAttachments = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM attachments a LEFT JOIN messages m ON m.id = a.message_id WHERE m.id IS NULL`.execute(db);
  if (Number(orphanAttachments.rows[0]!.n) !== 0) problems.push(`${orphanAttachments.rows[0]!.n} attachments without their message`);

  // Our inbound mails: each once, body intact, attachments as sent.
  const messages = await db
    .selectFrom('messages')
    .select(['id', 'external_id', 'body_full', 'direction', 'account_id'])
    .where('direction', '=', 'inbound')
    .execute();
  const attachments = await db.selectFrom('attachments').select(['message_id', 'filename', 'size', 'sha256', 'storage']).execute();
  const attachmentsOf = new Map<string, typeof attachments>();
  for (const a of attachments) attachmentsOf.set(a.message_id, [...(attachmentsOf.get(a.message_id) ?? []), a]);

  const counts = new Map<string, number>();
  for (const m of messages) {
    const mail = m.external_id ? byMessageId.get(m.external_id) : undefined;
    if (!mail) {
      problems.push(`inbound message ${m.id} with an unknown Message-ID ${m.external_id}`);
      continue;
    }
    if (!sent.has(mail.index)) problems.push(`${mail.messageId} is stored but was never sent`);
    if (m.account_id !== accountId) problems.push(`${mail.messageId} stored in another account`);
    counts.set(mail.messageId, (counts.get(mail.messageId) ?? 0) + 1);
    if (!m.body_full.includes(mail.marker)) problems.push(`${mail.messageId}: body is not the one sent`);
    const rows = attachmentsOf.get(m.id) ?? [];
    if (mail.attachment) {
      const row = rows[0];
      if (rows.length !== 1 || !row) problems.push(`${mail.messageId}: ${rows.length} attachment rows, expected 1`);
      else if (row.sha256 !== mail.attachment.sha256 || Number(row.size) !== mail.attachment.size || row.filename !== mail.attachment.filename) {
        problems.push(`${mail.messageId}: attachment row ${row.filename}/${row.size}/${row.sha256} is not what was sent`);
      }
    } else if (rows.length !== 0) problems.push(`${mail.messageId}: ${rows.length} attachment rows, expected none`);
  }
  for (const [id, n] of counts) if (n !== 1) problems.push(`${id} stored ${n} times`);

  // Every attachment row points at a file with its size and content (disk storage: dataDir/attachments/ab/abcd…).
  const files = new Map<string, { size: number; sha256: string }>();
  for (const a of attachments) {
    if (a.storage !== 'disk') continue;
    let file = files.get(a.sha256);
    if (!file) {
      try {
        const content = await readFile(path.join(dataDir, 'attachments', a.sha256.slice(0, 2), a.sha256));
        file = { size: content.length, sha256: createHash('sha256').update(content).digest('hex') };
      } catch (error) {
        problems.push(`attachment file ${a.sha256} is missing: ${(error as Error).message}`);
        continue;
      }
      files.set(a.sha256, file);
    }
    if (file.size !== Number(a.size) || file.sha256 !== a.sha256) problems.push(`attachment file ${a.sha256}: ${file.size} bytes, hash ${file.sha256}`);
  }
  return { counts, problems };
}

function assertNoProblems(state: StoredState, when: string): void {
  assert.deepEqual(state.problems.slice(0, 20), [], `${when}: ${state.problems.length} integrity problem(s)`);
}

// ---------------------------------------------------------------------------------------------------------------

test(`SIGKILL during a ${PLANNED}-mail SMTP send: every 250 is stored once, nothing half-stored, retries dedupe`, { timeout: 600_000 }, async (t) => {
  const started = Date.now();
  const lap = (label: string) => t.diagnostic(`${label} at ${((Date.now() - started) / 1000).toFixed(1)} s`);
  t.diagnostic(`db=${TEST_DB} planned=${PLANNED} killAt=${KILL_AT}+${KILL_DELAY_MS}ms connections=${CONNECTIONS} seed=${SEED} (SERVISTO_DURABILITY_SEED=${SEED} reproduces the plan)`);
  const bytes = rng(SEED ^ 0x5eed);
  const plan = Array.from({ length: PLANNED }, (_, i) => planMail(i, bytes));
  const storage = await freshProcessStorage();
  const servers: ServerProcess[] = [];
  try {
    const smtpPort = await freePort();
    // A slow outbox poll before the crash (SMTP ingest does not kick the dispatcher), so that realtime events of
    // acknowledged mails are still undispatched when the process dies and the restart must deliver them.
    const first = await startServerProcess({ ...storage.env, ...ENV, SERVISTO_OUTBOX_POLL_MS: '60000', SMTP_PORT: String(smtpPort) });
    servers.push(first);
    assert.equal(first.smtpPort, smtpPort, first.output());
    lap('server started');

    // ---- Phase 1: concurrent sessions until the kill.
    const acked = new Map<number, string>();
    const refused: Array<{ index: number; code: number | null; response: string }> = [];
    const inFlight = new Set<number>();
    let inFlightAtKill: number[] = [];
    let next = 0;
    let killed = false;
    let killScheduled = false;
    const kill = () => {
      killed = true;
      inFlightAtKill = [...inFlight];
      first.child.kill('SIGKILL');
    };
    const worker = async () => {
      let connection: SMTPConnection;
      try {
        connection = await connect(smtpPort);
      } catch {
        return;
      }
      while (!killed && next < PLANNED) {
        const mail = plan[next++]!;
        inFlight.add(mail.index);
        const outcome = await send(connection, mail);
        inFlight.delete(mail.index);
        if (outcome.ok) {
          // A 250 read after the kill is still a 250: the server wrote it, so the mail must be stored.
          acked.set(mail.index, outcome.response);
          if (acked.size >= KILL_AT && !killScheduled) {
            killScheduled = true;
            setTimeout(kill, KILL_DELAY_MS);
          }
        } else {
          if (!killed) refused.push({ index: mail.index, code: outcome.code, response: outcome.response });
          if (outcome.connectionLost) break;
        }
      }
      connection.close();
    };
    // The workers stop when the kill cuts their connections (or, on a failure, when their connection dies first).
    await Promise.all(Array.from({ length: CONNECTIONS }, () => worker()));
    if (!killScheduled) first.child.kill('SIGKILL');
    const exit1 = await first.exited;
    assert.ok(killScheduled, `the send stopped before ${KILL_AT} acknowledgements (${acked.size}; refused: ${JSON.stringify(refused.slice(0, 5))}):\n${first.output()}`);
    const attempted = new Set(plan.slice(0, next).map((m) => m.index));
    lap(`killed (${String(exit1)}) after ${acked.size} acknowledged, ${inFlightAtKill.length} in flight, ${next} attempted`);
    assert.equal(exit1, 'SIGKILL', `the server died of the SIGKILL, not before:\n${first.output()}`);
    assert.ok(acked.size >= KILL_AT, `${acked.size} mails acknowledged before the kill (wanted ${KILL_AT})`);
    assert.ok(inFlightAtKill.length > 0, 'some mails were in flight when the server was killed');
    assert.deepEqual(refused, [], 'no mail was refused before the kill');
    for (const [index, response] of acked) assert.match(response, /^250 .*Stored as message/, `mail ${index}: first delivery stored`);

    // ---- The state the crash left: every 250 stored once; the rest stored whole or not at all.
    const crashed = await openStorage(storage.dataDir, storage.databaseUrl);
    let atCrash: StoredState;
    let undispatchedAtCrash = 0;
    try {
      atCrash = await inspect(crashed.db, storage.dataDir, plan, attempted);
      const row = await crashed.db
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('dispatched_at', 'is', null)
        .executeTakeFirstOrThrow();
      undispatchedAtCrash = Number(row.n);
    } finally {
      await crashed.close();
    }
    assertNoProblems(atCrash, 'after the crash');
    for (const index of acked.keys()) assert.equal(atCrash.counts.get(plan[index]!.messageId), 1, `acknowledged mail ${index} is stored after the crash`);
    const committedUnacked = [...atCrash.counts.keys()].filter((id) => !acked.has(Number(/-(\d+)@/.exec(id)![1])));
    lap(`crash state checked: ${atCrash.counts.size} stored, ${committedUnacked.length} committed without a 250 reaching the client, ${undispatchedAtCrash} outbox rows undispatched`);

    // ---- Phase 2: restart on the same storage; the "MTA" retries every attempt that got no 250, re-sends a sample
    // of acknowledged mails (as if their 250 had been lost on the way) and goes on with the rest of its queue.
    const second = await startServerProcess({ ...storage.env, ...ENV, SMTP_PORT: String(smtpPort) });
    servers.push(second);
    lap('server restarted');
    const sampleSize = Math.min(200, acked.size);
    const ackedIndexes = [...acked.keys()];
    const sample = new Set<number>();
    while (sample.size < sampleSize) sample.add(ackedIndexes[Math.floor(random() * ackedIndexes.length)]!);
    const retries = plan.filter((m) => attempted.has(m.index) && !acked.has(m.index));
    const rest = plan.slice(next, Math.min(PLANNED, next + REST));
    const queue = [...retries, ...plan.filter((m) => sample.has(m.index)), ...rest];
    const sent = new Set([...attempted, ...rest.map((m) => m.index)]);
    const outcomes = new Map<number, SendOutcome>();
    let cursor = 0;
    const retryWorker = async () => {
      let connection = await connect(smtpPort);
      while (cursor < queue.length) {
        const mail = queue[cursor++]!;
        let outcome = await send(connection, mail);
        if (!outcome.ok && outcome.connectionLost) {
          // A real MTA would reconnect and retry; one retry keeps a flaky socket from failing the test.
          connection.close();
          connection = await connect(smtpPort);
          outcome = await send(connection, mail);
        }
        outcomes.set(mail.index, outcome);
      }
      close(connection);
    };
    await Promise.all(Array.from({ length: CONNECTIONS }, () => retryWorker()));
    lap(`re-sent ${retries.length} unacknowledged and ${sample.size} acknowledged mails, then ${rest.length} new ones`);
    const wrong: string[] = [];
    for (const mail of queue) {
      const outcome = outcomes.get(mail.index)!;
      const storedBefore = atCrash.counts.has(mail.messageId);
      const expected = storedBefore ? /^250 .*duplicate/ : /^250 .*Stored as message/;
      const response = outcome.ok ? outcome.response : `${outcome.code ?? 'ERR'} ${outcome.response}`;
      if (!expected.test(response)) wrong.push(`mail ${mail.index} (${storedBefore ? 'stored before' : 'new'}): ${response}`);
    }
    assert.deepEqual(wrong.slice(0, 20), [], `${wrong.length} re-sent mail(s) answered wrongly`);

    // ---- Phase 3: clean stop, then the whole picture from the database.
    second.child.kill('SIGTERM');
    assert.equal(await second.exited, 0, `exit code 0 after SIGTERM:\n${second.output().slice(-4000)}`);
    lap('server stopped');
    const final = await openStorage(storage.dataDir, storage.databaseUrl);
    try {
      const state = await inspect(final.db, storage.dataDir, plan, sent);
      assertNoProblems(state, 'after the re-send');
      const missing = plan.filter((m) => sent.has(m.index) && state.counts.get(m.messageId) !== 1).map((m) => m.index);
      assert.deepEqual(missing.slice(0, 20), [], `${missing.length} sent mail(s) not stored exactly once`);
      assert.equal(state.counts.size, sent.size, 'exactly the sent mails are stored');
      const undispatched = await final.db
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('dispatched_at', 'is', null)
        .executeTakeFirstOrThrow();
      assert.equal(Number(undispatched.n), 0, 'every outbox row is dispatched after the clean restart');
      const withAttachment = plan.filter((m) => m.attachment && sent.has(m.index)).length;
      const attachmentRows = await final.db.selectFrom('attachments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(attachmentRows.n), withAttachment, 'one attachment row per mail that carried one');
    } finally {
      await final.close();
    }
    lap('final state checked');
  } finally {
    for (const s of servers) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
    await Promise.all(servers.map((s) => s.exited));
    await storage.drop();
  }
});
