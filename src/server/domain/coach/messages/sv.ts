import type { CoachMessageCatalogue } from '../rules/messages.js';

/** Swedish texts of the coach's findings (the agent's UI language). */
export const COACH_MESSAGES_SV: CoachMessageCatalogue = {
  'runaround.referral':
    'Skickar kunden vidare för att själv leta upp svaret (”{phrase}”).',
  'runaround.referral.suggestion':
    'Svara eller lös det i det här svaret; länka sidan bara som extra läsning när problemet redan är löst.',
  'runaround.come_back':
    'Ber kunden höra av sig igen senare (”{phrase}”) i stället för att behålla ärendet.',
  'runaround.come_back.suggestion':
    'Behåll ärendet själv: säg vad du ska göra och när du återkommer till kunden.',
  'brush_off.message':
    'Skickar kunden vidare till någon annan utan en personlig överlämning (”{phrase}”).',
  'brush_off.suggestion':
    'Lämna över ärendet själv med en anteckning, och berätta för kunden vem som hör av sig och när.',
  'condescension.jargon':
    'Internt fackspråk som kunden inte använde: ”{phrase}”.',
  'condescension.jargon.suggestion':
    'Använd enkla ord, till exempel ”{plain}”.',
  'condescension.acronym':
    'Oförklarad förkortning som kunden inte använde: ”{phrase}”.',
  'condescension.acronym.suggestion':
    'Skriv ut det med enkla ord, eller förklara förkortningen inom parentes.',
  'robotism.message':
    'Ber om en uppgift (”{phrase}”) före något mänskligt ord av förståelse.',
  'robotism.suggestion':
    'Bekräfta först kundens problem med en egen mening, fråga sedan.',
  'robotism.suggestion_with_reason':
    'Bekräfta först kundens problem, fråga sedan och säg varför du behöver uppgiften (”så att jag kan hitta din beställning”).',
  'coldness.message':
    'Behandlar kundens problem som ett besvär (”{phrase}”).',
  'coldness.suggestion':
    'Stryk det och förklara igen, tålmodigt, som om det vore första gången.',
  'apathy.message':
    'Kunden beskriver ett problem, men svaret bekräftar det aldrig.',
  'apathy.suggestion':
    'Börja med att bekräfta problemet: be om ursäkt, tacka kunden för att hen berättade, eller visa att du förstår.',
  'rulebook.message':
    'Säger nej med hänvisning till regler (”{phrase}”) utan att erbjuda något alternativ.',
  'rulebook.suggestion':
    'Förklara kort varför och erbjud vad du kan göra i stället: ett alternativ, en gest inom din budget eller en chefs bedömning.',
  'calm_down.message':
    'Ber kunden lugna sig (”{phrase}”); det gör en upprörd kund ännu argare.',
  'calm_down.suggestion':
    'Bekräfta känslan i stället, till exempel ”Jag förstår att det här är frustrerande”.',
  'no_timeline.message':
    'Lovar en åtgärd (”{phrase}”) utan tid eller nästa steg.',
  'no_timeline.suggestion':
    'Säg när, eller vad som händer härnäst, till exempel ”Jag återkommer senast torsdag kl. 14”.',
};
