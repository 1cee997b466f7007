import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Language } from '../../db/schema.js';
import { addBusinessMinutes, buildBusinessCalendar, WEEKDAYS } from '../service-clock/business-hours.js';
import { extractCommitments, type CommitmentContext, type CommitmentKind, type ExtractedCommitment } from './extract-commitments.js';

// Expected due instants are written as local wall time with the offset in force, computed by hand.
// `now` is Friday 27 March 2026, 10:00 in Stockholm (09:00Z; 11:00 in Sofia). Both zones move their clocks
// forward on Sunday 29 March at 01:00Z: Stockholm +01:00 → +02:00, Sofia +02:00 → +03:00. Date-only promises
// are due at the end of the working day, 17:00 local. "Business" cases use a Mon–Fri 09:00–17:00 calendar of
// the zone, where a business day is 8 business hours.
const NOW = new Date('2026-03-27T10:00:00+01:00');
const ZONES = { stockholm: 'Europe/Stockholm', sofia: 'Europe/Sofia', warsaw: 'Europe/Warsaw', ljubljana: 'Europe/Ljubljana' } as const;
type Zone = keyof typeof ZONES;

function context(zone: Zone, options: { business?: boolean; now?: Date; endOfDay?: string } = {}): CommitmentContext {
  const timeZone = ZONES[zone];
  const calendar = buildBusinessCalendar({ timezone: timeZone, weekly: Object.fromEntries(WEEKDAYS.slice(0, 5).map((d) => [d, [['09:00', '17:00']]])) });
  return {
    now: options.now ?? NOW,
    timeZone,
    ...(options.business ? { addBusinessMinutes: (from: Date, minutes: number) => addBusinessMinutes(calendar, from, minutes) } : {}),
    ...(options.endOfDay ? { endOfDay: options.endOfDay } : {}),
  };
}

interface Positive {
  text: string;
  kind: CommitmentKind;
  /** Local wall time with its offset. */
  due: string;
  /** The time expression as the agent wrote it. */
  time: string;
  business?: boolean;
}

function assertWellFormed(text: string, c: ExtractedCommitment): void {
  assert.equal(text.slice(c.start, c.end), c.text);
  assert.equal(text.slice(c.timeExpression.start, c.timeExpression.end), c.timeExpression.text);
  assert.ok(c.timeExpression.start >= c.start && c.timeExpression.end <= c.end, 'the time lies inside the commitment');
  assert.ok(c.description.length > 0 && c.description.length <= 200);
}

function expectPromise(language: Language, zone: Zone, p: Positive): void {
  const found = extractCommitments(p.text, language, context(zone, { business: p.business ?? false }));
  assert.equal(found.length, 1, `expected one commitment, got ${JSON.stringify(found.map((c) => c.text))}`);
  const [c] = found as [ExtractedCommitment];
  assert.equal(c.dueAt, new Date(p.due).toISOString(), `due ${p.due}`);
  assert.equal(c.kind, p.kind);
  assert.equal(c.timeExpression.text, p.time);
  assertWellFormed(p.text, c);
}

function expectNothing(language: Language, zone: Zone, text: string): void {
  assert.deepEqual(extractCommitments(text, language, context(zone)), []);
}

function languageSuite(language: Language, zone: Zone, positives: Positive[], negatives: Record<string, string>): void {
  describe(`${language} (${ZONES[zone]})`, () => {
    for (const p of positives) test(`promise: ${p.text}`, () => expectPromise(language, zone, p));
    for (const [why, text] of Object.entries(negatives)) test(`no promise (${why}): ${text}`, () => expectNothing(language, zone, text));
  });
}

