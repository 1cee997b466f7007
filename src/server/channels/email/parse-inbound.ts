import { simpleParser, type AddressObject, type EmailAddress, type ParsedMail } from 'mailparser';
import { convert } from 'html-to-text';

/**
 * Parsing of one inbound customer email (RFC 5322 / MIME) into the shape the email channel works with.
 * Pure: no database, no I/O, no sanitising. `html` is the customer's raw HTML and must go through the
 * message sanitiser before anyone renders it.
 *
 * Conventions:
 * - Message ids (`messageId`, `inReplyTo`, `references`) keep their angle brackets: `<id@host>`.
 * - `contentId` on attachments has no angle brackets, so it matches `cid:` URLs in the HTML.
 * - `headers` holds the top-level header fields, keys lower-cased, folding removed, RFC 2047 words decoded;
 *   a field that occurs more than once (Received) has its values joined with "\n" in header order.
 * - `bounce` implies `autoSubmitted`: a delivery report must never get an automatic answer either.
 */
export interface ParsedInboundEmail {
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  from: { address: string; name: string | null } | null;
  to: string[];
  cc: string[];
  subject: string;
  date: Date | null;
  text: string;
  html: string | null;
  attachments: InboundAttachment[];
  autoSubmitted: boolean;
  bounce: boolean;
  headers: Record<string, string>;
}

export interface InboundAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
  /** Content-ID without angle brackets. */
  contentId?: string;
  /** True when the HTML body shows this part through a `cid:` reference (an embedded image). */
  inline: boolean;
}

export type EmailParseErrorCode = 'empty' | 'no_sender' | 'malformed';

