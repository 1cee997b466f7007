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
  // Ownership (domain/routing): the customer is told who now helps them after a transfer.
  transferToAgent:
    '{agent} el nia teamo nun prizorgas vian peton {number}. Vi ne bezonas ripeti ion ajn: la tuta ĝisnuna konversacio estas transdonita.',
  transferToTeam:
    'Via peto {number} estis transdonita al la kolegoj, kiuj plej bone povas helpi vin. Vi ne bezonas ripeti ion ajn: la tuta ĝisnuna konversacio estas transdonita.',
  // Feedback and recovery (domain/feedback): the survey mail and page, the check-in after a gesture.
  surveyIntro:
    'Via peto {number} estas solvita. Kiom kontenta vi estas pri la helpo, kiun vi ricevis? Sufiĉas unu klako:',
  surveyScore1: 'Tre malkontenta',
  surveyScore2: 'Malkontenta',
  surveyScore3: 'Nek kontenta nek malkontenta',
  surveyScore4: 'Kontenta',
  surveyScore5: 'Tre kontenta',
  surveyCommentLink: 'Vi ankaŭ povas rakonti al ni pli per kelkaj vortoj: {url}',
  surveyTitle: 'Kiel ni sukcesis?',
  surveyQuestion: 'Kiom kontenta vi estas pri kiel ni traktis vian peton {number}?',
  surveyNpsQuestion:
    'Kiom verŝajne vi rekomendus nin al amiko aŭ kolego? (0 = tute ne verŝajne, 10 = ege verŝajne)',
  surveyCesQuestion: 'Kiom facile estis aranĝi vian aferon? (1 = tre malfacile, 7 = tre facile)',
  surveyCommentLabel: 'Ĉu vi volas diri ion al ni? (nedeviga)',
  surveySubmit: 'Sendi mian takson',
  surveyConfirm:
    'Vi elektis „{choice}“. Premu la butonon por sendi vian takson; antaŭe vi povas aldoni komenton.',
  surveyThanks: 'Dankon! Via takso estas registrita.',
  surveyThanksLow:
    'Dankon, ke vi diris tion al ni. Ni bedaŭras, ke ni ne sukcesis; persono el nia teamo kontaktos vin.',
  surveyAlreadyAnswered: 'Al ĉi tiu enketo jam estis respondite. Dankon pro via opinio!',
  surveyInvalidLink:
    'Ĉi tiu ligilo ne validas. Bonvolu kontroli, ke vi malfermis la tutan ligilon el nia retmesaĝo.',
  surveyExpired:
    'Ĉi tiu enketo estas fermita. Se io ankoraŭ ne estas en ordo, simple respondu al nia retmesaĝo.',
  surveyChooseScore: 'Bonvolu elekti takson de 1 ĝis 5.',
  checkIn:
    'Ni volis demandi pri via peto {number}: ĉu ĉio nun estas en ordo? Se io ankoraŭ ne estas en ordo, simple respondu al ĉi tiu retmesaĝo, kaj ni zorgos pri tio.',
  checkInVoucher: 'Memorige: la kodo de via kupono estas {code}.',
};
