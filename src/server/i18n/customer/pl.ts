import type { CustomerTexts } from './types.js';

export const pl: CustomerTexts = {
  greeting: 'Dzień dobry,',
  greetingNamed: 'Dzień dobry {name},',
  ackSubject: 'Otrzymaliśmy Twoją wiadomość: {subject} [#{number}]',
  ackBody:
    'Dziękujemy za wiadomość. Twoje zgłoszenie ma numer {number}, a osoba z naszego zespołu odpowie {expected}. Nie musisz pisać ponownie; jeśli chcesz coś dodać, po prostu odpowiedz na tę wiadomość.',
  ackClosing: 'Z pozdrowieniami',
  withinMinutes: 'w ciągu {n} minut',
  withinHours: 'w ciągu {n} godzin',
  withinDays: 'w ciągu {n} dni roboczych',
  signature: 'Obsługa klienta',
};
