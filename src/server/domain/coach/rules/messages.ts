import { COACH_MESSAGES_EN } from '../messages/en.js';

/**
 * The coach's texts are keyed, one catalogue per UI language in `../messages/<lang>.ts`. Values may contain
 * `{name}` placeholders filled from a finding's params.
 */
export { COACH_MESSAGES_EN };

export type CoachMessageKey = keyof typeof COACH_MESSAGES_EN;
export type CoachMessageCatalogue = Record<CoachMessageKey, string>;

/** Renders a message, replacing `{name}` with params; unknown placeholders are left as they are. */
export function renderCoachMessage(
  key: CoachMessageKey,
  params: Record<string, string> = {},
  catalogue: CoachMessageCatalogue = COACH_MESSAGES_EN,
): string {
  return catalogue[key].replace(/\{(\w+)\}/g, (placeholder, name: string) => params[name] ?? placeholder);
}
