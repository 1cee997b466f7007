import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { json, type ServerProcess } from '../helpers/server-process.js';
import { apiLogin, signIn, startServerAndBrowser, stepClock, uiText, watchPage, type BrowserStack } from './helpers.js';

/**
 * Two golden steps of the agent workspace in Chromium: the unread marker is kept on the server (cleared on open,
 * still cleared after a reload), and a transfer from the UI needs a handover note (the server's refusal shows in
 * the dialog) which then sits on top of the conversation.
 */
const ADMIN = 'lead@example.test';
const AGENT = 'sam@example.test';
const PASSWORD = 'correct horse battery staple';

let stack: BrowserStack | undefined;
let server: ServerProcess;
let browser: Browser;
let page: Page;
const pageLog: string[] = [];

const { steps, mark } = stepClock();

before(async () => {
  stack = await startServerAndBrowser({ SERVISTO_ADMIN_EMAIL: ADMIN, SERVISTO_ADMIN_PASSWORD: PASSWORD, SERVISTO_OUTBOX_POLL_MS: '200' });
  ({ server, browser } = stack);
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  watchPage(page, pageLog);
  mark('server start and browser launch');
});

after(async () => {
  if (pageLog.length) process.stdout.write(`# browser log:\n# ${pageLog.join('\n# ')}\n`);
  process.stdout.write(`# timings:\n# ${steps.join('\n# ')}\n`);
  await stack?.stop();
});

const row = (subject: string) => page.locator('.row', { hasText: subject });

test('unread clears on open and stays cleared after a reload; a transfer needs its note and the note shows on top', { timeout: 60_000 }, async () => {
  const adminToken = await apiLogin(server.url, ADMIN, PASSWORD);
  const agent = await json<{ id: string }>(`${server.url}/api/v1/users`, {
    method: 'POST',
    token: adminToken,
    body: JSON.stringify({ email: AGENT, name: 'Sam Agent', role: 'agent', password: PASSWORD }),
  });
  assert.equal(agent.status, 201);
  const admin = (await json<{ id: string; name: string }>(`${server.url}/api/v1/me`, { token: adminToken })).body;
  const subject = 'Parcel stuck in customs';
  const created = await json<{ id: string; number: number }>(`${server.url}/api/v1/conversations`, {
    method: 'POST',
    token: adminToken,
    body: JSON.stringify({ subject, customer: { email: 'kim@example.test', name: 'Kim Berg' }, message: { body: 'My parcel has been in customs for a week.' } }),
  });
  assert.equal(created.status, 201);
  mark('setup over the API');

  // The agent has not seen it: unread. Opening it clears the marker, on the server too (a reload keeps it cleared).
  await signIn(page, server.url, AGENT, PASSWORD);
  await page.getByRole('link', { name: uiText('en', 'views.all'), exact: true }).click();
  await row(subject).locator('.unread-dot').waitFor({ timeout: 10_000 });
  mark('signed in, unread shown');
  await row(subject).locator('.row-link').click();
  const timeline = page.getByRole('list', { name: uiText('en', 'timeline.label') });
  await timeline.getByText('in customs for a week').waitFor();
  await row(subject).locator('.unread-dot').waitFor({ state: 'detached', timeout: 5_000 });
  await page.goto(`${server.url}/inbox/all`);
  await row(subject).waitFor({ timeout: 10_000 });
  // Give a late re-render no chance to hide a marker that the server still reports.
  await page.waitForLoadState('networkidle');
  assert.equal(await row(subject).locator('.unread-dot').count(), 0, 'still read after a reload');
  mark('opened, reloaded, still read');

  // Transfer with the keyboard: t opens the dialog; without a note the server refuses and the dialog says why.
  await row(subject).locator('.row-link').click();
  await timeline.waitFor();
  await page.keyboard.press('t');
  const dialog = page.getByRole('dialog', { name: uiText('en', 'transfer.title').replace('{{number}}', String(created.body.number)) });
  await dialog.waitFor();
  await dialog.getByLabel(uiText('en', 'transfer.agent'), { exact: true }).selectOption(admin.id);
  await dialog.getByRole('button', { name: uiText('en', 'transfer.submit'), exact: true }).click();
  await dialog.getByRole('alert').filter({ hasText: /note/ }).waitFor({ timeout: 5_000 });
  assert.equal(await dialog.getByLabel(uiText('en', 'transfer.note'), { exact: true }).getAttribute('aria-invalid'), 'true');
  mark('transfer without a note refused inline');

  const note = 'Kim needs the customs form resent; I already called the carrier on Monday.';
  await dialog.getByLabel(uiText('en', 'transfer.note'), { exact: true }).fill(note);
  await dialog.getByRole('button', { name: uiText('en', 'transfer.submit'), exact: true }).click();
  await dialog.waitFor({ state: 'detached', timeout: 10_000 });
  await page.getByTestId('handover').filter({ hasText: note }).waitFor({ timeout: 10_000 });
  assert.match((await page.getByTestId('handover').textContent()) ?? '', /Sam Agent/);
  mark('transferred, note on top');

  const after = await json<{ assigneeId: string; handover: { note: string } | null }>(`${server.url}/api/v1/conversations/${created.body.id}`, { token: adminToken });
  assert.equal(after.body.assigneeId, admin.id);
  assert.equal(after.body.handover?.note, note);
});

