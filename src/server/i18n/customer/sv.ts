import type { CustomerTexts } from './types.js';

export const sv: CustomerTexts = {
  greeting: 'Hej,',
  greetingNamed: 'Hej {name},',
  ackSubject: 'Vi har tagit emot ditt meddelande: {subject} [#{number}]',
  ackBody:
    'Tack för att du skriver till oss. Ditt ärende har nummer {number}, och en person i vårt team svarar dig {expected}. Du behöver inte skriva igen; vill du lägga till något räcker det att svara på det här mejlet.',
  ackClosing: 'Vänliga hälsningar',
  byTime: 'senast {time}',
  withinMinutes: 'inom {n} minuter',
  withinHours: 'inom {n} timmar',
  withinDays: 'inom {n} arbetsdagar',
  signature: 'Kundtjänst',
  delayPromise:
    'Vi lovade dig ”{description}” senast {due}. Det tar längre tid än vi sa, och det ber vi om ursäkt för. Vi räknar nu med att vara klara senast {expected}. Du behöver inte göra något; vi hör av oss så snart det är klart.',
  delayResolution:
    'Ditt ärende {number} tar längre tid än vi räknade med, och det ber vi om ursäkt för. Vi arbetar fortfarande med det och räknar nu med att ha löst det senast {expected}. Du behöver inte skriva igen; vi håller dig informerad.',
  // Ownership (domain/routing): the customer is told who now helps them after a transfer.
  transferToAgent:
    '{agent} i vårt team tar nu hand om ditt ärende {number}. Du behöver inte upprepa något: hela konversationen hittills har lämnats över.',
  transferToTeam:
    'Ditt ärende {number} har lämnats över till de kollegor som bäst kan hjälpa dig. Du behöver inte upprepa något: hela konversationen hittills har lämnats över.',
  // Feedback and recovery (domain/feedback): the survey mail and page, the check-in after a gesture.
  surveyIntro: 'Ditt ärende {number} är löst. Hur nöjd är du med hjälpen du fick? Ett klick räcker:',
  surveyScore1: 'Mycket missnöjd',
  surveyScore2: 'Missnöjd',
  surveyScore3: 'Varken nöjd eller missnöjd',
  surveyScore4: 'Nöjd',
  surveyScore5: 'Mycket nöjd',
  surveyCommentLink: 'Du kan också berätta mer med några ord: {url}',
  surveyTitle: 'Hur var vår hjälp?',
  surveyQuestion: 'Hur nöjd är du med hur vi hanterade ditt ärende {number}?',
  surveyNpsQuestion:
    'Hur troligt är det att du skulle rekommendera oss till en vän eller kollega? (0 = inte alls troligt, 10 = mycket troligt)',
  surveyCesQuestion:
    'Hur enkelt var det att få hjälp med ditt ärende? (1 = mycket svårt, 7 = mycket enkelt)',
  surveyCommentLabel: 'Vill du berätta något mer? (frivilligt)',
  surveySubmit: 'Skicka mitt betyg',
  surveyConfirm:
    'Du valde ”{choice}”. Tryck på knappen för att skicka ditt betyg; du kan först lägga till en kommentar.',
  surveyThanks: 'Tack! Ditt betyg har registrerats.',
  surveyThanksLow:
    'Tack för att du berättar. Vi beklagar att vi inte gjorde det bra nog; en person från vårt team kommer att kontakta dig.',
  surveyAlreadyAnswered: 'Den här enkäten är redan besvarad. Tack för din återkoppling!',
  surveyInvalidLink: 'Länken är inte giltig. Kontrollera att du öppnade hela länken från vårt mejl.',
  surveyExpired:
    'Den här enkäten är stängd. Om något fortfarande inte stämmer kan du bara svara på vårt mejl.',
  surveyChooseScore: 'Välj ett betyg från 1 till 5.',
  checkIn:
    'Vi ville höra hur det går med ditt ärende {number}: är allt i ordning nu? Om något fortfarande inte stämmer kan du bara svara på det här mejlet, så tar vi hand om det.',
  checkInVoucher: 'Som påminnelse: koden till ditt värdebevis är {code}.',
};
