import type { CustomerTexts } from './types.js';

export const sl: CustomerTexts = {
  greeting: 'Pozdravljeni,',
  greetingNamed: 'Pozdravljeni, {name},',
  ackSubject: 'Prejeli smo vaše sporočilo: {subject} [#{number}]',
  ackBody:
    'Hvala, ker ste nam pisali. Vaša zahteva ima številko {number}, oseba iz naše ekipe vam bo odgovorila {expected}. Ponovno vam ni treba pisati; če želite kaj dodati, preprosto odgovorite na to sporočilo.',
  ackClosing: 'Lep pozdrav',
  byTime: 'najkasneje do: {time}',
  withinMinutes: 'v {n} minutah',
  withinHours: 'v {n} urah',
  withinDays: 'v {n} delovnih dneh',
  signature: 'Služba za stranke',
  delayPromise:
    'Obljubili smo vam »{description}« do {due}. Traja dlje, kot smo rekli, za kar se opravičujemo. Zdaj pričakujemo, da bo urejeno do {expected}. Ničesar vam ni treba storiti; pisali vam bomo takoj, ko bo urejeno.',
  delayResolution:
    'Vaša zahteva {number} traja dlje, kot smo pričakovali, za kar se opravičujemo. Še vedno delamo na njej in zdaj pričakujemo, da bo rešena do {expected}. Ni vam treba pisati znova; sproti vas bomo obveščali.',
};
