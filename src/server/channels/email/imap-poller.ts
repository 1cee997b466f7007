import { createHash } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { AttachmentStore } from '../../domain/attachments/attachment-store.js';
import { ConfigError } from '../../config.js';
import { ingestRawEmail, type IngestOptions, type IngestResult } from './ingest-email.js';

/** One IMAP mailbox whose unseen mail becomes conversations of one account. */
export interface ImapMailboxConfig {
  host: string;
  port: number;
  /** true: TLS from the first byte (993). false: STARTTLS, required unless the host is loopback. */
  secure: boolean;
  user: string;
  password: string;
  /** Folder to poll; default INBOX. Levels are separated by '/' whatever the server's own delimiter is. */
  mailbox?: string;
  /** When set, handled messages are moved here (after being flagged \Seen) instead of staying in the folder; created when missing. */
  processedMailbox?: string;
  accountId: string;
}

export interface ImapPollerOptions {
  db: Kysely<Database>;
  attachments: AttachmentStore;
  mailbox: ImapMailboxConfig;
  /** Passed to `ingestRawEmail` (job queue for the acknowledgement, mail domain), as for SMTP. */
  ingest?: IngestOptions;
  /** Pause between two rounds that went well; default 60 s. */
  pollIntervalMs?: number;
  /** After a failed round (IMAP unreachable, database down) the pause doubles from `initialMs` up to `maxMs`. */
  backoff?: { initialMs?: number; maxMs?: number };
  /** Larger messages are not downloaded but rejected (flagged \Seen and $ServistoRejected); default 25 MB. */
  maxMessageBytes?: number;
  /** Messages handled per round at most, so that `stop()` and other pollers are never kept waiting long; default 100. */
  maxMessagesPerRound?: number;
  connectionTimeoutMs?: number;
  log?: (line: string) => void;
}

export type ImapMessageOutcome =
  | { uid: number; outcome: 'stored'; conversationId: string; messageId: string; created: boolean }
  | { uid: number; outcome: 'skipped'; reason: Extract<IngestResult, { skipped: string }>['skipped'] }
  | { uid: number; outcome: 'rejected'; code: string; message: string };

/** What one round did. Messages not in `outcomes` were left unseen and are tried again next round. */
export interface ImapRoundReport {
  outcomes: ImapMessageOutcome[];
  /** Unseen messages still waiting after this round (the per-round limit, or the round ended early). */
  remaining: number;
  /** Why the round ended early: `imap` (connection, login, protocol) or `ingest` (the database failed). */
  error?: { kind: 'imap' | 'ingest'; message: string; uid?: number };
}

const REJECTED_KEYWORD = '$ServistoRejected';

/**
 * Polls one IMAP mailbox (run one poller per mailbox). Each unseen message goes through the same pipeline as SMTP
 * and `servisto ingest`, and is flagged \Seen (or moved) only after `ingestRawEmail` returned, i.e. after the
 * message was committed or cleanly skipped/rejected. If ingest throws (the database is down) the message stays
 * unseen and the round stops, so it is retried next round. A crash between commit and the flag makes the next
 * round fetch the message again; ingest then skips it as a duplicate by Message-ID (messages without one get a
 * stable Message-ID derived from mailbox, UIDVALIDITY and UID, see `withStableMessageId`).
 */
export class ImapPoller {
  readonly #options: ImapPollerOptions;
  readonly #log: (line: string) => void;
  /** user@host:port/mailbox, safe to log: never contains the password. */
  readonly label: string;
  #client: ImapFlow | null = null;
  #round: Promise<ImapRoundReport> | null = null;
  #timer: NodeJS.Timeout | null = null;
  #running = false;
  #stopping = false;
  #stopped: Promise<void> | null = null;
  #failures = 0;

  constructor(options: ImapPollerOptions) {
    this.#options = options;
    this.#log = options.log ?? (() => undefined);
    const m = options.mailbox;
    this.label = `imap ${m.user}@${m.host}:${m.port}/${m.mailbox ?? 'INBOX'}`;
  }