test('a supervisor sees why a conversation counts as a recontact, removes a wrong link and links one by hand', { timeout: 60_000 }, async () => {
  const adminToken = await apiLogin(server.url, ADMIN, PASSWORD);
  const create = async (subject: string, body: string) => {
    const res = await json<{ id: string; number: number }>(`${server.url}/api/v1/conversations`, {
      method: 'POST',
      token: adminToken,
      body: JSON.stringify({ subject, customer: { email: 'ruth@example.test', name: 'Ruth Ek' }, message: { body } }),
    });
    assert.equal(res.status, 201);
    return res.body;
  };
  const earlier = await create('Invoice 4411 charged twice', 'I was charged twice for invoice 4411 this month.');
  const solved = await json(`${server.url}/api/v1/conversations/${earlier.id}`, { method: 'PATCH', token: adminToken, body: JSON.stringify({ status: 'solved' }) });
  assert.equal(solved.status, 200);
  const later = await create('About my case again', `Hello, about #${earlier.number}: the refund has still not arrived.`);
  const read = async () => (await json<{ recontact: { ofId: string; reason: string; score: number | null } | null }>(`${server.url}/api/v1/conversations/${later.id}`, { token: adminToken })).body.recontact;
  assert.deepEqual(await read(), { ofId: earlier.id, reason: 'reference', score: 1 }, 'judged at creation: it names the earlier number');
  mark('recontact set up over the API');

  const lead = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  watchPage(lead, pageLog);
  try {
    await signIn(lead, server.url, ADMIN, PASSWORD);
    await lead.goto(`${server.url}/inbox/all/${later.id}`);
    const banner = lead.getByTestId('recontact');
    await banner.getByText(uiText('en', 'recontact.reason.reference')).waitFor({ timeout: 10_000 });
    await banner.getByRole('button', { name: uiText('en', 'recontact.unlink'), exact: true }).click();
    await banner.waitFor({ state: 'detached', timeout: 5_000 });
    assert.equal(await read(), null, 'the server no longer counts it');
    mark('judged link removed from the banner');

    await lead.getByRole('button', { name: uiText('en', 'recontact.action'), exact: true }).click();
    const dialog = lead.getByRole('dialog', { name: uiText('en', 'recontact.title').replace('{{number}}', String(later.number)) });
    await dialog.getByLabel(uiText('en', 'recontact.number'), { exact: true }).fill(String(later.number));
    await dialog.getByRole('button', { name: uiText('en', 'recontact.submit'), exact: true }).click();
    await dialog.getByRole('alert').filter({ hasText: uiText('en', 'recontact.same') }).waitFor({ timeout: 5_000 });
    await dialog.getByLabel(uiText('en', 'recontact.number'), { exact: true }).fill(String(earlier.number));
    await dialog.getByRole('button', { name: uiText('en', 'recontact.submit'), exact: true }).click();
    await dialog.waitFor({ state: 'detached', timeout: 10_000 });
    await lead.getByTestId('recontact').getByText(uiText('en', 'recontact.reason.manual')).waitFor({ timeout: 10_000 });
    assert.deepEqual(await read(), { ofId: earlier.id, reason: 'manual', score: null });
    mark('linked by hand from the dialog');
  } finally {
    await lead.close();
  }
});
