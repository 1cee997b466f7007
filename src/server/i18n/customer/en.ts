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
};
