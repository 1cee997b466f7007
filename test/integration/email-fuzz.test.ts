import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createTestApp, type TestAccount, type TestApp } from '../helpers/harness.js';
import { ingestRawEmail, type IngestResult } from '../../src/server/channels/email/ingest-email.js';
import { CORPUS_DIR } from '../fixtures/email/corpus.js';

/**
 * Malformed input: corpus mails are mutated (truncated MIME, broken boundaries, corrupt base64 and QP, bogus
 * charsets, 100 KB header lines, NUL bytes, byte flips, deleted headers…) and fed through the inbound pipeline.
 * Every mutation must end stored (and readable back) or cleanly rejected — never a throw, a hang or garbage in the
 * database. 2,000 mutations on PostgreSQL, 100 on PGlite by default (the parser is the same; PGlite checks storage parity). Deterministic: SERVISTO_FUZZ_SEED and
 * SERVISTO_FUZZ_COUNT reproduce or widen a run, and
 * SERVISTO_FUZZ_DUMP=<dir> writes every failing mail there as <n>.eml.
 */

const SEED = Number(process.env.SERVISTO_FUZZ_SEED ?? 0x5e7f15);
// Thousands of mutations against PostgreSQL; the parser is the same on PGlite, where each stored mail costs more,
// so the embedded run is a smaller sample (both bounded to keep `npm test` within its time budget).
const COUNT = Number(process.env.SERVISTO_FUZZ_COUNT ?? (process.env.SERVISTO_TEST_DB === 'postgres' ? 2000 : 100));
const PER_MAIL_TIMEOUT_MS = 10_000;
const DUMP_DIR = process.env.SERVISTO_FUZZ_DUMP;

function dump(index: number, mail: Buffer): void {
  if (!DUMP_DIR) return;
  mkdirSync(DUMP_DIR, { recursive: true });
  writeFileSync(path.join(DUMP_DIR, `${index}.eml`), mail);
}

/* Deterministic randomness ------------------------------------------------------------------------------------- */

/** mulberry32: small, fast and good enough to pick mutations reproducibly. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const int = (rng: Rng, max: number): number => Math.floor(rng() * max);
const pick = <T>(rng: Rng, items: readonly T[]): T => items[int(rng, items.length)] as T;

/* Mutations ---------------------------------------------------------------------------------------------------- */

type Mutation = (mail: Buffer, rng: Rng) => Buffer;

const latin1 = (b: Buffer): string => b.toString('latin1');
const bytes = (s: string): Buffer => Buffer.from(s, 'latin1');

function headerEnd(mail: Buffer): number {
  const i = latin1(mail).search(/\r?\n\r?\n/);
  return i === -1 ? mail.length : i;
}

/** Replaces the matches of `re` chosen by `rng` (each with probability p) with `replace(match)`. */
function replaceSome(mail: Buffer, re: RegExp, rng: Rng, replace: (m: string) => string, p = 0.6): Buffer {
  let touched = false;
  const out = latin1(mail).replace(re, (m) => {
    if (rng() > p) return m;
    touched = true;
    return replace(m);
  });
  return touched ? bytes(out) : mail;
}

const BOGUS_CHARSETS = [
  'x-unknown', 'utf-16', 'utf-16le', 'utf-32', 'ucs-2', 'iso-2022-kr', 'utf-7', 'binary', '', '"', 'unicode-1-1-utf-7',
  'x-mac-cyrillic', 'gb18030', 'big5', 'shift_jis', 'euc-kr', 'ks_c_5601-1987', 'iso-8859-99', 'cp65001', 'a'.repeat(300),
];

