import path from 'node:path';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One validated configuration object, read once at boot. */
export interface Config {
  port: number;
  host: string;
  smtpPort: number;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Statements prepared per PostgreSQL connection (db/prepared-statements.ts); 0 for a pooler that cannot keep them. */
  pgPreparedStatements: number;
  adminEmail: string;
  adminPassword: string | undefined;
  demo: boolean;
  logLevel: string;
  /** Largest JSON request body accepted by the HTTP API, in bytes. */
  bodyLimitBytes: number;
  /** Login attempts allowed per IP address and minute. */
  loginRateLimitPerMinute: number;
  /** Lifetime of a session token issued by login, in hours. */
  sessionTtlHours: number;
  /** Where attachments are kept: on disk under the data dir, or inside the database. */
  attachmentStorage: 'disk' | 'db';
  /** Largest email accepted by the SMTP ingress, in bytes. */
  smtpMaxMessageBytes: number;
  /** smtp://… relay for outbound mail; unset: outbound mail stays queued and fails after its retries. */
  smtpRelayUrl: string | undefined;
  /** First retry delay of outbound mail (doubles each time), and how many retries. */
  mailRetryDelaySeconds: number;
  mailRetryLimit: number;
  /** Domain for our Message-IDs when an account has no default address. */
  mailDomain: string;
  /** The address created for the first account on first start; SMTP accepts mail for the accounts' addresses. */
  supportEmail: string;
  /** Expected first-response time promised in acknowledgements while there is too little history to measure. */
  defaultResponseHours: number;
  /** IMAP mailboxes polled into the first account (imaps://user:password@host:993/INBOX?processed=Done). */
  imapUrls: string[];
  imapPollSeconds: number;
  /** Interval at which the outbox is polled for events left behind (e.g. after a crash). */
  outboxPollMs: number;
  /** Where customers reach this server (survey links in mail): scheme, host and optional path, no trailing slash. */
  publicUrl: string;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function intVar(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL && env.DATABASE_URL.trim() !== '' ? env.DATABASE_URL.trim() : undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const storage = env.SERVISTO_ATTACHMENT_STORAGE ?? 'disk';
  if (storage !== 'disk' && storage !== 'db') {
    throw new ConfigError('SERVISTO_ATTACHMENT_STORAGE must be "disk" or "db"');
  }
  const adminEmail = (env.SERVISTO_ADMIN_EMAIL ?? 'admin@example.com').trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+$/.test(adminEmail)) throw new ConfigError('SERVISTO_ADMIN_EMAIL is not an email address');
  const adminPassword = env.SERVISTO_ADMIN_PASSWORD || undefined;
  const supportEmail = (env.SERVISTO_SUPPORT_EMAIL ?? 'support@example.com').trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+$/.test(supportEmail)) throw new ConfigError('SERVISTO_SUPPORT_EMAIL is not an email address');
  if (env.SMTP_RELAY_URL && !/^smtps?:\/\//.test(env.SMTP_RELAY_URL)) throw new ConfigError('SMTP_RELAY_URL must start with smtp:// or smtps://');
  const publicUrl = (env.SERVISTO_PUBLIC_URL ?? '').trim().replace(/\/+$/, '');
  if (publicUrl !== '' && !/^https?:\/\/[^\s/]+(\/\S*)?$/.test(publicUrl)) throw new ConfigError('SERVISTO_PUBLIC_URL must be an http:// or https:// URL');
  if (adminPassword !== undefined && adminPassword.length < 8) {
    throw new ConfigError('SERVISTO_ADMIN_PASSWORD must be at least 8 characters');
  }
  return {
    port: intVar(env, 'PORT', 3000, 0, 65535),
    host: env.HOST && env.HOST !== '' ? env.HOST : '127.0.0.1',
    smtpPort: intVar(env, 'SMTP_PORT', 2525, 0, 65535),
    dataDir: path.resolve(env.SERVISTO_DATA_DIR && env.SERVISTO_DATA_DIR !== '' ? env.SERVISTO_DATA_DIR : './data'),
    databaseUrl,
    pgPreparedStatements: intVar(env, 'SERVISTO_PG_PREPARED_STATEMENTS', 400, 0, 100000),
    adminEmail,
    adminPassword,
    demo: env.SERVISTO_DEMO === '1' || env.SERVISTO_DEMO === 'true',
    logLevel: env.LOG_LEVEL ?? 'info',
    bodyLimitBytes: intVar(env, 'SERVISTO_BODY_LIMIT_BYTES', 10 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    loginRateLimitPerMinute: intVar(env, 'SERVISTO_LOGIN_RATE_LIMIT', 10, 1, 100000),
    sessionTtlHours: intVar(env, 'SERVISTO_SESSION_TTL_HOURS', 24 * 14, 1, 24 * 365),
    attachmentStorage: storage,
    smtpMaxMessageBytes: intVar(env, 'SMTP_MAX_MESSAGE_BYTES', 25 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    smtpRelayUrl: env.SMTP_RELAY_URL && env.SMTP_RELAY_URL !== '' ? env.SMTP_RELAY_URL : undefined,
    mailRetryDelaySeconds: intVar(env, 'SERVISTO_MAIL_RETRY_DELAY_SECONDS', 30, 1, 3600),
    mailRetryLimit: intVar(env, 'SERVISTO_MAIL_RETRY_LIMIT', 10, 0, 100),
    mailDomain: env.SERVISTO_MAIL_DOMAIN && env.SERVISTO_MAIL_DOMAIN !== '' ? env.SERVISTO_MAIL_DOMAIN : 'servisto.local',
    supportEmail,
    defaultResponseHours: intVar(env, 'SERVISTO_DEFAULT_RESPONSE_HOURS', 24, 1, 24 * 30),
    imapUrls: (env.SERVISTO_IMAP_URL ?? '').split(/\s+/).filter((u) => u !== ''),
    imapPollSeconds: intVar(env, 'SERVISTO_IMAP_POLL_SECONDS', 60, 1, 86400),
    outboxPollMs: intVar(env, 'SERVISTO_OUTBOX_POLL_MS', 1000, 10, 60000),
    publicUrl: publicUrl !== '' ? publicUrl : `http://${env.HOST && env.HOST !== '' ? env.HOST : '127.0.0.1'}:${intVar(env, 'PORT', 3000, 0, 65535)}`,
  };
}

let cachedVersion: string | undefined;
/** The version from package.json, shown by /healthz. */
export function appVersion(): string {
  if (cachedVersion) return cachedVersion;
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const candidate of [path.join(here, '../../package.json'), path.join(here, '../../../package.json')]) {
    try {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'servisto' && pkg.version) {
        cachedVersion = pkg.version;
        return pkg.version;
      }
    } catch {
      // try the next candidate
    }
  }
  cachedVersion = '0.0.0';
  return cachedVersion;
}
