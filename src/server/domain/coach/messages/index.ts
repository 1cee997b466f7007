import type { CoachMessageCatalogue } from '../rules/messages.js';
import type { CoachLanguage } from '../rules/types.js';
import { COACH_MESSAGES_BG } from './bg.js';
import { COACH_MESSAGES_EN } from './en.js';
import { COACH_MESSAGES_EO } from './eo.js';
import { COACH_MESSAGES_PL } from './pl.js';
import { COACH_MESSAGES_SL } from './sl.js';
import { COACH_MESSAGES_SV } from './sv.js';

/**
 * The coach's texts in every UI language. Adding a UI language is adding its catalogue here; a unit test
 * checks that each one has every key with the same placeholders as English.
 */
export const COACH_MESSAGES: Readonly<Record<CoachLanguage, CoachMessageCatalogue>> = {
  en: COACH_MESSAGES_EN,
  sv: COACH_MESSAGES_SV,
  pl: COACH_MESSAGES_PL,
  sl: COACH_MESSAGES_SL,
  bg: COACH_MESSAGES_BG,
  eo: COACH_MESSAGES_EO,
};
