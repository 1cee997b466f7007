import type { Language } from '../../db/schema.js';
import type { CustomerTexts } from './types.js';
import { en } from './en.js';
import { sv } from './sv.js';
import { pl } from './pl.js';
import { sl } from './sl.js';
import { bg } from './bg.js';
import { eo } from './eo.js';

export type { CustomerTexts } from './types.js';

export const CUSTOMER_TEXTS: Record<Language, CustomerTexts> = { en, sv, pl, sl, bg, eo };

export function customerTexts(language: string | null | undefined): CustomerTexts {
  return CUSTOMER_TEXTS[(language ?? 'en') as Language] ?? en;
}

export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}
