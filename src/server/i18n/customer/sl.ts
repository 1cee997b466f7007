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
  // Ownership (domain/routing): the customer is told who now helps them after a transfer.
  transferToAgent:
    'Z vašo zahtevo {number} se zdaj ukvarja {agent} iz naše ekipe. Ničesar vam ni treba ponavljati: ves dosedanji pogovor je bil predan.',
  transferToTeam:
    'Vašo zahtevo {number} smo predali sodelavcem, ki vam lahko najbolje pomagajo. Ničesar vam ni treba ponavljati: ves dosedanji pogovor je bil predan.',
  // Feedback and recovery (domain/feedback): the survey mail and page, the check-in after a gesture.
  surveyIntro:
    'Vaša zahteva {number} je rešena. Kako zadovoljni ste s pomočjo, ki ste jo prejeli? Dovolj je en klik:',
  surveyScore1: 'Zelo slabo',
  surveyScore2: 'Slabo',
  surveyScore3: 'Povprečno',
  surveyScore4: 'Dobro',
  surveyScore5: 'Zelo dobro',
  surveyCommentLink: 'Lahko nam poveste tudi več z nekaj besedami: {url}',
  surveyTitle: 'Kako smo se odrezali?',
  surveyQuestion: 'Kako ocenjujete, kako smo obravnavali vašo zahtevo {number}?',
  surveyNpsQuestion:
    'Kako verjetno je, da bi nas priporočili prijatelju ali sodelavcu? (0 = sploh ni verjetno, 10 = zelo verjetno)',
  surveyCesQuestion: 'Kako enostavno je bilo urediti vašo zadevo? (1 = zelo težko, 7 = zelo enostavno)',
  surveyCommentLabel: 'Bi nam radi še kaj sporočili? (neobvezno)',
  surveySubmit: 'Pošlji oceno',
  surveyConfirm:
    'Izbrali ste »{choice}«. Pritisnite gumb, da pošljete oceno; prej lahko dodate komentar.',
  surveyThanks: 'Hvala! Vaša ocena je zabeležena.',
  surveyThanksLow:
    'Hvala, da ste nam povedali. Žal nam je, da nam ni uspelo; oseba iz naše ekipe vas bo kontaktirala.',
  surveyAlreadyAnswered: 'Na to anketo je bilo že odgovorjeno. Hvala za vaše mnenje!',
  surveyInvalidLink:
    'Ta povezava ni veljavna. Preverite, ali ste odprli celotno povezavo iz našega e-sporočila.',
  surveyExpired:
    'Ta anketa je zaprta. Če kaj še vedno ni v redu, preprosto odgovorite na naše e-sporočilo.',
  surveyChooseScore: 'Izberite oceno od 1 do 5.',
  checkIn:
    'Radi bi preverili, kako je z vašo zahtevo {number}: je zdaj vse v redu? Če kaj še vedno ni v redu, preprosto odgovorite na to e-sporočilo in poskrbeli bomo za to.',
  checkInVoucher: 'Za spomin: koda vašega darilnega bona je {code}.',
};