export class EmailParseError extends Error {
  constructor(
    readonly code: EmailParseErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EmailParseError';
  }
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Entry point                                                                                                    */
/* ------------------------------------------------------------------------------------------------------------ */

export async function parseInboundEmail(raw: Buffer): Promise<ParsedInboundEmail> {
  let data = Buffer.isBuffer(raw) ? raw : Buffer.from(raw as Uint8Array);
  data = stripLeadingNoise(data);
  if (data.length === 0 || isBlank(data)) throw new EmailParseError('empty', 'The email is empty');

  // A single message saved from an mbox (procmail, `formail`) starts with its "From " envelope line.
  if (isMbox(data)) {
    const messages = splitMbox(data);
    if (messages.length !== 1) {
      throw new EmailParseError(
        'malformed',
        `The input is an mbox holding ${messages.length} messages; split it with splitMbox() first`,
      );
    }
    data = stripLeadingNoise(messages[0] as Buffer);
    if (data.length === 0 || isBlank(data)) throw new EmailParseError('empty', 'The email is empty');
  }

  if (!HEADER_FIELD_START.test(data.subarray(0, 1000).toString('latin1'))) {
    throw new EmailParseError('malformed', 'The input does not start with an email header field');
  }

  data = repairRawHeaderCharset(data);

  let mail: ParsedMail;
  try {
    mail = await simpleParser(data, {
      keepCidLinks: true, // keep cid: URLs in the HTML; inline images are stored as attachments
      skipHtmlToText: true, // HTML-only mail is converted below, with our own options
      skipTextLinks: true,
      skipImageLinks: true,
    });
  } catch (err) {
    throw new EmailParseError('malformed', `The email could not be parsed: ${errorMessage(err)}`, { cause: err });
  }

  const headerList = collectHeaders(mail);
  if (headerList.length === 0) {
    throw new EmailParseError('malformed', 'The email has no header fields');
  }
  const headers = Object.fromEntries(joinRepeated(headerList));

  const from = pickSender(mail.from);
  if (!from) throw new EmailParseError('no_sender', 'The email has no From address');

  const html = typeof mail.html === 'string' && mail.html.trim() !== '' ? cleanText(mail.html) : null;
  let text = typeof mail.text === 'string' ? cleanText(mail.text) : '';
  if (text.trim() === '' && html !== null) text = cleanText(htmlToText(html)); // entities such as &#1; decode to controls

  const htmlLower = html === null ? null : html.toLowerCase();

  const subject = typeof mail.subject === 'string' ? cleanText(mail.subject).trim() : (headers['subject'] ?? '');

  const bounce = isBounce(mail, from.address, subject, headers);
  const autoSubmitted = bounce || isAutoSubmitted(headers, subject);

  return {
    messageId: firstMessageId(headers['message-id']),
    inReplyTo: firstMessageId(headers['in-reply-to']),
    references: threadReferences(messageIds(headers['references'])),
    from,
    to: addressList(mail.to),
    cc: addressList(mail.cc),
    subject,
    date: parseDate(headers['date']),
    text,
    html,
    attachments: mail.attachments.map((a, i) => toAttachment(a, i, htmlLower)),
    autoSubmitted,
    bounce,
    headers,
  };
}

/* ------------------------------------------------------------------------------------------------------------ */
/* mbox                                                                                                           */
/* ------------------------------------------------------------------------------------------------------------ */

const FROM_ = Buffer.from('From ');

/** True when the data starts with an mbox "From " envelope line (a bare RFC 5322 message never does). */
export function isMbox(data: Buffer): boolean {
  const start = data.length >= 3 && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf ? 3 : 0;
  return data.length >= start + FROM_.length && data.subarray(start, start + FROM_.length).equals(FROM_);
}

const ASCTIME = /^From \S+\s+(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),?\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+\d{1,2}\s+\d{1,2}:\d{2}/;
const HEADER_LINE = /^[\x21-\x39\x3b-\x7e]+[ \t]*:/;

/**
 * Splits an mbox (mboxo or mboxrd) into its messages. A message starts at a "From " line that is the first
 * line of the data or follows an empty line and looks like an envelope line (asctime date, or a header field
 * on the next line; without the blank line it needs both), so an unescaped "From here on…" paragraph in a body does not split a message. The
 * envelope line and the blank separator line are dropped, and ">From " escapes are undone (mboxrd: one ">"
 * is removed from any run of ">" before "From "). Line endings are kept as they are. Data that is not an mbox
 * (no leading "From " line) is returned as the only message, unchanged.
 */
export function splitMbox(data: Buffer): Buffer[] {
  if (!isMbox(data)) return isBlank(data) ? [] : [data]; // a single message: nothing to split or unescape
  const lines = splitLines(stripBom(data));
  const messages: Buffer[] = [];
  let current: Buffer[] | null = null;

  const flush = () => {
    if (!current) return;
    // The line before the next envelope is the separator, not message content.
    const last = current[current.length - 1];
    if (last && isEmptyLine(last)) current.pop();
    const message = Buffer.concat(current);
    if (!isBlank(message)) messages.push(message);
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as Buffer;
    if (line.length >= 5 && line.subarray(0, 5).equals(FROM_)) {
      const prev = i > 0 ? lines[i - 1] : undefined;
      const afterBlank = prev !== undefined && isEmptyLine(prev);
      const envelopeDate = ASCTIME.test(line.toString('latin1'));
      const headerNext = HEADER_LINE.test(lines[i + 1]?.toString('latin1') ?? '');
      // Writers that forget the blank separator still produce "From <sender> <asctime>" + a header line.
      if (i === 0 || (afterBlank && (envelopeDate || headerNext)) || (envelopeDate && headerNext)) {
        flush();
        current = [];
        continue;
      }
    }
    current ??= [];
    current.push(unescapeFromLine(line));
  }
  flush();
  return messages;
}

function stripBom(data: Buffer): Buffer {
  return data.length >= 3 && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf ? data.subarray(3) : data;
}

function splitLines(data: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  while (start < data.length) {
    const nl = data.indexOf(0x0a, start);
    const end = nl === -1 ? data.length : nl + 1;
    lines.push(data.subarray(start, end));
    start = end;
  }
  return lines;
}

function isEmptyLine(line: Buffer): boolean {
  return line.length === 0 || (line.length === 1 && line[0] === 0x0a) || (line.length === 2 && line[0] === 0x0d && line[1] === 0x0a);
}

function unescapeFromLine(line: Buffer): Buffer {
  if (line[0] !== 0x3e) return line; // '>'
  let i = 0;
  while (line[i] === 0x3e) i++;
  return line.subarray(i, i + 5).equals(FROM_) ? line.subarray(1) : line;
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Raw input helpers                                                                                              */
/* ------------------------------------------------------------------------------------------------------------ */

const HEADER_FIELD_START = /^[\x21-\x39\x3b-\x7e]+[ \t]*:/;

function isBlank(data: Buffer): boolean {
  for (const byte of data) {
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d && byte !== 0x0a) return false;
  }
  return true;
}

/** Drops a UTF-8 byte-order mark and empty lines in front of the first header. */
function stripLeadingNoise(data: Buffer): Buffer {
  let i = 0;
  if (data.length >= 3 && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) i = 3;
  while (i < data.length && (data[i] === 0x0d || data[i] === 0x0a)) i++;
  return i === 0 ? data : data.subarray(i);
}

/**
 * Header fields must be ASCII (RFC 2047) or UTF-8 (RFC 6532), but contact forms and old clients still send raw
 * 8-bit headers in the body's legacy charset. mailparser would read those bytes as UTF-8 and produce U+FFFD,
 * so when the header block is not valid UTF-8 it is re-encoded from the first charset named in the message
 * (windows-1252 when there is none, or when that charset is UTF-8 and evidently wrong).
 */
function repairRawHeaderCharset(data: Buffer): Buffer {
  const end = headerBlockEnd(data);
  const head = data.subarray(0, end);
  if (!head.some((b) => b >= 0x80)) return data;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head);
    return data;
  } catch {
    // not UTF-8: fall through
  }
  const named = /charset\s*=\s*"?([A-Za-z0-9_.:-]+)/i.exec(data.subarray(0, 256 * 1024).toString('latin1'))?.[1];
  let decoder = new TextDecoder('windows-1252');
  if (named && !/^(utf-?8|us-ascii|ascii)$/i.test(named)) {
    try {
      const candidate = new TextDecoder(named);
      // Only ASCII-compatible charsets can have produced the bytes around the header names.
      if (!/^(utf-16|replacement)/.test(candidate.encoding)) decoder = candidate;
    } catch {
      // unknown label: keep windows-1252
    }
  }
  return Buffer.concat([Buffer.from(decoder.decode(head), 'utf8'), data.subarray(end)]);
}

