import type { LexiconPattern } from './types.js';

/**
 * Language-independent data: written the same way in all six languages, so kept out of the lexicons.
 */

/** Clock times and dates: "14:00", "14.00", "14/3", "14.03.2025", "2025-03-14". */
export const UNIVERSAL_TIMES: readonly LexiconPattern[] = [
  '\\d{1,2}[:.]\\d{2}',
  '\\d{1,2}[./]\\d{1,2}(?:[./](?:\\d{4}|\\d{2}))?\\.?',
  '\\d{4}-\\d{2}-\\d{2}',
];

/** Acronyms known to customers everywhere: units, currencies, carriers, file and message types. */
export const UNIVERSAL_ACRONYMS: readonly string[] = [
  'OK', 'PDF', 'SMS', 'MMS', 'PIN', 'ID', 'EU', 'UN', 'TV', 'PC', 'USB', 'GPS', 'DVD', 'CD', 'AM', 'PM',
  'UTC', 'GMT', 'CET', 'CEST', 'EUR', 'USD', 'GBP', 'SEK', 'PLN', 'BGN', 'CHF', 'NOK', 'DKK', 'IBAN',
  'VAT', 'FAQ', 'ASAP', 'IT', 'AI', 'HD', 'LED', 'VIP', 'PS', 'NB', 'DHL', 'UPS', 'DPD', 'GLS', 'TNT', 'ATM', 'QR', 'XL', 'XXL', 'KG',
];
