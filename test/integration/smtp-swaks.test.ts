/**
 * swaks (the Swiss Army Knife for SMTP, Debian package `swaks`; .ci/run installs it) against the real server
 * process: an independent SMTP client, so the ingress is not only tested with nodemailer. swaks runs through the
 * asynchronous execFile: with execFileSync a test that also hosted the SMTP server would deadlock (STACK.md).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { freshProcessStorage } from '../helpers/harness.js';
import { freePort, json, startServerProcess, type ServerProcess } from '../helpers/server-process.js';

const SUPPORT = 'hjalp@servisto-swaks.test';
const ADMIN = { SERVISTO_ADMIN_EMAIL: 'swaks-admin@example.test', SERVISTO_ADMIN_PASSWORD: 'swaks-test-password' };

let storage: Awaited<ReturnType<typeof freshProcessStorage>>;
let server: ServerProcess;
let smtpPort: number;
let token: string;

interface SwaksResult {
  code: number;
  output: string;
}

function swaks(args: string[]): Promise<SwaksResult> {
  return new Promise((resolve, reject) => {
    execFile('swaks', ['--server', '127.0.0.1', '--port', String(smtpPort), '--helo', 'mta.example.se', '--timeout', '30', ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') {
        reject(new Error(`swaks did not run (${String(error.code ?? error.message)}); install the Debian package swaks`));
        return;
      }
      resolve({ code: error ? Number(error.code) : 0, output: `${stdout}${stderr}` });
    });
  });
}

before(async () => {
  storage = await freshProcessStorage();
  smtpPort = await freePort();
  server = await startServerProcess({ ...storage.env, ...ADMIN, SERVISTO_SUPPORT_EMAIL: SUPPORT, SMTP_PORT: String(smtpPort) });
  assert.equal(server.smtpPort, smtpPort, server.output());
  const login = await json<{ token: string }>(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    body: JSON.stringify({ email: ADMIN.SERVISTO_ADMIN_EMAIL, password: ADMIN.SERVISTO_ADMIN_PASSWORD }),
  });
  assert.equal(login.status, 200);
  token = login.body.token;
});

after(async () => {
  if (server) {
    server.child.kill('SIGTERM');
    assert.equal(await server.exited, 0, `clean exit after SIGTERM:\n${server.output()}`);
  }
  await storage?.drop();
});

test('swaks: a mail with an attachment gets 250 after commit and becomes a conversation with the attachment', async () => {
  const file = path.join(storage.dataDir, 'kvitto.pdf');
  const content = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7 + 3) % 256))]);
  await writeFile(file, content);
  const messageId = `<swaks-${Date.now()}@mta.example.se>`;
  const result = await swaks([
    '--to', SUPPORT,
    '--from', 'astrid.berg@example.se',
    '--header', 'Subject: Kvitto saknas för beställning 4711',
    '--header', `Message-Id: ${messageId}`,
    '--body', 'Hej! Jag har inte fått något kvitto för min beställning. Bifogar orderbekräftelsen.',
    '--attach-type', 'application/pdf',
    '--attach', `@${file}`,
  ]);
  assert.equal(result.code, 0, result.output);
  // swaks prints the server's lines with "<-": the one after the DATA dot is the ingress's commit answer.
  assert.match(result.output, /^<-\s+250 2\.0\.0 Stored as message [0-9a-f-]{36}$/m, result.output);
  const storedId = /Stored as message ([0-9a-f-]{36})/.exec(result.output)![1]!;

  // The 250 came after the commit, so the conversation is there at once.
  const list = await json<{ items: Array<{ id: string; subject: string; channel: string }> }>(`${server.url}/api/v1/conversations?limit=100`, { token });
  assert.equal(list.status, 200);
  const conversation = list.body.items.find((c) => c.subject === 'Kvitto saknas för beställning 4711');
  assert.ok(conversation, `conversation listed: ${JSON.stringify(list.body.items.map((c) => c.subject))}`);
  assert.equal(conversation.channel, 'email');
  const full = await json<{
    messages: Array<{ id: string; direction: string; body: string; attachments: Array<{ id: string; filename: string; contentType: string; size: number }> }>;
  }>(`${server.url}/api/v1/conversations/${conversation.id}`, { token });
  assert.equal(full.status, 200);
  const inbound = full.body.messages.filter((m) => m.direction === 'inbound');
  assert.equal(inbound.length, 1);
  assert.equal(inbound[0]!.id, storedId, 'the 250 names the stored message');
  assert.match(inbound[0]!.body, /inte fått något kvitto/);
  assert.equal(inbound[0]!.attachments.length, 1, JSON.stringify(inbound[0]!.attachments));
  const attachment = inbound[0]!.attachments[0]!;
  assert.equal(attachment.filename, 'kvitto.pdf');
  assert.equal(attachment.contentType, 'application/pdf');
  assert.equal(attachment.size, content.length);
  const download = await fetch(`${server.url}/api/v1/attachments/${attachment.id}`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(download.status, 200);
  assert.deepEqual(Buffer.from(await download.arrayBuffer()), content, 'the attachment is stored byte for byte');

  // The same mail again (an MTA retry): 250, recognised as a duplicate, not stored twice.
  const again = await swaks([
    '--to', SUPPORT,
    '--from', 'astrid.berg@example.se',
    '--header', 'Subject: Kvitto saknas för beställning 4711',
    '--header', `Message-Id: ${messageId}`,
    '--body', 'Hej! Jag har inte fått något kvitto för min beställning. Bifogar orderbekräftelsen.',
    '--attach-type', 'application/pdf',
    '--attach', `@${file}`,
  ]);
  assert.equal(again.code, 0, again.output);
  assert.match(again.output, /^<-\s+250 .*duplicate/m, again.output);
  const after = await json<{ messages: Array<{ direction: string }> }>(`${server.url}/api/v1/conversations/${conversation.id}`, { token });
  assert.equal(after.body.messages.filter((m) => m.direction === 'inbound').length, 1);
});

test('swaks: an unknown recipient is refused with 550 at RCPT TO', async () => {
  const result = await swaks(['--to', 'nobody@servisto-swaks.test', '--from', 'someone@example.se', '--header', 'Subject: To nobody', '--body', 'Hello?']);
  assert.notEqual(result.code, 0, result.output);
  assert.match(result.output, /^\s*->\s+RCPT TO:<nobody@servisto-swaks\.test>$/m, result.output);
  assert.match(result.output, /^<\*\*\s+550 5\.1\.1 <nobody@servisto-swaks\.test>: no such mailbox here$/m, result.output);
  assert.doesNotMatch(result.output, /^\s*->\s+DATA$/m, 'no DATA after the refusal');
});