languageSuite(
  'en',
  'stockholm',
  [
    { text: "I'll call you back tomorrow at 10.", kind: 'call_back', due: '2026-03-28T10:00+01:00', time: 'tomorrow at 10' },
    // Across the DST change: the working day ends at 17:00 CEST on Monday.
    { text: 'The refund will be on your account within 3 business days.', kind: 'refund', due: '2026-03-30T17:00+02:00', time: 'within 3 business days' },
    // 24 business hours: Fri 10–17 (7 h), Mon 9–17 (8 h), Tue 9–17 (8 h), Wed 9–10 (1 h).
    { text: 'The refund will be on your account within 3 business days.', kind: 'refund', due: '2026-04-01T10:00+02:00', time: 'within 3 business days', business: true },
    { text: "You'll get an update from me by Friday.", kind: 'update', due: '2026-03-27T17:00+01:00', time: 'by Friday' },
    { text: 'I will send the replacement on Monday at 3 pm.', kind: 'send', due: '2026-03-30T15:00+02:00', time: 'on Monday at 3 pm' },
    // 48 real hours, one of which the clocks skip: 11:00 CEST on Sunday.
    { text: "We'll fix it within 48 hours.", kind: 'fix', due: '2026-03-29T11:00+02:00', time: 'within 48 hours' },
    { text: "I'll check with our warehouse and get back to you by 3 December.", kind: 'update', due: '2026-12-03T17:00+01:00', time: 'by 3 December' },
    { text: "I'll email you the invoice within the next two hours.", kind: 'send', due: '2026-03-27T12:00+01:00', time: 'within the next two hours' },
    { text: "First thing tomorrow morning I'll give you a call.", kind: 'call_back', due: '2026-03-28T12:00+01:00', time: 'First thing tomorrow morning' },
    { text: 'We will ship the new router on 2026-04-02.', kind: 'send', due: '2026-04-02T17:00+02:00', time: 'on 2026-04-02' },
    { text: 'A technician will call you on Monday between 8 and 12.', kind: 'call_back', due: '2026-03-30T12:00+02:00', time: 'on Monday between 8 and 12' },
    { text: "We're going to process your refund by the end of the week.", kind: 'refund', due: '2026-03-27T17:00+01:00', time: 'by the end of the week' },
    { text: "I'll send the return label by 15/4.", kind: 'send', due: '2026-04-15T17:00+02:00', time: 'by 15/4' },
  ],
  {
    'time without a promise': 'Our office opens at 9 tomorrow. Our office will open at 9 on Monday.',
    past: 'We called you yesterday and sent the invoice on Monday.',
    conditional: 'If you send us the photo by Friday, we will fix it straight away.',
    'time inside the condition': "I'll refund you if you return it by Friday.",
    question: 'Shall I call you tomorrow at 10?',
    'already past today': "I'll call you today at 9.",
    negated: 'I will not be able to call you tomorrow.',
    'out of office': "I'll be out of office tomorrow.",
    'ambiguous numeric date': "I'll send the label by 12/3.",
    'another clause': "We are open until 17:00 today and we'll be happy to help.",
  },
);

languageSuite(
  'sv',
  'stockholm',
  [
    { text: 'Jag ringer upp dig i morgon kl. 10.', kind: 'call_back', due: '2026-03-28T10:00+01:00', time: 'i morgon kl. 10' },
    { text: 'Återbetalningen kommer att synas på ditt konto inom 3 bankdagar.', kind: 'refund', due: '2026-03-30T17:00+02:00', time: 'inom 3 bankdagar' },
    { text: 'Du får besked senast på fredag.', kind: 'update', due: '2026-03-27T17:00+01:00', time: 'senast på fredag' },
    { text: 'Vi skickar en ny laddare på måndag.', kind: 'send', due: '2026-03-30T17:00+02:00', time: 'på måndag' },
    { text: 'Jag återkommer inom 2 timmar.', kind: 'update', due: '2026-03-27T12:00+01:00', time: 'inom 2 timmar' },
    { text: 'I morgon bitti ringer jag dig.', kind: 'call_back', due: '2026-03-28T12:00+01:00', time: 'I morgon bitti' },
    { text: 'Vi åtgärdar felet senast den 3/4.', kind: 'fix', due: '2026-04-03T17:00+02:00', time: 'senast den 3/4' },
    { text: 'Jag skickar fakturan den 3 december.', kind: 'send', due: '2026-12-03T17:00+01:00', time: 'den 3 december' },
    // 16 business hours: Fri 10–17 (7 h), Mon 9–17 (8 h), Tue 9–10 (1 h).
    { text: 'Vi kommer att åtgärda felet inom två arbetsdagar.', kind: 'fix', due: '2026-03-31T10:00+02:00', time: 'inom två arbetsdagar', business: true },
    { text: 'Jag mejlar dig kl. 15.30 på tisdag.', kind: 'send', due: '2026-03-31T15:30+02:00', time: 'kl. 15.30 på tisdag' },
    { text: 'Teknikern ringer dig mellan kl. 8 och 12 på måndag.', kind: 'call_back', due: '2026-03-30T12:00+02:00', time: 'mellan kl. 8 och 12 på måndag' },
  ],
  {
    'time without a promise': 'Vi har öppet till kl. 17 i dag.',
    past: 'Jag ringde dig i går kl. 10.',
    conditional: 'Om du skickar kvittot senast på fredag återbetalar vi beloppet.',
    question: 'Ska jag ringa dig i morgon kl. 10?',
    negated: 'Jag ringer dig inte i morgon, men min kollega hör av sig.',
  },
);

