import type { SentimentLexicon } from '../types.js';

/** Swedish. */
export const sv: SentimentLexicon = {
  language: 'sv',
  terms: {
    'god morgon': 0, 'god dag': 0, 'god kväll': 0, 'ingen fara': 1, 'inga problem': 1,
    arg: -3, arga: -3, förbannad: -3, förbannade: -3, rasande: -3, oacceptabelt: -3, 'skandal*': -3, 'bedrövlig*': -3,
    'värdelös*': -3, 'katastrof*': -3, sämst: -3, usel: -3, uselt: -3, 'trött på': -3, 'less på': -3, 'aldrig mer': -3,
    'löjlig*': -2, '*besviken': -2, '*besvikna': -2, 'besvikelse': -2, 'frustrer*': -2, 'irriter*': -2, 'upprörd*': -2,
    'missnöjd*': -2, 'dålig*': -2, 'trasig*': -2, sönder: -2, 'skadad*': -2, 'fungerar inte': -2, 'funkar inte': -2,
    'fortfarande inte': -2, 'fortfarande ingen': -2, 'fortfarande inget': -2, 'kom aldrig': -2, 'aldrig kommit': -2,
    'tredje gången': -2, 'fjärde gången': -2, 'klag*': -2, 'inte okej': -2, 'inte ok': -2, 'två gånger': -1,
    fel: -1, 'försen*': -1, saknas: -1, borta: -1, 'problem*': -1, 'krångl*': -1, 'strul*': -1,
    'tack*': 1, 'toppen*': 3, 'underbar*': 3, 'fantastisk*': 3, 'perfekt*': 3, jättebra: 3, 'utmärkt*': 3, 'älskar': 3,
    'nöjd*': 2, glad: 2, glada: 2, 'hjälpsam*': 2, 'uppskatta*': 2, 'smidig*': 2, 'allt är bra': 2, bra: 1,
    'snabb*': 1, 'trevlig*': 1, löst: 1, 'fungerar nu': 1, 'funkar nu': 1,
  },
  negations: ['inte', 'ej', 'aldrig', 'ingen', 'inget', 'inga', 'utan', 'knappast'],
  intensifiers: ['väldigt', 'mycket', 'riktigt', 'så', 'otroligt', 'helt', 'verkligen', 'extremt', 'jätte', 'supert'],
  diminishers: ['lite', 'något', 'ganska', 'lätt'],
  contrasts: ['men', 'dock', 'fast'],
};
