import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createTestApp, type TestAccount, type TestApp } from '../helpers/harness.js';
import { ingestRawEmail } from '../../src/server/channels/email/ingest-email.js';
import { parseInboundEmail } from '../../src/server/channels/email/parse-inbound.js';
import { extractVisibleBody } from '../../src/server/channels/email/visible-body.js';
import { detectLanguage } from '../../src/server/domain/language/detect-language.js';
import { CORPUS_DIR, type ExpectedBody, type ExpectedMail } from '../fixtures/email/corpus.js';

/**
 * Every mail of the corpus (test/fixtures/email/corpus, made by make-corpus.ts) goes through the real inbound
 * pipeline into a fresh account, and what an agent would see is compared with what a person reading the mail
 * expects: sender, subject, language, attachments and the visible body. Every mail has a sender of its own, so
 * no mail threads into another's conversation.
 */

const expectations = JSON.parse(readFileSync(path.join(CORPUS_DIR, 'expected.json'), 'utf8')) as Record<string, ExpectedMail>;
const files = readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.eml')).sort();

interface StoredMessage {
  id: string;
  body: string;
  bodyFull: string;
  language: string;
  attachments: Array<{ filename: string; contentType: string; inline: boolean }>;
}

function assertBody(actual: string, expected: ExpectedBody, file: string): void {
  if (typeof expected === 'string') {
    assert.equal(actual, expected, `${file}: visible body`);
    return;
  }
  for (const fragment of expected.contains) assert.ok(actual.includes(fragment), `${file}: body should contain ${JSON.stringify(fragment)}, got ${JSON.stringify(actual)}`);
  for (const fragment of expected.notContains ?? []) assert.ok(!actual.includes(fragment), `${file}: body should not contain ${JSON.stringify(fragment)}`);
}

describe('email corpus', () => {
  let t: TestApp;
  let account: TestAccount;
  before(async () => {
    t = await createTestApp();
    account = await t.newAccount('Corpus');
  });
  after(async () => {
    await t.close();
  });

  async function conversationCount(): Promise<number> {
    const rows = await t.deps.db.selectFrom('conversations').select('id').where('account_id', '=', account.accountId).execute();
    return rows.length;
  }

  it('has at least 60 mails, each with an expectation, and at least 8 stored mails per supported language', () => {
    assert.ok(files.length >= 60, `${files.length} mails`);
    assert.deepEqual(files, Object.keys(expectations).sort(), 'expected.json lists exactly the .eml files');
    for (const language of ['en', 'sv', 'pl', 'sl', 'bg', 'eo']) {
      const stored = files.filter((f) => expectations[f]?.language === language && !expectations[f]?.skipped);
      assert.ok(stored.length >= 8, `${language}: ${stored.length} customer mails`);
    }
    const senders = files.map((f) => expectations[f]?.from.toLowerCase());
    assert.equal(new Set(senders).size, senders.length, 'every mail has its own sender');
  });

  for (const file of files) {
    it(file, async () => {
      const expected = expectations[file];
      assert.ok(expected, `no expectation for ${file}`);
      const raw = readFileSync(path.join(CORPUS_DIR, file));
      const conversationsBefore = await conversationCount();
      const result = await ingestRawEmail(t.deps.db, account.accountId, t.deps.attachments, raw);
      assert.equal(result.ok, true, `${file}: ${JSON.stringify(result)}`);
      if (!result.ok) return;

      if (expected.skipped) {
        assert.ok('skipped' in result, `${file}: should be skipped as ${expected.skipped}, got ${JSON.stringify(result)}`);
        assert.equal(result.skipped, expected.skipped, file);
        assert.equal(result.from, expected.from, `${file}: sender`);
        assert.equal(result.subject, expected.subject, `${file}: subject`);
        assert.equal(await conversationCount(), conversationsBefore, `${file}: no conversation for noise`);
        // Noise is not stored as a customer message; still check what the parser makes of it.
        const parsed = await parseInboundEmail(raw);
        const body = extractVisibleBody(parsed.text).trim();
        assert.equal(parsed.attachments.length, expected.attachments, `${file}: attachments`);
        assertBody(body, expected.body, file);
        assert.equal(detectLanguage(body).language, expected.language, `${file}: language`);
        return;
      }

      assert.ok(!('skipped' in result), `${file}: unexpectedly skipped: ${JSON.stringify(result)}`);
      if ('skipped' in result) return;
      assert.equal(result.from, expected.from, `${file}: sender`);
      assert.equal(result.subject, expected.subject, `${file}: subject`);
      assert.equal(result.created, true, `${file}: a new conversation`);

      const res = await t.app.inject({ method: 'GET', url: `/api/v1/conversations/${result.conversationId}`, headers: account.auth });
      assert.equal(res.statusCode, 200, res.body);
      const conversation = res.json() as { subject: string; channel: string; customerId: string; messages: StoredMessage[] };
      assert.equal(conversation.subject, expected.subject, `${file}: conversation subject`);
      assert.equal(conversation.channel, 'email');
      const stored = conversation.messages.find((m) => m.id === result.messageId);
      assert.ok(stored, `${file}: message ${result.messageId} is in the conversation`);
      assertBody(stored.body, expected.body, file);
      assert.equal(stored.language, expected.language, `${file}: language of ${JSON.stringify(stored.body)}`);
      assert.equal(
        stored.attachments.length,
        expected.attachments,
        `${file}: attachments ${JSON.stringify(stored.attachments.map((a) => [a.filename, a.contentType]))}`,
      );
      for (const line of stored.body.split('\n')) assert.ok(stored.bodyFull.includes(line.trim()), `${file}: body line ${JSON.stringify(line)} is in bodyFull`);

      const customer = await t.app.inject({ method: 'GET', url: `/api/v1/customers/${conversation.customerId}`, headers: account.auth });
      assert.equal(customer.statusCode, 200, customer.body);
      assert.equal((customer.json() as { email: string }).email.toLowerCase(), expected.from.toLowerCase(), `${file}: customer identified by sender`);
    });
  }
});