languageSuite(
  'pl',
  'warsaw',
  [
    { text: 'Zadzwonię do Pana jutro o 10:00.', kind: 'call_back', due: '2026-03-28T10:00+01:00', time: 'jutro o 10:00' },
    { text: 'Oddzwonię jutro o godz. 15.', kind: 'call_back', due: '2026-03-28T15:00+01:00', time: 'jutro o godz. 15' },
    { text: 'Zwrot środków zostanie zlecony w ciągu 3 dni roboczych.', kind: 'refund', due: '2026-03-30T17:00+02:00', time: 'w ciągu 3 dni roboczych' },
    { text: 'Nowy telefon wyślemy do piątku.', kind: 'send', due: '2026-03-27T17:00+01:00', time: 'do piątku' },
    { text: 'Naprawimy usterkę w poniedziałek.', kind: 'fix', due: '2026-03-30T17:00+02:00', time: 'w poniedziałek' },
    { text: 'Odezwę się najpóźniej w przyszły wtorek.', kind: 'update', due: '2026-03-31T17:00+02:00', time: 'najpóźniej w przyszły wtorek' },
    { text: 'Przelejemy pieniądze do 3 grudnia.', kind: 'refund', due: '2026-12-03T17:00+01:00', time: 'do 3 grudnia' },
    { text: 'Potwierdzenie otrzyma Pan w ciągu dwóch godzin.', kind: 'update', due: '2026-03-27T12:00+01:00', time: 'w ciągu dwóch godzin' },
    { text: 'Sprawdzę to i dam znać do końca dnia.', kind: 'update', due: '2026-03-27T17:00+01:00', time: 'do końca dnia' },
    { text: 'Zwrócimy pieniądze w ciągu 2 dni roboczych.', kind: 'refund', due: '2026-03-31T10:00+02:00', time: 'w ciągu 2 dni roboczych', business: true },
    { text: 'Fakturę korygującą wyślę 3.04.', kind: 'send', due: '2026-04-03T17:00+02:00', time: '3.04.' },
  ],
  {
    'time without a promise': 'Biuro jest czynne jutro od 9:00 do 17:00.',
    past: 'Dzwoniłem do Pana wczoraj o 15:00.',
    conditional: 'Jeśli prześle Pan zdjęcie do piątku, naprawimy to od ręki.',
    question: 'Czy mogę zadzwonić jutro o 10?',
    negated: 'Niestety nie zadzwonię jutro.',
  },
);

languageSuite(
  'sl',
  'ljubljana',
  [
    { text: 'Poklical vas bom jutri ob 10h.', kind: 'call_back', due: '2026-03-28T10:00+01:00', time: 'jutri ob 10h' },
    { text: 'Denar vam bomo vrnili v 3 delovnih dneh.', kind: 'refund', due: '2026-03-30T17:00+02:00', time: 'v 3 delovnih dneh' },
    { text: 'Nadomestni izdelek vam pošljemo do petka.', kind: 'send', due: '2026-03-27T17:00+01:00', time: 'do petka' },
    { text: 'Napako bomo odpravili v ponedeljek ob 15:00.', kind: 'fix', due: '2026-03-30T15:00+02:00', time: 'v ponedeljek ob 15:00' },
    { text: 'Sporočil vam bom v dveh urah.', kind: 'update', due: '2026-03-27T12:00+01:00', time: 'v dveh urah' },
    { text: 'Jutri zjutraj vas pokličem.', kind: 'call_back', due: '2026-03-28T12:00+01:00', time: 'Jutri zjutraj' },
    { text: 'Račun vam bomo poslali do 3. decembra.', kind: 'send', due: '2026-12-03T17:00+01:00', time: 'do 3. decembra' },
    { text: 'Oglasim se danes ob 15. uri.', kind: 'update', due: '2026-03-27T15:00+01:00', time: 'danes ob 15. uri' },
    { text: 'Vračilo bo izvedeno v 2 delovnih dneh.', kind: 'refund', due: '2026-03-31T10:00+02:00', time: 'v 2 delovnih dneh', business: true },
    { text: 'Serviser vas bo poklical v sredo med 8. in 12. uro.', kind: 'call_back', due: '2026-04-01T12:00+02:00', time: 'v sredo med 8. in 12. uro' },
    { text: 'Paket vam bomo poslali 3. 4. 2026.', kind: 'send', due: '2026-04-03T17:00+02:00', time: '3. 4. 2026' },
  ],
  {
    'time without a promise': 'Naša pisarna je jutri odprta od 8h do 16h.',
    past: 'Včeraj ob 15:00 smo vas poklicali.',
    conditional: 'Če nam pošljete fotografijo do petka, bomo napako odpravili.',
    question: 'Ali vas lahko pokličem jutri ob 10h?',
    negated: 'Jutri vas žal ne bom mogel poklicati.',
  },
);

