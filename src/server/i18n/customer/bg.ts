import type { CustomerTexts } from './types.js';

export const bg: CustomerTexts = {
  greeting: 'Здравейте,',
  greetingNamed: 'Здравейте, {name},',
  ackSubject: 'Получихме вашето съобщение: {subject} [#{number}]',
  ackBody:
    'Благодарим ви, че ни писахте. Вашето запитване е с номер {number} и човек от нашия екип ще ви отговори {expected}. Не е нужно да пишете отново; ако искате да добавите нещо, просто отговорете на този имейл.',
  ackClosing: 'С уважение',
  withinMinutes: 'до {n} минути',
  withinHours: 'до {n} часа',
  withinDays: 'до {n} работни дни',
  signature: 'Обслужване на клиенти',
};
