/**
 * First cut at the part of a plain-text email reply the customer actually wrote: quoted history, reply
 * attributions, forwarded-original blocks of Outlook, signatures and "Sent from my phone" lines are removed.
 *
 * Rules, applied top to bottom:
 * - Lines starting with ">" are quoted history and are dropped (text between quote blocks - inline answers - is
 *   kept).
 * - An attribution line ("On … wrote:", "Den … skrev …:", "W dniu … napisał(a):", "Am … schrieb …:",
 *   "Le … a écrit :", …, also when wrapped over up to three lines) that introduces a ">" quote block is dropped
 *   with it; one that does not (top-posting, quotes not marked with ">") cuts everything from it onwards.
 * - Outlook's "-----Original Message-----" separators and "From: … / Sent: …" header blocks (with the "_____"
 *   rule above them), the "-- " signature delimiter and mobile signatures ("Sent from my iPhone") cut
 *   everything from them onwards.
 *
 * Supported languages: en, sv, pl, sl (+ hr/sr), bg, eo, de, fr. When nothing is left, the original text is
 * returned: a wrongly detected quote must never swallow a message.
 */
export function extractVisibleBody(text: string): string {
  if (text.trim() === '') return text;
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const keep: string[] = [];

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const trimmed = line.trim();

    if (isSignatureDelimiter(line) || isMobileSignature(trimmed) || isOriginalMessageSeparator(trimmed)) break;
    if (isOutlookHeaderBlock(lines, i)) {
      dropTrailingRule(keep);
      break;
    }

    const attribution = attributionLength(lines, i);
    if (attribution > 0) {
      if (isQuoteLine(nextNonBlank(lines, i + attribution) ?? '')) {
        i += attribution - 1; // the quote block that follows is dropped line by line
        continue;
      }
      break;
    }

    if (isQuoteLine(line)) continue;
    keep.push(line);
  }

  const result = keep
    .join('\n')
    .replace(/\n[ \t]*(\n[ \t]*){2,}/g, '\n\n') // removed blocks leave gaps
    .replace(/^\s*\n/, '') // leading blank lines
    .trimEnd();
  return result.trim() === '' ? text : result;
}

/* ------------------------------------------------------------------------------------------------------------ */

function isQuoteLine(line: string): boolean {
  return /^[ \t]*>/.test(line);
}

function nextNonBlank(lines: string[], from: number): string | undefined {
  for (let i = from; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() !== '') return line;
  }
  return undefined;
}

/** "-- " is the standard delimiter; many clients strip its trailing space. */
function isSignatureDelimiter(line: string): boolean {
  return /^--[ \t]*$/.test(line);
}

/* Attribution lines -------------------------------------------------------------------------------------------- */

// Letters on both sides: \b only knows ASCII word characters, and these verbs are not all ASCII.
const NOT_LETTER_BEFORE = '(?<![\\p{L}\\p{N}])';
const NOT_LETTER_AFTER = '(?![\\p{L}\\p{N}])';

const WROTE = [
  'wrote', // en
  'skrev', // sv (no, da)
  'napisał\\(a\\)', 'napisała', 'napisał', 'pisze', // pl (Gmail, Thunderbird)
  'napisal\\(a\\)', 'napisala', 'napisal', 'je pisal\\(a\\)', // sl, hr, sr
  'написа', 'написал\\(а\\)', 'написала', 'написал', 'пише', // bg (+ ru)
  'skribis', // eo
  'schrieb', // de
  'a écrit', 'a ecrit', 'écrit', // fr
  'schreef', 'escribió', 'ha scritto', 'escreveu', // nl, es, it, pt: cheap extras
];
const WROTE_RE = new RegExp(`${NOT_LETTER_BEFORE}(?:${WROTE.join('|')})${NOT_LETTER_AFTER}`, 'iu');

/** Words an attribution starts with: On / Den / W dniu / Dnia / Dne / V / На / Je / La / Am / Le … */
const ON_RE = /^(?:on|den|w dniu|dnia|dne|v|na|на|в|je|la|am|le|el|op|il)(?![\p{L}\p{N}])/iu;
const EMAIL_RE = /[^\s<>()@]+@[^\s<>()@]+\.[^\s<>()@]+|<[^<>\s]+@[^<>\s]+>/;

/** Starts like a date: "On …", "Den …", a digit, or a weekday abbreviation ("Mon,", "pon.,", "пн,"). */
function startsLikeDate(s: string): boolean {
  return ON_RE.test(s) || /^\d/.test(s) || /^\p{L}{2,4}\.?,/u.test(s);
}

function isAttribution(candidate: string): boolean {
  const s = candidate.replace(/\s+/g, ' ').trim();
  if (s.length < 8 || s.length > 400) return false;
  if (!s.endsWith(':')) return false; // French writes "a écrit :", hence no \w before the colon
  if (!WROTE_RE.test(s) || !/\d/.test(s)) return false; // every client puts a date or time in it
  return startsLikeDate(s) || EMAIL_RE.test(s);
}

/** Number of lines (1-3) forming an attribution that starts at line `i`, or 0. */
function attributionLength(lines: string[], i: number): number {
  const first = lines[i] as string;
  if (first.trim() === '' || isQuoteLine(first)) return 0;
  let joined = '';
  for (let n = 1; n <= 3 && i + n - 1 < lines.length; n++) {
    const line = (lines[i + n - 1] as string).trim();
    if (n > 1 && (line === '' || isQuoteLine(line))) break;
    joined = n === 1 ? line : `${joined} ${line}`;
    if (isAttribution(joined)) return n;
    if (joined.length > 400) break;
  }
  return 0;
}

