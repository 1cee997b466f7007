import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** The SMTP ingress port from the "SMTP ingress listening on …" line, or null when SMTP is off (SMTP_PORT=0). */
  smtpPort: number | null;
  output(): string;
  /** Resolves with the exit code (or signal name) when the process ends. */
  exited: Promise<number | string>;
}

/** Runs the real `servisto` CLI (from source, through tsx) as a child process. */
export function runCli(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string; exited: Promise<number | string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return { child, output: () => out, exited };
}

/** Starts `servisto start` on an ephemeral port and waits until it listens (bounded). */
export async function startServerProcess(env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<ServerProcess> {
  const run = runCli(['start'], { PORT: '0', SMTP_PORT: '0', HOST: '127.0.0.1', ...env });
  const started = Date.now();
  for (;;) {
    const match = /Servisto listening on (http:\/\/[^\s]+)/.exec(run.output());
    if (match) {
      // The SMTP line is printed before the HTTP one, so it is there by now when SMTP is on.
      const smtp = /SMTP ingress listening on \S+:(\d+)/.exec(run.output());
      return { ...run, url: match[1]!, smtpPort: smtp ? Number(smtp[1]) : null };
    }
    const early = await Promise.race([run.exited, new Promise((r) => setTimeout(() => r(null), 100))]);
    if (early !== null) throw new Error(`server exited early (${String(early)}):\n${run.output()}`);
    if (Date.now() - started > timeoutMs) {
      run.child.kill('SIGKILL');
      throw new Error(`server did not start within ${timeoutMs} ms:\n${run.output()}`);
    }
  }
}

/**
 * A TCP port that is free right now on 127.0.0.1 (for SMTP_PORT: 0 there means "SMTP off", not "any port").
 * Another process could take it before the server binds; a start failure then says EADDRINUSE.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function json<T = unknown>(url: string, init: RequestInit & { token?: string } = {}): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { ...(init.headers as Record<string, string> | undefined) };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, { ...init, headers });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}
