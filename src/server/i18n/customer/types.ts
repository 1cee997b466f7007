/**
 * Texts Servisto writes to customers on its own. One file per language; adding a language is a new file with
 * the same keys (a unit test checks that every language has every key). Placeholders: {name}, {number},
 * {subject}, {expected}.
 */
export interface CustomerTexts {
  greeting: string;
  greetingNamed: string;
  ackSubject: string;
  ackBody: string;
  ackClosing: string;
  /** "by {time}": when the expected answer is further than a few hours away (outside business hours, long queue). */
  byTime: string;
  /** "within {n} minutes/hours/business days" */
  withinMinutes: string;
  withinHours: string;
  withinDays: string;
  signature: string;
  /** Proactive delay notice for a promise: {description}, {due}, {expected}. */
  delayPromise: string;
  /** Proactive delay notice for a resolution target: {number}, {expected}. */
  delayResolution: string;
}
