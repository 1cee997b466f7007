import type { SentimentLexicon } from '../types.js';

/** Slovenian. */
export const sl: SentimentLexicon = {
  language: 'sl',
  terms: {
    'dober dan': 0, 'dobro jutro': 0, 'dober večer': 0, 'ni problema': 1, 'nič hudega': 1,
    jezen: -3, jezna: -3, jezni: -3, besen: -3, besna: -3, 'ogorčen*': -3, 'nesprejemljiv*': -3, 'škandal*': -3,
    'grozn*': -3, 'katastrof*': -3, 'obupn*': -3, 'sit do grla': -3, 'dovolj imam': -3, 'nikoli več': -3,
    'razočaran*': -2, 'razburjen*': -2, 'nezadovoljn*': -2, 'slab*': -2, 'pokvarjen*': -2, 'poškodovan*': -2,
    'razbit*': -2, 'ne deluje': -2, 'ne dela': -2, 'še vedno ne': -2, 'še vedno ni': -2, 'še vedno nisem': -2,
    'izgubljen*': -2, 'pritožb*': -2, 'že tretjič': -2, 'že četrtič': -2, dvakrat: -1, 'zamud*': -1, 'zamuja*': -1,
    'manjka*': -1, 'težav*': -1, 'napak*': -1, 'problem*': -1,
    hvala: 1, 'odličn*': 3, super: 2, 'čudovit*': 3, 'fantastičn*': 3, popolna: 2, popolno: 2, 'zadovoljn*': 2,
    'vesel*': 2, 'prijazn*': 2, 'vse v redu': 2, najlepša: 1, 'hitr*': 1, 'zdaj deluje': 1, 'dobr*': 1, lep: 1,
  },
  negations: ['ne', 'ni', 'nisem', 'nismo', 'niso', 'niste', 'nikoli', 'brez', 'noben', 'nobena', 'nobeno'],
  intensifiers: ['zelo', 'res', 'izjemno', 'popolnoma', 'čisto', 'tako', 'strašno', 'povsem', 'najbolj'],
  diminishers: ['malo', 'nekoliko', 'rahlo', 'precej'],
  contrasts: ['ampak', 'vendar', 'toda', 'pa'],
};
