import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EmailParseError, isMbox, parseInboundEmail, splitMbox } from './parse-inbound.js';

/* Helpers ------------------------------------------------------------------------------------------------------ */

/** Encodes a string in a legacy single-byte charset (reverse of TextDecoder's table). */
function encodeLegacy(text: string, charset: string): Buffer {
  const decoder = new TextDecoder(charset);
  const table = new Map<string, number>();
  for (let b = 0; b < 256; b++) table.set(decoder.decode(Uint8Array.of(b)), b);
  return Buffer.from(
    [...text].map((ch) => {
      const byte = table.get(ch);
      if (byte === undefined) throw new Error(`${ch} is not in ${charset}`);
      return byte;
    }),
  );
}

/** Quoted-printable (no soft line breaks; test lines are short). */
function qp(bytes: Buffer): string {
  let out = '';
  for (const b of bytes) {
    out += b >= 33 && b <= 126 && b !== 61 ? String.fromCharCode(b) : b === 32 ? ' ' : `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** RFC 2047 Q-encoded word. */
function qWord(text: string, charset: string): string {
  const bytes = charset === 'utf-8' ? Buffer.from(text, 'utf8') : encodeLegacy(text, charset);
  let out = '';
  for (const b of bytes) {
    out += (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) ? String.fromCharCode(b) : b === 32 ? '_' : `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return `=?${charset}?Q?${out}?=`;
}

function crlf(lines: string[]): Buffer {
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

async function parseError(raw: Buffer): Promise<EmailParseError> {
  try {
    await parseInboundEmail(raw);
  } catch (error) {
    assert.ok(error instanceof EmailParseError, `expected EmailParseError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected parseInboundEmail to throw');
}

const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/* Plain mail --------------------------------------------------------------------------------------------------- */

describe('parseInboundEmail: plain text', () => {
  it('parses a plain UTF-8 mail with threading headers', async () => {
    const raw = crlf([
      'Return-Path: <jana@example.si>',
      'Received: from mx1.example.si by mx.servisto.test; Tue, 1 Jul 2025 10:00:01 +0200',
      'Received: from laptop by mx1.example.si; Tue, 1 Jul 2025 10:00:00 +0200',
      `From: ${qWord('Jana Novak Žužek', 'utf-8')} <jana@example.si>`,
      'To: "Support" <support@servisto.test>, Team: a@servisto.test, b@servisto.test;',
      'Cc: Boss <boss@example.si>',
      `Subject: ${qWord('Vprašanje o računu št. 42', 'utf-8')}`,
      'Date: Tue, 1 Jul 2025 10:00:00 +0200',
      'Message-ID: <abc.123@example.si>',
      'In-Reply-To: <out-1@servisto.test> (Support\'s message of Monday)',
      'References: <root@servisto.test>',
      '  <out-1@servisto.test>',
      'X-Custom: =?UTF-8?B?xb11xb5law==?=',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      'Pozdravljeni,',
      '',
      'račun št. 42 ni pravilen. Prosim za popravek.',
      '',
      'Jana',
      '',
    ]);
    const mail = await parseInboundEmail(raw);
    assert.deepEqual(mail.from, { address: 'jana@example.si', name: 'Jana Novak Žužek' });
    assert.deepEqual(mail.to, ['support@servisto.test', 'a@servisto.test', 'b@servisto.test']);
    assert.deepEqual(mail.cc, ['boss@example.si']);
    assert.equal(mail.subject, 'Vprašanje o računu št. 42');
    assert.equal(mail.date?.toISOString(), '2025-07-01T08:00:00.000Z');
    assert.equal(mail.messageId, '<abc.123@example.si>');
    assert.equal(mail.inReplyTo, '<out-1@servisto.test>');
    assert.deepEqual(mail.references, ['<root@servisto.test>', '<out-1@servisto.test>']);
    assert.match(mail.text, /račun št\. 42 ni pravilen/);
    assert.equal(mail.html, null);
    assert.deepEqual(mail.attachments, []);
    assert.equal(mail.autoSubmitted, false);
    assert.equal(mail.bounce, false);
    assert.equal(mail.headers['x-custom'], 'Žužek');
    assert.equal(mail.headers['references'], '<root@servisto.test> <out-1@servisto.test>');
    assert.equal(mail.headers['received']?.split('\n').length, 2);
    assert.equal(mail.headers['subject'], 'Vprašanje o računu št. 42');
  });

  it('decodes windows-1250 quoted-printable Polish', async () => {
    const body = 'Dzień dobry,\nzamówienie nr 7 nie dotarło. Zażółć gęślą jaźń.\nŁukasz Śliwa';
    const raw = Buffer.concat([
      crlf([
        `From: ${qWord('Łukasz Śliwa', 'windows-1250')} <lukasz@example.pl>`,
        'To: pomoc@servisto.test',
        `Subject: ${qWord('Reklamacja zamówienia', 'windows-1250')}`,
        'Date: Wed, 2 Jul 2025 09:15:00 +0200',
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset="windows-1250"',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        '',
      ]),
      Buffer.from(qp(encodeLegacy(body, 'windows-1250')).replace(/=0A/g, '\r\n'), 'latin1'),
    ]);
    const mail = await parseInboundEmail(raw);
    assert.equal(mail.from?.name, 'Łukasz Śliwa');
    assert.equal(mail.subject, 'Reklamacja zamówienia');
    assert.equal(mail.text.trim(), body);
  });

  it('repairs raw 8-bit windows-1250 headers from a contact form', async () => {
    const head = encodeLegacy('From: Paweł Żak <pawel@example.pl>\r\nSubject: Pytanie o dostawę\r\n', 'windows-1250');
    const raw = Buffer.concat([
      head,
      crlf(['Content-Type: text/plain; charset=windows-1250', 'Content-Transfer-Encoding: 8bit', '', '']),
      encodeLegacy('Kiedy dostawa?', 'windows-1250'),
    ]);
    const mail = await parseInboundEmail(raw);
    assert.equal(mail.from?.name, 'Paweł Żak');
    assert.equal(mail.subject, 'Pytanie o dostawę');
    assert.equal(mail.text.trim(), 'Kiedy dostawa?');
  });

  it('decodes koi8-r Cyrillic (base64 body, B-encoded subject)', async () => {
    const body = 'Здравствуйте! Мой заказ не пришёл.\nИван';
    const subject = Buffer.from(encodeLegacy('Проблема с заказом', 'koi8-r')).toString('base64');
    const raw = crlf([
      'From: =?koi8-r?B?' + encodeLegacy('Иван Петров', 'koi8-r').toString('base64') + '?= <ivan@example.ru>',
      'To: support@servisto.test',
      `Subject: =?KOI8-R?B?${subject}?=`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=KOI8-R',
      'Content-Transfer-Encoding: base64',
      '',
      encodeLegacy(body, 'koi8-r').toString('base64'),
      '',
    ]);
    const mail = await parseInboundEmail(raw);
    assert.equal(mail.from?.name, 'Иван Петров');
    assert.equal(mail.subject, 'Проблема с заказом');
    assert.equal(mail.text.trim(), body);
  });

  it('decodes windows-1251 Bulgarian 8bit', async () => {
    const body = 'Здравейте, поръчката ми закъснява.';
    const raw = Buffer.concat([
      crlf([
        `From: ${qWord('Мария Иванова', 'windows-1251')} <maria@example.bg>`,
        'To: support@servisto.test',
        `Subject: ${qWord('Поръчка', 'windows-1251')}`,
        'Content-Type: text/plain; charset=windows-1251',
        'Content-Transfer-Encoding: 8bit',
        '',
        '',
      ]),
      encodeLegacy(body, 'windows-1251'),
    ]);
    const mail = await parseInboundEmail(raw);
    assert.equal(mail.from?.name, 'Мария Иванова');
    assert.equal(mail.subject, 'Поръчка');
    assert.equal(mail.text.trim(), body);
  });

  it('decodes iso-8859-1 Swedish 8bit with an encoded display name', async () => {
    const body = 'Hej!\n\nJag har en fråga om min beställning. Går det att ändra adressen?\n\nÅsa';
    const raw = Buffer.concat([
      crlf([
        'From: =?iso-8859-1?Q?=C5sa_=D6berg?= <asa@example.se>',
        'To: kundtjanst@servisto.test',
        `Subject: ${qWord('Fråga om beställning', 'iso-8859-1')}`,
        'Date: Thu, 3 Jul 2025 08:00:00 +0200 (CEST)',
        'Content-Type: text/plain; charset=ISO-8859-1',
        'Content-Transfer-Encoding: 8bit',
        '',
        '',
      ]),
      encodeLegacy(body.replace(/\n/g, '\r\n'), 'iso-8859-1'),
    ]);
    const mail = await parseInboundEmail(raw);
    assert.deepEqual(mail.from, { address: 'asa@example.se', name: 'Åsa Öberg' });
    assert.equal(mail.subject, 'Fråga om beställning');
    assert.equal(mail.text.trim(), body);
    assert.equal(mail.date?.toISOString(), '2025-07-03T06:00:00.000Z');
  });

  it('returns date null for a garbage Date header and understands CEST', async () => {
    const bad = await parseInboundEmail(crlf(['From: a@example.com', 'Date: yesterday-ish', '', 'x']));
    assert.equal(bad.date, null);
    const cest = await parseInboundEmail(crlf(['From: a@example.com', 'Date: Tue, 1 Jul 2025 10:00:00 CEST', '', 'x']));
    assert.equal(cest.date?.toISOString(), '2025-07-01T08:00:00.000Z');
  });

  it('accepts a single message that still has its mbox envelope line', async () => {
    const mail = await parseInboundEmail(
      Buffer.from('From kim@example.com Thu Jul  3 08:00:00 2025\nFrom: kim@example.com\nSubject: hi\n\nhello\n'),
    );
    assert.equal(mail.from?.address, 'kim@example.com');
    assert.equal(mail.text.trim(), 'hello');
  });
});

/* HTML and attachments ---------------------------------------------------------------------------------------- */

describe('parseInboundEmail: HTML and attachments', () => {
  it('converts an HTML-only mail to text and keeps the raw HTML', async () => {
    const html =
      '<html><head><style>p{color:red}</style></head><body><p onclick="evil()">Hello <b>team</b>,</p>' +
      '<p>my <a href="https://shop.example/o/9">order 9</a> is late.</p><img src="https://tracker.example/p.gif"></body></html>';
    const raw = crlf([
      'From: Kim <kim@example.com>',
      'To: support@servisto.test',
      'Subject: Late order',
      'Content-Type: text/html; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      html.replace(/=/g, '=3D'),
      '',
    ]);
    const mail = await parseInboundEmail(raw);
    assert.equal(mail.html?.trim(), html, 'html is returned unsanitised');
    assert.match(mail.text, /^Hello team,/);
    assert.match(mail.text, /my order 9 is late\./);
    assert.doesNotMatch(mail.text, /<|color:red|tracker/);
  });

  it('keeps attachments, inline cid images and unnamed parts', async () => {
    const raw = crlf([
      'From: Kim <kim@example.com>',
      'To: support@servisto.test',
      'Subject: Screenshot',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="mixed"',
      '',
      '--mixed',
      'Content-Type: multipart/alternative; boundary="alt"',
      '',
      '--alt',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'See the screenshot.',
      '--alt',
      'Content-Type: multipart/related; boundary="rel"',
      '',
      '--rel',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>See the screenshot.</p><img src="cid:shot.1@example.com">',
      '--rel',
      'Content-Type: image/png',
      'Content-Transfer-Encoding: base64',
      'Content-ID: <shot.1@example.com>',
      'Content-Disposition: inline',
      '',
      PNG_1X1.toString('base64'),
      '--rel',
      'Content-Type: image/png; name="logo.png"',
      'Content-Transfer-Encoding: base64',
      'Content-ID: <unused-logo@example.com>',
      '',
      PNG_1X1.toString('base64'),
      '--rel--',
      '--alt--',
      '--mixed',
      'Content-Type: application/pdf; name="=?utf-8?Q?ra=C4=8Dun.pdf?="',
      'Content-Disposition: attachment; filename*=utf-8\'\'ra%C4%8Dun.pdf',
      'Content-Transfer-Encoding: base64',
      '',
      PDF.toString('base64'),
      '--mixed',
      'Content-Type: application/octet-stream',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from([0, 1, 2, 3]).toString('base64'),
      '--mixed--',
      '',
    ]);
    const mail = await parseInboundEmail(raw);
    assert.equal(mail.text.trim(), 'See the screenshot.');
    assert.match(mail.html ?? '', /src="cid:shot\.1@example\.com"/, 'cid links are kept, not inlined as data: URIs');
    assert.equal(mail.attachments.length, 4);

    const [shot, logo, pdf, blob] = mail.attachments;
    assert.equal(shot?.contentType, 'image/png');
    assert.equal(shot?.contentId, 'shot.1@example.com');
    assert.equal(shot?.inline, true);
    assert.equal(shot?.filename, 'image-1.png');
    assert.deepEqual(shot?.content, PNG_1X1);

    assert.equal(logo?.filename, 'logo.png');
    assert.equal(logo?.contentId, 'unused-logo@example.com');
    assert.equal(logo?.inline, false, 'not referenced from the HTML, so the agent must see it as a file');

    assert.equal(pdf?.filename, 'račun.pdf');
    assert.equal(pdf?.contentType, 'application/pdf');
    assert.equal(pdf?.inline, false);
    assert.equal(pdf?.contentId, undefined);
    assert.deepEqual(pdf?.content, PDF);

    assert.equal(blob?.filename, 'attachment-4.bin');
    assert.deepEqual(blob?.content, Buffer.from([0, 1, 2, 3]));
  });

  it('converts HTML to text when the HTML part sits next to an attachment', async () => {
    const raw = crlf([
      'From: kim@example.com',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<div>Invoice attached.</div><table><tr><td>Total</td><td>42 EUR</td></tr></table>',
      '--b',
      'Content-Type: application/pdf',
      'Content-Disposition: attachment',
      'Content-Transfer-Encoding: base64',
      '',
      PDF.toString('base64'),
      '--b--',
      '',
    ]);
    const mail = await parseInboundEmail(raw);
    assert.equal(mail.text, 'Invoice attached.\nTotal\n42 EUR');
    assert.deepEqual(
      mail.attachments.map((a) => [a.filename, a.inline]),
      [['attachment-1.pdf', false]],
    );
  });

  it('keeps S/MIME and PGP signatures and TNEF as attachments', async () => {
    const raw = crlf([
      'From: Signer <signer@example.de>',
      'To: support@servisto.test',
      'Subject: Signed',
      'Content-Type: multipart/mixed; boundary="outer"',
      '',
      '--outer',
      'Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256; boundary="sig"',
      '',
      '--sig',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Signed text.',
      '--sig',
      'Content-Type: application/pkcs7-signature',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('fake-smime-signature').toString('base64'),
      '--sig--',
      '--outer',
      'Content-Type: application/pgp-signature',
      '',
      '-----BEGIN PGP SIGNATURE-----',
      'iQEzBAEBCAAdFiEE',
      '-----END PGP SIGNATURE-----',
      '--outer',
      'Content-Type: application/ms-tnef',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from([0x78, 0x9f, 0x3e, 0x22]).toString('base64'),
      '--outer--',
      '',
    ]);
    const mail = await parseInboundEmail(raw);
    assert.equal(mail.text.trim(), 'Signed text.');
    assert.deepEqual(
      mail.attachments.map((a) => [a.filename, a.contentType]),
      [
        ['smime.p7s', 'application/pkcs7-signature'],
        ['signature.asc', 'application/pgp-signature'],
        ['winmail.dat', 'application/ms-tnef'],
      ],
    );
    assert.deepEqual(mail.attachments[2]?.content, Buffer.from([0x78, 0x9f, 0x3e, 0x22]));
  });
});

describe('parseInboundEmail: text the database and the agent can take', () => {
  it('drops NUL and other control characters from body, HTML, subject, sender name and headers', async () => {
    const raw = Buffer.concat([
      Buffer.from('From: "Kim\u0000 Doe\u0007" <kim@example.com>\r\nSubject: Order\u0000 42\u001b\r\nMessage-ID: <a\u0000b@example.com>\r\n'),
      Buffer.from('Content-Type: multipart/alternative; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n'),
      Buffer.from('Hel\u0000lo,\ttab\u0001 kept\r\n--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Hel\u0000lo</p>\r\n--b--\r\n'),
    ]);
    const mail = await parseInboundEmail(raw);
    assert.equal(mail.text.trim(), 'Hello,\ttab kept');
    assert.equal(mail.html?.trim(), '<p>Hello</p>');
    assert.equal(mail.subject, 'Order 42');
    assert.deepEqual(mail.from, { address: 'kim@example.com', name: 'Kim Doe' });
    assert.equal(mail.messageId, '<ab@example.com>');
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(JSON.stringify(mail.headers), /\\u000[0-8]|\\u001[0-9a-f]/);
  });

  it('keeps the thread root and the 99 most recent ids of a huge References header', async () => {
    const ids = Array.from({ length: 90_000 }, (_, i) => `<${i.toString(36)}@a>`);
    const mail = await parseInboundEmail(crlf(['From: kim@example.com', `References: ${ids.join(' ')}`, '', 'Hello']));
    assert.equal(mail.references.length, 100);
    assert.equal(mail.references[0], '<0@a>');
    assert.deepEqual(mail.references.slice(1), ids.slice(-99));
  });

  it('drops the control characters that HTML entities of an HTML-only mail decode to', async () => {
    const mail = await parseInboundEmail(crlf(['From: kim@example.com', 'Content-Type: text/html; charset=utf-8', '', '<p>Or&#1;der&#0; 42&#x1b;</p>']));
    assert.equal(mail.text, 'Order\ufffd 42');
  });

  it('reads C1 control characters as windows-1252, as browsers do for mislabelled ISO-8859-1', async () => {
    // A client that wrote windows-1252 and declared UTF-8-encoded C1 controls (a double conversion).
    const raw = crlf(['From: kim@example.com', `X-Campaign: ${qWord('\u0093Free\u0094 delivery', 'utf-8')}`, 'Content-Type: text/plain; charset=utf-8', '', 'Price: \u008050 \u0096 not \u008162']);
    const mail = await parseInboundEmail(raw);
    assert.equal(mail.headers['x-campaign'], '“Free” delivery');
    assert.equal(mail.text.trim(), 'Price: €50 – not 62', 'U+0081 has no windows-1252 character and is dropped');
  });

  it('reads raw 8-bit windows-1252 headers with their curly quotes and euro sign', async () => {
    const raw = Buffer.concat([
      Buffer.from('From: kim@example.com\r\nSubject: '),
      Buffer.from([0x93, 0x46, 0x72, 0x65, 0x65, 0x94, 0x20, 0x80, 0x35]), // “Free” €5
      Buffer.from('\r\n\r\nHello\r\n'),
    ]);
    assert.equal((await parseInboundEmail(raw)).subject, '“Free” €5');
  });

  it('converts Outlook (Word) HTML paragraphs line by line, not as spaced paragraphs', async () => {
    const html =
      '<div class="WordSection1"><p class="MsoNormal">Hello,<o:p></o:p></p><p class="MsoNormal"><o:p>&nbsp;</o:p></p>' +
      '<p class="MsoNormal">the invoice is wrong.<o:p></o:p></p><p class="MsoNormal"><o:p>&nbsp;</o:p></p>' +
      '<p class="MsoNormal">Regards,<o:p></o:p></p><p class="MsoNormal">Nikolay<o:p></o:p></p></div><p>A normal paragraph.</p>';
    const mail = await parseInboundEmail(crlf(['From: kim@example.com', 'Content-Type: text/html; charset=utf-8', '', html]));
    assert.equal(mail.text, 'Hello,\n\u00a0\nthe invoice is wrong.\n\u00a0\nRegards,\nNikolay\n\nA normal paragraph.');
  });
});

/* Bounces and auto-replies ------------------------------------------------------------------------------------ */

describe('parseInboundEmail: bounces and auto-replies', () => {
  it('recognises a DSN bounce', async () => {
    const raw = crlf([
      'From: Mail Delivery System <MAILER-DAEMON@mx.example.com>',
      'To: support@servisto.test',
      'Subject: Undelivered Mail Returned to Sender',
      'Auto-Submitted: auto-replied',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="dsn"',
      '',
      '--dsn',
      'Content-Type: text/plain; charset=us-ascii',
      '',
      'I\'m sorry to have to inform you that your message could not be delivered.',
      '--dsn',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.example.com',
      '',
      'Final-Recipient: rfc822; nobody@example.com',
      'Action: failed',
      'Status: 5.1.1',
      '--dsn',
      'Content-Type: message/rfc822',
      '',
      'From: support@servisto.test',
      'To: nobody@example.com',
      'Subject: Re: your ticket',
      '',
      'Hello',
      '--dsn--',
      '',
    ]);
    const mail = await parseInboundEmail(raw);
    assert.equal(mail.bounce, true);
    assert.equal(mail.autoSubmitted, true);
    assert.match(mail.text, /could not be delivered/);
    const original = mail.attachments.find((a) => a.contentType === 'message/rfc822');
    assert.ok(original, 'the returned message is kept');
    assert.match(original.filename, /^message-\d+\.eml$/);
  });

  it('recognises a bounce from postmaster by subject without a DSN', async () => {
    const mail = await parseInboundEmail(
      crlf(['From: postmaster@example.pl', 'Subject: Niedostarczona wiadomość: Re: zamówienie', '', 'Błąd dostarczenia']),
    );
    assert.equal(mail.bounce, true);
  });

  it('recognises Auto-Submitted auto-replies but not "no"', async () => {
    const auto = await parseInboundEmail(
      crlf(['From: kim@example.com', 'Subject: Re: your ticket', 'Auto-Submitted: auto-replied (vacation)', '', 'I am away.']),
    );
    assert.equal(auto.autoSubmitted, true);
    assert.equal(auto.bounce, false);
    const human = await parseInboundEmail(
      crlf(['From: kim@example.com', 'Subject: Re: your ticket', 'Auto-Submitted: no', '', 'Thanks!']),
    );
    assert.equal(human.autoSubmitted, false);
  });

  it('recognises X-Autoreply, X-Autorespond and Precedence', async () => {
    for (const header of ['X-Autoreply: yes', 'X-Autorespond: Away', 'Precedence: bulk', 'Precedence: junk', 'Precedence: auto_reply', 'Precedence: list']) {
      const mail = await parseInboundEmail(crlf(['From: kim@example.com', 'Subject: Hello', header, '', 'x']));
      assert.equal(mail.autoSubmitted, true, header);
    }
    const normal = await parseInboundEmail(crlf(['From: kim@example.com', 'Subject: Hello', 'Precedence: first-class', '', 'x']));
    assert.equal(normal.autoSubmitted, false);
  });

  it('recognises out-of-office subjects in en/sv/pl/sl/hr/bg/eo/de/fr', async () => {
    const auto = [
      'Out of Office: Re: Order 12',
      'Automatic reply: Order 12',
      'Autosvar: Order 12',
      'Frånvaro',
      'Frånvaro: Order 12',
      'Odpowiedź automatyczna: Zamówienie',
      'Automatski odgovor: Narudžba',
      'Samodejni odgovor: Naročilo',
      'Автоматичен отговор: Поръчка',
      'Aŭtomata respondo: Mendo',
      'Abwesenheitsnotiz: Bestellung',
      'Réponse automatique : Commande',
    ];
    for (const subject of auto) {
      const mail = await parseInboundEmail(crlf(['From: kim@example.com', `Subject: ${qWord(subject, 'utf-8')}`, '', 'x']));
      assert.equal(mail.autoSubmitted, true, subject);
    }
    for (const subject of ['Re: Out of office hours support?', 'Absence policy question', 'Frånvaroanmälan för barn', 'Order 12']) {
      const mail = await parseInboundEmail(crlf(['From: kim@example.com', `Subject: ${qWord(subject, 'utf-8')}`, '', 'x']));
      assert.equal(mail.autoSubmitted, false, subject);
    }
  });
});

/* Errors ------------------------------------------------------------------------------------------------------- */

describe('parseInboundEmail: errors', () => {
  it('throws empty for empty input', async () => {
    assert.equal((await parseError(Buffer.alloc(0))).code, 'empty');
    assert.equal((await parseError(Buffer.from('\r\n\r\n  \n'))).code, 'empty');
  });

  it('throws no_sender when there is no From address', async () => {
    const error = await parseError(crlf(['To: support@servisto.test', 'Subject: who am I', '', 'body']));
    assert.equal(error.code, 'no_sender');
    assert.equal(error.name, 'EmailParseError');
    assert.ok(error instanceof Error);
    assert.equal((await parseError(crlf(['From: John', 'Subject: no address', '', 'body']))).code, 'no_sender');
    assert.equal((await parseError(crlf(['From: undisclosed-recipients:;', '', 'body']))).code, 'no_sender');
  });

  it('throws malformed for data that is not an email', async () => {
    assert.equal((await parseError(Buffer.from('hello world, this is not an email\n'))).code, 'malformed');
    assert.equal((await parseError(Buffer.from([0, 1, 2, 3, 255, 254, 10, 0]))).code, 'malformed');
    assert.equal((await parseError(Buffer.from(`X-Huge: ${'a'.repeat(2 * 1024 * 1024)}\r\n\r\nbody`))).code, 'malformed');
  });

  it('throws malformed for a whole mbox instead of parsing it as one message', async () => {
    const mbox = Buffer.from('From a@x Thu Jul  3 08:00:00 2025\nFrom: a@x.com\n\none\n\nFrom b@x Thu Jul  3 09:00:00 2025\nFrom: b@x.com\n\ntwo\n');
    assert.equal((await parseError(mbox)).code, 'malformed');
  });
});

/* mbox --------------------------------------------------------------------------------------------------------- */

describe('splitMbox / isMbox', () => {
  const mbox = Buffer.from(
    [
      'From kim@example.com Thu Jul  3 08:00:00 2025',
      'From: Kim <kim@example.com>',
      'Subject: first',
      '',
      'First message.',
      '>From the start it was broken.',
      '>>From here on it is quoted twice.',
      '',
      'From what I can see, this line is body text after a blank line.',
      '',
      'From MAILER-DAEMON Thu Jul  3 09:00:00 2025',
      'From: Ola <ola@example.se>',
      'Subject: second',
      '',
      'Second message.',
      '',
    ].join('\n'),
  );

  it('detects mbox data', () => {
    assert.equal(isMbox(mbox), true);
    assert.equal(isMbox(Buffer.from('From: kim@example.com\n\nhi')), false);
    assert.equal(isMbox(Buffer.alloc(0)), false);
  });

  it('splits two messages and unescapes >From lines', async () => {
    const parts = splitMbox(mbox);
    assert.equal(parts.length, 2);
    const first = await parseInboundEmail(parts[0] as Buffer);
    assert.equal(first.subject, 'first');
    assert.equal(
      first.text,
      'First message.\nFrom the start it was broken.\n>From here on it is quoted twice.\n\nFrom what I can see, this line is body text after a blank line.\n',
    );
    const second = await parseInboundEmail(parts[1] as Buffer);
    assert.equal(second.subject, 'second');
    assert.equal(second.from?.address, 'ola@example.se');
    assert.equal(second.text, 'Second message.\n');
  });

  it('splits at an envelope line without the blank separator only when it is clearly one', () => {
    const sloppy = Buffer.from(
      'From a Thu Jul  3 08:00:00 2025\nFrom: a@x.com\n\none\nFrom b Thu Jul  3 09:00:00 2025\nFrom: b@x.com\n\ntwo\nFrom now on I write shorter.\n',
    );
    const parts = splitMbox(sloppy).map((p) => p.toString());
    assert.deepEqual(parts, ['From: a@x.com\n\none\n', 'From: b@x.com\n\ntwo\nFrom now on I write shorter.\n']);
  });

  it('returns a plain message unchanged and ignores a byte-order mark', () => {
    const plain = Buffer.from('From: a@x.com\n\n>From here\n');
    assert.deepEqual(splitMbox(plain), [plain]);
    assert.deepEqual(splitMbox(Buffer.alloc(0)), []);
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('From a Thu Jul  3 08:00:00 2025\nFrom: a@x.com\n\nx\n')]);
    assert.equal(isMbox(bom), true);
    assert.deepEqual(splitMbox(bom).map(String), ['From: a@x.com\n\nx\n']);
  });

  it('keeps CRLF line endings and bytes as they are', () => {
    const crlfBox = Buffer.concat([
      Buffer.from('From a Thu Jul  3 08:00:00 2025\r\nFrom: a@x.com\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\n'),
      Buffer.from([0xe5, 0xe4, 0xf6, 0x0d, 0x0a, 0x0d, 0x0a]),
    ]);
    const [only] = splitMbox(crlfBox);
    assert.deepEqual(
      only,
      Buffer.concat([
        Buffer.from('From: a@x.com\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\n'),
        Buffer.from([0xe5, 0xe4, 0xf6, 0x0d, 0x0a]),
      ]),
    );
  });
});