languageSuite(
  'bg',
  'sofia',
  [
    // Sofia is 11:00 EET (+02:00) at `now`.
    { text: 'Ще ви се обадя утре в 10:00 ч.', kind: 'call_back', due: '2026-03-28T10:00+02:00', time: 'утре в 10:00 ч.' },
    { text: 'Сумата ще бъде възстановена по сметката ви в рамките на 3 работни дни.', kind: 'refund', due: '2026-03-30T17:00+03:00', time: 'в рамките на 3 работни дни' },
    { text: 'Ще изпратим новото устройство до петък.', kind: 'send', due: '2026-03-27T17:00+02:00', time: 'до петък' },
    { text: 'Ще отстраним проблема в понеделник до 15 ч.', kind: 'fix', due: '2026-03-30T15:00+03:00', time: 'в понеделник до 15 ч.' },
    { text: 'Ще ви пиша след два часа.', kind: 'update', due: '2026-03-27T13:00+02:00', time: 'след два часа' },
    { text: 'Утре сутринта ще ви се обадя.', kind: 'call_back', due: '2026-03-28T12:00+02:00', time: 'Утре сутринта' },
    { text: 'Ще получите фактурата на 3 декември.', kind: 'send', due: '2026-12-03T17:00+02:00', time: 'на 3 декември' },
    { text: 'Ще ви уведомим за статуса до края на седмицата.', kind: 'update', due: '2026-03-27T17:00+02:00', time: 'до края на седмицата' },
    // 16 business hours in Sofia: Fri 11–17 (6 h), Mon 9–17 (8 h), Tue 9–11 (2 h).
    { text: 'Ще ви върнем парите в рамките на 2 работни дни.', kind: 'refund', due: '2026-03-31T11:00+03:00', time: 'в рамките на 2 работни дни', business: true },
    { text: 'Ще ви се обадим в следващия вторник.', kind: 'call_back', due: '2026-03-31T17:00+03:00', time: 'в следващия вторник' },
    { text: 'Куриерът ще ви донесе новия уред в сряда между 10 и 14 ч.', kind: 'send', due: '2026-04-01T14:00+03:00', time: 'в сряда между 10 и 14 ч.' },
  ],
  {
    'time without a promise': 'Офисът ни работи утре от 9 до 18 ч.',
    past: 'Обадихме ви се вчера в 15:00 ч.',
    conditional: 'Ако ни изпратите снимка до петък, ще отстраним проблема.',
    question: 'Удобно ли е да ви се обадя утре в 10 ч.?',
    negated: 'Няма да можем да ви се обадим утре.',
    'no promise by anyone': 'Утре ще има промоция в 10 ч.',
  },
);

