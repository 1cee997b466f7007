import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { extractVisibleBody } from './visible-body.js';

const lines = (...l: string[]) => l.join('\n');

describe('extractVisibleBody: attributions', () => {
  const cases: Array<[string, string]> = [
    ['en Gmail', 'On Mon, Jan 6, 2025 at 10:02 AM Servisto Support <support@servisto.test> wrote:'],
    ['en Thunderbird', 'On 06/01/2025 10:02, Servisto Support wrote:'],
    ['en Apple Mail', 'On 6 Jan 2025, at 10:02, Servisto Support <support@servisto.test> wrote:'],
    ['sv Gmail', 'Den mån 6 jan. 2025 kl 10:02 skrev Servisto Support <support@servisto.test>:'],
    ['sv Apple Mail', '6 jan. 2025 kl. 10:02 skrev Servisto Support <support@servisto.test>:'],
    ['pl Gmail', 'pon., 6 sty 2025 o 10:02 Servisto Support <support@servisto.test> napisał(a):'],
    ['pl Thunderbird', 'W dniu 6.01.2025 o 10:02, Servisto Support pisze:'],
    ['pl Apple Mail', 'Wiadomość napisana przez Servisto Support <support@servisto.test> w dniu 6 sty 2025, o godz. 10:02:'],
    ['pl Apple Mail without address', 'Wiadomość napisana przez Servisto Support w dniu 06.01.2025, o godz. 10:02:'],
    ['sl Gmail', 'V pon., 6. jan. 2025 ob 10:02 je oseba Servisto Support <support@servisto.test> napisala:'],
    ['sl', 'Dne 6. 1. 2025 ob 10:02 je Servisto Support napisal(a):'],
    ['bg Gmail', 'пн, 6.01.2025 г. в 10:02 ч. Servisto Support <support@servisto.test> написа:'],
    ['eo', 'Je lun, 6 jan 2025 je 10:02 Servisto Support <support@servisto.test> skribis:'],
    ['de Gmail', 'Am Mo., 6. Jan. 2025 um 10:02 Uhr schrieb Servisto Support <support@servisto.test>:'],
    ['fr Gmail', 'Le lun. 6 janv. 2025 à 10:02, Servisto Support <support@servisto.test> a écrit :'],
  ];

  for (const [name, attribution] of cases) {
    it(`cuts a top-posted reply at the ${name} attribution`, () => {
      const text = lines('Thanks, that fixed it.', '', attribution, '', 'Hello Kim,', 'please restart the router.', '', 'Support');
      assert.equal(extractVisibleBody(text), 'Thanks, that fixed it.');
    });
  }

  it('handles an attribution wrapped over two lines (Gmail plain text)', () => {
    const text = lines(
      'Works now!',
      '',
      'On Mon, Jan 6, 2025 at 10:02 AM Servisto Support <',
      'support@servisto.test> wrote:',
      '',
      '> Please restart the router.',
    );
    assert.equal(extractVisibleBody(text), 'Works now!');
  });

  it('keeps a bottom-posted answer below the quoted block', () => {
    const text = lines(
      'On 06/01/2025 10:02, Servisto Support wrote:',
      '> Which model do you have?',
      '',
      'It is the X200.',
    );
    assert.equal(extractVisibleBody(text), 'It is the X200.');
  });

  it('keeps inline answers between quoted lines', () => {
    const text = lines(
      'Am Mo., 6. Jan. 2025 um 10:02 Uhr schrieb Servisto Support <support@servisto.test>:',
      '> Which model do you have?',
      'X200.',
      '> Since when?',
      '> Please be exact.',
      'Since Friday.',
      '',
      'Danke',
    );
    assert.equal(extractVisibleBody(text), lines('X200.', 'Since Friday.', '', 'Danke'));
  });

  it('does not mistake ordinary sentences for attributions', () => {
    const text = lines(
      'As my colleague wrote:',
      'the invoice is wrong.',
      'Jag skrev till er igår:',
      'ingen har svarat.',
    );
    assert.equal(extractVisibleBody(text), text);
  });
});

