import type { Language } from '../../../db/schema.js';
import { bg } from './bg.js';
import { en } from './en.js';
import { eo } from './eo.js';
import { pl } from './pl.js';
import { sl } from './sl.js';
import { sv } from './sv.js';
import type { CommitmentLexicon } from './types.js';

export type { CommitmentLexicon } from './types.js';

/** One lexicon per supported language: adding a language is adding its data file here. */
export const COMMITMENT_LEXICONS: Readonly<Record<Language, CommitmentLexicon>> = { en, sv, pl, sl, bg, eo };
