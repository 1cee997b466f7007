import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { freshProcessStorage } from '../helpers/harness.js';
import { json, ROOT, startServerProcess, type ServerProcess } from '../helpers/server-process.js';

/** A first start on a new embedded database (initdb, migrations, job schema) is slow on a busy 2-core machine. */
export const SERVER_START_TIMEOUT_MS = 120_000;

/** Screenshots of the end-to-end tests (not committed). */
export const RESULTS_DIR = path.join(ROOT, 'test-results');
export const CHROMIUM = process.env.SERVISTO_CHROMIUM ?? '/usr/bin/chromium';

/** The server serves the built app from dist/web; without it every page would be the 503 "not built" page. */
export function requireWebBuild(): void {
  if (!existsSync(path.join(ROOT, 'dist/web/index.html'))) {
    throw new Error('dist/web/index.html is missing: build the web app first with `npm run build` (npm ci runs it through "prepare")');
  }
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM} (Debian: apt-get install chromium; .ci/run does it)`);
  mkdirSync(RESULTS_DIR, { recursive: true });
}

/** Debian's Chromium, headless, with nothing that reaches the network on its own. Never downloads a browser. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}

export async function apiLogin(url: string, email: string, password: string): Promise<string> {
  const res = await json<{ token: string }>(`${url}/api/v1/auth/login`, { method: 'POST', body: JSON.stringify({ email, password }) });
  if (res.status !== 200) throw new Error(`API login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token;
}

/** Signs in through the login form, in English (the picker on the login page sets it). */
export async function signIn(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(url);
  await page.locator('#login-language').selectOption('en');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Views' }).waitFor();
}

type Tree = { [key: string]: string | Tree };
/** A UI text from a locale file, so the tests follow the translations instead of copying them. */
export function uiText(lang: string, key: string): string {
  const tree = JSON.parse(readFileSync(path.join(ROOT, 'src/web/i18n', `${lang}.json`), 'utf8')) as Tree;
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  if (typeof node !== 'string') throw new Error(`no text ${lang}:${key}`);
  return node;
}

/** Logs page errors and failed requests so a failing run says why. */
export function watchPage(page: Page, log: string[]): void {
  page.on('pageerror', (e) => log.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') log.push(`console: ${m.text()}`);
  });
}

/** Where a browser test spends its time: `mark` logs the time since the previous mark (never asserted). */
export function stepClock(): { steps: string[]; mark(label: string): void; restart(): void } {
  const steps: string[] = [];
  let last = performance.now();
  return {
    steps,
    mark(label) {
      const now = performance.now();
      steps.push(`${label}: ${Math.round(now - last)} ms`);
      last = now;
    },
    restart() {
      last = performance.now();
    },
  };
}

export interface BrowserStack {
  server: ServerProcess;
  browser: Browser;
  /** Closes the browser, stops the server (SIGTERM, waits for the exit) and drops its storage. */
  stop(): Promise<void>;
}

/**
 * A fresh storage, the real server on it (with `env` added to the storage's) and Chromium, started side by side.
 * Both are awaited even if one fails, and whatever did start is stopped before the failure is thrown.
 */
export async function startServerAndBrowser(env: NodeJS.ProcessEnv): Promise<BrowserStack> {
  requireWebBuild();
  const storage = await freshProcessStorage();
  const [started, launched] = await Promise.allSettled([startServerProcess({ ...storage.env, ...env }, SERVER_START_TIMEOUT_MS), launchBrowser()]);
  const server = started.status === 'fulfilled' ? started.value : undefined;
  const browser = launched.status === 'fulfilled' ? launched.value : undefined;
  const stop = async () => {
    await browser?.close();
    if (server) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    await storage.drop();
  };
  if (started.status === 'rejected' || launched.status === 'rejected') {
    await stop();
    throw started.status === 'rejected' ? started.reason : (launched as PromiseRejectedResult).reason;
  }
  return { server: server!, browser: browser!, stop };
}