describe('extractVisibleBody: Outlook blocks', () => {
  it('cuts at -----Original Message-----', () => {
    const text = lines('Please cancel it.', '', '-----Original Message-----', 'From: Support', 'Sent: Monday', 'Old text');
    assert.equal(extractVisibleBody(text), 'Please cancel it.');
  });

  it('cuts at localised original-message separators', () => {
    for (const sep of ['-----Ursprüngliche Nachricht-----', "-----Message d'origine-----", '-----Oryginalna wiadomość-----', '-----Оригинално съобщение-----', '-----Originalmeddelande-----']) {
      assert.equal(extractVisibleBody(lines('Neu.', sep, 'Alt.')), 'Neu.', sep);
    }
  });

  it('cuts at a From/Sent header block with its underscore rule', () => {
    const text = lines(
      'Hi, the link does not work.',
      '',
      '________________________________',
      'From: Servisto Support <support@servisto.test>',
      'Sent: Monday, January 6, 2025 10:02 AM',
      'To: Kim <kim@example.com>',
      'Subject: Your ticket',
      '',
      'Click the link.',
    );
    assert.equal(extractVisibleBody(text), 'Hi, the link does not work.');
  });

  it('cuts at localised header blocks (sv, pl, de, fr, bg, sl)', () => {
    const blocks = [
      ['Från: Support <s@x.se>', 'Skickat: den 6 januari 2025 10:02', 'Till: Kim', 'Ämne: Ärende'],
      ['Od: Support <s@x.pl>', 'Wysłano: poniedziałek, 6 stycznia 2025 10:02', 'Do: Kim', 'Temat: Zgłoszenie'],
      ['Von: Support <s@x.de>', 'Gesendet: Montag, 6. Januar 2025 10:02', 'An: Kim', 'Betreff: Anfrage'],
      ['De : Support <s@x.fr>', 'Envoyé : lundi 6 janvier 2025 10:02', 'À : Kim', 'Objet : Demande'],
      ['От: Support <s@x.bg>', 'Изпратено: понеделник, 6 януари 2025 г. 10:02', 'До: Kim', 'Относно: Запитване'],
      ['Od: Support <s@x.si>', 'Poslano: ponedeljek, 6. januar 2025 10:02', 'Za: Kim', 'Zadeva: Vprašanje'],
    ];
    for (const block of blocks) {
      assert.equal(extractVisibleBody(lines('Nova vsebina.', '', ...block, '', 'Stara vsebina.')), 'Nova vsebina.', block[0]);
    }
  });
});

describe('extractVisibleBody: signatures', () => {
  it('cuts at the "-- " delimiter (with or without the trailing space)', () => {
    assert.equal(extractVisibleBody(lines('Hello.', '-- ', 'Kim Doe', 'ACME Ltd.')), 'Hello.');
    assert.equal(extractVisibleBody(lines('Hello.', '--', 'Kim Doe')), 'Hello.');
  });

  it('cuts mobile signatures in all supported languages', () => {
    const signatures = [
      'Sent from my iPhone',
      'Sent from my Samsung Galaxy smartphone.',
      'Get Outlook for Android',
      'Skickat från min iPhone',
      'Wysłane z mojego iPhone’a',
      'Poslano iz mojega iPhona',
      'Poslano sa mog iPhone uređaja',
      'Изпратено от моя iPhone',
      'Sendita de mia poŝtelefono',
      'Von meinem iPhone gesendet',
      'Gesendet von Outlook für Android',
      'Envoyé de mon iPhone',
    ];
    for (const signature of signatures) {
      assert.equal(extractVisibleBody(lines('Okay, thanks!', '', signature, '', '> old quote')), 'Okay, thanks!', signature);
    }
  });

  it('keeps sentences that only look like mobile signatures', () => {
    const text = lines('Sent from Stockholm on Friday, the box arrived broken.', 'Skickat från lagret i Malmö.');
    assert.equal(extractVisibleBody(text), text);
  });
});

