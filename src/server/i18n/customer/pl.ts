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
  // Ownership (domain/routing): the customer is told who now helps them after a transfer.
  transferToAgent:
    'Twoim zgłoszeniem {number} zajmuje się teraz {agent} z naszego zespołu. Nie musisz niczego powtarzać: cała dotychczasowa rozmowa została przekazana.',
  transferToTeam:
    'Twoje zgłoszenie {number} zostało przekazane współpracownikom, którzy najlepiej mogą Ci pomóc. Nie musisz niczego powtarzać: cała dotychczasowa rozmowa została przekazana.',
  // Feedback and recovery (domain/feedback): the survey mail and page, the check-in after a gesture.
  surveyIntro:
    'Twoje zgłoszenie {number} zostało rozwiązane. Jak oceniasz otrzymaną pomoc? Wystarczy jedno kliknięcie:',
  surveyScore1: 'Bardzo źle',
  surveyScore2: 'Źle',
  surveyScore3: 'Przeciętnie',
  surveyScore4: 'Dobrze',
  surveyScore5: 'Bardzo dobrze',
  surveyCommentLink: 'Możesz też napisać nam kilka słów: {url}',
  surveyTitle: 'Jak nam poszło?',
  surveyQuestion: 'Jak oceniasz sposób, w jaki zajęliśmy się Twoim zgłoszeniem {number}?',
  surveyNpsQuestion:
    'Jak prawdopodobne jest, że polecisz nas znajomemu lub współpracownikowi? (0 = zupełnie nieprawdopodobne, 10 = bardzo prawdopodobne)',
  surveyCesQuestion: 'Jak łatwo było załatwić Twoją sprawę? (1 = bardzo trudno, 7 = bardzo łatwo)',
  surveyCommentLabel: 'Czy chcesz nam coś przekazać? (opcjonalnie)',
  surveySubmit: 'Wyślij ocenę',
  surveyConfirm:
    'Wybrano: „{choice}”. Naciśnij przycisk, aby wysłać ocenę; wcześniej możesz dodać komentarz.',
  surveyThanks: 'Dziękujemy! Twoja ocena została zapisana.',
  surveyThanksLow:
    'Dziękujemy, że nam o tym mówisz. Przykro nam, że nie stanęliśmy na wysokości zadania; ktoś z naszego zespołu skontaktuje się z Tobą.',
  surveyAlreadyAnswered: 'Ta ankieta została już wypełniona. Dziękujemy za opinię!',
  surveyInvalidLink: 'Ten link jest nieprawidłowy. Sprawdź, czy otwarto cały link z naszej wiadomości.',
  surveyExpired:
    'Ta ankieta jest już zamknięta. Jeśli coś nadal jest nie tak, po prostu odpowiedz na naszą wiadomość.',
  surveyChooseScore: 'Wybierz ocenę od 1 do 5.',
  checkIn:
    'Chcieliśmy zapytać o Twoje zgłoszenie {number}: czy wszystko jest już w porządku? Jeśli coś nadal jest nie tak, po prostu odpowiedz na tę wiadomość, a zajmiemy się tym.',
  checkInVoucher: 'Przypominamy, że Twój kod vouchera to {code}.',
};
