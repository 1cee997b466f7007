import type { Language } from '../../db/schema.js';

/** The Latin-script languages we support; Bulgarian is decided by script. */
export const LATIN_LANGUAGES = ['en', 'sv', 'pl', 'sl', 'eo'] as const satisfies readonly Language[];
export type LatinLanguage = (typeof LATIN_LANGUAGES)[number];

/**
 * Short, frequent words per language (function words, greetings, the words of every service message). Customers
 * often type without diacritics, so each word also counts in its ASCII-folded form ("är" → "ar"). A word that
 * several languages share ("na", "mi", "en", "to") splits its weight among them.
 */
export const FUNCTION_WORDS: Readonly<Record<LatinLanguage, readonly string[]>> = {
  en: [
    'the', 'and', 'is', 'are', 'was', 'were', 'to', 'of', 'you', 'your', 'my', 'i', 'it', 'for', 'have', 'has', "haven't",
    'not', 'this', 'that', 'with', 'can', 'could', 'would', 'please', 'pls', 'thanks', 'thank', 'what', 'where', 'why',
    'how', 'when', 'on', 'in', 'at', 'from', 'do', 'does', "don't", "doesn't", "didn't", "can't", "won't", "i'm", "i'll",
    "it's", 'still', 'any', 'about', 'we', 'our', 'me', 'be', 'been', 'will', 'but', 'or', 'there', 'an', 'so', 'u',
    'hi', 'hello', 'no', 'yes', 'today', 'tomorrow', 'again', 'waiting', 'order', 'received', 'working',
  ],
  sv: [
    'och', 'är', 'att', 'det', 'den', 'jag', 'du', 'inte', 'har', 'en', 'ett', 'på', 'för', 'med', 'min', 'mitt', 'mina',
    'ni', 'er', 'vi', 'kan', 'vad', 'hur', 'när', 'var', 'varför', 'tack', 'hej', 'som', 'till', 'av', 'om', 'så',
    'också', 'eller', 'men', 'mig', 'dig', 'ska', 'skulle', 'kommer', 'fortfarande', 'nu', 'här', 'där', 'från', 'hos',
    'bara', 'ingen', 'inget', 'aldrig', 'något', 'någon', 'mycket', 'sen', 'igen', 'dem', 'hade', 'fick', 'vill', 'får',
    'kolla', 'funkar', 'fungerar', 'i', 'dag', 'morgon', 'hallå', 'väntar', 'ännu',
  ],
  pl: [
    'i', 'w', 'nie', 'się', 'jest', 'są', 'na', 'z', 'ze', 'że', 'do', 'to', 'mój', 'moja', 'moje', 'mam', 'czy', 'jak',
    'co', 'dzień', 'dobry', 'proszę', 'dziękuję', 'po', 'za', 'już', 'ale', 'od', 'pan', 'pani', 'państwo', 'jestem',
    'było', 'był', 'była', 'został', 'została', 'zostało', 'tylko', 'może', 'mogę', 'mnie', 'jeszcze', 'nadal', 'dalej',
    'bardzo', 'gdzie', 'kiedy', 'dlaczego', 'przez', 'przed', 'oraz', 'albo', 'który', 'która', 'które', 'tak', 'ten',
    'tego', 'jej', 'jego', 'nas', 'was', 'wam', 'nam', 'o', 'dzięki', 'cześć', 'witam', 'mi', 'ja', 'wy', 'wasz',
  ],
  sl: [
    'in', 'je', 'se', 'da', 'ne', 'na', 'v', 'za', 'sem', 'ste', 'so', 'smo', 'mi', 'vam', 'vas', 'kako', 'kaj', 'ali',
    'pa', 'že', 'hvala', 'prosim', 'moj', 'moja', 'moje', 'to', 'bo', 'bi', 'lahko', 'še', 'tudi', 'kdaj', 'zakaj', 'iz',
    'pri', 'ki', 'kot', 'ker', 'sploh', 'nisem', 'ni', 'niso', 'vedno', 'zdaj', 'danes', 'jutri', 'pozdravljeni',
    'živjo', 'lep', 'dober', 'dan', 'zelo', 'kje', 'tega', 'ga', 'jo', 'jih', 'nam', 'me', 's', 'z', 'k', 'od', 'do',
    'po', 'vendar', 'samo', 'a', 'sta', 'bil', 'bila', 'bilo', 'nič', 'vaš', 'vaše', 'glede',
  ],
  eo: [
    'la', 'kaj', 'estas', 'estis', 'mi', 'vi', 'ne', 'de', 'al', 'en', 'por', 'kun', 'ĉu', 'sed', 'ke', 'mia', 'mian',
    'via', 'vian', 'pri', 'ni', 'tio', 'jes', 'dankon', 'bonvolu', 'ankoraŭ', 'povas', 'povus', 'havas', 'kiu', 'kio',
    'kiam', 'kiel', 'kial', 'kie', 'se', 'ĝi', 'ĝin', 'li', 'ŝi', 'ili', 'nun', 'jam', 'tre', 'nur', 'ĉar', 'post',
    'antaŭ', 'el', 'tiu', 'tion', 'ĉi', 'saluton', 'bonan', 'ankaŭ', 'ja', 'iu', 'oni', 'neniu', 'nenio', 'ĉiu',
    'tamen', 'eble', 'dum', 'ĝis', 'sen', 'pro', 'tute', 'kiuj', 'viaj', 'miaj',
  ],
};

/** Letters that, among our Latin-script languages, only one language uses. */
export const MARKER_LETTERS: ReadonlyArray<readonly [RegExp, LatinLanguage]> = [
  [/[ąćęłńśźżó]/giu, 'pl'],
  [/[ĉĝĥĵŝŭ]/giu, 'eo'],
  [/[åäö]/giu, 'sv'],
  // Slovenian č š ž: Polish writes cz sz ż, Esperanto ĉ ŝ ĵ, so these are Slovenian among our languages.
  [/[čšž]/giu, 'sl'],
];

/** Spellings typical of one language when diacritics are missing or typed in the x-system. */
export const MARKER_SPELLINGS: ReadonlyArray<readonly [RegExp, LatinLanguage]> = [
  // Esperanto x-system: "cxu", "gxin", "ankoraux" (not "Linux", "deluxe": the x must be followed by a vowel,
  // j, n or the end of a word, and "ux" only after a vowel).
  [/(?:[cghjs]x|(?<=[aeo])ux)(?=[aeiouj n]|$|[^\p{L}])/giu, 'eo'],
  // Polish digraphs; Slovenian writes č š ž instead and no other language of ours has rz or szcz.
  [/(?:rz|szcz|cz(?=[aeiouy])|sz(?=[aeiouy]))/giu, 'pl'],
  // Esperanto plural and accusative endings: "demandojn", "niajn".
  [/(?<=\p{L}{2})(?:ojn|ajn|oj)(?!\p{L})/giu, 'eo'],
];

/** "är" → "ar", "ĉu" → "cu": how a word looks when typed without diacritics. */
export function fold(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').replace(/ł/g, 'l').replace(/Ł/g, 'L');
}
