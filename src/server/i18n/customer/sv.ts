import type { CustomerTexts } from './types.js';

export const sv: CustomerTexts = {
  greeting: 'Hej,',
  greetingNamed: 'Hej {name},',
  ackSubject: 'Vi har tagit emot ditt meddelande: {subject} [#{number}]',
  ackBody:
    'Tack för att du skriver till oss. Ditt ärende har nummer {number}, och en person i vårt team svarar dig {expected}. Du behöver inte skriva igen; vill du lägga till något räcker det att svara på det här mejlet.',
  ackClosing: 'Vänliga hälsningar',
  withinMinutes: 'inom {n} minuter',
  withinHours: 'inom {n} timmar',
  withinDays: 'inom {n} arbetsdagar',
  signature: 'Kundtjänst',
};