function headerBlockEnd(data: Buffer): number {
  const crlf = data.indexOf('\r\n\r\n');
  const lf = data.indexOf('\n\n');
  if (crlf === -1 && lf === -1) return data.length;
  if (crlf === -1) return lf;
  if (lf === -1) return crlf;
  return Math.min(crlf, lf);
}

/**
 * windows-1252 for bytes 0x80–0x9F, written out because Node 20's TextDecoder('windows-1252') decodes them as
 * ISO-8859-1 (nodejs/node#56542). The five bytes windows-1252 leaves undefined stay C1 and are dropped.
 */
const WINDOWS_1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/**
 * Text the database and the agent can take: NUL (which PostgreSQL refuses in text) and the other C0 controls
 * except tab and line breaks are dropped, unpaired surrogates become U+FFFD, and C1 controls are read as
 * windows-1252. C1 controls never appear in real text; they are windows-1252 bytes (curly quotes, €, dashes)
 * decoded as ISO-8859-1, by clients that mislabel their charset or by Node's TextDecoder (see above).
 */
export function cleanText(value: string): string {
  return value
    .replace(CONTROL, '')
    .replace(C1, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80] ?? '')
    .replace(C1, '')
    .replace(LONE_SURROGATE, '\ufffd');
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const C1 = /[\u0080-\u009f]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Headers                                                                                                        */
/* ------------------------------------------------------------------------------------------------------------ */