languageSuite(
  'eo',
  'stockholm',
  [
    { text: 'Mi revokos vin morgaŭ je la 10a.', kind: 'call_back', due: '2026-03-28T10:00+01:00', time: 'morgaŭ je la 10a' },
    { text: 'La mono estos sur via konto ene de 3 labortagoj.', kind: 'refund', due: '2026-03-30T17:00+02:00', time: 'ene de 3 labortagoj' },
    { text: 'Ni sendos la novan aparaton ĝis vendredo.', kind: 'send', due: '2026-03-27T17:00+01:00', time: 'ĝis vendredo' },
    { text: 'Ni riparos la eraron lundon je 15:00.', kind: 'fix', due: '2026-03-30T15:00+02:00', time: 'lundon je 15:00' },
    { text: 'Mi informos vin post du horoj.', kind: 'update', due: '2026-03-27T12:00+01:00', time: 'post du horoj' },
    { text: 'Morgaŭ matene mi telefonos al vi.', kind: 'call_back', due: '2026-03-28T12:00+01:00', time: 'Morgaŭ matene' },
    { text: 'Vi ricevos la fakturon la 3-an de decembro.', kind: 'send', due: '2026-12-03T17:00+01:00', time: 'la 3-an de decembro' },
    { text: 'Ni respondos ĝis la fino de la semajno.', kind: 'update', due: '2026-03-27T17:00+01:00', time: 'ĝis la fino de la semajno' },
    { text: 'Ni repagos la monon ene de 2 labortagoj.', kind: 'refund', due: '2026-03-31T10:00+02:00', time: 'ene de 2 labortagoj', business: true },
    { text: 'Mi kontaktos vin je la venonta mardo.', kind: 'update', due: '2026-03-31T17:00+02:00', time: 'je la venonta mardo' },
    { text: 'La kuriero liveros la pakaĵon ĵaŭdon inter la 9a kaj la 12a.', kind: 'send', due: '2026-04-02T12:00+02:00', time: 'ĵaŭdon inter la 9a kaj la 12a' },
  ],
  {
    'time without a promise': 'Nia oficejo malfermiĝas morgaŭ je la 9a.',
    past: 'Ni telefonis al vi hieraŭ je la 15a.',
    conditional: 'Se vi sendos al ni la foton ĝis vendredo, ni riparos ĝin.',
    question: 'Ĉu mi povas telefoni al vi morgaŭ je la 10a?',
    negated: 'Mi bedaŭrinde ne povos voki vin morgaŭ.',
    "the customer's task": 'Vi devos sendi la kvitancon ĝis vendredo.',
  },
);

describe('a whole reply', () => {
  test('finds each promise of a reply, with the greeting and the signature left out', () => {
    const reply = [
      'Hi Anna,',
      '',
      "Thanks for your patience. I'll call you back tomorrow at 10, and we'll send the refund within 5 days.",
      'Our office is open Monday to Friday from 8:00 to 17:00.',
      '',
      '> Can you call me on Friday at 15:00?',
      '',
      'Best regards,',
      'Tom',
    ].join('\n');
    const found = extractCommitments(reply, 'en', context('stockholm'));
    assert.deepEqual(
      found.map((c) => [c.text, c.kind, c.dueAt]),
      [
        ["I'll call you back tomorrow at 10", 'call_back', '2026-03-28T09:00:00.000Z'],
        ["we'll send the refund within 5 days.", 'refund', new Date('2026-04-01T17:00+02:00').toISOString()],
      ],
    );
    for (const c of found) assertWellFormed(reply, c);
  });

  test('a clause without a time joins the promise next to it', () => {
    const text = "We'll process the refund and you'll receive it within 3 business days.";
    const [c, ...rest] = extractCommitments(text, 'en', context('stockholm'));
    assert.equal(rest.length, 0);
    assert.equal(c?.text, text);
    assert.equal(c?.kind, 'refund');
  });

  test('a condition ends at its comma: the deadline after it still counts', () => {
    const [c] = extractCommitments("I'll update you as soon as I hear from the warehouse, at the latest by Wednesday.", 'en', context('stockholm'));
    assert.equal(c?.timeExpression.text, 'at the latest by Wednesday');
    assert.equal(c?.dueAt, new Date('2026-04-01T17:00+02:00').toISOString());
  });

  test('offsets point into the text as the agent typed it, also when it is not NFC', () => {
    const text = 'Saluton! Mi revokos vin morgaŭ je la 10a.'.normalize('NFD');
    const [c] = extractCommitments(text, 'eo', context('stockholm'));
    assert.ok(c);
    assertWellFormed(text, c);
    assert.equal(c.text.normalize('NFC'), 'Mi revokos vin morgaŭ je la 10a.');
    assert.equal(c.timeExpression.text.normalize('NFC'), 'morgaŭ je la 10a');
  });

  test('a long clause is described in at most 200 characters', () => {
    const text = `I'll call you back tomorrow at 10 ${'to go through every one of the options we discussed '.repeat(6)}together.`;
    const [c] = extractCommitments(text, 'en', context('stockholm'));
    assert.ok(c && c.description.length <= 200 && c.description.endsWith('…'));
    assert.ok(c.description.startsWith("I'll call you back tomorrow at 10"));
  });
});

