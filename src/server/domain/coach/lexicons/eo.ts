import type { CoachLexicon } from '../rules/types.js';

const WE = '(?:mi|ni)';
const WEBSITE = '(?:retej*|retpaĝ*|hejmpaĝ*|oftaj? demand*|helpcentr*|helppaĝ*|scibaz*|FAQ)';
const NUMBER = '\\d+|unu|du|tri|kvar|kvin|ses|sep|ok|naŭ|dek|kelk*';
/** Verbs of vague follow-up, future tense: "ni esploros", "mi kontrolos". */
const FOLLOW_UP = '(?:esplor|kontrol|rigard|pritrakt|okupiĝ|respond|kontakt|inform|sciig|reven|zorg|solv|trakt|ekzamen)os';

/** Esperanto. Texts in the x-system (cx, gx, ux…) are read as if written with the supersigned letters. */
export const eo: CoachLexicon = {
  language: 'eo',
  spellingVariants: [
    ['cx', 'ĉ'],
    ['gx', 'ĝ'],
    ['hx', 'ĥ'],
    ['jx', 'ĵ'],
    ['sx', 'ŝ'],
    ['ux', 'ŭ'],
  ],
  abbreviations: ['ekz.', 't.e.', 'k.t.p.', 'ktp.', 'k.a.', 'p.', 'ĉ.', 'resp.', 'bv.', 'tel.', 'n-ro.', 'k.s.'],
  greetings: ['saluton', 'bonan (?:tagon|matenon|vesperon)', 'estimat*', 'kara|karaj'],
  acknowledgements: [
    'pardon*',
    `(?:${WE} )?bedaŭr(?:as|is|egas)`,
    'dank*',
    `${WE} (?:tute |plene |bone )?komprenas`,
    'ĝen(?:o|on|a|aj|as|is|e)|frustr*|malagrabl*|ĉagren*',
    `${WE} povas imagi`,
    'kun plezuro',
    'volonte',
    'ĝojas helpi',
    'aprez*',
  ],
  runaround: {
    referrals: [
      `(?:vizit|rigard|leg|kontrol|konsult|trov|serĉ)(?:u|i|os|as) ~ ${WEBSITE}`,
      '(?:plenig|plenum)(?:u|i|os) ~ *formular*',
      '(?:skribu|sendu|skribi|sendi) (?:al ni )?(?:retmesaĝon|retleteron|mesaĝon) (?:al|ĉe)',
      'skribu al (?:la )?adreso',
    ],
    comeBack: [
      '(?:telefon|vok|prov|skrib|kontakt|reven|rekontakt)(?:u|i) (?:nin |al ni )?(?:denove |ree |refoje )?(?:poste|pli poste|pli malfrue|alian fojon|alitempe)',
      '(?:telefon|vok|kontakt)(?:u|i) (?:nin |al ni )?(?:dum|en) (?:niaj |la )?(?:oficej|labor|malferm)* hor*',
    ],
    resolved: [
      `${WE} (?:jam |ĵus |nun )?\\p{L}+is`,
      '(?:estas|estis|jam estas) (?:\\p{L}+ )?\\p{L}+(?:ita|itaj|ite)',
      'la respondo estas',
      'jen',
      'nun (?:funkcias|vi povas)',
    ],
  },
  brushOff: {
    phrases: [
      '(?:tio )?ne estas (?:mia|nia) (?:fako|respondeco|tasko|afero|problemo|kompetenteco)',
      `${WE} ne (?:okupiĝas|zorgas) pri tio`,
      '(?:kontakt|turn|demand|telefon|skrib)(?:u|i) (?:vin )?(?:al )?(?:la )?(?:ali|ĝust|respondec|koncern|kompetent)* (?:fak|team|person|koleg|oficej)*',
      '(?:demand|kontakt)(?:u|i) (?:iun|alian personon) alian',
      `pri tio ${WE} ne povas (?:vin )?helpi`,
      `${WE} ne povas helpi (?:vin )?pri tio`,
      '(?:kontaktu|demandu|telefonu al|skribu al) ilin rekte|rekte (?:kontaktu|demandu) ilin',
    ],
    warmHandovers: [
      `${WE} (?:jam )?(?:plusendis|transdonis|sendis|pludonis|transigis) (?:vian|la|tiun) (?:\\p{L}+ )?(?:demandon|peton|aferon|kazon|mesaĝon|plendon|reklamacion)`,
      '(?:kolego|kolegino|fako|teamo) ~ (?:kontaktos|telefonos|skribos|respondos|revenos)',
      `${WE} petis (?:mian|nian|la) (?:kolegon|koleginon|fakon|teamon)`,
    ],
  },
  condescension: {
    jargon: [
      { term: 'eskal*', plain: 'transdoni al specialisto' },
      { term: '(?:dua|tria|duan|trian) (?:nivel|lini)*', plain: 'specialisto' },
      { term: 'back-?end*', plain: 'nia sistemo' },
      { term: 'SLA', plain: 'la promesita respondotempo' },
      { term: 'RMA', plain: 'resendo' },
      { term: 'ETA', plain: 'atendata tempo' },
    ],
    commonAcronyms: ['UEA', 'TEJO', 'PIV', 'UK', 'KER', 'ILEI'],
    explanations: ['t\\.e\\.?', 'tio estas', '(?:kio )?signifas', 'alivorte', 'mallongigo de', 'nome'],
  },
  robotism: {
    identifiers: [
      '(?:kont|mend|klient|kontrakt|faktur|rezerv|sendaĵ|kart|referenc|membr|abon)o?numer*',
      'numer* de (?:via|viaj|la) (?:konto|mendo|kontrakto|fakturo|rezervo|sendaĵo|karto|membreco|abono)',
      'naskiĝdat*|dato de naskiĝo',
      '(?:klient|uzant)(?:a )?(?:nomo|numero|identigilo)n?',
    ],
    requests: ['bonvolu', 'bv\\.?', 'mi petas|ni petas', '(?:ĉu )?vi (?:povus|povas)', '(?:sendu|indiku|donu|skribu|konfirmu|diru)', `${WE} bezonas`, 'kio estas via'],
    reasons: [`(?:por|tiel) ke ${WE}`, 'por (?:povi|trovi|kontroli|serĉi)', 'ĉar', 'pro tio ke'],
  },
  coldness: {
    phrases: [
      `kiel ${WE} (?:jam )?(?:diris|skribis|menciis|klarigis)`,
      'kiel (?:jam )?(?:dirite|menciite|klarigite|skribite)',
      'evidente,? vi',
      'vi (?:devus|devintus) (?:\\p{L}+ )?(?:legi|kontroli|scii|konservi|atenti|pensi)',
      '(?:tio )?ne estas nia (?:kulpo|problemo)',
      '(?:tio estas )?via (?:propra )?kulpo',
      'por la (?:lasta|tria|dua) fojo',
      'ĉu vi (?:eĉ )?legis',
    ],
  },
  apathy: {
    problems: [
      'ne (?:funkcias|alvenis|ricevis|venis|ricevas)',
      'problem*',
      'erar*',
      'difekt*',
      'rompit*',
      'prokrast*',
      'malfru*',
      'mank*',
      'perd(?:iĝ|it)*',
      'plend*',
      'repag*',
      'reklamaci*',
      'seniluziigit*|seniluziiĝ*',
      'kolera|koleraj|koleras',
      'neakceptebl*',
      'ankoraŭ ne',
      'dufoje',
      'ne (?:povas|eblas)',
    ],
  },
  rulebook: {
    refusals: [
      '(?:kontraŭas|kontraŭ) (?:niaj|nian|niajn|nia|la) (?:\\p{L}+ )?(?:regul|politik|kondiĉ)*',
      '(?:reguloj|politiko|kondiĉoj) ne (?:permesas|ebligas|allasas)',
      'reguloj estas reguloj',
      `${WE} ne (?:povas )?fari (?:esceptojn|escepton)`,
      'sen esceptoj?',
      `${WE} ne rajtas`,
      `${WE} (?:povas nenion fari|nenion povas fari|povas fari nenion|nenion plu povas fari)`,
    ],
    policyMentions: ['(?:laŭ|pro|konforme al) (?:niaj|nia|la) (?:\\p{L}+ )?(?:regul|politik|kondiĉ|procedur)*'],
    negations: ['ne', 'neniel', 'neebl*', 'rifuz*', 'nenion', 'nur'],
    alternatives: [
      `sed ${WE} (?:povas|povus|volonte|ĝoje)`,
      `tamen ${WE} (?:povas|povus)`,
      `${WE} (?:povas|povus|volonte) (?:\\p{L}+ )?propon*`,
      `${WE} proponas`,
      'anstataŭe',
      'alternativ*',
      'ali(?:a|an) (?:ebleco|eblecon|solvo|solvon)',
      `kion ${WE} ja povas fari`,
      'ĉu vi (?:ŝatus|volus|deziras)',
      '(?:propon|don|ricev)(?:i|as|os|us|u) ~ (?:rabat|kupon|interŝanĝ|ripar|anstataŭaĵ)*',
      `${WE} (?:tamen |ja )?(?:povas|povus) (?:\\p{L}+ )?(?:ripari|interŝanĝi|plilongigi|anstataŭigi|doni)`,
    ],
  },
  calmDown: {
    phrases: [
      'trankviliĝ(?:u|i)',
      '(?:restu|estu) trankvil*',
      'ne (?:koleru|paniku|ekscitiĝu|kriu)',
      'malstreĉiĝu',
      'ne necesas (?:koleri|krii|paniki|ekscitiĝi)',
      'sen paniko',
    ],
  },
  noTimeline: {
    promises: [`${WE} (?:\\p{L}+ )?${FOLLOW_UP}`, `${WE} (?:nun )?(?:esploras|kontrolas|okupiĝas pri)`, 'iu (?:kontaktos|telefonos|respondos)'],
    times: [
      '(?:lund|mard|merkred|ĵaŭd|vendred|sabat|dimanĉ)o*',
      'hodiaŭ|morgaŭ|postmorgaŭ|ĉi-vespere|vespere|posttagmeze',
      `(?:ene de|dum|post|en|antaŭ|ene de la venontaj) (?:${NUMBER}) (?:\\p{L}+ )?(?:minut*|hor*|tag*|semajn*)`,
      'ĝis (?:la )?fino de (?:la )?(?:tago|semajno|monato)',
      '(?:je|ĝis|antaŭ) (?:la )?\\d{1,2}',
      '(?:venontan|venonta|ĉi tiun|tiun ĉi) semajno*',
      '(?:januar|februar|mart|april|maj|juni|juli|aŭgust|septembr|oktobr|novembr|decembr)o*',
      'tuj|nun|senprokraste',
    ],
    nextSteps: [
      '(?:la )?(?:sekva|venonta) paŝo',
      `${WE} (?:jam )?(?:plusendis|petis|mendis|kontaktis|sendis|malfermis|kreis|transdonis)`,
      `(?:tuj kiam|kiam|post kiam|tuj post kiam) (?:${WE}|ili|la|vi)`,
      'vi ricevos (?:\\p{L}+ )?(?:retmesaĝ|mesaĝ|SMS|telefonvok|konfirm|sciig)*',
      'unue',
    ],
    conditions: ['se', 'tiel', 'por ke', 'kiam vi'],
  },
};
