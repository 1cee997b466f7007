import { parseArgs } from 'node:util';
import { readFile } from 'node:fs/promises';
import { ConfigError, loadConfig, appVersion, type Config } from '../server/config.js';
import { DataDirInUseError } from '../server/data-dir-lock.js';
import { migrateToLatest, openDatabase, pgliteDirFor } from '../server/db/database.js';
import { lockDataDir } from '../server/data-dir-lock.js';
import { startServer } from '../server/main.js';
import { ingestRawEmail } from '../server/channels/email/ingest-email.js';
import { isMbox, splitMbox, type ParsedInboundEmail } from '../server/channels/email/parse-inbound.js';
import { accountForAddress } from '../server/domain/email/email-address-create.js';
import { openRuntime, type Runtime } from '../server/runtime.js';

const USAGE = `Usage: servisto <command> [options]

Commands:
  start                 run the HTTP API (and SMTP ingress) until SIGTERM/SIGINT
  migrate               apply database migrations and exit
  ingest [--json] FILE… feed raw RFC 5322 messages (.eml, .box or mbox) through the inbound email pipeline
  version               print the version

Configuration comes from the environment (see README): PORT, HOST, SMTP_PORT, SERVISTO_DATA_DIR, DATABASE_URL, …`;

class UsageError extends Error {}

async function cmdStart(config: Config): Promise<number> {
  const server = await startServer(config);
  await new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.stdout.write(`Received ${signal}; shutting down\n`);
      resolve();
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  });
  await server.stop();
  return 0;
}

async function cmdMigrate(config: Config): Promise<number> {
  const unlock = config.databaseUrl ? () => undefined : lockDataDir(config.dataDir, 'migrate');
  try {
    const handle = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: pgliteDirFor(config.dataDir), preparedStatements: config.pgPreparedStatements });
    try {
      const applied = await migrateToLatest(handle.db);
      process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Database is up to date\n');
    } finally {
      await handle.close();
    }
  } finally {
    unlock();
  }
  return 0;
}

/** Files have no SMTP envelope: the account is the one owning an address the mail was sent to, else the first. */
function recipientAccount(db: Runtime['db'], fallback: string) {
  return async (mail: ParsedInboundEmail): Promise<string> => {
    const candidates = [...mail.to, ...mail.cc, mail.headers['delivered-to'], mail.headers['x-original-to']].filter((x): x is string => !!x);
    for (const address of candidates) {
      const accountId = await accountForAddress(db, address);
      if (accountId) return accountId;
    }
    return fallback;
  };
}

async function cmdIngest(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean', default: false } }, allowPositionals: true });
  if (positionals.length === 0) throw new UsageError('ingest needs at least one FILE');
  const runtime = await openRuntime(config, { command: 'ingest' });
  let failures = 0;
  const print = (line: Record<string, unknown>) => {
    if (values.json) process.stdout.write(`${JSON.stringify(line)}\n`);
    else if (line.ok === false) process.stdout.write(`${String(line.file)}: error ${JSON.stringify(line.error)}\n`);
    else if (line.skipped) process.stdout.write(`${String(line.file)}: skipped (${String(line.skipped)})\n`);
    else process.stdout.write(`${String(line.file)}: ${line.created ? 'new conversation' : 'added to conversation'} ${String(line.conversationId)}\n`);
  };
  try {
    for (const file of positionals) {
      let data: Buffer;
      try {
        data = await readFile(file);
      } catch (error) {
        failures++;
        print({ file, ok: false, error: { code: 'file_unreadable', message: (error as Error).message } });
        continue;
      }
      const messages = isMbox(data) ? splitMbox(data) : [data];
      if (messages.length === 0) {
        failures++;
        print({ file, ok: false, error: { code: 'email_empty', message: 'The file holds no message' } });
        continue;
      }
      for (const raw of messages) {
        try {
          const result = await ingestRawEmail(runtime.db, recipientAccount(runtime.db, runtime.bootstrap.accountId), runtime.deps.attachments, raw, {
            jobs: runtime.deps.jobs,
            mailDomain: config.mailDomain,
            defaultResponseHours: config.defaultResponseHours,
          });
          if (!result.ok) failures++;
          print({ file, ...result });
        } catch (error) {
          failures++;
          print({ file, ok: false, error: { code: 'internal', message: (error as Error).message } });
        }
      }
    }
  } finally {
    await runtime.close();
  }
  return failures === 0 ? 0 : 1;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (!command || command === 'help' || command === '--help' || command === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return command ? 0 : 2;
    }
    if (command === 'version' || command === '--version') {
      process.stdout.write(`${appVersion()}\n`);
      return 0;
    }
    const config = loadConfig();
    switch (command) {
      case 'start':
        return await cmdStart(config);
      case 'migrate':
        return await cmdMigrate(config);
      case 'ingest':
        return await cmdIngest(config, rest);
      default:
        throw new UsageError(`Unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`servisto: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof DataDirInUseError) {
      process.stderr.write(`servisto: ${error.message}\n`);
      return 2;
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`servisto: configuration error: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`servisto: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Give stdout a moment to flush, then exit even if a library left a handle open.
    setTimeout(() => process.exit(code), 50).unref();
  },
  (error: unknown) => {
    process.stderr.write(`servisto: ${String(error)}\n`);
    process.exit(1);
  },
);
