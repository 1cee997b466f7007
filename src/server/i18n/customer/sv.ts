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
};
