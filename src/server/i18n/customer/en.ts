import type { CustomerTexts } from './types.js';

export const en: CustomerTexts = {
  greeting: 'Hello,',
  greetingNamed: 'Hello {name},',
  ackSubject: 'We received your message: {subject} [#{number}]',
  ackBody:
    'Thank you for writing to us. Your request has the number {number}, and a person from our team will answer you {expected}. You do not need to write again; if you want to add something, simply reply to this email.',
  ackClosing: 'Kind regards,',
  withinMinutes: 'within {n} minutes',
  withinHours: 'within {n} hours',
  withinDays: 'within {n} business days',
  signature: 'Customer service',
};
