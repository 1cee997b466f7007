import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { Browser, Page } from 'playwright-core';
import { freePort, json, type ServerProcess } from '../helpers/server-process.js';
import { startSmtpSink, waitFor, type SmtpSink } from '../helpers/smtp-sink.js';
import { auditAccessibility, tabWalk } from './a11y.js';
import { apiLogin, RESULTS_DIR, signIn, startServerAndBrowser, stepClock, uiText, watchPage, type BrowserStack } from './helpers.js';

/**
 * The agent workspace in a real Chromium against a real server process: conversations arriving live over the
 * WebSocket (from the API and from SMTP), a reply that reaches the customer's mailbox, the UI in Bulgarian and
 * Esperanto, and hostile customer HTML that can neither run nor phone home.
 */
const ADMIN = 'agent@example.test';
const PASSWORD = 'correct horse battery staple';
const SUPPORT = 'support@example.com';

let stack: BrowserStack | undefined;
let server: ServerProcess;
let sink: SmtpSink;
let browser: Browser;
let page: Page;
let token: string;
const pageLog: string[] = [];
const { steps, mark } = stepClock();

before(async () => {
  sink = await startSmtpSink();
  const smtpPort = String(await freePort());
  stack = await startServerAndBrowser({
    SERVISTO_ADMIN_EMAIL: ADMIN,
    SERVISTO_ADMIN_PASSWORD: PASSWORD,
    SERVISTO_SUPPORT_EMAIL: SUPPORT,
    SMTP_PORT: smtpPort,
    SMTP_RELAY_URL: `smtp://127.0.0.1:${sink.port}`,
    SERVISTO_MAIL_RETRY_DELAY_SECONDS: '1',
    SERVISTO_OUTBOX_POLL_MS: '200',
  });
  ({ server, browser } = stack);
  mark('server start and browser launch');
  token = await apiLogin(server.url, ADMIN, PASSWORD);
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  watchPage(page, pageLog);
});

after(async () => {
  if (pageLog.length) process.stdout.write(`# browser log:\n# ${pageLog.join('\n# ')}\n`);
  process.stdout.write(`# golden path timings:\n# ${steps.join('\n# ')}\n`);
  await stack?.stop();
  await sink?.close();
});

function mailFromCustomer(mail: SendMailOptions) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: server.smtpPort!, secure: false, ignoreTLS: true });
  return transport.sendMail({ to: SUPPORT, ...mail });
}

const row = (subject: string) => page.locator('.row', { hasText: subject });