const mutations: Record<string, Mutation> = {
  truncate: (mail, rng) => mail.subarray(0, int(rng, mail.length)),
  truncateBody: (mail, rng) => {
    const start = headerEnd(mail);
    return mail.subarray(0, start + int(rng, Math.max(1, mail.length - start)));
  },
  breakBoundaries: (mail, rng) => {
    const boundaries = [...latin1(mail).matchAll(/boundary="?([^";\r\n]+)"?/gi)].map((m) => m[1] as string);
    if (boundaries.length === 0) return mail;
    const boundary = pick(rng, boundaries);
    const escaped = boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const variants: Array<(m: string) => string> = [
      () => '',
      (m) => `${m.slice(0, -1)}X`,
      (m) => m.replace(/--$/, ''),
      (m) => `${m}--`,
      (m) => m.slice(0, Math.max(2, m.length >> 1)),
    ];
    const variant = pick(rng, variants);
    return replaceSome(mail, new RegExp(`--${escaped}(--)?`, 'g'), rng, variant);
  },
  unknownBoundary: (mail) => bytes(latin1(mail).replace(/boundary="?([^";\r\n]+)"?/i, 'boundary="nowhere-to-be-found"')),
  corruptBase64: (mail, rng) =>
    replaceSome(mail, /^[A-Za-z0-9+/]{40,}={0,2}$/gm, rng, (line) => {
      const i = int(rng, line.length);
      return pick(rng, [
        () => `${line.slice(0, i)}!@#$%^&*${line.slice(i)}`,
        () => line.slice(0, i),
        () => `${line}===`,
        () => `${line.slice(0, i)}=${line.slice(i)}`,
        () => `${line.slice(0, i)}\u00ff\u00fe${line.slice(i)}`,
      ])();
    }),
  corruptQuotedPrintable: (mail, rng) =>
    replaceSome(mail, /=[0-9A-F]{2}|=\r?\n/g, rng, () => pick(rng, ['=', '=ZZ', '=\r', '=4', '==', '=\u0000\u0000', `=${'A'.repeat(200)}`]), 0.3),
  bogusCharset: (mail, rng) => replaceSome(mail, /charset="?[^";\r\n]*"?/gi, rng, () => `charset="${pick(rng, BOGUS_CHARSETS)}"`, 0.8),
  bogusEncodedWord: (mail, rng) => {
    const word = pick(rng, ['=?x-unknown?B?w6XDpMO2?=', '=?utf-8?Q?=FF=FE=00?=', '=?utf-8?B?####?=', '=?utf-16?B?2D3eAA==?=', '=??B??=', '=?utf-8?X?abc?=', '=?utf-8?B?' + 'QUFB'.repeat(5000) + '?=']);
    return Buffer.concat([bytes(`Subject: ${word} tail\r\n`), mail]);
  },
  hugeHeaderLine: (mail, rng) => {
    const size = 100 * 1024;
    const line = pick(rng, [
      () => `X-Filler: ${'a'.repeat(size)}`,
      () => `Subject: ${'Hello '.repeat(size / 6)}`,
      () => `References: ${Array.from({ length: size / 24 }, (_, i) => `<r${i}@example.com>`).join(' ')}`,
      () => `To: ${Array.from({ length: size / 20 }, (_, i) => `u${i}@example.com`).join(', ')}`,
      () => `X-Folded: ${Array.from({ length: size / 10 }, () => 'folded').join('\r\n ')}`,
    ])();
    return Buffer.concat([bytes(`${line}\r\n`), mail]);
  },
  // More ids than PostgreSQL takes as bind parameters (65,535) in one threading query.
  manyReferences: (mail, rng) => {
    const ids = Array.from({ length: 66_000 + int(rng, 30_000) }, (_, i) => `<${i.toString(36)}@a>`).join(' ');
    return Buffer.concat([bytes(`References: ${ids}\r\nIn-Reply-To: <0@a>\r\n`), mail]);
  },
  nulBytes: (mail, rng) => {
    const out = Buffer.from(mail);
    const n = 1 + int(rng, 12);
    for (let k = 0; k < n; k++) out[int(rng, out.length)] = 0;
    return out;
  },
  insertNulBytes: (mail, rng) => {
    const at = int(rng, mail.length);
    return Buffer.concat([mail.subarray(0, at), Buffer.alloc(1 + int(rng, 8)), mail.subarray(at)]);
  },
  nulInHeaders: (mail, rng) => {
    const end = headerEnd(mail);
    const header = pick(rng, ['Subject: Order\u0000 42', 'From: Kim\u0000 <kim\u0000@example.com>', 'From: "Kim\u0000" <kim@example.com>', 'Message-ID: <a\u0000b@example.com>']);
    const name = header.slice(0, header.indexOf(':'));
    const kept = latin1(mail.subarray(0, end))
      .split(/\r?\n(?![ \t])/)
      .filter((l) => !l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
    return Buffer.concat([bytes([header, ...kept].join('\r\n')), mail.subarray(end)]);
  },
  byteFlips: (mail, rng) => {
    const out = Buffer.from(mail);
    const n = 1 + int(rng, 24);
    for (let k = 0; k < n; k++) {
      const i = int(rng, out.length);
      out[i] = (out[i] as number) ^ (1 << int(rng, 8));
    }
    return out;
  },
  deleteHeader: (mail, rng) => {
    const name = pick(rng, ['From', 'Content-Type', 'Content-Transfer-Encoding', 'MIME-Version', 'Message-ID', 'Date', 'Subject', 'To']);
    return replaceSome(mail, new RegExp(`^${name}:[^\\r\\n]*(\\r?\\n[ \\t][^\\r\\n]*)*\\r?\\n`, 'gim'), rng, () => '', 0.7);
  },
  lineEndings: (mail, rng) => {
    const s = latin1(mail);
    return bytes(pick(rng, [() => s.replace(/\r\n/g, '\n'), () => s.replace(/\r\n/g, '\r'), () => s.replace(/\n/g, '\r\n')])());
  },
  eightBitGarbage: (mail, rng) => {
    const at = int(rng, mail.length);
    const garbage = Buffer.from(Array.from({ length: 1 + int(rng, 200) }, () => int(rng, 256)));
    return Buffer.concat([mail.subarray(0, at), garbage, mail.subarray(at)]);
  },
  deepNesting: (mail, rng) => {
    const depth = 10 + int(rng, 90);
    const open: string[] = [];
    const close: string[] = [];
    for (let d = 0; d < depth; d++) {
      open.push(`Content-Type: multipart/mixed; boundary="nest${d}"\r\n\r\n--nest${d}\r\n`);
      close.unshift(`\r\n--nest${d}--\r\n`);
    }
    const end = headerEnd(mail);
    return Buffer.concat([mail.subarray(0, end), bytes('\r\n'), bytes(open.join('')), mail.subarray(end).subarray(2), bytes(close.join(''))]);
  },
  spliceTwo: (mail, rng) => {
    const other = pick(rng, corpus);
    return Buffer.concat([mail.subarray(0, int(rng, mail.length)), other.subarray(int(rng, other.length))]);
  },
  headersOnly: (mail) => mail.subarray(0, headerEnd(mail)),
  emptyBody: (mail) => Buffer.concat([mail.subarray(0, headerEnd(mail)), bytes('\r\n\r\n')]),
  attachmentOnly: (mail) => {
    const head = latin1(mail.subarray(0, headerEnd(mail)))
      .split(/\r?\n(?![ \t])/)
      .filter((l) => !/^content-(type|transfer-encoding):/i.test(l));
    const body = ['--only', 'Content-Type: application/pdf; name="scan.pdf"', 'Content-Transfer-Encoding: base64', '', 'JVBERi0xLjQK', '--only--', ''];
    return bytes([...head, 'Content-Type: multipart/mixed; boundary="only"', '', ...body].join('\r\n'));
  },
};

const MUTATION_NAMES = Object.keys(mutations);

/* The corpus, with a unique Message-ID per mutation so de-duplication does not hide the storing path ------------ */

const corpus: Buffer[] = readdirSync(CORPUS_DIR)
  .filter((f) => f.endsWith('.eml'))
  .sort()
  .map((f) => readFileSync(path.join(CORPUS_DIR, f)));

function withMessageId(mail: Buffer, id: string): Buffer {
  const s = latin1(mail);
  return /^message-id:/im.test(s) ? bytes(s.replace(/^message-id:[^\r\n]*/im, `Message-ID: <${id}>`)) : Buffer.concat([bytes(`Message-ID: <${id}>\r\n`), mail]);
}

/* The check ---------------------------------------------------------------------------------------------------- */

// eslint-disable-next-line no-control-regex
const GARBAGE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

describe('email fuzz', () => {
  let t: TestApp;
  let account: TestAccount;
  before(async () => {
    t = await createTestApp();
    account = await t.newAccount('Fuzz');
  });
  after(async () => {
    await t.close();
  });

  it(`survives ${COUNT} mutated mails (seed ${SEED})`, async () => {
    const rng = prng(SEED);
    const failures: string[] = [];
    const outcomes = new Map<string, number>();
    const count = (key: string) => outcomes.set(key, (outcomes.get(key) ?? 0) + 1);

    for (let i = 0; i < COUNT && failures.length < Number(process.env.SERVISTO_FUZZ_MAX_FAILURES ?? 20); i++) {
      const source = int(rng, corpus.length);
      const applied: string[] = [];
      let mail = withMessageId(corpus[source] as Buffer, `fuzz-${SEED}-${i}@fuzz.test`);
      const rounds = 1 + int(rng, 3);
      for (let r = 0; r < rounds; r++) {
        const name = pick(rng, MUTATION_NAMES);
        applied.push(name);
        mail = (mutations[name] as Mutation)(mail, rng);
      }
      const label = `#${i} corpus[${source}] ${applied.join('+')}`;

      let result: IngestResult;
      try {
        result = await withTimeout(ingestRawEmail(t.deps.db, account.accountId, t.deps.attachments, mail), PER_MAIL_TIMEOUT_MS);
      } catch (error) {
        failures.push(`${label}: threw ${(error as Error).stack ?? String(error)}`);
        dump(i, mail);
        continue;
      }

      if (!result.ok) {
        count(`rejected:${result.error.code}`);
        if (!/^email_[a-z_]+$/.test(result.error.code) || result.error.message.trim() === '') {
          failures.push(`${label}: unclear rejection ${JSON.stringify(result.error)}`);
          dump(i, mail);
        }
        continue;
      }
      if ('skipped' in result) {
        count(`skipped:${result.skipped}`);
        if (!['auto_reply', 'bounce', 'loop', 'duplicate'].includes(result.skipped)) failures.push(`${label}: unknown skip ${result.skipped}`);
        continue;
      }
      count('stored');
      const problem = await readBack(t, account, result, (outcomes.get('stored') ?? 0) % 25 === 1);
      if (problem) {
        failures.push(`${label}: ${problem}`);
        dump(i, mail);
      }
    }

    console.log(`email fuzz (seed ${SEED}):`, Object.fromEntries([...outcomes].sort()));
    assert.deepEqual(failures, [], `${failures.length} of the mutated mails failed (reproduce with SERVISTO_FUZZ_SEED=${SEED})`);
    assert.ok((outcomes.get('stored') ?? 0) > COUNT / 4, 'most mutations still store a message, so the storing path is exercised');
  });
});

/**
 * The stored message reads back from the database and holds nothing the database or an agent cannot take; every
 * 25th is also read through the API (conversations grow as mutations of one mail thread together, so reading every
 * one through the API would make the run quadratic).
 */
async function readBack(t: TestApp, account: TestAccount, result: Extract<IngestResult, { created: boolean }>, viaApi: boolean): Promise<string | null> {
  const db = t.deps.db;
  const message = await db
    .selectFrom('messages')
    .select(['id', 'body', 'body_full', 'html', 'conversation_id'])
    .where('account_id', '=', account.accountId)
    .where('id', '=', result.messageId)
    .executeTakeFirst();
  if (!message) return `message ${result.messageId} not stored`;
  if (message.conversation_id !== result.conversationId) return 'message stored in another conversation';
  if (message.body !== result.body) return 'stored body differs from the ingest result';
  const conversation = await db.selectFrom('conversations').select('subject').where('id', '=', result.conversationId).executeTakeFirstOrThrow();
  const attachments = await db.selectFrom('attachments').select(['filename', 'content_type']).where('message_id', '=', message.id).execute();
  const fields: Array<[string, string]> = [
    ['subject', conversation.subject],
    ['body', message.body],
    ['bodyFull', message.body_full],
    ['html', message.html ?? ''],
    ...attachments.flatMap((a): Array<[string, string]> => [['filename', a.filename], ['contentType', a.content_type]]),
  ];
  for (const [field, value] of fields) {
    if (GARBAGE.test(value)) return `${field} holds control characters: ${JSON.stringify(value.slice(0, 200))}`;
  }
  if (conversation.subject.trim() === '') return 'empty subject stored';
  if (viaApi) {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/conversations/${result.conversationId}`, headers: account.auth });
    if (res.statusCode !== 200) return `conversation not readable through the API: ${res.statusCode} ${res.body.slice(0, 300)}`;
    const presented = (res.json() as { messages: Array<{ id: string; body: string }> }).messages.find((m) => m.id === result.messageId);
    if (presented?.body !== result.body) return 'the API shows another body';
  }
  return null;
}
