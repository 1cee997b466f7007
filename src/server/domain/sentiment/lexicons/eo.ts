import type { SentimentLexicon } from '../types.js';

/** Esperanto. */
export const eo: SentimentLexicon = {
  language: 'eo',
  spellingVariants: [['cx', 'ĉ'], ['gx', 'ĝ'], ['hx', 'ĥ'], ['jx', 'ĵ'], ['sx', 'ŝ'], ['ux', 'ŭ']],
  terms: {
    'bonan tagon': 0, 'bonan matenon': 0, 'bonan vesperon': 0, 'ne gravas': 1, 'neniu problemo': 1,
    'kolera*': -3, koleras: -3, 'furioz*': -3, 'indign*': -3, 'neakceptebl*': -3, 'skandal*': -3, 'terur*': -3,
    aĉa: -3, aĉaj: -3, 'neniam plu': -3, 'sufiĉas nun': -3,
    'malbon*': -2, 'seniluziig*': -2, 'seniluziiĝ*': -2, 'ĉagren*': -2, 'malkontent*': -2, 'rompit*': -2,
    'difektit*': -2, 'ne funkcias': -2, 'ankoraŭ ne': -2, 'ankoraŭ neniu': -2, 'perdiĝ*': -2, 'plend*': -2,
    'la trian fojon': -2, 'la kvaran fojon': -2, dufoje: -1, 'prokrast*': -1, 'malfru*': -1, 'mank*': -1,
    'problem*': -1, 'erar*': -1,
    'dank*': 1, 'bonega*': 3, 'mirinda*': 3, 'perfekt*': 3, 'kontent*': 2, 'ĝoj*': 2, 'afabl*': 2, 'helpem*': 2,
    'ĉio en ordo': 2, 'rapid*': 1, 'nun funkcias': 1, bona: 1, bonaj: 1, bone: 1,
  },
  negations: ['ne', 'neniam', 'neniu', 'nenio', 'sen', 'nek'],
  intensifiers: ['tre', 'vere', 'ege', 'tute', 'tiel', 'treege', 'absolute', 'plej'],
  diminishers: ['iom', 'iomete', 'malmulte'],
  contrasts: ['sed', 'tamen'],
};