test('conversations from the API and from SMTP appear live; the agent replies and the customer receives the mail', { timeout: 120_000 }, async () => {
  await signIn(page, server.url, ADMIN, PASSWORD);
  await page.getByRole('link', { name: 'All conversations', exact: true }).click();
  await page.getByText('Nothing here. Well done.').waitFor();
  // A page reload would lose this marker: the new conversations must arrive without one.
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
  await page.locator('.connection-live').waitFor();
  mark('sign in, live feed connected');

  const created = await json<{ id: string; number: number }>(`${server.url}/api/v1/conversations`, {
    method: 'POST',
    token,
    body: JSON.stringify({ subject: 'Invoice shows the wrong address', customer: { email: 'bo@example.test', name: 'Bo Lind' }, message: { body: 'My invoice has my old address on it.' } }),
  });
  assert.equal(created.status, 201);
  await row('Invoice shows the wrong address').waitFor({ timeout: 10_000 });
  await page.getByTestId('arrivals').filter({ hasText: `#${created.body.number}` }).waitFor();
  mark('API conversation shown live');

  await mailFromCustomer({
    from: 'Ana Novak <ana@example.si>',
    subject: 'The blender arrived broken',
    text: 'Hello, my order 4471 arrived today and the blender jug is cracked. Can you send a new one?',
  });
  await row('The blender arrived broken').waitFor({ timeout: 15_000 });
  mark('SMTP conversation shown live');
  assert.equal(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument), true, 'no reload happened');
  // Newest activity first: the mail is above the API conversation, both with their customer's name.
  const rows = page.locator('.row');
  await assert.doesNotReject(() => rows.nth(0).filter({ hasText: 'Ana Novak' }).waitFor({ timeout: 5_000 }));
  assert.match((await rows.nth(1).textContent()) ?? '', /Bo Lind.*Invoice shows the wrong address/);
  assert.ok((await rows.nth(0).locator('.unread-dot').count()) === 1, 'a new conversation is marked unread');

  await row('The blender arrived broken').locator('.row-link').click();
  const timeline = page.getByRole('list', { name: 'Conversation timeline' });
  await timeline.getByText('the blender jug is cracked').waitFor();
  await page.locator('.customer-name', { hasText: 'Ana Novak' }).waitFor();
  assert.equal(await row('The blender arrived broken').locator('.unread-dot').count(), 0, 'opening it marks it read');
  // The acknowledgement the server sent on its own is in the timeline as an automatic message.
  await timeline.locator('.message-auto').first().waitFor({ timeout: 15_000 });
  mark('conversation opened');

  // The coach reads the draft while the agent types.
  const composer = page.getByLabel('Reply to the customer');
  await page.keyboard.press('r');
  assert.equal(await composer.evaluate((el) => el === document.activeElement), true, 'r puts the caret in the composer');
  await composer.fill('Calm down, please. We will look into it.');
  const findings = page.getByTestId('coach-findings');
  await findings.getByText('Tells the customer to calm down').waitFor({ timeout: 10_000 });
  mark('coach finding shown');

  const reply = 'Dear Ana, I am so sorry the jug arrived cracked. A replacement leaves our warehouse today and will reach you by Friday.';
  await composer.fill(reply);
  await page.locator('#coach-status', { hasText: /no remarks|Coach remarks/ }).waitFor({ timeout: 10_000 });
  await page.getByRole('button', { name: 'Send reply' }).click();
  // Coach remarks never block a reply; they ask for one more click.
  const sendAnyway = page.getByRole('button', { name: 'Send anyway' });
  const sent = timeline.locator('.message-outbound', { hasText: 'A replacement leaves our warehouse today' });
  await sent.or(sendAnyway).first().waitFor({ timeout: 10_000 });
  if (await sendAnyway.isVisible()) await sendAnyway.click();
  await sent.waitFor({ timeout: 10_000 });
  mark('reply sent');

  const mail = await waitFor(() => sink.mails.find((m) => (m.parsed.text ?? '').includes('A replacement leaves our warehouse today')), 20_000, 'the reply on the SMTP sink');
  assert.deepEqual(mail.rcptTo, ['ana@example.si']);
  assert.match(mail.parsed.subject ?? '', /The blender arrived broken/);
  assert.match(mail.parsed.text ?? '', /I am so sorry the jug arrived cracked/);
  mark('reply on the SMTP sink');
  // The delivery report arrives over the WebSocket and updates the badge in place.
  await sent.getByTestId('delivery').filter({ hasText: uiText('en', 'delivery.sent') }).waitFor({ timeout: 15_000 });
  mark('delivery badge updated live');

  await page.screenshot({ path: path.join(RESULTS_DIR, 'conversation-en.png') });
  await page.getByRole('link', { name: 'All conversations', exact: true }).click();
  await page.getByText('Pick a conversation from the list.').waitFor();
  await page.screenshot({ path: path.join(RESULTS_DIR, 'inbox-en.png') });
});

test('the agent switches the UI to Bulgarian and to Esperanto; the choice survives a reload', { timeout: 90_000 }, async () => {
  await page.goto(`${server.url}/inbox/all`);
  await row('The blender arrived broken').locator('.row-link').click();
  await page.getByRole('list', { name: 'Conversation timeline' }).waitFor();

  for (const lang of ['bg', 'eo'] as const) {
    await page.locator('#ui-language').selectOption(lang);
    await page.getByRole('link', { name: uiText(lang, 'views.all'), exact: true }).waitFor();
    await page.getByRole('button', { name: uiText(lang, 'header.logout'), exact: true }).waitFor();
    await page.getByRole('button', { name: uiText(lang, 'composer.sendReply'), exact: true }).waitFor();
    await page.getByRole('heading', { name: uiText(lang, 'customer.title'), exact: true }).waitFor();
    await page.getByRole('list', { name: uiText(lang, 'timeline.label') }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
    await page.screenshot({ path: path.join(RESULTS_DIR, `conversation-${lang}.png`) });

    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: uiText(lang, 'shortcuts.title') });
    await help.getByText(uiText(lang, 'shortcuts.assignToMe')).waitFor();
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });

    await page.getByRole('link', { name: uiText(lang, 'views.all'), exact: true }).click();
    await page.getByText(uiText(lang, 'conversation.pick')).waitFor();
    await page.screenshot({ path: path.join(RESULTS_DIR, `inbox-${lang}.png`) });
    await row('The blender arrived broken').locator('.row-link').click();
  }
  // Specific Esperanto texts with its own letters, and the choice persists across a reload.
  await page.reload();
  await page.getByRole('link', { name: 'Ĉiuj konversacioj', exact: true }).waitFor();
  await page.getByRole('button', { name: 'Elsaluti', exact: true }).waitFor();
  await page.getByText('La kliento skribas en').waitFor();
  await page.locator('#ui-language').selectOption('en');
  await page.getByRole('link', { name: 'All conversations', exact: true }).waitFor();
});