  /** Rounds every `pollIntervalMs` (at once again while a backlog remains, later with backoff after failures). */
  start(): void {
    if (this.#running || this.#stopping) return;
    this.#running = true;
    this.#schedule(0);
  }

  /** Stops polling: lets the message being handled finish, waits for the round to end, then logs out. */
  stop(): Promise<void> {
    this.#stopped ??= (async () => {
      this.#stopping = true;
      this.#running = false;
      if (this.#timer) clearTimeout(this.#timer);
      this.#timer = null;
      await this.#round?.catch(() => undefined);
      await this.#disconnect(true);
    })();
    return this.#stopped;
  }

  /** Runs exactly one round now (after the one in progress, if any). Never throws for IMAP or database trouble. */
  pollOnce(): Promise<ImapRoundReport> {
    const previous = this.#round ?? Promise.resolve(null);
    const round = previous.catch(() => null).then(() => this.#runRound());
    this.#round = round;
    void round.finally(() => {
      if (this.#round === round) this.#round = null;
    });
    return round;
  }

  toJSON(): { label: string } {
    return { label: this.label };
  }

  #schedule(delayMs: number): void {
    if (!this.#running) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.pollOnce().then((report) => this.#schedule(this.#nextDelay(report)), () => this.#schedule(this.#nextDelay(null)));
    }, delayMs);
    this.#timer.unref();
  }

