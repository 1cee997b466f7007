/**
 * Is a customer's new conversation "about the same matter" as one of theirs solved within the last 7 days? Pure
 * logic, judged once when the conversation is created (routing/ownership-hooks.ts). Definition and thresholds:
 * docs/METRICS.md, "Recontact". In order of strength:
 * - reference: the new words name the earlier conversation's number (`[#123]`, `#123`) — score 1;
 * - similar: the two matters share enough content words — subject and the customer's own words, normalised the
 *   same way in all six languages (lowercase, no diacritics, no stop words or greetings, a five-letter prefix
 *   stem) — scored by the share of the shorter text's terms found in the other, blended with character-trigram
 *   overlap for inflections the prefix misses; a back-reference ("again", "still", "znowu", "denove" …) adds a
 *   little, never enough alone;
 * - tags: both carry tags and at least half of them are shared (Jaccard ≥ 0.5).
 * An unrelated question within the 7 days matches none of these and is not a recontact.
 */

export type RecontactReason = 'reference' | 'similar' | 'tags';

/** At or above this similarity two texts are judged the same matter (tuned on recontact-match.test.ts pairs). */
export const SIMILARITY_THRESHOLD = 0.4;
/** Share of tags in common (Jaccard) from which the same tags make the same matter. */
export const TAGS_THRESHOLD = 0.5;
/** What a back-reference word ("again", "still") adds to the similarity. */
const BACK_REFERENCE_BONUS = 0.1;
const STEM_LENGTH = 5;

// Function words of the six languages, and the greetings and sign-offs every customer message carries (written
// without diacritics: they are compared after normalisation). A word shared by two unrelated messages must not
// make them look alike.
const STOP_WORDS = new Set(
  [
    // en
    'the and for are but not you your yours our ours with this that these those have has had was were will would can could should shall may might must from into onto about over under again still than then there their them they what which who whom when where why how all any some each other more most such only own same very just also been being does did doing done get got its it’s its i’m ive dont doesnt didnt cant wont isnt arent wasnt please thanks thank hello dear regards kind best wishes sincerely cheers team support yes okay ok one two now today yesterday week last ago out off too here him her his hers she he we us me my mine myself yourself',
    // sv
    'och att det som den en ett har inte jag ni du vi han hon de dem din ditt dina min mitt mina var vad vilken vilket vilka hur nar dar har med for fran till pa av om men eller ocksa sa kan ska skulle vill maste bara nu idag igar vecka sedan efter innan under over alla nagon nagot inget ingen mycket hej tack halsningar vanliga mvh god dag',
    // pl
    'i w we z ze na do od po za przez dla nie tak jak czy to ten ta te tego tej tym sie jest sa byl byla bylo mam ma mamy pan pani panstwo prosze dziekuje dzien dobry pozdrawiam pozdrowienia serdecznie witam moj moja moje moi nasz nasza wasz ktory ktora ktore co gdy kiedy gdzie juz jeszcze tez ale lub oraz bardzo tydzien dzisiaj wczoraj',
    // sl
    'in je da se na za po pri iz od do so sem smo ste bil bila bilo ali pa ne tudi kot ker ko kje kaj kdo kako vas vam vi mi jaz moj moja moje nas naša nasa lep pozdrav pozdravljeni hvala prosim spostovani lepo dan teden danes vceraj ze zelo',
    // bg
    'и в във на за от до по при с със не да е са съм сме сте беше бях но или като че това този тази тези той тя те ние вие аз мой моя мое моят ваш ваша вашата нашия какво кога къде как защо вече много здравейте здравей благодаря поздрави моля уважаеми добър ден седмица днес вчера също',
    // eo
    'la kaj en de al por kun sen pri el ne estas estis estos mi vi li si ni ili gxi gi mia via nia ilia tio tiu kiu kio kiam kie kiel kial sed aux au ankaux ankau jam tre saluton dankon bonvolu kore salutojn amike estimataj bonan tagon semajno hodiau hierau',
  ]
    .join(' ')
    .split(/\s+/)
    .map((w) => fold(w)),
);

// Words a customer uses when they come back to a matter: weak on their own ("can I order again?"), so they only add.
const BACK_REFERENCES = new Set(
  [
    'again still anymore previous earlier last same reopen',
    'igen fortfarande annu samma forra tidigare',
    'znowu ponownie nadal wciaz dalej poprzednio ten sam',
    'spet ponovno vedno prejsnji isti',
    'отново пак още предишния същия същата',
    'denove ankorau ankoraux antaua sama',
  ]
    .join(' ')
    .split(/\s+/)
    .map((w) => fold(w)),
);

/** Lowercase without diacritics (Polish ł has no decomposition of its own). */
export function fold(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/ł/g, 'l')
    .replace(/ø/g, 'o')
    .replace(/ß/g, 'ss');
}

/** Only the start of a text is compared: a matter is stated early, and judging stays well under a millisecond. */
export const MAX_TEXT = 3000;
const WORD_BREAK = /[^\p{L}\p{N}]+/u;

