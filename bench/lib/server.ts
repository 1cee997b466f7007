import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ServerHandle {
  pid: number;
  url: string;
  smtpPort: number | null;
  /** 'dist' (compiled, as in production) or 'tsx' (from source: a little more memory and a slower start). */
  mode: 'dist' | 'tsx';
  rssMb(): number;
  output(): string;
  stop(): Promise<void>;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    const st = statSync(full);
    if (st.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (name.endsWith('.ts')) newest = Math.max(newest, st.mtimeMs);
  }
  return newest;
}

let chosen: { args: string[]; mode: 'dist' | 'tsx' } | undefined;

/**
 * The compiled server when dist/ is built and not older than the sources; otherwise the sources through tsx.
 * Decided once per bench process, so every scenario of a run measures the same build.
 */
export function serverCommand(): { args: string[]; mode: 'dist' | 'tsx' } {
  if (chosen) return chosen;
  const dist = path.join(ROOT, 'dist/cli/main.js');
  chosen =
    existsSync(dist) && statSync(dist).mtimeMs >= newestMtime(path.join(ROOT, 'src'))
      ? { args: [dist, 'start'], mode: 'dist' }
      : { args: ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'start'], mode: 'tsx' };
  return chosen;
}

/** VmRSS of a process in MB (0 when it is gone). */
export function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

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

// Servers still running when the bench process ends (an error, Ctrl-C, a timeout) are stopped with it.
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface StartOptions {
  databaseUrl: string | undefined;
  dataDir: string;
  smtp: boolean;
  env?: NodeJS.ProcessEnv;
  /** Options for node itself, before the script (e.g. --cpu-prof). */
  nodeArgs?: string[];
  timeoutMs?: number;
}

/** Starts `servisto start` as a child process (its RSS is the server's own) and waits until it listens. */
export async function startServer(options: StartOptions): Promise<ServerHandle> {
  const { args, mode } = serverCommand();
  const smtpPort = options.smtp ? await freePort() : 0;
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      PORT: '0',
      HOST: '127.0.0.1',
      SMTP_PORT: String(smtpPort),
      SERVISTO_DATA_DIR: options.dataDir,
      DATABASE_URL: options.databaseUrl ?? '',
      SERVISTO_ADMIN_PASSWORD: 'servisto-bench-password',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.on('exit', () => running.delete(child));
  // Keep the pipes drained (a full pipe would block the server); remember the last part for error reports.
  let out = '';
  const keep = (d: Buffer) => {
    out += d.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  for (;;) {
    const m = /Servisto listening on (http:\/\/\S+)/.exec(out);
    if (m) {
      const smtp = /SMTP ingress listening on \S+:(\d+)/.exec(out);
      const pid = child.pid!;
      let stopping: Promise<void> | undefined;
      return {
        pid,
        url: m[1]!,
        smtpPort: smtp ? Number(smtp[1]) : null,
        mode,
        rssMb: () => rssOf(pid),
        output: () => out,
        stop() {
          stopping ??= (async () => {
            if (child.exitCode !== null || child.signalCode !== null) return;
            child.kill('SIGTERM');
            const done = await Promise.race([exited, new Promise((r) => setTimeout(() => r(null), 20_000))]);
            if (done === null) {
              child.kill('SIGKILL');
              await exited;
            }
          })();
          return stopping;
        },
      };
    }
    const early = await Promise.race([exited, new Promise((r) => setTimeout(() => r(null), 100))]);
    if (early !== null) throw new Error(`the server exited early (${String(early)}):\n${out.slice(-4000)}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not start in time:\n${out.slice(-4000)}`);
    }
  }
}

/** Samples a process's RSS every `intervalMs` and keeps the peak. */
export class RssSampler {
  peak = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pid: number,
    private readonly intervalMs = 100,
  ) {}

  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
    return this;
  }

  sample(): number {
    const v = rssOf(this.pid);
    if (v > this.peak) this.peak = v;
    return v;
  }

  stop(): number {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    return this.peak;
  }
}
