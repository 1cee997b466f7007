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
 *   rule above them), forwarded-message separators (Gmail, Thunderbird, Apple Mail), the "-- " signature
 *   delimiter and mobile signatures ("Sent from my iPhone") cut everything from them onwards: a forwarded
 *   mail stays in the full body, the agent sees what the customer wrote about it.
 * - An inline PGP signature (clearsigned text) is unwrapped: armor lines and the signature block go, the signed
 *   text stays with its dash-escaping undone.
 * - Lines holding only white space (Outlook's `&nbsp;` paragraphs) count as empty.
 *
 * Supported languages: en, sv, pl, sl (+ hr/sr), bg, eo, de, fr. When nothing is left, the original text is
 * returned: a wrongly detected quote must never swallow a message.
 */
export function extractVisibleBody(text: string): string {
  if (text.trim() === '') return text;
  const lines = unwrapClearsigned(text.replace(/\r\n?/g, '\n').split('\n')).map((line) => (BLANK.test(line) ? '' : line));
  const keep: string[] = [];

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (startsTrailer(lines, i)) {
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
    .replace(/\n{3,}/g, '\n\n') // removed blocks leave gaps
    .replace(/^\s*\n/, '') // leading blank lines
    .trimEnd();
  return result.trim() === '' ? text : result;
}

/* ------------------------------------------------------------------------------------------------------------ */

/** Unicode white space, so U+00A0 from `&nbsp;` and the zero-width characters of HTML editors count as blank. */
const BLANK = /^[\s\u200b\u200c\u200d\u2060\ufeff]*$/u;

/** Where the customer's own text ends: a signature, a mobile signature, an original or a forwarded mail. */
function startsTrailer(lines: string[], i: number): boolean {
  const line = lines[i] as string;
  const trimmed = line.trim();
  return (
    isSignatureDelimiter(line) ||
    isMobileSignature(trimmed) ||
    isOriginalMessageSeparator(trimmed) ||
    isForwardedMessageStart(trimmed) ||
    isOutlookHeaderBlock(lines, i)
  );
}

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

/** "-- " is the standard delimiter; many clients strip its trailing space, HTML mail turns it into U+00A0. */
function isSignatureDelimiter(line: string): boolean {
  return /^--[ \t\u00a0]*$/.test(line);
}

/* Inline PGP (clearsigned text, RFC 4880 section 7) --------------------------------------------------------------- */

const PGP_SIGNED_START = '-----BEGIN PGP SIGNED MESSAGE-----';
const PGP_SIGNATURE_START = '-----BEGIN PGP SIGNATURE-----';
const PGP_SIGNATURE_END = '-----END PGP SIGNATURE-----';

/**
 * Drops the armor of a clearsigned text: the BEGIN line with its "Hash:" headers, and the signature block. Inside
 * the signed text, lines starting with "-" were escaped as "- -"; the escape is removed, so a signed "-- "
 * delimiter is recognised again. Text outside the signed part (a quote below it) is kept as it is.
 */
function unwrapClearsigned(lines: string[]): string[] {
  const start = lines.findIndex((line) => line.trim() === PGP_SIGNED_START);
  if (start === -1) return lines;
  const signature = lines.findIndex((line, i) => i > start && line.trim() === PGP_SIGNATURE_START);
  if (signature === -1) return lines;
  let end = lines.findIndex((line, i) => i > signature && line.trim() === PGP_SIGNATURE_END);
  if (end === -1) end = lines.length - 1;
  let body = start + 1;
  while (body < signature && /^[A-Za-z-]+:\s/.test(lines[body] as string)) body++; // armor headers: "Hash: SHA256"
  if (body < signature && (lines[body] as string).trim() === '') body++;
  const signed = lines.slice(body, signature).map((line) => (line.startsWith('- ') ? line.slice(2) : line));
  return [...lines.slice(0, start), ...signed, ...lines.slice(end + 1)];
}

/* Attribution lines -------------------------------------------------------------------------------------------- */

// Letters on both sides: \b only knows ASCII word characters, and these verbs are not all ASCII.
const NOT_LETTER_BEFORE = '(?<![\\p{L}\\p{N}])';
const NOT_LETTER_AFTER = '(?![\\p{L}\\p{N}])';

const WROTE = [
  'wrote', // en
  'skrev', // sv (no, da)
  'napisał\\(a\\)', 'napisała', 'napisał', 'pisze', 'napisana przez', // pl (Gmail, Thunderbird, Apple Mail)
  'napisal\\(a\\)', 'napisala', 'napisal', 'je pisal\\(a\\)', // sl, hr, sr
  'написа', 'написал\\(а\\)', 'написала', 'написал', 'пише', // bg (+ ru)
  'skribis', // eo
  'schrieb', // de
  'a écrit', 'a ecrit', 'écrit', // fr
  'schreef', 'escribió', 'ha scritto', 'escreveu', // nl, es, it, pt: cheap extras
];
const WROTE_RE = new RegExp(`${NOT_LETTER_BEFORE}(?:${WROTE.join('|')})${NOT_LETTER_AFTER}`, 'iu');

/** Words an attribution starts with: On / Den / W dniu / Dnia / Wiadomość (Apple Mail pl) / Dne / V / На / Je / La / Am / Le … */
const ON_RE = /^(?:on|den|w dniu|dnia|wiadomość|dne|v|na|на|в|je|la|am|le|el|op|il)(?![\p{L}\p{N}])/iu;
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

/* Forwarded mail ----------------------------------------------------------------------------------------------- */

/** "---------- Forwarded message ---------" (Gmail) and "-------- Forwarded Message --------" (Thunderbird). */
const FORWARDED_SEPARATOR = new RegExp(
  '^-{2,}\\s*(?:' +
    [
      'forwarded message', 'vidarebefordrat meddelande', 'przekazana wiadomość',
      'wiadomość przekazana', 'posredovano sporočilo', 'posredovano sporocilo', 'препратено писмо',
      'препратено съобщение', 'plusendita mesaĝo', 'plusendita mesagxo', 'weitergeleitete nachricht',
      'message transféré', 'message transfere', 'mensaje reenviado', 'messaggio inoltrato', 'doorgestuurd bericht',
    ].join('|') +
    ')\\s*-{2,}$',
  'iu',
);

/** Apple Mail starts a forwarded mail with a sentence of its own. */
const APPLE_FORWARDED = new RegExp(
  '^(?:' +
    [
      'begin forwarded message', 'vidarebefordrat brev', 'början på vidarebefordrat brev', 'początek przekazywanej wiadomości',
      'začetek posredovanega sporočila', 'начало на препратеното съобщение', 'anfang der weitergeleiteten nachricht',
      'début du message réexpédié', 'debut du message reexpedie',
    ].join('|') +
    ')\\s*:$',
  'iu',
);

function isForwardedMessageStart(trimmed: string): boolean {
  return FORWARDED_SEPARATOR.test(trimmed) || APPLE_FORWARDED.test(trimmed);
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