describe('extractVisibleBody: forwarded mail', () => {
  const comment = 'Please see below, the parcel never arrived.';

  it('cuts at Gmail and Thunderbird forward separators, also localised, and leaves no separator behind', () => {
    const separators = [
      '---------- Forwarded message ---------',
      '-------- Forwarded Message --------',
      '---------- Vidarebefordrat meddelande ---------',
      '---------- Przekazana wiadomość ---------',
      '---------- Posredovano sporočilo ---------',
      '---------- Препратено писмо ---------',
      '-------- Weitergeleitete Nachricht --------',
      '---------- Message transféré ---------',
    ];
    for (const separator of separators) {
      const text = lines(comment, '', separator, 'From: Shop <shop@example.com>', 'Date: Tue, 1 Dec 2026 at 10:00', 'Subject: Order', 'To: <kim@example.com>', '', 'Shipped!');
      assert.equal(extractVisibleBody(text), comment, separator);
    }
  });

  it('cuts at the Thunderbird forward table, whose first field is Subject', () => {
    const text = lines(comment, '', '', '-------- Forwarded Message --------', 'Subject: \tOrder', 'Date: \tTue, 1 Dec 2026 10:00:00 +0100', 'From: \tShop <shop@example.com>', '', 'Shipped!');
    assert.equal(extractVisibleBody(text), comment);
  });

  it('cuts at Apple Mail\'s "Begin forwarded message:"', () => {
    for (const start of ['Begin forwarded message:', 'Anfang der weitergeleiteten Nachricht:', 'Début du message réexpédié :']) {
      const text = lines(comment, '', start, '', '> From: Shop <shop@example.com>', '> Subject: Order', '> ', '> Shipped!');
      assert.equal(extractVisibleBody(text), comment, start);
    }
  });

  it('keeps a forward without a comment whole, and sentences that only mention forwarding', () => {
    const bare = lines('---------- Forwarded message ---------', 'From: Shop <shop@example.com>', 'Date: Tue, 1 Dec 2026', 'Subject: Order', '', 'Shipped!');
    assert.equal(extractVisibleBody(bare), bare);
    const prose = lines('I forwarded the message to my bank:', 'they say the payment went through.');
    assert.equal(extractVisibleBody(prose), prose);
  });
});

describe('extractVisibleBody: HTML leftovers and inline PGP', () => {
  it('treats lines of &nbsp; and zero-width characters as empty', () => {
    const text = lines('Hello,', '\u00a0', 'the invoice is wrong.', ' \u00a0 ', '\u200b', '', 'Thanks,', 'Sarah');
    assert.equal(extractVisibleBody(text), lines('Hello,', '', 'the invoice is wrong.', '', 'Thanks,', 'Sarah'));
  });

  it('cuts at a "--" delimiter followed by a no-break space (HTML signatures)', () => {
    assert.equal(extractVisibleBody(lines('Hello.', '', '--\u00a0', 'Zofia Krawczyk', 'tel. 500 000 000')), 'Hello.');
  });

  it('unwraps a clearsigned text and recognises its dash-escaped signature delimiter', () => {
    const text = lines(
      '-----BEGIN PGP SIGNED MESSAGE-----',
      'Hash: SHA256',
      '',
      'Please close my account.',
      '- - a dash-escaped list item',
      '',
      '- -- ',
      'Alan',
      '-----BEGIN PGP SIGNATURE-----',
      '',
      'iQEzBAEBCAAdFiEE',
      '=Xy9Q',
      '-----END PGP SIGNATURE-----',
    );
    assert.equal(extractVisibleBody(text), lines('Please close my account.', '- a dash-escaped list item'));
  });

  it('leaves an unterminated PGP block alone', () => {
    const unterminated = lines('-----BEGIN PGP SIGNED MESSAGE-----', 'Hash: SHA256', '', 'Text without its signature.');
    assert.equal(extractVisibleBody(unterminated), unterminated);
  });
});

describe('extractVisibleBody: fallbacks and normalisation', () => {
  it('returns the original when everything would be removed', () => {
    const text = lines('> only a quote', '> nothing else');
    assert.equal(extractVisibleBody(text), text);
    const attributionOnly = lines('On 06/01/2025 10:02, Servisto Support wrote:', 'Hello Kim');
    assert.equal(extractVisibleBody(attributionOnly), attributionOnly);
  });

  it('returns empty and blank input unchanged', () => {
    assert.equal(extractVisibleBody(''), '');
    assert.equal(extractVisibleBody('  \n'), '  \n');
  });

  it('normalises CRLF, trims leading/trailing blank lines and collapses gaps', () => {
    const text = '\r\n\r\nHello,\r\n> quoted\r\n\r\n> quoted\r\n\r\n\r\nmore text\r\n\r\n';
    assert.equal(extractVisibleBody(text), 'Hello,\n\nmore text');
  });

  it('leaves a message without history untouched', () => {
    const text = 'Hello,\n\nmy order 123 has not arrived.\n\nBest regards\nKim';
    assert.equal(extractVisibleBody(text), text);
  });
});