function isDigits(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

export interface MatterTerms {
  /** Stemmed content words (and numbers of three digits or more). */
  stems: Set<string>;
  /** Character trigrams of the content words (three UTF-16 code units packed in a number). */
  trigrams: Set<number>;
  backReference: boolean;
}

/** The content of a text as comparable terms, the same way in every language. */
export function matterTerms(text: string): MatterTerms {
  const stems = new Set<string>();
  const trigrams = new Set<number>();
  let backReference = false;
  // Quoted earlier mail says nothing about the new matter.
  const own = text
    .slice(0, MAX_TEXT * 2)
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('>'))
    .join('\n');
  // Each distinct word once: customer mails repeat themselves.
  for (const raw of new Set(fold(own.slice(0, MAX_TEXT)).split(WORD_BREAK))) {
    if (raw === '') continue;
    if (BACK_REFERENCES.has(raw)) backReference = true;
    if (isDigits(raw)) {
      if (raw.length >= 3) stems.add(raw);
      continue;
    }
    if (raw.length < 3 || STOP_WORDS.has(raw)) continue;
    stems.add(raw.slice(0, STEM_LENGTH));
    // Trigrams of " word " as numbers (three UTF-16 units in 48 bits): no strings to build and hash.
    let a = 32;
    let b = raw.charCodeAt(0);
    for (let i = 1; i <= raw.length; i++) {
      const c = i < raw.length ? raw.charCodeAt(i) : 32;
      trigrams.add(a * 4294967296 + b * 65536 + c);
      a = b;
      b = c;
    }
  }
  return { stems, trigrams, backReference };
}

function shared<T>(a: Set<T>, b: Set<T>): T[] {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  return [...small].filter((x) => large.has(x));
}

export interface Similarity {
  score: number;
  /** The stems both texts share: why they look alike. */
  sharedTerms: string[];
}

/**
 * 0 … 1: how much two customer texts are about the same matter. The term overlap is measured against the shorter
 * text (a short "still no refund for 4711" is fully about a long first mail), damped when it rests on one or two
 * words; trigrams catch inflected forms the prefix stem misses.
 */
export function matterSimilarity(a: string | MatterTerms, b: string | MatterTerms): Similarity {
  const ta = typeof a === 'string' ? matterTerms(a) : a;
  const tb = typeof b === 'string' ? matterTerms(b) : b;
  const common = shared(ta.stems, tb.stems);
  const smaller = Math.min(ta.stems.size, tb.stems.size);
  if (smaller === 0 || common.length === 0) return { score: 0, sharedTerms: [] };
  // One shared word out of two is not the same matter the way five out of ten are.
  const confidence = Math.min(1, common.length / 3);
  const overlap = (common.length / smaller) * confidence;
  const tri = shared(ta.trigrams, tb.trigrams).length;
  const triDice = ta.trigrams.size + tb.trigrams.size > 0 ? (2 * tri) / (ta.trigrams.size + tb.trigrams.size) : 0;
  const bonus = ta.backReference || tb.backReference ? BACK_REFERENCE_BONUS : 0;
  const score = Math.min(1, 0.7 * overlap + 0.3 * triDice + bonus);
  return { score: Math.round(score * 1000) / 1000, sharedTerms: common.sort() };
}

export interface RecontactCandidate {
  id: string;
  number: number;
  /** Subject and the customer's own words in it. */
  text: string;
  tags: readonly string[];
}

export interface RecontactJudgement {
  candidateId: string;
  reason: RecontactReason;
  score: number;
  sharedTerms: string[];
}

/** Does the text name the conversation number (`[#123]`, `#123`, `# 123`)? */
export function refersToNumber(text: string, number: number): boolean {
  return new RegExp(`(?:^|[^\\p{L}\\p{N}&])#\\s?${number}(?!\\p{N})`, 'u').test(text);
}

function tagJaccard(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const sa = new Set(a);
  const sb = new Set(b);
  const common = shared(sa, sb).length;
  return common / (sa.size + sb.size - common);
}

const STRENGTH: Record<RecontactReason, number> = { reference: 3, similar: 2, tags: 1 };

/**
 * The earlier conversation (candidates: most recent first) the new one comes back to, and why — or null when it is
 * a new matter. The strongest reason wins; among equals the higher score, then the more recent.
 */
export function judgeRecontact(
  incoming: { text: string; tags: readonly string[] },
  candidates: readonly RecontactCandidate[],
): RecontactJudgement | null {
  const terms = matterTerms(incoming.text);
  let best: RecontactJudgement | null = null;
  const better = (j: RecontactJudgement) =>
    best === null || STRENGTH[j.reason] > STRENGTH[best.reason] || (STRENGTH[j.reason] === STRENGTH[best.reason] && j.score > best.score);
  for (const c of candidates) {
    let judged: RecontactJudgement | null = null;
    if (refersToNumber(incoming.text, c.number)) {
      judged = { candidateId: c.id, reason: 'reference', score: 1, sharedTerms: [`#${c.number}`] };
    } else {
      const similarity = matterSimilarity(terms, c.text);
      if (similarity.score >= SIMILARITY_THRESHOLD) {
        judged = { candidateId: c.id, reason: 'similar', score: similarity.score, sharedTerms: similarity.sharedTerms };
      } else {
        const jaccard = tagJaccard(incoming.tags, c.tags);
        if (jaccard >= TAGS_THRESHOLD) {
          judged = { candidateId: c.id, reason: 'tags', score: Math.round(jaccard * 1000) / 1000, sharedTerms: shared(new Set(incoming.tags), new Set(c.tags)).sort() };
        }
      }
    }
    if (judged && better(judged)) best = judged;
  }
  return best;
}
