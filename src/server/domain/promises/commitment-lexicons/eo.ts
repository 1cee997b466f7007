import type { CommitmentLexicon } from './types.js';

const WITHIN = '(?:ene de|en|dum la (?:venontaj|sekvaj|proksimaj)|en la (?:venontaj|sekvaj|proksimaj)|malpli ol|ne pli ol|post)';
const ACCUSATIVE = '(?:o|on|oj|ojn)';

/** Esperanto. Every future verb ends in -os, so "mi/ni … -os" is a promise and "vi ricevos" is "you will receive". */
export const eo: CommitmentLexicon = {
  language: 'eo',
  abbreviations: ['ekz.', 'k.t.p.', 'ktp.', 't.e.', 'n-ro.', 'tel.', 's-ro.', 's-ino.'],
  commitments: [
    '(?<!(?:al|de|por|kun|pri|ĉe|el) )(?:mi|ni) (?:\\p{L}+ ){0,2}?\\p{L}{2,}os',
    'vi (?:\\p{L}+ ){0,2}?(?:ricevos|havos|aŭdos|vidos|trovos)',
  ],
  // Someone else's future; "vi devos sendi" (you will have to send) is not ours.
  thirdPersonFuture: ['(?<!(?<![\\p{L}])(?:vi|mi|ni) (?:\\p{L}+ ){0,2})\\p{L}{2,}os'],
  nonCommitments: ['(?:mi|ni) (?:\\p{L}+ )?estos (?:en ferio|for|malsana|nedisponebla|fermit*)', '(?:mi|ni) (?:\\p{L}+ )?(?:devos|bezonos)'],
  negations: ['ne', 'neniam'],
  conditions: ['se', 'kondiĉe ke', 'okaze ke', 'kiam (?:vi|ni ricevos)', 'tuj kiam (?:vi|ni ricevos)', 'post kiam (?:vi|ni ricevos)', 'escepte se'],
  questionStarts: ['ĉu'],
  clauseJoiners: ['kaj', 'sed', 'kaj poste'],
  kinds: {
    call_back: ['revok*', 'vok*', 'telefon(?:os|i|as|u|os)', 'telefonvok*', 'alvok*'],
    refund: ['repag*', 'redon* (?:al vi )?(?:la )?mon*', 'mon(?:o|on)', 'kreditig*', 'rembur*'],
    fix: ['ripar*', 'korekt*', 'solv*', 'forig* (?:la )?(?:eraro|problemo|difekto)*'],
    update: ['inform*', 'sciig*', 'respond*', 'ĝisdatig*', 'konfirm*', 'novaĵ*', 'kontakt*'],
    send: ['send*', 'liver*', 'pakaĵ*', 'retpoŝt*', 'retmesaĝ*', 'faktur*', 'ricevos'],
  },
  numbers: { unu: 1, du: 2, tri: 3, kvar: 4, kvin: 5, ses: 6, sep: 7, ok: 8, naŭ: 9, dek: 10, 'dudek kvar': 24, 'kvardek ok': 48 },
  time: {
    twelveHourClock: false,
    numericDates: 'day-month',
    datePrefixes: ['ĝis', 'je', 'en', 'antaŭ', 'plej malfrue', 'plej laste', 'la', 'ĉi tiu', 'ĉi tiun', 'proksim*', 'jam'],
    nextModifiers: ['venont*', 'sekv*'],
    days: [
      { pattern: 'hodiaŭ|ankoraŭ hodiaŭ|ĉi-tage|dum la tago', offset: 0 },
      { pattern: 'ĉi-vespere|ĉi vespere|ĉi-nokte', offset: 0, part: 'evening' },
      { pattern: 'ĉi-posttagmeze|ĉi posttagmeze', offset: 0, part: 'afternoon' },
      { pattern: 'ĉi-matene|ĉi matene', offset: 0, part: 'morning' },
      { pattern: 'morgaŭ', offset: 1 },
      { pattern: 'postmorgaŭ', offset: 2 },
    ],
    partsOfDay: [
      { pattern: 'matene|antaŭtagmeze|en la mateno', part: 'morning' },
      { pattern: 'posttagmeze|en la posttagmezo', part: 'afternoon' },
      { pattern: 'vespere|en la vespero', part: 'evening' },
    ],
    weekdays: ['lund(?:o|on|e)', 'mard(?:o|on|e)', 'merkred(?:o|on|e)', 'ĵaŭd(?:o|on|e)', 'vendred(?:o|on|e)', 'sabat(?:o|on|e)', 'dimanĉ(?:o|on|e)'],
    months: [
      `januar${ACCUSATIVE}`,
      `februar${ACCUSATIVE}`,
      `mart${ACCUSATIVE}`,
      `april${ACCUSATIVE}`,
      `maj${ACCUSATIVE}`,
      `juni${ACCUSATIVE}`,
      `juli${ACCUSATIVE}`,
      `a(?:ŭ|u)gust${ACCUSATIVE}`,
      `septembr${ACCUSATIVE}`,
      `oktobr${ACCUSATIVE}`,
      `novembr${ACCUSATIVE}`,
      `decembr${ACCUSATIVE}`,
    ],
    dates: ['(?:la )?{d}(?:-?an|-?a)? (?:de )?{month}(?: {y})?'],
    clock: [
      { pattern: '(?:je|ĝis|antaŭ|ĉirkaŭ|plej malfrue je|plej malfrue ĝis) (?:la )?{h}(?:-?an|-?a)(?: horo)?' },
      { pattern: '(?:je|ĝis|antaŭ|ĉirkaŭ|plej malfrue je|plej malfrue ĝis) (?:la )?{h}[:.]{m}(?: horo)?' },
      { pattern: '(?:je|ĝis|antaŭ|ĉirkaŭ) (?:la )?tagmezo', fixed: '12:00' },
      { pattern: 'inter (?:la )?\\d{1,2}(?:-?a|[:.]\\d{2})? kaj (?:la )?{h}(?:-?a|[:.]{m})(?: horo)?' },
    ],
    durations: [
      { pattern: `${WITHIN} {n} minuto(?:j|jn)?`, unit: 'minute' },
      { pattern: '(?:ene de|post|en) duonhoro', unit: 'minute', count: 30 },
      { pattern: `${WITHIN} {n} horo(?:j|jn)?`, unit: 'hour' },
      { pattern: '(?:ene de|post|en) horo', unit: 'hour', count: 1 },
      { pattern: `${WITHIN} {n} (?:laborhoro(?:j|jn)?|laboraj horoj|laborajn horojn)`, unit: 'business_hour' },
      { pattern: `${WITHIN} {n} tago(?:j|jn)?`, unit: 'day' },
      { pattern: `${WITHIN} {n} (?:labortago(?:j|jn)?|laboraj tagoj|laborajn tagojn)`, unit: 'business_day' },
      { pattern: `${WITHIN} {n} semajno(?:j|jn)?`, unit: 'week' },
      { pattern: '(?:ene de|post|en) semajno', unit: 'week', count: 1 },
      { pattern: `${WITHIN} {n} monato(?:j|jn)?`, unit: 'month' },
    ],
    periodEnds: [
      { pattern: '(?:ĝis|antaŭ) la fino de (?:la |ĉi tiu |la hodiaŭa )?(?:labor)?tago', end: 'day' },
      { pattern: '(?:ĝis|antaŭ) la fino de (?:la |ĉi tiu )?semajno|antaŭ la semajnfino|ĉi-semajne|ĉi semajne|(?:dum |en )?ĉi tiu semajno', end: 'week' },
      { pattern: '(?:en |dum )?la (?:venonta|sekva) semajno|venontsemajne|(?:dum )?la (?:venontan|sekvan) semajnon', end: 'next_week' },
      { pattern: '(?:ĝis|antaŭ) la fino de (?:la |ĉi tiu )?monato', end: 'month' },
    ],
  },
};
