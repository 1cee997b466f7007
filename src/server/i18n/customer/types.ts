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
  /** After a transfer to a person: {agent} (their name), {number}. */
  transferToAgent: string;
  /** After a transfer to a team, before anyone in it took the conversation: {number}. */
  transferToTeam: string;
  /** Survey mail (domain/feedback/survey-mail.ts): {number}; one line per score follows. */
  surveyIntro: string;
  surveyScore1: string;
  surveyScore2: string;
  surveyScore3: string;
  surveyScore4: string;
  surveyScore5: string;
  /** {url}: the survey page, for a comment. */
  surveyCommentLink: string;
  /** Survey page (domain/feedback/survey-page.ts). */
  surveyTitle: string;
  /** {number} */
  surveyQuestion: string;
  surveyNpsQuestion: string;
  surveyCesQuestion: string;
  surveyCommentLabel: string;
  surveySubmit: string;
  /** {choice}: the label of the score chosen by a one-click link. */
  surveyConfirm: string;
  surveyThanks: string;
  surveyThanksLow: string;
  surveyAlreadyAnswered: string;
  surveyInvalidLink: string;
  surveyExpired: string;
  surveyChooseScore: string;
  /** Check-in after a goodwill gesture: {number}. */
  checkIn: string;
  /** {code} */
  checkInVoucher: string;
}
