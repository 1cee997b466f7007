import { test } from 'node:test';
import assert from 'node:assert/strict';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { createTestApp, type TestApp } from '../helpers/harness.js';
import { createSmtpIngress } from '../../src/server/channels/email/smtp-ingress.js';

/**
 * Two Servisto deployments that acknowledge new mail, each the other's customer: they must not ping-pong.
 * Each deployment's relay is a forwarder into the other deployment's SMTP ingress, counting what passes; a
 * second round strips the Auto-Submitted headers on the way (as some gateways do) — threading must still stop it.
 */

async function listen(server: SMTPServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

function forwarder(stripAutoHeaders: boolean) {
  const state = { target: 0, count: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        state.count++;
        let raw = Buffer.concat(chunks).toString('utf8');
        if (stripAutoHeaders) raw = raw.replace(/^(Auto-Submitted|X-Auto-Response-Suppress):.*\r?\n/gim, '');
        nodemailer
          .createTransport({ host: '127.0.0.1', port: state.target, secure: false, ignoreTLS: true })
          .sendMail({ envelope: { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address) }, raw })
          .then(
            () => callback(),
            () => callback(), // the other side refusing is fine: nothing loops
          );
      });
    },
  });
  return { server, state };
}

async function deployment(name: string, relayPort: number): Promise<{ t: TestApp; ingress: SMTPServer; port: number; address: string }> {
  const t = await createTestApp({ smtpRelayUrl: `smtp://127.0.0.1:${relayPort}`, mailRetryDelaySeconds: 1 });
  const acc = await t.newAccount();
  const address = `support@${name}.test`;
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/email-addresses', headers: acc.auth, payload: { address } });
  assert.equal(res.statusCode, 201);
  const ingress = createSmtpIngress({
    db: t.deps.db,
    attachments: t.deps.attachments,
    maxMessageBytes: 1_000_000,
    log: () => undefined,
    ingest: { jobs: t.deps.jobs, mailDomain: `${name}.test`, defaultResponseHours: 24 },
  });
  return { t, ingress, port: await listen(ingress), address };
}

async function outboundCount(t: TestApp): Promise<number> {
  const row = await t.deps.db.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n')).where('direction', '=', 'outbound').executeTakeFirstOrThrow();
  return Number(row.n);
}

for (const strip of [false, true]) {
  test(`two auto-acknowledging deployments exchange at most one mail each${strip ? ' (Auto-Submitted stripped on the way)' : ''}`, async () => {
    const relayA = forwarder(strip);
    const relayB = forwarder(strip);
    const portA = await listen(relayA.server);
    const portB = await listen(relayB.server);
    const a = await deployment(strip ? 'alpha2' : 'alpha', portA);
    const b = await deployment(strip ? 'beta2' : 'beta', portB);
    relayA.state.target = b.port;
    relayB.state.target = a.port;
    try {
      // Someone at A writes to B from A's support address: B acknowledges, and that acknowledgement reaches A.
      await nodemailer
        .createTransport({ host: '127.0.0.1', port: b.port, secure: false, ignoreTLS: true })
        .sendMail({ from: a.address, to: b.address, subject: 'Partnership question', text: 'Hello, who handles partnerships at your company?' });
      // Let any ping-pong run: poll until the counts have been stable for 3 s (bounded at 20 s).
      let last = -1;
      let stableSince = Date.now();
      const started = Date.now();
      while (Date.now() - started < 20_000) {
        const now = relayA.state.count + relayB.state.count + (await outboundCount(a.t)) + (await outboundCount(b.t));
        if (now !== last) {
          last = now;
          stableSince = Date.now();
        } else if (Date.now() - stableSince > 3000) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      console.log(`relay counts: A ${relayA.state.count}, B ${relayB.state.count}`);
      assert.ok(relayB.state.count <= 1, `B sent ${relayB.state.count} mails`);
      assert.ok(relayA.state.count <= 1, `A sent ${relayA.state.count} mails`);
      assert.ok(relayB.state.count + relayA.state.count >= 1, 'the first acknowledgement did go out');
    } finally {
      for (const d of [a, b]) {
        await new Promise<void>((resolve) => d.ingress.close(() => resolve()));
        await d.t.close();
      }
      await new Promise<void>((resolve) => relayA.server.close(() => resolve()));
      await new Promise<void>((resolve) => relayB.server.close(() => resolve()));
    }
  });
}