test('accessibility: every control is named, text meets WCAG AA contrast, and Tab walks visibly through the page', { timeout: 60_000 }, async () => {
  await page.goto(`${server.url}/inbox/all`);
  await row('The blender arrived broken').locator('.row-link').click();
  await page.getByRole('list', { name: 'Conversation timeline' }).waitFor();
  const findings = await auditAccessibility(page);
  assert.deepEqual(findings, [], `conversation view:\n${findings.map((f) => `${f.kind} ${f.element}: ${f.detail}`).join('\n')}`);
  await page.keyboard.press('?');
  await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
  const inDialog = await auditAccessibility(page);
  assert.deepEqual(inDialog, [], `help overlay:\n${inDialog.map((f) => `${f.kind} ${f.element}: ${f.detail}`).join('\n')}`);
  await page.keyboard.press('Escape');

  const walk = await tabWalk(page, 30);
  // Past the last element the browser moves focus out of the document (body) and then starts again at the top.
  const bad = walk.filter((s) => s.element !== 'body' && (!s.visible || !s.indicator));
  assert.deepEqual(bad, [], `focus without a visible indicator:\n${JSON.stringify(walk, null, 1)}`);
  assert.ok(new Set(walk.map((s) => s.element)).size >= 20, `Tab keeps moving through the page (no trap): ${JSON.stringify(walk.map((s) => s.element))}`);

  await page.getByRole('link', { name: 'All conversations', exact: true }).click();
  await page.getByText('Pick a conversation from the list.').waitFor();
  const inbox = await auditAccessibility(page);
  assert.deepEqual(inbox, [], `inbox:\n${inbox.map((f) => `${f.kind} ${f.element}: ${f.detail}`).join('\n')}`);
});