  #nextDelay(report: ImapRoundReport | null): number {
    if (report && !report.error) {
      this.#failures = 0;
      return report.remaining > 0 ? 0 : (this.#options.pollIntervalMs ?? 60_000);
    }
    this.#failures += 1;
    const initial = this.#options.backoff?.initialMs ?? 1_000;
    const max = this.#options.backoff?.maxMs ?? 5 * 60_000;
    const delay = Math.min(max, initial * 2 ** Math.min(this.#failures - 1, 20));
    return Math.round(delay * (0.8 + Math.random() * 0.4)); // jitter: several pollers do not retry in step
  }

  async #runRound(): Promise<ImapRoundReport> {
    const report: ImapRoundReport = { outcomes: [], remaining: 0 };
    if (this.#stopping) return { ...report, error: { kind: 'imap', message: 'the poller is stopped' } };
    const folder = this.#options.mailbox.mailbox ?? 'INBOX';
    let client: ImapFlow;
    try {
      client = await this.#connect();
    } catch (error) {
      return this.#imapFailure(report, error);
    }
    let uids: number[];
    let lock: Awaited<ReturnType<ImapFlow['getMailboxLock']>> | undefined;
    try {
      lock = await client.getMailboxLock(folderPath(folder));
      // A folder that stays selected only learns of other sessions' changes (new mail, flags) at the next command:
      // without this NOOP the search would see the mailbox as it was at the end of the previous round.
      await client.noop();
      const box = client.mailbox;
      if (!box || box.readOnly || (box.permanentFlags && !box.permanentFlags.has('\\Seen') && !box.permanentFlags.has('\\*'))) {
        throw new Error(`the folder ${folder} does not let us flag messages \\Seen`);
      }
      const found = await client.search({ seen: false, deleted: false }, { uid: true });
      if (!found) throw new Error('SEARCH UNSEEN failed');
      uids = [...found].sort((a, b) => a - b);
    } catch (error) {
      lock?.release();
      return this.#imapFailure(report, error);
    }
    const limit = this.#options.maxMessagesPerRound ?? 100;
    let index = 0;
    try {
      for (; index < uids.length; index++) {
        if (this.#stopping || index >= limit) break;
        if ((await this.#handle(client, uids[index]!, report)) === 'stop') break;
      }
    } catch (error) {
      report.remaining = uids.length - index;
      return this.#imapFailure(report, error);
    } finally {
      lock.release();
    }
    report.remaining = uids.length - index;
    const stored = report.outcomes.filter((o) => o.outcome === 'stored').length;
    if (report.outcomes.length > 0) {
      this.#log(`${this.label}: ${report.outcomes.length} message(s) handled, ${stored} stored${report.remaining ? `, ${report.remaining} waiting` : ''}`);
    }
    return report;
  }

  /** One message: download, ingest, then flag. Returns 'stop' when the database failed (the message stays unseen). */
  async #handle(client: ImapFlow, uid: number, report: ImapRoundReport): Promise<'next' | 'stop'> {
    const max = this.#options.maxMessageBytes ?? 25 * 1024 * 1024;
    const meta = await client.fetchOne(String(uid), { uid: true, size: true, flags: true }, { uid: true });
    if (!meta || meta.flags?.has('\\Seen')) return stillUsable(client); // expunged, or handled by another poller meanwhile
    if ((meta.size ?? 0) > max) {
      this.#log(`${this.label}: UID ${uid} rejected: ${meta.size} bytes is over the ${max}-byte limit`);
      await this.#markHandled(client, uid, true);
      report.outcomes.push({ uid, outcome: 'rejected', code: 'email_too_large', message: `The message is over ${max} bytes` });
      return 'next';
    }
    const message = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
    if (!message || !message.source) return stillUsable(client);
    const raw = withStableMessageId(message.source, this.#stableId(client, uid));
    let result: IngestResult;
    try {
      result = await ingestRawEmail(this.#options.db, this.#options.mailbox.accountId, this.#options.attachments, raw, this.#options.ingest);
    } catch (error) {
      const messageText = error instanceof Error ? error.message : String(error);
      this.#log(`${this.label}: UID ${uid} left unseen, ingest failed: ${messageText}`);
      report.error = { kind: 'ingest', message: messageText, uid };
      return 'stop';
    }
    // Committed (or deliberately not stored): only now may the mailbox forget about it.
    await this.#markHandled(client, uid, !result.ok);
    if (!result.ok) {
      this.#log(`${this.label}: UID ${uid} rejected: ${result.error.code} ${result.error.message}`);
      report.outcomes.push({ uid, outcome: 'rejected', code: result.error.code, message: result.error.message });
    } else if ('skipped' in result) {
      report.outcomes.push({ uid, outcome: 'skipped', reason: result.skipped });
    } else {
      report.outcomes.push({ uid, outcome: 'stored', conversationId: result.conversationId, messageId: result.messageId, created: result.created });
    }
    return 'next';
  }

  async #markHandled(client: ImapFlow, uid: number, rejected: boolean): Promise<void> {
    // The keyword is dropped silently by imapflow where the folder does not allow keywords; \Seen is what counts.
    const flags = rejected ? ['\\Seen', REJECTED_KEYWORD] : ['\\Seen'];
    if (!(await client.messageFlagsAdd(String(uid), flags, { uid: true }))) {
      throw new Error(`could not flag UID ${uid} \\Seen (it is stored; the next round skips it as a duplicate)`);
    }
    const processed = this.#options.mailbox.processedMailbox;
    if (processed && !(await client.messageMove(String(uid), folderPath(processed), { uid: true }))) {
      throw new Error(`could not move UID ${uid} to ${processed} (it is flagged \\Seen)`);
    }
  }

  /** A Message-ID for mails that have none, the same for the same message in every round and every poller. */
  #stableId(client: ImapFlow, uid: number): string {
    const m = this.#options.mailbox;
    const uidValidity = client.mailbox ? String(client.mailbox.uidValidity) : '0';
    const digest = createHash('sha256').update(`${m.user}\n${m.host}\n${m.mailbox ?? 'INBOX'}`).digest('hex').slice(0, 16);
    return `<imap.${digest}.${uidValidity}.${uid}@servisto.invalid>`;
  }

  async #connect(): Promise<ImapFlow> {
    if (this.#client?.usable) return this.#client;
    await this.#disconnect(false);
    const m = this.#options.mailbox;
    const client = new ImapFlow({
      host: m.host,
      port: m.port,
      secure: m.secure,
      // Never send the password in clear text to another machine: STARTTLS is mandatory off loopback.
      ...(m.secure || isLoopback(m.host) ? {} : { doSTARTTLS: true }),
      auth: { user: m.user, pass: m.password },
      logger: false,
      disableAutoIdle: true,
      connectionTimeout: this.#options.connectionTimeoutMs ?? 30_000,
      greetingTimeout: this.#options.connectionTimeoutMs ?? 30_000,
      clientInfo: { name: 'Servisto' },
    });
    // imapflow emits 'error' for a connection that breaks between commands; unhandled, it would crash the process.
    client.on('error', (error: Error) => {
      this.#log(`${this.label}: connection error: ${error.message}`);
      if (this.#client === client) this.#client = null;
    });
    client.on('close', () => {
      if (this.#client !== client) return; // closed by us
      this.#client = null;
      this.#log(`${this.label}: the server closed the connection; reconnecting next round`);
    });
    await client.connect();
    try {
      // Resolves with created:false when the folder exists already.
      if (m.processedMailbox) await client.mailboxCreate(folderPath(m.processedMailbox));
    } catch (error) {
      client.close();
      throw error;
    }
    this.#client = client;
    return client;
  }

  async #disconnect(graceful: boolean): Promise<void> {
    const client = this.#client;
    this.#client = null;
    if (!client) return;
    if (graceful && client.usable) {
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, 5_000).unref());
      await Promise.race([client.logout().catch(() => undefined), timeout]);
    }
    client.close();
  }

  #imapFailure(report: ImapRoundReport, error: unknown): ImapRoundReport {
    const message = describeImapError(error);
    this.#log(`${this.label}: round failed, will retry: ${message}`);
    void this.#disconnect(false);
    return { ...report, error: { kind: 'imap', message } };
  }
}

/** imapflow answers some failures with `false` instead of throwing: tell an expunged message from a lost connection. */
function stillUsable(client: ImapFlow): 'next' {
  if (!client.usable) throw new Error('the IMAP connection was lost');
  return 'next';
}

function describeImapError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const e = error as Error & { code?: string; responseText?: string; serverResponseCode?: string };
  const detail = e.responseText ?? e.serverResponseCode ?? e.code;
  return detail && !e.message.includes(detail) ? `${e.message} (${detail})` : e.message;
}

/** Folder names use '/' between levels whatever the server's delimiter is ('.' for dovecot's maildir). */
function folderPath(folder: string): string[] {
  return folder.split('/').filter((part) => part !== '');
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Prepends a Message-ID header when the mail has none, so that a message fetched twice (crash between commit and
 * \Seen, two pollers on one folder) is recognised as a duplicate by ingest. Mails with a Message-ID are untouched.
 */
export function withStableMessageId(raw: Buffer, messageId: string): Buffer {
  const headerEnd = raw.indexOf('\r\n\r\n') >= 0 ? raw.indexOf('\r\n\r\n') : raw.indexOf('\n\n');
  const header = raw.subarray(0, headerEnd >= 0 ? headerEnd : Math.min(raw.length, 256 * 1024)).toString('latin1');
  if (/^message-id[ \t]*:/im.test(header)) return raw;
  return Buffer.concat([Buffer.from(`Message-ID: ${messageId}\r\n`, 'latin1'), raw]);
}

/**
 * Reads one mailbox from a URL, as proposed for `SERVISTO_IMAP_URL`:
 * `imaps://user%40example.com:secret@imap.example.com:993/INBOX?processed=Servisto%2FDone`
 * (imaps → TLS, default port 993; imap → STARTTLS, default port 143; path = folder, default INBOX;
 * `processed` = folder to move handled mail to). The account is chosen by the caller.
 */
export function parseImapUrl(url: string): Omit<ImapMailboxConfig, 'accountId'> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new ConfigError('SERVISTO_IMAP_URL is not a URL (imaps://user:password@host:993/INBOX)');
  }
  if (u.protocol !== 'imap:' && u.protocol !== 'imaps:') throw new ConfigError('SERVISTO_IMAP_URL must start with imap:// or imaps://');
  const decode = (part: string): string => {
    try {
      return decodeURIComponent(part);
    } catch {
      throw new ConfigError('SERVISTO_IMAP_URL has a broken %-escape');
    }
  };
  const user = decode(u.username);
  const password = decode(u.password);
  if (user === '' || password === '' || u.hostname === '') {
    throw new ConfigError('SERVISTO_IMAP_URL needs a user, a password and a host (encode @ in the user as %40)');
  }
  for (const key of u.searchParams.keys()) {
    if (key !== 'processed') throw new ConfigError(`SERVISTO_IMAP_URL: unknown parameter "${key}" (known: processed)`);
  }
  const secure = u.protocol === 'imaps:';
  const folder = decode(u.pathname.replace(/^\//, ''));
  const processed = u.searchParams.get('processed');
  return {
    host: u.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: u.port === '' ? (secure ? 993 : 143) : Number(u.port),
    secure,
    user,
    password,
    mailbox: folder === '' ? 'INBOX' : folder,
    ...(processed ? { processedMailbox: processed } : {}),
  };
}
