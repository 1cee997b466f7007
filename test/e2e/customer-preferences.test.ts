import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { json, type ServerProcess } from '../helpers/server-process.js';
import { apiLogin, RESULTS_DIR, signIn, startServerAndBrowser, stepClock, uiText, watchPage, type BrowserStack } from './helpers.js';

/**
 * Customer preferences and the channels page in Chromium: an agent sets a customer's preferences in the sidebar,
 * reloads and sees them (and the composer's hint); an admin adds an inbound email address.
 */
const ADMIN = 'admin@prefs.test';
const AGENT = 'agent@prefs.test';
const PASSWORD = 'correct horse battery staple';
const ZONE = 'Asia/Tokyo';
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

let stack: BrowserStack | undefined;
let server: ServerProcess;
let browser: Browser;
const pageLog: string[] = [];
const { steps, mark, restart } = stepClock();

before(async () => {
  stack = await startServerAndBrowser({ SERVISTO_ADMIN_EMAIL: ADMIN, SERVISTO_ADMIN_PASSWORD: PASSWORD });
  ({ server, browser } = stack);
  mark('server start and browser launch');
});

after(async () => {
  if (pageLog.length) process.stdout.write(`# browser log:\n# ${pageLog.join('\n# ')}\n`);
  process.stdout.write(`# timings:\n# ${steps.join('\n# ')}\n`);
  await stack?.stop();
});

test('an agent sets a customer’s preferences in the sidebar and sees them after a reload; an admin adds an email address', { timeout: 90_000 }, async () => {
  const adminToken = await apiLogin(server.url, ADMIN, PASSWORD);
  restart();
  const agent = await json(`${server.url}/api/v1/users`, { method: 'POST', token: adminToken, body: JSON.stringify({ email: AGENT, name: 'Agnes Agent', role: 'agent', password: PASSWORD }) });
  assert.equal(agent.status, 201, JSON.stringify(agent.body));
  const created = await json<{ id: string; customerId: string }>(`${server.url}/api/v1/conversations`, {
    method: 'POST',
    token: adminToken,
    body: JSON.stringify({ subject: 'Call me about the delivery', channel: 'chat', customer: { email: 'anna@example.pl', name: 'Anna Nowak' }, message: { body: 'Please get back to me about my delivery.' } }),
  });
  assert.equal(created.status, 201);

  // Contact hours on one weekday that is not today in Tokyo: the composer must say "outside" whenever this runs.
  const today = new Intl.DateTimeFormat('en-US', { timeZone: ZONE, weekday: 'short' }).format(new Date()).toLowerCase().slice(0, 3);
  const otherDay = DAYS[(DAYS.indexOf(today as (typeof DAYS)[number]) + 2) % 7]!;

  const agentPage = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  watchPage(agentPage, pageLog);
  await signIn(agentPage, server.url, AGENT, PASSWORD);
  await agentPage.goto(`${server.url}/inbox/all/${created.body.id}`);
  await agentPage.locator('.customer-name', { hasText: 'Anna Nowak' }).waitFor();
  mark('agent signed in, conversation open');
  await agentPage.getByRole('button', { name: uiText('en', 'customerPreferences.edit') }).click();
  await agentPage.locator('#pref-language').selectOption('pl');
  await agentPage.locator('#pref-channel').selectOption('phone');
  await agentPage.locator('#pref-address').selectOption('formal');
  await agentPage.getByLabel(uiText('en', 'customerPreferences.preferredName'), { exact: true }).fill('Pani Anno');
  await agentPage.getByLabel(uiText('en', 'customerPreferences.timezone'), { exact: true }).fill(ZONE);
  await agentPage.locator(`#pref-hours-${otherDay}`).fill('8:00-12:00, 13:00–17:00');
  await agentPage.getByRole('button', { name: uiText('en', 'customerPreferences.save') }).click();
  await agentPage.getByText(uiText('en', 'customerPreferences.saved')).waitFor();
  mark('preferences saved');

  await agentPage.reload();
  const prefs = agentPage.getByTestId('customer-preferences');
  await prefs.getByText('Polish').waitFor();
  const text = (await prefs.textContent()) ?? '';
  assert.match(text, /Phone/);
  assert.match(text, /Formal, as “Pani Anno”/);
  assert.match(text, /08:00–12:00, 13:00–17:00/);
  assert.match(text, new RegExp(ZONE));
  // The composer: the form of address, and the non-blocking warning (a chat conversation, outside the hours).
  await agentPage.getByTestId('composer-address').filter({ hasText: 'Formal, as “Pani Anno”' }).waitFor();
  const warning = agentPage.getByTestId('contact-warning');
  await warning.waitFor();
  assert.match((await warning.textContent()) ?? '', /outside their contact hours for Chat.*08:00/);
  await agentPage.getByTestId('customer-language').filter({ hasText: 'Polish' }).waitFor();
  await agentPage.screenshot({ path: path.join(RESULTS_DIR, 'customer-preferences.png') });
  mark('reloaded, preferences and composer hint seen');

  const stored = await json<{ preferences: Record<string, unknown> }>(`${server.url}/api/v1/customers/${created.body.customerId}`, { token: adminToken });
  assert.deepEqual(stored.body.preferences.contactHours, { [otherDay]: [['08:00', '12:00'], ['13:00', '17:00']] });

  // An admin adds an inbound address on the channels page.
  const adminPage = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  watchPage(adminPage, pageLog);
  await signIn(adminPage, server.url, ADMIN, PASSWORD);
  await adminPage.goto(`${server.url}/admin/channels`);
  mark('admin signed in');
  await adminPage.getByTestId('channel-overview').getByText(uiText('en', 'admin.channels.statuses.api_only')).first().waitFor();
  await adminPage.locator('#address-value').fill('Billing@Prefs.Test');
  await adminPage.locator('#address-name').fill('Billing');
  await adminPage.getByRole('button', { name: uiText('en', 'admin.channels.create') }).click();
  await adminPage.getByTestId('email-addresses').getByRole('cell', { name: 'billing@prefs.test' }).waitFor();
  await adminPage.screenshot({ path: path.join(RESULTS_DIR, 'admin-channels.png') });
  mark('address added');
  const addresses = await json<{ items: Array<{ address: string; displayName: string }> }>(`${server.url}/api/v1/email-addresses`, { token: adminToken });
  assert.ok(addresses.body.items.some((a) => a.address === 'billing@prefs.test' && a.displayName === 'Billing'));
});