/* Outlook ------------------------------------------------------------------------------------------------------ */

const ORIGINAL_MESSAGE = new RegExp(
  '^[-_=*\\s]*(?:' +
    [
      'original message', 'original-nachricht', 'ursprüngliche nachricht', 'ursprungliche nachricht',
      "message d'origine", 'message d’origine', 'message original', 'originalmeddelande',
      'ursprungligt meddelande', 'oryginalna wiadomość', 'wiadomość oryginalna', 'izvirno sporočilo',
      'izvorna poruka', 'оригинално съобщение', 'исходное сообщение', 'originala mesaĝo', 'originala mesagxo',
    ].join('|') +
    ')[-_=*\\s]*$',
  'iu',
);

function isOriginalMessageSeparator(trimmed: string): boolean {
  return /^[-_=*]{2,}/.test(trimmed) && ORIGINAL_MESSAGE.test(trimmed);
}

const OUTLOOK_FROM = /^\*?(?:from|från|od|von|de|от|pošiljatelj|šalje|de la|sendinto|el)\s*\*?\s*:\s*\*?\s*\S/iu;
const OUTLOOK_SENT =
  /^\*?(?:sent|date|skickat|datum|wysłano|wysłane|data|gesendet|envoyé|envoye|изпратено|дата|poslano|sendita|dato)\s*\*?\s*:/iu;
const OUTLOOK_TO_OR_SUBJECT =
  /^\*?(?:to|till|do|an|à|a|до|za|prima|al|subject|ämne|temat|betreff|objet|относно|tema|zadeva|predmet|temo)\s*\*?\s*:/iu;

/** "From: …" followed within four lines by "Sent: …"/"Date: …" (and a To/Subject line somewhere near). */
function isOutlookHeaderBlock(lines: string[], i: number): boolean {
  if (!OUTLOOK_FROM.test((lines[i] as string).trim())) return false;
  let sent = false;
  let other = false;
  for (let j = i + 1; j <= i + 5 && j < lines.length; j++) {
    const line = (lines[j] as string).trim();
    if (line === '') continue;
    if (OUTLOOK_SENT.test(line)) sent = true;
    else if (OUTLOOK_TO_OR_SUBJECT.test(line)) other = true;
  }
  return sent && other;
}

/** Outlook puts a rule of underscores above the header block. */
function dropTrailingRule(keep: string[]): void {
  while (keep.length > 0 && (keep[keep.length - 1] as string).trim() === '') keep.pop();
  if (keep.length > 0 && /^[_-]{10,}$/.test((keep[keep.length - 1] as string).trim())) keep.pop();
}

/* Mobile signatures -------------------------------------------------------------------------------------------- */

const DEVICE = '.{1,60}';
/** The line must name a device or mail app, so "Sent from Stockholm, the box was broken" stays. */
const DEVICE_WORD =
  /iphon|ipad|ipod|android|samsung|galaxy|outlook|mail|yahoo|blackberry|huawei|xiaomi|redmi|honor|pixel|nokia|motorola|oneplus|oppo|fairphone|mobile|mobil|phone|smartphone|tablet|windows|aol|proton|spark|edison|telefon|komórk|pametn|handy|portable|mobiel|телефон|смартфон|таблет|мобил|poŝtelefon|posxtelefon|apparat|appareil|\bapp\b|aplikac|applikation|appen/iu;
const MOBILE_SIGNATURES: RegExp[] = [
  // en
  new RegExp(`^sent (?:from|with|via|using) (?:my )?${DEVICE}$`, 'iu'),
  /^get outlook for (?:ios|android)\b.{0,30}$/iu,
  // sv
  new RegExp(`^skickat (?:från|med|via) (?:min |mitt )?${DEVICE}$`, 'iu'),
  /^(?:hämta|skaffa) outlook för (?:ios|android)\b.{0,30}$/iu,
  // pl
  new RegExp(`^wysłan[eoay] (?:z|ze|przy użyciu|przez|za pomocą) ${DEVICE}$`, 'iu'),
  /^pobierz (?:aplikację )?outlook (?:dla|na) (?:ios|android)\b.{0,30}$/iu,
  // sl, hr, sr
  new RegExp(`^(?:poslano|poslana|poslan|poslato|poslala|poslal) (?:iz|z|s|sa|preko|prek) ${DEVICE}$`, 'iu'),
  // bg
  new RegExp(`^изпратено (?:от|чрез|с) ${DEVICE}$`, 'iu'),
  // eo
  new RegExp(`^sendita (?:de|per|el|kun) ${DEVICE}$`, 'iu'),
  // de
  new RegExp(`^von meinem ${DEVICE} gesendet\\.?$`, 'iu'),
  new RegExp(`^gesendet (?:von|mit|vom|über|aus) ${DEVICE}$`, 'iu'),
  /^outlook für (?:ios|android) (?:herunterladen|beziehen)\.?$/iu,
  // fr
  new RegExp(`^envoy[ée] (?:de|depuis|à partir de|a partir de|avec|par) ${DEVICE}$`, 'iu'),
  /^(?:obtenir|télécharger) outlook pour (?:ios|android)\b.{0,30}$/iu,
];

function isMobileSignature(trimmed: string): boolean {
  if (trimmed === '' || trimmed.length > 80 || !DEVICE_WORD.test(trimmed)) return false;
  return MOBILE_SIGNATURES.some((re) => re.test(trimmed));
}
