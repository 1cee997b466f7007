import { randomUUID } from 'node:crypto';
import type { Language } from '../../src/server/db/schema.js';
import { BANKS, PRODUCTS, TAGS, fill } from './phrases.js';
import { Rng } from './random.js';
import { asciiName } from '../generate.js';

const LANGS: Array<readonly [Language, number]> = [['en', 35], ['sv', 20], ['pl', 15], ['sl', 10], ['bg', 10], ['eo', 10]];

export interface KnownCustomer {
  email: string;
  name: string | null;
}

export interface NewConversation {
  subject: string;
  customer: { email: string; name: string };
  message: { body: string };
  tags: string[];
  priority: 'low' | 'normal' | 'high' | 'urgent';
}

/**
 * What clients send while the benchmark runs: new conversations in the six languages, half from customers that
 * already exist (they are found by email), half from new ones.
 */
export class PayloadFactory {
  private readonly rng: Rng;
  private n = 0;
  private readonly run = randomUUID().slice(0, 8);

  constructor(
    seed: number,
    private readonly known: KnownCustomer[],
  ) {
    this.rng = new Rng(seed);
  }

  private customer(language: Language): { email: string; name: string } {
    const rng = this.rng;
    const bank = BANKS[language];
    if (this.known.length > 0 && rng.chance(0.5)) {
      const k = rng.pick(this.known);
      return { email: k.email, name: k.name ?? `${rng.pick(bank.firstNames)} ${rng.pick(bank.lastNames)}` };
    }
    const first = rng.pick(bank.firstNames);
    const last = rng.pick(bank.lastNames);
    return { email: `${asciiName(first)}.${asciiName(last)}.${this.run}-${++this.n}@example.${bank.tld}`, name: `${first} ${last}` };
  }

  conversation(): NewConversation & { language: Language } {
    const rng = this.rng;
    const language = rng.weighted(LANGS);
    const bank = BANKS[language];
    const product = rng.chance(0.75) ? rng.pick(PRODUCTS) : null;
    const values = { order: `#${rng.int(100000, 999999)}`, days: rng.int(3, 21), product: product ?? '' };
    let subject = rng.pick(bank.subjects);
    while (!product && subject.includes('{product}')) subject = rng.pick(bank.subjects);
    const customer = this.customer(language);
    const firstName = customer.name.split(' ')[0]!;
    const problems = rng.sample(bank.problems, rng.chance(0.4) ? 2 : 1).map((p) => fill(p, values));
    const productLine = product ? ` ${fill(rng.pick(bank.productLine), values)}` : '';
    const body = `${rng.pick(bank.greetings)}\n\n${problems.join(' ')}${productLine}\n\n${rng.pick(bank.closings)}\n${firstName}`;
    const tags = rng.chance(0.5) ? [rng.pick(TAGS)] : [];
    const priority = rng.weighted([['normal', 70], ['low', 10], ['high', 15], ['urgent', 5]] as const);
    return { language, subject: fill(subject, values), customer, message: { body }, tags, priority };
  }

  /** A raw RFC 5322 mail to `to`: a new request, or (when `replyTo` is given) the customer's reply to it. */
  mail(to: string, replyTo?: { messageId: string; subject: string; from: { email: string; name: string }; language: Language }) {
    const rng = this.rng;
    const c = replyTo ? { ...this.conversation(), customer: replyTo.from, language: replyTo.language } : this.conversation();
    const bank = BANKS[c.language];
    const messageId = `<${randomUUID()}@example.${bank.tld}>`;
    const subject = replyTo ? `${bank.replyPrefix} ${replyTo.subject}` : c.subject;
    const body = replyTo
      ? `${fill(rng.pick(bank.followUps), {})}\n\n${rng.pick(bank.closings)}\n${c.customer.name.split(' ')[0]}\n\n${fill(bank.quoteHeader, { date: new Date().toUTCString() })}\n> ${c.message.body.split('\n').join('\n> ')}`
      : c.message.body;
    const headers = [
      `From: ${encodeWord(c.customer.name)} <${c.customer.email}>`,
      `To: <${to}>`,
      `Subject: ${encodeWord(subject)}`,
      `Date: ${new Date().toUTCString().replace('GMT', '+0000')}`,
      `Message-ID: ${messageId}`,
      ...(replyTo ? [`In-Reply-To: ${replyTo.messageId}`, `References: ${replyTo.messageId}`] : []),
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: base64',
    ];
    const encoded = Buffer.from(body, 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n');
    const raw = `${headers.join('\r\n')}\r\n\r\n${encoded}\r\n`;
    return { raw, messageId, subject, from: c.customer, language: c.language };
  }
}

/** RFC 2047 encoded-word for non-ASCII header text. */
function encodeWord(text: string): string {
  // eslint-disable-next-line no-control-regex
  return /^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}