function collectHeaders(mail: ParsedMail): Array<[string, string]> {
  const list: Array<[string, string]> = [];
  for (const { key, line } of mail.headerLines ?? []) {
    if (!key || !/^[\x21-\x39\x3b-\x7e]+$/.test(key)) continue;
    const colon = line.indexOf(':');
    if (colon === -1) continue;
    // headerLines are binary strings; the header block is UTF-8 (see repairRawHeaderCharset).
    const rawValue = Buffer.from(line.slice(colon + 1), 'latin1').toString('utf8');
    // Unfold: a line break plus the indentation of the continuation line becomes one space.
    const unfolded = rawValue.replace(/\r?\n[ \t]+/g, ' ').replace(/\r?\n/g, ' ');
    list.push([key.toLowerCase(), cleanText(decodeEncodedWords(unfolded.trim()))]);
  }
  return list;
}

function joinRepeated(list: Array<[string, string]>): Array<[string, string]> {
  const map = new Map<string, string>();
  for (const [key, value] of list) {
    const seen = map.get(key);
    map.set(key, seen === undefined ? value : `${seen}\n${value}`);
  }
  return [...map];
}

const ENCODED_WORD = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g;

/** RFC 2047 encoded words; adjacent words in one charset are joined before decoding (split multi-byte chars). */
function decodeEncodedWords(value: string): string {
  if (!value.includes('=?')) return value;
  let out = '';
  let last = 0;
  let pendingCharset: string | null = null;
  let pendingBytes: Buffer[] = [];
  const flush = (): void => {
    if (pendingCharset !== null) out += decodeBytes(Buffer.concat(pendingBytes), pendingCharset);
    pendingCharset = null;
    pendingBytes = [];
  };
  for (const match of value.matchAll(ENCODED_WORD)) {
    const index = match.index ?? 0;
    const gap = value.slice(last, index);
    const charset = (match[1] ?? '').split('*')[0]?.toLowerCase() ?? '';
    const bytes = decodeWordBytes(match[2] ?? 'Q', match[3] ?? '');
    // Whitespace between two encoded words is not part of the text.
    const adjacent = pendingCharset !== null && /^\s*$/.test(gap);
    if (!adjacent) {
      flush();
      out += gap;
    } else if (pendingCharset !== charset) {
      flush();
    }
    pendingCharset = charset;
    pendingBytes.push(bytes);
    last = index + match[0].length;
  }
  flush();
  return out + value.slice(last);
}

function decodeWordBytes(encoding: string, text: string): Buffer {
  if (encoding.toUpperCase() === 'B') return Buffer.from(text, 'base64');
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '_') bytes.push(0x20);
    else if (ch === '=' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(ch.charCodeAt(0) & 0xff);
  }
  return Buffer.from(bytes);
}

function decodeBytes(bytes: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset || 'utf-8').decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

/** All `<id>` tokens of a Message-ID / In-Reply-To / References value, in order, without duplicates. */
function messageIds(value: string | undefined): string[] {
  if (!value) return [];
  const withoutComments = value.replace(/\([^()]*\)/g, ' ');
  let ids = [...withoutComments.matchAll(/<([^<>\s]+)>/g)].map((m) => `<${m[1]}>`);
  if (ids.length === 0) {
    // Broken mailers omit the brackets; accept bare tokens that look like ids.
    ids = withoutComments
      .split(/[\s,]+/)
      .filter((t) => /^[^\s<>@]+@[^\s<>@]+$/.test(t))
      .map((t) => `<${t}>`);
  }
  return [...new Set(ids)];
}

/** References kept for threading: enough for any real thread, few enough to look up in one query. */
const MAX_REFERENCES = 100;

