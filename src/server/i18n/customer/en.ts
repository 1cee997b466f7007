import type { CustomerTexts } from './types.js';

export const en: CustomerTexts = {
  greeting: 'Hello,',
  greetingNamed: 'Hello {name},',
  ackSubject: 'We received your message: {subject} [#{number}]',
  ackBody:
    'Thank you for writing to us. Your request has the number {number}, and a person from our team will answer you {expected}. You do not need to write again; if you want to add something, simply reply to this email.',
  ackClosing: 'Kind regards,',
  byTime: 'by {time}',
  withinMinutes: 'within {n} minutes',
  withinHours: 'within {n} hours',
  withinDays: 'within {n} business days',
  signature: 'Customer service',
  delayPromise:
    'We promised you “{description}” by {due}. It is taking us longer than we said, and we are sorry. We now expect to have it done by {expected}. You do not need to do anything; we will write to you as soon as it is done.',
  delayResolution:
    'Your request {number} is taking longer than we expected, and we are sorry. We are still working on it and now expect to have it resolved by {expected}. You do not need to write again; we will keep you informed.',
  // Ownership (domain/routing): the customer is told who now helps them after a transfer.
  transferToAgent:
    '{agent} from our team is now looking after your request {number}. You do not need to repeat anything: the whole conversation so far has been handed over.',
  transferToTeam:
    'Your request {number} has been passed to the colleagues best placed to help you. You do not need to repeat anything: the whole conversation so far has been handed over.',
  // Feedback and recovery (domain/feedback): the survey mail and page, the check-in after a gesture.
  surveyIntro:
    'Your request {number} is solved. How satisfied are you with the help you received? One click is enough:',
  surveyScore1: 'Very dissatisfied',
  surveyScore2: 'Dissatisfied',
  surveyScore3: 'Neither satisfied nor dissatisfied',
  surveyScore4: 'Satisfied',
  surveyScore5: 'Very satisfied',
  surveyCommentLink: 'You can also tell us more in a few words: {url}',
  surveyTitle: 'How did we do?',
  surveyQuestion: 'How satisfied are you with how we handled your request {number}?',
  surveyNpsQuestion:
    'How likely is it that you would recommend us to a friend or colleague? (0 = not at all likely, 10 = extremely likely)',
  surveyCesQuestion: 'How easy was it to get your matter handled? (1 = very difficult, 7 = very easy)',
  surveyCommentLabel: 'Anything you want to tell us? (optional)',
  surveySubmit: 'Send my rating',
  surveyConfirm:
    'You chose “{choice}”. Press the button to send your rating; you can add a comment first.',
  surveyThanks: 'Thank you! Your rating has been recorded.',
  surveyThanksLow:
    'Thank you for telling us. We are sorry we did not get it right; a person from our team will get in touch with you.',
  surveyAlreadyAnswered: 'This survey has already been answered. Thank you for your feedback!',
  surveyInvalidLink:
    'This link is not valid. Please check that you opened the whole link from our email.',
  surveyExpired: 'This survey has closed. If something is still not right, simply reply to our email.',
  surveyChooseScore: 'Please choose a rating from 1 to 5.',
  checkIn:
    'We wanted to check in on your request {number}: is everything in order now? If anything is still not right, simply reply to this email and we will take care of it.',
  checkInVoucher: 'As a reminder, your voucher code is {code}.',
};