test('hostile customer HTML neither runs script nor loads anything remote until consent (and never over http)', { timeout: 90_000 }, async () => {
  const hits: string[] = [];
  let connections = 0;
  const beacon: Server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'image/gif' }).end();
  });
  beacon.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => beacon.listen(0, '127.0.0.1', () => resolve()));
  const port = (beacon.address() as { port: number }).port;
  const b = `http://127.0.0.1:${port}`;
  try {
    const html = `<html><head><style>body{background:url(${b}/css-style)} @import url(${b}/css-import);</style>
<link rel="stylesheet" href="${b}/link.css"><meta http-equiv="refresh" content="0;url=${b}/refresh"></head>
<body><p>Hello, <b>the parcel</b> is damaged, see the photo.</p>
<script>window.__pwned = 'script'; new Image().src = '${b}/script';</script>
<img src="${b}/beacon.gif" alt="tracking pixel" onerror="window.__pwned='onerror1'">
<img src="x" onerror="window.__pwned='onerror2'; new Image().src='${b}/onerror'">
<img src="https://127.0.0.1:${port}/consented.gif" alt="product photo">
<img srcset="${b}/srcset 2x"><video poster="${b}/poster"></video>
<a href="javascript:window.__pwned='link'">click me</a>
<div style="background-image:url(${b}/inline-style)">styled</div>
<table background="${b}/table-bg"><tr><td>cell</td></tr></table>
<svg onload="window.__pwned='svg'"><image href="${b}/svg-image"/></svg>
<iframe src="${b}/iframe"></iframe><object data="${b}/object"></object>
<form action="${b}/form"><input name="q" autofocus onfocus="window.__pwned='focus'"></form>
</body></html>`;
    await mailFromCustomer({ from: 'Mallory <mallory@example.net>', subject: 'Photo of the damaged parcel', text: 'Hello, the parcel is damaged, see the photo.', html });

    await page.goto(`${server.url}/inbox/all`);
    await row('Photo of the damaged parcel').locator('.row-link').click();
    const frameElement = page.locator('iframe.email-frame').first();
    await frameElement.waitFor();
    const frame = page.frameLocator('iframe.email-frame').first();
    await frame.getByText('the parcel').waitFor({ timeout: 10_000 });
    await page.waitForTimeout(1500); // time for anything that would load or run

    const sandbox = (await frameElement.getAttribute('sandbox')) ?? '';
    assert.doesNotMatch(sandbox, /allow-scripts/);
    assert.match((await frameElement.getAttribute('srcdoc')) ?? '', /Content-Security-Policy" content="default-src 'none'; img-src data: cid: blob:;/);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned), undefined, 'no script ran in the app');
    // The frame is same-origin (scripts off), so the app's own context can look inside it.
    const inside = await page.evaluate(() => {
      const frame = document.querySelector<HTMLIFrameElement>('iframe.email-frame');
      const win = frame?.contentWindow as (Window & { __pwned?: string }) | null | undefined;
      const doc = frame?.contentDocument;
      return {
        pwned: win?.__pwned ?? null,
        dangerous: doc ? doc.querySelectorAll('script, iframe, object, form, input, [onerror], [onload], [onfocus], [style]').length : -1,
        images: doc ? [...doc.images].map((i) => i.getAttribute('src')) : [],
        text: doc?.body.textContent ?? '',
      };
    });
    assert.equal(inside.pwned, null, 'no script ran in the message');
    assert.equal(inside.dangerous, 0);
    assert.deepEqual(inside.images.filter((src) => src !== null), [], 'no image has a source before consent');
    assert.match(inside.text, /the parcel/);
    assert.deepEqual(hits, [], 'the beacon server received nothing before consent');
    assert.equal(connections, 0, 'not even a connection attempt');
    await page.getByText('Remote images blocked to protect your privacy').waitFor();

    // Consent shows https images; the plain-http ones stay blocked, and still nothing runs.
    await page.getByRole('button', { name: 'Show remote images' }).click();
    await waitFor(() => connections > 0, 10_000, 'the consented https image to be requested');
    await page.waitForTimeout(1000);
    assert.deepEqual(hits, [], 'no plain-http request even after consent');
    await page.getByText('Images over an unencrypted connection stay blocked').waitFor();
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned), undefined);
    await page.screenshot({ path: path.join(RESULTS_DIR, 'hostile-html-en.png') });
  } finally {
    await new Promise<void>((resolve) => beacon.close(() => resolve()));
  }
});

test('collision indicators: an agent sees a colleague join the conversation, type, and leave', { timeout: 90_000 }, async () => {
  const created = await json<{ id: string }>(`${server.url}/api/v1/users`, {
    method: 'POST',
    token,
    body: JSON.stringify({ email: 'eva@example.test', name: 'Eva Kolar', role: 'agent', password: PASSWORD }),
  });
  assert.equal(created.status, 201);
  const list = await json<{ items: Array<{ id: string; subject: string }> }>(`${server.url}/api/v1/conversations?limit=10`, { token });
  const blender = list.body.items.find((c) => c.subject === 'The blender arrived broken');
  assert.ok(blender);
  const url = `${server.url}/inbox/all/${blender.id}`;

  await page.goto(url); // a fresh load also learns the new colleague's name
  await page.locator('.connection-live').waitFor();
  const presence = page.getByTestId('presence');
  assert.equal((await presence.textContent())?.trim(), '', 'alone at first');

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const eva = await context.newPage();
    watchPage(eva, pageLog);
    await signIn(eva, server.url, 'eva@example.test', PASSWORD);
    await eva.goto(url);
    await eva.getByRole('list', { name: 'Conversation timeline' }).waitFor();
    await presence.getByText('Also here: Eva Kolar').waitFor({ timeout: 10_000 });
    // Eva sees the first agent too (the viewers list she gets on arrival).
    await eva.getByTestId('presence').getByText('Also here: Administrator').waitFor({ timeout: 10_000 });

    await eva.getByLabel('Reply to the customer').pressSequentially('Hi Ana, ', { delay: 20 });
    await presence.getByText('Eva Kolar is writing…').waitFor({ timeout: 10_000 });

    await eva.getByRole('link', { name: 'All conversations', exact: true }).click();
    await presence.getByText('Also here').waitFor({ state: 'detached', timeout: 10_000 });
  } finally {
    await context.close();
  }
});
