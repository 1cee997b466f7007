import { spawn, execFile, execFileSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ImapFlow } from 'imapflow';

/**
 * A real IMAP server for tests: Debian's dovecot (package dovecot-imapd) started by the test as its own instance —
 * its own config, sockets, logs and maildirs in a temp directory, listening on 127.0.0.1 on a free port with
 * plaintext login allowed (loopback only) and users from a passwd-file. The system dovecot service is not used.
 */
export interface DovecotServer {
  host: string;
  port: number;
  /** A mail user of its own (from a pool written before start, else added to the passwd-file and waited for). */
  addUser(): Promise<ImapTestUser>;
  /** IMAP APPEND of a raw message; returns its UID. */
  append(user: ImapTestUser, raw: string | Buffer, options?: { mailbox?: string; flags?: string[] }): Promise<number>;
  /** Every message of a folder with its flags, by UID. */
  messages(user: ImapTestUser, mailbox?: string | string[]): Promise<Array<{ uid: number; flags: Set<string>; messageId: string | undefined }>>;
  /** Runs `fn` with a logged-in imapflow client of the user (to change flags behind the poller's back). */
  withClient<T>(user: ImapTestUser, fn: (client: ImapFlow) => Promise<T>): Promise<T>;
  /** Drops every open IMAP connection of the user server-side (`doveadm kick`), as a server restart would. */
  kick(user: ImapTestUser): Promise<void>;
  /** The instance's log, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

export interface ImapTestUser {
  user: string;
  password: string;
}

const DOVECOT = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'].find((p) => existsSync(p));

export async function startDovecot(): Promise<DovecotServer> {
  if (!DOVECOT) throw new Error('dovecot is not installed: apt-get install -y dovecot-imapd (.ci/run does this)');
  let lastError: unknown;
  // The port is found free and then handed to dovecot: another process may take it in between, so retry.
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(DOVECOT, await freePort());
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

/** Which system users own the mail and run dovecot's helper processes. */
function identity(): { uid: number; gid: number; internalUser: string; internalGroup: string; loginUser: string } {
  const me = userInfo();
  if (me.uid !== 0) {
    // Unprivileged: everything runs as the current user, who can chown nothing; the sockets get its own group.
    const group = execFileSync('id', ['-gn']).toString().trim();
    return { uid: me.uid, gid: me.gid, internalUser: me.username, internalGroup: group, loginUser: me.username };
  }
  // As root dovecot drops privileges: its package users run the helpers, mail belongs to the `dovecot` user
  // (dovecot refuses mail access as UID 0).
  const entry = execFileSync('getent', ['passwd', 'dovecot']).toString().split(':');
  const ids = { uid: Number(entry[2]), gid: Number(entry[3]) };
  if (!Number.isInteger(ids.uid) || !Number.isInteger(ids.gid)) throw new Error('the dovecot system user is missing');
  return { uid: ids.uid, gid: ids.gid, internalUser: 'dovecot', internalGroup: 'dovecot', loginUser: 'dovenull' };
}

async function startOnce(binary: string, port: number): Promise<DovecotServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'servisto-dovecot-'));
  chmodSync(dir, 0o755); // dovecot's unprivileged processes must reach the maildirs below it
  const id = identity();
  const homes = path.join(dir, 'home');
  mkdirSync(homes);
  chownSync(homes, id.uid, id.gid);
  const passwd = path.join(dir, 'passwd');
  writeFileSync(passwd, '');
  const writeUser = (): ImapTestUser => {
    const user = `mailbox${randomBytes(4).toString('hex')}`;
    const password = randomBytes(12).toString('base64url');
    appendFileSync(passwd, `${user}:{PLAIN}${password}:${id.uid}:${id.gid}::${path.join(homes, user)}::\n`);
    return { user, password };
  };
  const pool = Array.from({ length: 12 }, writeUser);
  const logFile = path.join(dir, 'dovecot.log');
  const config = `# Test instance of dovecot: nothing here is read from /etc/dovecot.
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${logFile}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
# Tests log in with wrong passwords on purpose: answer at once instead of after the default 2 s.
auth_failure_delay = 0
mail_location = maildir:~/Maildir
first_valid_uid = ${id.uid}
first_valid_gid = ${id.gid}
default_internal_user = ${id.internalUser}
default_internal_group = ${id.internalGroup}
default_login_user = ${id.loginUser}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%n ${passwd}
}
userdb {
  driver = passwd-file
  args = username_format=%n ${passwd}
}
# No per-IP slowdown after failed logins (anvil auth penalty): every login here comes from 127.0.0.1.
# No chroot for the helper processes: an unprivileged instance may not chroot (harmless for a test server).
service anvil {
  chroot =
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
`;
  const configFile = path.join(dir, 'dovecot.conf');
  writeFileSync(configFile, config);
  const readLog = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');

  // dovecot runs under a small sh guard that stops it as soon as our end of its stdin pipe closes, so that even a
  // test process killed with SIGKILL leaves no dovecot behind.
  const guard = 'exec 3<&0; "$0" -F -c "$1" </dev/null & pid=$!; (read _ <&3; kill $pid 2>/dev/null) & wait $pid';
  const child: ChildProcess = spawn('/bin/sh', ['-c', guard, binary, configFile], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const cleanup = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.stdin?.end(); // the guard sends dovecot SIGTERM and exits once dovecot has
      const timeout = setTimeout(() => {
        try {
          const pid = Number(readFileSync(path.join(dir, 'run', 'master.pid'), 'utf8').trim());
          if (pid > 0) process.kill(pid, 'SIGKILL');
        } catch {
          // no pid file: dovecot is gone already
        }
        child.kill('SIGKILL');
      }, 5_000);
      await exited;
      clearTimeout(timeout);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await waitForGreeting(port, exited);
  } catch (error) {
    const detail = `${(error as Error).message}\n${output}${readLog()}`;
    await cleanup();
    throw new Error(`dovecot did not start: ${detail}`);
  }

  async function withClient<T>(user: ImapTestUser, fn: (client: ImapFlow) => Promise<T>): Promise<T> {
    const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user: user.user, pass: user.password }, logger: false, disableAutoIdle: true });
    client.on('error', () => undefined);
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.logout().catch(() => client.close());
    }
  }

  return {
    host: '127.0.0.1',
    port,
    async addUser() {
      const pooled = pool.shift();
      if (pooled) return pooled;
      // dovecot notices a changed passwd-file at most once a second: wait until the new user can log in.
      const user = writeUser();
      const deadline = Date.now() + 5_000;
      for (;;) {
        try {
          await withClient(user, async () => undefined);
          return user;
        } catch (error) {
          if (Date.now() > deadline) throw error;
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    },
    async append(user, raw, options = {}) {
      return withClient(user, async (client) => {
        const mailbox = options.mailbox ?? 'INBOX';
        if (mailbox !== 'INBOX') await client.mailboxCreate(mailbox);
        const result = await client.append(mailbox, typeof raw === 'string' ? Buffer.from(raw) : raw, options.flags ?? []);
        if (!result || result.uid === undefined) throw new Error(`APPEND to ${mailbox} failed`);
        return result.uid;
      });
    },
    async messages(user, mailbox = 'INBOX') {
      return withClient(user, async (client) => {
        const lock = await client.getMailboxLock(mailbox);
        try {
          if (!client.mailbox || client.mailbox.exists === 0) return [];
          const all = await client.fetchAll('1:*', { uid: true, flags: true, envelope: true });
          return all.map((m) => ({ uid: m.uid, flags: m.flags ?? new Set<string>(), messageId: m.envelope?.messageId }));
        } finally {
          lock.release();
        }
      });
    },
    withClient,
    async kick(user) {
      await new Promise<void>((resolve, reject) =>
        // Fails (exit code 68) when the user had no connection: a test that kicks expects one.
        execFile('doveadm', ['-c', configFile, 'kick', user.user], (error, stdout, stderr) =>
          error ? reject(new Error(`doveadm kick ${user.user}: exit ${String(error.code)} ${stdout}${stderr}`)) : resolve(),
        ),
      );
    },
    log: readLog,
    stop: cleanup,
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Ready once the listener sends its IMAP greeting; fails fast if dovecot exits (bad config, port taken). */
async function waitForGreeting(port: number, exited: Promise<number | null>): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (gone) throw new Error('dovecot exited during startup');
    const greeted = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.setTimeout(2_000);
      socket.once('data', (chunk: Buffer) => {
        socket.destroy();
        resolve(chunk.toString().startsWith('* OK'));
      });
      socket.once('timeout', () => (socket.destroy(), resolve(false)));
      socket.once('error', () => resolve(false));
    });
    if (greeted) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('no IMAP greeting within 15 s');
}