/**
 * A References header lists the thread oldest first (RFC 5322 3.6.4). Long threads and hostile mail can make it
 * huge (tens of thousands of ids overflow PostgreSQL's 65,535 bind parameters), so only the thread root and the
 * most recent ids are kept.
 */
function threadReferences(ids: string[]): string[] {
  if (ids.length <= MAX_REFERENCES) return ids;
  return [ids[0] as string, ...ids.slice(ids.length - (MAX_REFERENCES - 1))];
}

function firstMessageId(value: string | undefined): string | null {
  return messageIds(value)[0] ?? null;
}

const TZ_ABBREVIATIONS: Record<string, string> = {
  CET: '+0100', CEST: '+0200', MET: '+0100', MEST: '+0200', EET: '+0200', EEST: '+0300', WET: '+0000',
  WEST: '+0100', BST: '+0100', MSK: '+0300', UTC: '+0000', Z: '+0000',
};

/** The Date header, or null when missing or unparseable (mailparser would substitute "now"). */
function parseDate(value: string | undefined): Date | null {
  if (!value) return null;
  const attempt = (s: string): Date | null => {
    const d = new Date(s);
    return Number.isNaN(d.getTime()) ? null : d;
  };
  const direct = attempt(value);
  if (direct) return direct;
  const cleaned = value
    .replace(/\([^()]*\)/g, ' ')
    .replace(/\b([A-Z]{1,4})\s*$/, (m, tz: string) => TZ_ABBREVIATIONS[tz] ?? m)
    .replace(/\s+/g, ' ')
    .trim();
  return attempt(cleaned);
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Addresses                                                                                                      */
/* ------------------------------------------------------------------------------------------------------------ */

function flattenAddresses(input: AddressObject | AddressObject[] | undefined): EmailAddress[] {
  const out: EmailAddress[] = [];
  const visit = (list: EmailAddress[] | undefined) => {
    for (const entry of list ?? []) {
      if (entry.group) visit(entry.group);
      else out.push(entry);
    }
  };
  for (const obj of input === undefined ? [] : Array.isArray(input) ? input : [input]) visit(obj.value);
  return out;
}

function pickSender(from: AddressObject | undefined): ParsedInboundEmail['from'] {
  for (const entry of flattenAddresses(from)) {
    const address = (entry.address ?? '').trim();
    // eslint-disable-next-line no-control-regex
    if (address === '' || /[\s\u0000-\u001f\u007f-\u009f]/.test(address)) continue;
    const name = cleanText(entry.name ?? '').trim();
    return { address, name: name === '' ? null : name };
  }
  return null;
}

function addressList(input: AddressObject | AddressObject[] | undefined): string[] {
  const seen = new Set<string>();
  for (const entry of flattenAddresses(input)) {
    const address = cleanText(entry.address ?? '').trim();
    if (address !== '') seen.add(address);
  }
  return [...seen];
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Body and attachments                                                                                           */
/* ------------------------------------------------------------------------------------------------------------ */

function htmlToText(html: string): string {
  return convert(html, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      // Mail HTML lays out with tables; without this, neighbouring cells run together ("ab").
      { selector: 'td', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
      { selector: 'th', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
      // Outlook (Word) HTML gives every line its own zero-margin paragraph and an `&nbsp;` paragraph for each
      // empty line; as ordinary paragraphs they would double every line break.
      { selector: 'p.MsoNormal', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    ],
  }).trim();
}

const DEFAULT_FILENAMES: Record<string, string> = {
  'application/pkcs7-signature': 'smime.p7s',
  'application/x-pkcs7-signature': 'smime.p7s',
  'application/pkcs7-mime': 'smime.p7m',
  'application/x-pkcs7-mime': 'smime.p7m',
  'application/pgp-signature': 'signature.asc',
  'application/pgp-encrypted': 'pgp-encrypted.txt',
  'application/pgp-keys': 'public-key.asc',
  'application/ms-tnef': 'winmail.dat',
  'application/vnd.ms-tnef': 'winmail.dat',
};

const EXTENSIONS: Record<string, string> = {
  'image/png': 'png', 'image/jpeg': 'jpg', 'image/jpg': 'jpg', 'image/pjpeg': 'jpg', 'image/gif': 'gif',
  'image/webp': 'webp', 'image/bmp': 'bmp', 'image/svg+xml': 'svg', 'image/tiff': 'tif', 'image/heic': 'heic',
  'application/pdf': 'pdf', 'application/zip': 'zip', 'application/json': 'json', 'application/xml': 'xml',
  'application/msword': 'doc', 'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.oasis.opendocument.text': 'odt',
  'text/plain': 'txt', 'text/html': 'html', 'text/csv': 'csv', 'text/xml': 'xml', 'text/calendar': 'ics',
  'text/vcard': 'vcf', 'text/x-vcard': 'vcf', 'text/rfc822-headers': 'txt',
  'message/rfc822': 'eml', 'message/delivery-status': 'txt', 'message/disposition-notification': 'txt',
  'audio/mpeg': 'mp3', 'video/mp4': 'mp4',
};

function defaultFilename(contentType: string, index: number): string {
  const fixed = DEFAULT_FILENAMES[contentType];
  if (fixed) return fixed;
  const ext = EXTENSIONS[contentType] ?? 'bin';
  const stem = contentType.startsWith('image/')
    ? 'image'
    : contentType === 'message/rfc822'
      ? 'message'
      : contentType === 'text/calendar'
        ? 'invite'
        : 'attachment';
  return `${stem}-${index + 1}.${ext}`;
}

function toAttachment(a: ParsedMail['attachments'][number], index: number, htmlLower: string | null): InboundAttachment {
  const contentType = cleanText(a.contentType || '').trim().toLowerCase() || 'application/octet-stream';
  // eslint-disable-next-line no-control-regex
  const cleaned = cleanText(a.filename ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  const contentId = cleanText(a.cid ?? a.contentId ?? '').trim().replace(/^<|>$/g, '').trim() || undefined;
  const content = Buffer.isBuffer(a.content) ? a.content : Buffer.from(a.content as Uint8Array);
  const attachment: InboundAttachment = {
    filename: cleaned === '' ? defaultFilename(contentType, index) : cleaned,
    contentType,
    content,
    inline: contentId !== undefined && htmlLower !== null && referencesCid(htmlLower, contentId),
  };
  if (contentId !== undefined) attachment.contentId = contentId;
  return attachment;
}

function referencesCid(lower: string, cid: string): boolean {
  const candidates = new Set([cid.toLowerCase(), encodeURIComponent(cid).toLowerCase()]);
  for (const c of candidates) if (lower.includes(`cid:${c}`)) return true;
  return false;
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Auto-replies and bounces                                                                                       */
/* ------------------------------------------------------------------------------------------------------------ */

/** Subject prefixes that mark an out-of-office / automatic reply; matched at the start, case-insensitively. */
const AUTO_REPLY_SUBJECTS: string[] = [
  // en
  'out of office', 'out of the office', 'automatic reply', 'auto reply', 'auto-reply', 'autoreply',
  'auto response', 'auto-response', 'autoresponse', 'automatic response', 'away from the office', 'ooo:',
  // sv
  'autosvar', 'automatiskt svar', 'frånvaro', 'frånvarande', 'frånvaromeddelande',
  // pl
  'odpowiedź automatyczna', 'automatyczna odpowiedź', 'nieobecność', 'poza biurem',
  // sl (+ hr/sr/bs)
  'samodejni odgovor', 'avtomatski odgovor', 'automatski odgovor', 'odsotnost', 'odsoten', 'odsotna',
  // bg (+ ru)
  'автоматичен отговор', 'извън офиса', 'автоматический ответ',
  // eo
  'aŭtomata respondo', 'auxtomata respondo', 'automata respondo', 'foreste de la oficejo',
  // de
  'abwesenheitsnotiz', 'automatische antwort', 'abwesend', 'nicht im büro', 'außer haus', 'ausser haus',
  // fr
  'réponse automatique', 'reponse automatique', "absent du bureau", "absence du bureau", "message d'absence",
  'message d’absence', 'absence',
];

/** Single words that are only trusted as the whole subject or followed by ":" / " -" (avoid "Absence policy?"). */
const WEAK_SUBJECTS = new Set([
  'frånvaro', 'frånvarande', 'nieobecność', 'odsotnost', 'odsoten', 'odsotna', 'abwesend', 'absence',
]);

function matchesAutoReplySubject(subject: string): boolean {
  const s = subject.normalize('NFC').trim().toLowerCase();
  for (const prefix of AUTO_REPLY_SUBJECTS) {
    if (!s.startsWith(prefix)) continue;
    const rest = s.slice(prefix.length);
    if (WEAK_SUBJECTS.has(prefix)) {
      if (rest === '' || /^\s*(:|-|–|\()/.test(rest)) return true;
    } else if (rest === '' || /^[^\p{L}\p{N}]/u.test(rest)) {
      return true;
    }
  }
  return false;
}

function headerToken(value: string | undefined): string | null {
  if (value === undefined) return null;
  return value
    .replace(/\([^()]*\)/g, '')
    .split(/[;\n]/)[0]
    ?.trim()
    .toLowerCase() ?? '';
}

function isAutoSubmitted(headers: Record<string, string>, subject: string): boolean {
  const auto = headerToken(headers['auto-submitted']);
  if (auto !== null && auto !== 'no') return true;
  for (const key of ['x-autoreply', 'x-autorespond', 'x-autoresponder', 'x-autoreply-from', 'x-mail-autoreply']) {
    if (headers[key] !== undefined) return true;
  }
  if (headerToken(headers['x-autogenerated']) === 'reply') return true;
  const precedence = headerToken(headers['precedence']);
  if (precedence !== null && ['bulk', 'junk', 'list', 'auto_reply', 'auto-reply'].includes(precedence)) return true;
  return matchesAutoReplySubject(subject);
}

const DELIVERY_FAILURE_SUBJECT = new RegExp(
  [
    'undeliver', 'undelivered', 'delivery status notification', 'delivery failure', 'delivery has failed',
    'delivery failed', 'mail delivery', 'failure notice', 'returned mail', 'could not be delivered',
    'not be delivered', 'delivery problem', 'rejected', 'unzustellbar', 'nicht zustellbar', 'non remis',
    'échec de (la )?(remise|distribution)', 'kan inte levereras', 'kunde inte levereras', 'olevererbar',
    'ej levererad', 'niedostarczon', 'nie można dostarczyć', 'nedostavljiv', 'ni bilo mogoče dostaviti',
    'недоставен', 'недоставено', 'неуспешна доставка', 'ne liverebla',
  ].join('|'),
  'iu',
);

function isBounce(mail: ParsedMail, fromAddress: string, subject: string, headers: Record<string, string>): boolean {
  const contentType = mail.headers.get('content-type');
  if (contentType && typeof contentType === 'object' && 'value' in contentType) {
    const ct = contentType as { value: string; params?: Record<string, string> };
    if (
      ct.value.toLowerCase() === 'multipart/report' &&
      (ct.params?.['report-type'] ?? '').toLowerCase() === 'delivery-status'
    ) {
      return true;
    }
  }
  const local = fromAddress.split('@')[0]?.toLowerCase() ?? '';
  const systemSender = local === 'mailer-daemon' || local === 'postmaster' || /^<\s*>$/.test(headers['return-path'] ?? '');
  return systemSender && DELIVERY_FAILURE_SUBJECT.test(subject);
}
