import type { CustomerTexts } from './types.js';

export const eo: CustomerTexts = {
  greeting: 'Saluton,',
  greetingNamed: 'Saluton {name},',
  ackSubject: 'Ni ricevis vian mesaĝon: {subject} [#{number}]',
  ackBody:
    'Dankon pro via mesaĝo. Via peto havas la numeron {number}, kaj homo el nia teamo respondos al vi {expected}. Vi ne bezonas skribi denove; se vi volas aldoni ion, simple respondu al ĉi tiu retletero.',
  ackClosing: 'Korajn salutojn',
  byTime: 'ĝis {time}',
  withinMinutes: 'ene de {n} minutoj',
  withinHours: 'ene de {n} horoj',
  withinDays: 'ene de {n} labortagoj',
  signature: 'Klientservo',
  delayPromise:
    'Ni promesis al vi „{description}“ ĝis {due}. Ĝi daŭras pli longe ol ni diris, kaj ni bedaŭras tion. Nun ni atendas fini ĝin ĝis {expected}. Vi faru nenion; ni skribos al vi tuj kiam ĝi estos farita.',
  delayResolution:
    'Via peto {number} daŭras pli longe ol ni atendis, kaj ni bedaŭras tion. Ni ankoraŭ laboras pri ĝi kaj nun atendas solvi ĝin ĝis {expected}. Vi ne bezonas skribi denove; ni tenos vin informita.',
};
