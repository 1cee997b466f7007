import type { CoachMessageCatalogue } from '../rules/messages.js';

/** Slovenian texts of the coach's findings (the agent's UI language). */
export const COACH_MESSAGES_SL: CoachMessageCatalogue = {
  'runaround.referral':
    'Stranko napoti, naj odgovor poišče sama („{phrase}“).',
  'runaround.referral.suggestion':
    'Odgovorite ali težavo rešite v tem odgovoru; povezavo do strani dodajte le kot dodatno branje, ko je težava že rešena.',
  'runaround.come_back':
    'Stranko prosi, naj se oglasi kasneje („{phrase}“), namesto da bi zadevo obdržali.',
  'runaround.come_back.suggestion':
    'Zadevo obdržite: povejte, kaj boste naredili in kdaj se boste stranki oglasili.',
  'brush_off.message':
    'Stranko preusmeri k nekomu drugemu brez osebne predaje zadeve („{phrase}“).',
  'brush_off.suggestion':
    'Zadevo predajte sami, z zapiskom, in stranki povejte, kdo jo bo kontaktiral in kdaj.',
  'condescension.jargon':
    'Interni žargon, ki ga stranka ni uporabila: „{phrase}“.',
  'condescension.jargon.suggestion':
    'Uporabite preproste besede, na primer „{plain}“.',
  'condescension.acronym':
    'Nepojasnjena kratica, ki je stranka ni uporabila: „{phrase}“.',
  'condescension.acronym.suggestion':
    'Zapišite s preprostimi besedami ali kratico pojasnite v oklepaju.',
  'robotism.message':
    'Zahteva podatek („{phrase}“), še preden pade kakšna človeška beseda razumevanja.',
  'robotism.suggestion':
    'Najprej s svojim stavkom priznajte stranki težavo, nato vprašajte.',
  'robotism.suggestion_with_reason':
    'Najprej priznajte stranki težavo, nato vprašajte in povejte, zakaj podatek potrebujete („da bom lahko našel vaše naročilo“).',
  'coldness.message':
    'Težavo stranke obravnava kot nadlego („{phrase}“).',
  'coldness.suggestion':
    'To izpustite in potrpežljivo pojasnite znova, kot da prvič.',
  'apathy.message':
    'Stranka opisuje težavo, odgovor pa je nikjer ne prizna.',
  'apathy.suggestion':
    'Začnite s priznanjem težave: opravičite se, zahvalite se stranki, da vam je povedala, ali pokažite, da razumete.',
  'rulebook.message':
    'Zavrnitev s sklicevanjem na pravila („{phrase}“) brez ponujene druge možnosti.',
  'rulebook.suggestion':
    'Na kratko pojasnite zakaj in ponudite, kaj lahko storite namesto tega: drugo možnost, gesto v okviru vašega proračuna ali presojo nadrejenega.',
  'calm_down.message':
    'Stranki reče, naj se pomiri („{phrase}“); razburjeno stranko to še bolj razjezi.',
  'calm_down.suggestion':
    'Raje priznajte občutek, na primer „Razumem, da je to frustrirajoče“.',
  'no_timeline.message':
    'Obljublja ukrepanje („{phrase}“) brez časa ali naslednjega koraka.',
  'no_timeline.suggestion':
    'Povejte, kdaj ali kaj sledi, na primer „Oglasil se vam bom najkasneje v četrtek do 14. ure“.',
};
