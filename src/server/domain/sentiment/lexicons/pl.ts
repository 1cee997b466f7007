import type { SentimentLexicon } from '../types.js';

/** Polish. */
export const pl: SentimentLexicon = {
  language: 'pl',
  terms: {
    'dzień dobry': 0, 'dobry wieczór': 0, 'nie ma problemu': 1, 'nie szkodzi': 1,
    'wściek*': -3, 'skandal*': -3, 'niedopuszczaln*': -3, 'żenując*': -3, 'fataln*': -3, 'okropn*': -3,
    'beznadziejn*': -3, 'tragiczn*': -3, 'oszust*': -3, 'mam dość': -3, 'nigdy więcej': -3, 'kpina': -3,
    'rozczarowan*': -2, 'zawiedzion*': -2, 'zdenerwowan*': -2, 'zirytowan*': -2, 'frustruj*': -2,
    'niezadowolon*': -2, zły: -2, zła: -2, złe: -2, 'uszkodzon*': -2, 'zepsut*': -2, 'zniszczon*': -2, 'rozbit*': -2,
    'nie działa*': -2, 'nadal nie': -2, 'wciąż nie': -2, 'dalej nie': -2, 'nie dotarł*': -2, 'nie doszł*': -2,
    'nie przyszł*': -2, 'zagin*': -2, 'skarg*': -2, 'po raz trzeci': -2, 'po raz czwarty': -2, 'po raz kolejny': -2,
    'dwa razy': -1, dwukrotnie: -1, 'opóźni*': -1, 'spóźni*': -1, 'brak*': -1, 'problem*': -1, błąd: -1, 'błęd*': -1,
    'reklamacj*': -1,
    'dziękuj*': 1, dzięki: 1, 'świetn*': 3, super: 2, 'doskonał*': 3, 'wspaniał*': 3, 'rewelacyjn*': 3, polecam: 3,
    'idealn*': 2, 'zadowolon*': 2, 'szczęśliw*': 2, miło: 2, miły: 2, miła: 2, 'pomocn*': 2, 'dobra robota': 2,
    'wszystko gra': 2, 'dobr*': 1, 'szybk*': 1, 'już działa': 1,
  },
  negations: ['nie', 'nigdy', 'bez', 'żaden', 'żadna', 'żadne', 'ani'],
  intensifiers: ['bardzo', 'naprawdę', 'strasznie', 'totalnie', 'kompletnie', 'zupełnie', 'tak', 'niesamowicie', 'mega'],
  diminishers: ['trochę', 'nieco', 'lekko', 'dość'],
  contrasts: ['ale', 'jednak', 'lecz', 'natomiast'],
};