describe('due times', () => {
  test('the same words give a different instant in Sofia than in Stockholm', () => {
    const text = "I'll call you today at 4 pm.";
    assert.equal(extractCommitments(text, 'en', context('stockholm'))[0]?.dueAt, new Date('2026-03-27T16:00+01:00').toISOString());
    assert.equal(extractCommitments(text, 'en', context('sofia'))[0]?.dueAt, new Date('2026-03-27T16:00+02:00').toISOString());
  });

  test('date-only promises use the configured end of the working day', () => {
    const [c] = extractCommitments('Wyślemy paczkę w poniedziałek.', 'pl', context('warsaw', { endOfDay: '16:30' }));
    assert.equal(c?.dueAt, new Date('2026-03-30T16:30+02:00').toISOString());
  });

  test('"today" said after the end of the working day is due by the end of the calendar day', () => {
    const evening = new Date('2026-03-27T18:30:00+01:00');
    const [c] = extractCommitments("I'll send you the invoice today.", 'en', context('stockholm', { now: evening }));
    assert.equal(c?.dueAt, new Date('2026-03-27T23:59+01:00').toISOString());
  });

  test("a weekday that is today means today while it lasts, else the same day next week", () => {
    const morning = extractCommitments("I'll call you on Friday.", 'en', context('stockholm'));
    assert.equal(morning[0]?.dueAt, new Date('2026-03-27T17:00+01:00').toISOString());
    const evening = extractCommitments("I'll call you on Friday.", 'en', context('stockholm', { now: new Date('2026-03-27T18:00+01:00') }));
    assert.equal(evening[0]?.dueAt, new Date('2026-04-03T17:00+02:00').toISOString());
    const next = extractCommitments("I'll call you next Friday.", 'en', context('stockholm'));
    assert.equal(next[0]?.dueAt, new Date('2026-04-03T17:00+02:00').toISOString());
  });

  test('a date without a year is the nearest one; a date that has just passed is not a promise', () => {
    const december = new Date('2026-12-20T10:00:00+01:00');
    const [c] = extractCommitments('Vi skickar ersättaren senast den 5 januari.', 'sv', context('stockholm', { now: december }));
    assert.equal(c?.dueAt, new Date('2027-01-05T17:00+01:00').toISOString());
    assert.deepEqual(extractCommitments("I'll send the label by 3 March.", 'en', context('stockholm')), []);
  });

  test('business hours use the calendar when given and real hours otherwise', () => {
    const text = 'Odpowiemy w ciągu 4 godzin roboczych.';
    assert.equal(extractCommitments(text, 'pl', context('warsaw'))[0]?.dueAt, new Date('2026-03-27T14:00+01:00').toISOString());
    // Fri 10:00 + 4 business hours = 14:00 the same day.
    assert.equal(extractCommitments(text, 'pl', context('warsaw', { business: true }))[0]?.dueAt, new Date('2026-03-27T14:00+01:00').toISOString());
    const late = new Date('2026-03-27T15:00:00+01:00');
    // Fri 15–17 (2 h) + Mon 9–11 (2 h).
    assert.equal(extractCommitments(text, 'pl', context('warsaw', { business: true, now: late }))[0]?.dueAt, new Date('2026-03-30T11:00+02:00').toISOString());
  });

  test('an unknown zone or end of day is refused', () => {
    assert.throws(() => extractCommitments("I'll call you tomorrow.", 'en', { now: NOW, timeZone: 'Mars/Olympus' }), RangeError);
    assert.throws(() => extractCommitments("I'll call you tomorrow.", 'en', { now: NOW, timeZone: 'Europe/Stockholm', endOfDay: '5pm' }), RangeError);
  });
});

test('a 2,000-character reply is read in about a millisecond', () => {
  const paragraph =
    "Thanks for your patience while we looked into this. I checked your order and the warehouse confirmed the fault. I'll call you back tomorrow at 10, and the refund will be on your account within 3 business days. Our office is open from 8:00 to 17:00 on weekdays. ";
  const reply = paragraph.repeat(Math.ceil(2000 / paragraph.length)).slice(0, 2000);
  const ctx = context('stockholm');
  // Warm up first: regular expressions and functions are compiled to machine code after a few hundred runs.
  for (let i = 0; i < 300; i++) extractCommitments(reply, 'en', ctx);
  const runs = 200;
  const started = performance.now();
  for (let i = 0; i < runs; i++) extractCommitments(reply, 'en', ctx);
  const perReply = (performance.now() - started) / runs;
  // The target is under 2 ms; the bound leaves room for a busy CI machine.
  assert.ok(perReply < 8, `${perReply.toFixed(2)} ms per reply`);
});
