import type { CommitmentLexicon } from './types.js';

const WITHIN = '(?:inom|inom loppet av|senast inom|inom de närmaste|inom de kommande|under de närmaste|om)';
/** Swedish promises in the present tense: "Jag ringer dig i morgon", "Vi skickar ersättaren på fredag". */
const ACTIONS =
  '(?:ringer(?: upp)?|skickar|mejlar|mailar|återkommer|hör av (?:mig|oss)|återbetalar|betalar tillbaka|krediterar|fixar|åtgärdar|löser|rättar|lagar|kollar|undersöker|ordnar|uppdaterar|meddelar|återkopplar|kontaktar|bokar|ser till|tittar|levererar|ersätter|byter ut|sätter in|för över)';

/** Swedish. Numeric dates are day/month ("3/12" and "3.12." are 3 December). */
export const sv: CommitmentLexicon = {
  language: 'sv',
  abbreviations: ['t.ex.', 'bl.a.', 'dvs.', 'kl.', 'ca.', 'ev.', 'o.s.v.', 'fr.o.m.', 't.o.m.', 'nr.', 'tel.'],
  commitments: [
    '(?:jag|vi) (?:ska|skall|kommer att|kommer|tänker|lovar att)',
    '(?:ska|skall|kommer) (?:jag|vi)',
    `(?:jag|vi) (?:\\p{L}+ )?${ACTIONS}`,
    `${ACTIONS} (?:jag|vi)`,
    '(?:du|ni) (?:får|kommer att få|ska få|kommer få)(?! gärna)',
    'får (?:du|ni)(?! gärna)',
  ],
  thirdPersonFuture: [`(?<!(?<![\\p{L}])(?:du|ni|jag|vi)\\s)(?:kommer att|kommer|ska|skall|blir|sker|bör|borde|finns|${ACTIONS})`],
  nonCommitments: [
    '(?:jag|vi) (?:ska|kommer att) vara (?:ledig|ledigt|lediga|borta|sjuk|sjukskriven|på semester|tjänstledig|stängt)',
    '(?:jag|vi) (?:ska|kommer att) (?:behöva|måste)',
  ],
  negations: ['inte', 'ej', 'aldrig', 'icke'],
  conditions: [
    'om (?:du|ni|vi|jag|det|den|man|paketet|varan|ordern|betalningen)',
    'ifall',
    'i fall',
    'såvida',
    'förutsatt att',
    'när (?:du|ni|vi (?:har )?(?:fått|mottagit))',
    'så fort (?:du|ni|vi (?:har )?(?:fått|mottagit))',
    'bara (?:du|ni)',
    'efter att (?:du|ni)',
  ],
  questionStarts: ['ska jag', 'skall jag', 'vill du', 'vill ni', 'passar det', 'går det bra', 'kan jag', 'får jag', 'önskar du', 'önskar ni'],
  clauseJoiners: ['och', 'men', 'och sedan', 'så'],
  kinds: {
    call_back: ['ring*', 'telefonsamtal*', 'per telefon', 'samtal*', 'återuppringning'],
    refund: ['återbetal*', 'betala* tillbaka', 'pengarna', 'beloppet', 'kreditera*', 'återbär*', 'kreditnota*'],
    fix: ['fixa*', 'åtgärda*', 'löser', 'lösa', 'löst', 'lösning*', 'rätta*', 'laga*', 'reparer*'],
    update: ['återkomm*', 'återkoppl*', 'besked*', 'uppdater*', 'meddela*', 'hör av (?:mig|oss)', 'svar*', 'information*', 'status*', 'bekräft*'],
    send: ['skick*', 'mejl*', 'maila*', 'mail*', 'e-post*', 'lever*', 'paket*', 'ersättar*', 'faktur*'],
  },
  numbers: { en: 1, ett: 1, två: 2, tre: 3, fyra: 4, fem: 5, sex: 6, sju: 7, åtta: 8, nio: 9, tio: 10, 'ett par': 2, 'ett par tre': 3 },
  time: {
    twelveHourClock: false,
    numericDates: 'day-month',
    datePrefixes: ['på', 'till', 'senast', 'före', 'innan', 'under', 'nu på', 'den', 'redan', 'till och med', 't\\.o\\.m\\.'],
    nextModifiers: ['nästa', 'kommande'],
    days: [
      { pattern: 'i dag|idag|senare i dag|under dagen', offset: 0 },
      { pattern: 'i förmiddag', offset: 0, part: 'morning' },
      { pattern: 'i eftermiddag', offset: 0, part: 'afternoon' },
      { pattern: 'i kväll|ikväll|i afton', offset: 0, part: 'evening' },
      { pattern: 'i morgon|imorgon|imorn|i morn|i morron', offset: 1 },
      { pattern: '(?:i morgon|imorgon) bitti', offset: 1, part: 'morning' },
      { pattern: 'i övermorgon|övermorgon', offset: 2 },
    ],
    partsOfDay: [
      { pattern: '(?:på )?förmiddag(?:en)?', part: 'morning' },
      { pattern: '(?:på )?eftermiddag(?:en)?', part: 'afternoon' },
      { pattern: '(?:på )?kväll(?:en)?', part: 'evening' },
    ],
    weekdays: ['måndag(?:en|s)?', 'tisdag(?:en|s)?', 'onsdag(?:en|s)?', 'torsdag(?:en|s)?', 'fredag(?:en|s)?', 'lördag(?:en|s)?', 'söndag(?:en|s)?'],
    months: [
      'januari|jan\\.?',
      'februari|feb\\.?',
      'mars|mar\\.?',
      'april|apr\\.?',
      'maj',
      'juni|jun\\.?',
      'juli|jul\\.?',
      'augusti|aug\\.?',
      'september|sept?\\.?',
      'oktober|okt\\.?',
      'november|nov\\.?',
      'december|dec\\.?',
    ],
    dates: ['(?:den )?{d}(?::e|:a)? {month}(?: {y})?'],
    clock: [
      { pattern: '(?:(?:till|före|senast|innan|runt|vid|ca|cirka) )?(?:kl\\.?|klockan) ?{time}' },
      { pattern: '(?:vid|runt|kring) {h}-tiden' },
      { pattern: 'mellan (?:kl\\.? ?)?\\d{1,2}(?:[:.]\\d{2})? och (?:kl\\.? ?)?{time}' },
      { pattern: '(?:vid|runt|kring) lunch', fixed: '12:00' },
    ],
    durations: [
      { pattern: `${WITHIN} {n} (?:minuter|minut|min)`, unit: 'minute' },
      { pattern: `${WITHIN} en halvtimm(?:e|a)`, unit: 'minute', count: 30 },
      { pattern: `${WITHIN} {n} ?(?:timmar|timme|timma|tim|h)`, unit: 'hour' },
      { pattern: `${WITHIN} {n} dygn`, unit: 'hour', scale: 24 },
      { pattern: `${WITHIN} {n} (?:arbetstimmar|arbetstimme|kontorstimmar)`, unit: 'business_hour' },
      { pattern: `${WITHIN} {n} dagar?`, unit: 'day' },
      { pattern: `${WITHIN} {n} (?:arbetsdagar|arbetsdag|bankdagar|bankdag|vardagar|vardag)`, unit: 'business_day' },
      { pattern: `${WITHIN} {n} (?:veckor|vecka)`, unit: 'week' },
      { pattern: `${WITHIN} {n} (?:månader|månad)`, unit: 'month' },
    ],
    periodEnds: [
      { pattern: '(?:innan|före|till|senast vid) (?:arbets)?dagens slut', end: 'day' },
      {
        pattern: '(?:innan|före|till|senast i|i) slutet av (?:den här |denna )?veckan|(?:innan|före|till) veckans slut|(?:innan|före) helgen|(?:under )?(?:den här|denna) veckan',
        end: 'week',
      },
      { pattern: '(?:under |i |någon gång )?nästa vecka|(?:under )?kommande vecka', end: 'next_week' },
      { pattern: '(?:innan|före|till|i) (?:slutet av månaden|månadens slut)', end: 'month' },
    ],
  },
};
