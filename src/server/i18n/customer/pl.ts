import type { CustomerTexts } from './types.js';

export const pl: CustomerTexts = {
  greeting: 'Dzień dobry,',
  greetingNamed: 'Dzień dobry {name},',
  ackSubject: 'Otrzymaliśmy Twoją wiadomość: {subject} [#{number}]',
  ackBody:
    'Dziękujemy za wiadomość. Twoje zgłoszenie ma numer {number}, a osoba z naszego zespołu odpowie {expected}. Nie musisz pisać ponownie; jeśli chcesz coś dodać, po prostu odpowiedz na tę wiadomość.',
  ackClosing: 'Z pozdrowieniami',
  byTime: 'najpóźniej w terminie: {time}',
  withinMinutes: 'w ciągu {n} minut',
  withinHours: 'w ciągu {n} godzin',
  withinDays: 'w ciągu {n} dni roboczych',
  signature: 'Obsługa klienta',
  delayPromise:
    'Obiecaliśmy: „{description}” do {due}. Zajmuje nam to więcej czasu, niż zapowiedzieliśmy — przepraszamy. Teraz spodziewamy się zakończyć do {expected}. Nie musisz nic robić; napiszemy, gdy tylko będzie gotowe.',
  delayResolution:
    'Twoje zgłoszenie {number} zajmuje więcej czasu, niż zakładaliśmy — przepraszamy. Nadal nad nim pracujemy i spodziewamy się je rozwiązać do {expected}. Nie musisz pisać ponownie; będziemy Cię informować.',
};
