import type { CoachMessageCatalogue } from '../rules/messages.js';

/** Esperanto texts of the coach's findings (the agent's UI language). */
export const COACH_MESSAGES_EO: CoachMessageCatalogue = {
  'runaround.referral':
    'Sendas la klienton mem serĉi la respondon („{phrase}“).',
  'runaround.referral.suggestion':
    'Respondu aŭ solvu la problemon en ĉi tiu respondo; ligu la paĝon nur kiel aldonan legaĵon, kiam la problemo jam estas solvita.',
  'runaround.come_back':
    'Petas la klienton rekontakti poste („{phrase}“) anstataŭ mem zorgi pri la afero.',
  'runaround.come_back.suggestion':
    'Restu respondeca pri la afero: diru, kion vi faros kaj kiam vi rekontaktos la klienton.',
  'brush_off.message':
    'Sendas la klienton al iu alia sen persona transdono („{phrase}“).',
  'brush_off.suggestion':
    'Transdonu la aferon mem, kun noto, kaj diru al la kliento, kiu kontaktos lin kaj kiam.',
  'condescension.jargon':
    'Interna ĵargono, kiun la kliento ne uzis: „{phrase}“.',
  'condescension.jargon.suggestion':
    'Uzu simplajn vortojn, ekzemple „{plain}“.',
  'condescension.acronym':
    'Neklarigita mallongigo, kiun la kliento ne uzis: „{phrase}“.',
  'condescension.acronym.suggestion':
    'Skribu ĝin per simplaj vortoj aŭ klarigu la mallongigon inter krampoj.',
  'robotism.message':
    'Petas identigilon („{phrase}“) antaŭ ia ajn homa vorto de kompreno.',
  'robotism.suggestion':
    'Unue agnosku la problemon de la kliento per propra frazo, poste demandu.',
  'robotism.suggestion_with_reason':
    'Unue agnosku la problemon de la kliento, poste demandu kaj diru, kial vi bezonas ĝin („por ke mi trovu vian mendon“).',
  'coldness.message':
    'Traktas la problemon de la kliento kiel ĝenaĵon („{phrase}“).',
  'coldness.suggestion':
    'Forigu tion kaj klarigu denove pacience, kvazaŭ la unuan fojon.',
  'apathy.message':
    'La kliento priskribas problemon, sed la respondo neniam agnoskas ĝin.',
  'apathy.suggestion':
    'Komencu agnoskante la problemon: pardonpetu, danku la klienton pro la informo aŭ montru, ke vi komprenas.',
  'rulebook.message':
    'Rifuzas, montrante al reguloj („{phrase}“), sen proponi alternativon.',
  'rulebook.suggestion':
    'Klarigu mallonge kial, kaj proponu, kion vi ja povas fari: alternativon, geston ene de via buĝeto aŭ pritakson de estro.',
  'calm_down.message':
    'Diras al la kliento trankviliĝi („{phrase}“); tio eĉ pli kolerigas ĉagrenitan klienton.',
  'calm_down.suggestion':
    'Anstataŭe agnosku la senton, ekzemple „Mi komprenas, ke tio ĉagrenas vin“.',
  'no_timeline.message':
    'Promesas agon („{phrase}“) sen tempo aŭ sekva paŝo.',
  'no_timeline.suggestion':
    'Diru kiam aŭ kio sekvos, ekzemple „Mi respondos al vi ĝis ĵaŭdo je la 14:00“.',
};
