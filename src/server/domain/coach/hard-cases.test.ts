import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { COACH_LEXICONS, reviewDraft, type CoachLanguage, type CoachRule } from './review-draft.js';

function rulesOf(draft: string, language: CoachLanguage, customerMessage?: string): string[] {
  return reviewDraft({ draft, language, ...(customerMessage ? { customerMessage } : {}) }).findings.map(
    (f) => `${f.rule}:${draft.slice(f.start, f.end)}`,
  );
}

/**
 * Good replies that look like a sin to a naive matcher, per language: a warm handover, "calm" that is not an
 * order to calm down, an acknowledged problem, a policy in the customer's favour, an identifier that is stated.
 */
const GOOD: Record<CoachLanguage, Array<{ name: string; draft: string; customerMessage?: string }>> = {
  en: [
    { name: 'calm as praise', draft: 'Thanks for staying so calm while we sorted this out. Your new card arrives by Friday.' },
    { name: 'policy in the customer’s favour', draft: 'Yes, you can! Our policy lets you return anything within 100 days, and I have emailed you a label.' },
    { name: 'asked a colleague personally', draft: "Sorry for the wait! I'm not a billing expert, so I asked my colleague Anna and she confirmed the refund went out today." },
  ],
  sv: [
    { name: 'calm as praise', draft: 'Tack för att du tog det så lugnt medan vi löste det här. Ditt nya kort kommer senast på fredag.' },
    {
      name: 'warm handover',
      draft: 'Tack för din fråga om fakturan. Jag har lämnat över ärendet till Lena på ekonomi, och hon ringer dig i morgon förmiddag.',
    },
    {
      name: 'problem acknowledged',
      customerMessage: 'Bredbandet har inte fungerat sedan i går kväll.',
      draft: 'Vad tråkigt att höra! Jag har startat om din uppkoppling på distans, så nu ska det fungera igen.',
    },
  ],
  pl: [
    { name: 'calm as praise', draft: 'Dziękuję, że zachowała Pani spokój, kiedy to wyjaśnialiśmy. Nowa karta dotrze najpóźniej w piątek.' },
    {
      name: 'warm handover',
      draft: 'Dziękuję za pytanie o fakturę. Przekazałam sprawę Annie z działu księgowości, zadzwoni do Pani jutro przed południem.',
    },
    { name: 'identifier stated', draft: 'Dziękuję za cierpliwość! Numer Pana zamówienia to 58231, a paczka wyjechała z magazynu dziś rano.' },
  ],
  sl: [
    { name: 'calm as praise', draft: 'Hvala, ker ste ostali tako mirni, medtem ko smo to urejali. Nova kartica bo prispela najkasneje v petek.' },
    { name: 'warm handover', draft: 'Hvala za vprašanje o računu. Zadevo sem predala Ani iz računovodstva, ki vas bo poklicala jutri dopoldne.' },
    { name: 'identifier stated', draft: 'Hvala za potrpežljivost! Številka vašega naročila je 58231, paket pa je danes zjutraj zapustil skladišče.' },
  ],
  bg: [
    { name: 'calm as praise', draft: 'Благодаря, че запазихте спокойствие, докато оправяхме това. Новата карта ще пристигне най-късно в петък.' },
    { name: 'warm handover', draft: 'Благодаря за въпроса за фактурата. Предадох случая на Анна от счетоводството и тя ще Ви се обади утре сутринта.' },
    { name: 'identifier stated', draft: 'Благодаря за търпението! Номерът на поръчката Ви е 58231, а пратката излезе от склада тази сутрин.' },
  ],
  eo: [
    { name: 'calm as praise', draft: 'Dankon, ke vi restis tiel trankvila dum ni solvis tion. Via nova karto alvenos plej laste vendredon.' },
    { name: 'warm handover', draft: 'Dankon pro la demando pri la fakturo. Mi transdonis vian aferon al Anna el la librotenejo, kaj ŝi telefonos al vi morgaŭ matene.' },
    { name: '"eta" is a word, not the acronym ETA', draft: 'Ne zorgu, temas nur pri eta miskompreno. Mi jam sendis la ĝustan grandecon hodiaŭ.' },
  ],
};

describe('hard good replies stay clean', () => {
  for (const [language, cases] of Object.entries(GOOD) as Array<[CoachLanguage, (typeof GOOD)[CoachLanguage]]>) {
    for (const c of cases) {
      it(`${language}: ${c.name}`, () => {
        assert.deepEqual(rulesOf(c.draft, language, c.customerMessage), []);
      });
    }
  }
});

describe('misses the evaluation set found', () => {
  it('a bare list of identifiers is a demand (robotism), and too short a reply is still apathy', () => {
    assert.deepEqual(rulesOf('Account number and date of birth.', 'en', 'You charged me twice this month!!'), [
      'robotism:Account number',
      'apathy:Account number and date of birth.',
    ]);
  });

  it('Swedish ", tack." at the end of a demand is a please, not an acknowledgement', () => {
    const draft = 'Personnummer och bokningsnummer, tack.';
    const rules = rulesOf(draft, 'sv', 'Ni har dragit pengar två gånger för samma biljett!');
    assert.ok(rules.includes('robotism:Personnummer'), JSON.stringify(rules));
    assert.ok(rules.some((r) => r.startsWith('apathy:')), JSON.stringify(rules));
    assert.deepEqual(rulesOf('Tack! Jag har skickat ett nytt paket i dag.', 'sv', 'Paketet har inte kommit.'), []);
  });

  it('an acronym that starts an explained compound is explained', () => {
    assert.deepEqual(rulesOf('Routern behöver en ny IP-adress (den adress som identifierar din uppkoppling). Tack för tålamodet!', 'sv'), []);
    assert.deepEqual(rulesOf('Благодаря! Рутерът получи нов IP адрес (номерът, по който мрежата Ви разпознава).', 'bg'), []);
  });

  it('a voucher that is refused is not an alternative', () => {
    assert.deepEqual(rulesOf('Rozumiem, ale zasady to zasady – bonu po terminie ważności nie przedłużamy.', 'pl'), [
      'rulebook:zasady to zasady',
    ]);
    assert.deepEqual(rulesOf('Razumem, ampak pravila so pravila – darilnega bona po izteku ne podaljšujemo.', 'sl'), [
      'rulebook:pravila so pravila',
    ]);
  });

  it('"contact them directly" passes the customer on', () => {
    const cases: Array<[CoachLanguage, string, string]> = [
      ['en', 'Thank you for writing. Deliveries are handled by our courier partner, so please contact them directly.', 'contact them directly'],
      ['pl', 'Dziękuję za wiadomość. Za doręczenie odpowiada InPost, proszę skontaktować się bezpośrednio z nimi.', 'skontaktować się bezpośrednio z nimi'],
      ['sl', 'Hvala za sporočilo. Za dostavo skrbi Pošta Slovenije, zato jih kontaktirajte neposredno.', 'jih kontaktirajte'],
      ['bg', 'Благодаря за съобщението. За доставката отговаря Еконт, свържете се директно с тях.', 'свържете се директно с тях'],
      ['eo', 'Dankon pro la mesaĝo. Pri la livero respondecas la kurierservo, do kontaktu ilin rekte.', 'kontaktu ilin rekte'],
    ];
    for (const [language, draft, span] of cases) assert.deepEqual(rulesOf(draft, language), [`brush_off:${span}`], language);
  });

  it('someone else will contact you, with no time, is a promise without a timeline', () => {
    assert.deepEqual(rulesOf('Dziękujemy za cierpliwość, ktoś się z Panią skontaktuje najszybciej, jak to możliwe.', 'pl'), [
      'no_timeline:ktoś się z Panią skontaktuje',
    ]);
    assert.deepEqual(rulesOf('Hvala za potrpežljivost, nekdo vas bo kontaktiral čim prej.', 'sl'), ['no_timeline:nekdo vas bo kontaktiral']);
  });
});

interface LabelledDraft {
  id: string;
  draft: string;
  customerMessage?: string;
  expected: CoachRule[];
}

describe('the team’s labelled development set', () => {
  for (const language of Object.keys(COACH_LEXICONS) as CoachLanguage[]) {
    it(`${language}: no false alarm on a good reply, and at least 90% of the labelled sins found`, () => {
      const rows = readFileSync(new URL(`../../../../test/fixtures/coach/eval/${language}.jsonl`, import.meta.url), 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as LabelledDraft);
      assert.ok(rows.length >= 30);
      let labelled = 0;
      let found = 0;
      for (const row of rows) {
        const rules = new Set(
          reviewDraft({ draft: row.draft, language, ...(row.customerMessage ? { customerMessage: row.customerMessage } : {}) }).findings.map((f) => f.rule),
        );
        if (row.expected.length === 0) assert.deepEqual([...rules], [], `${row.id} is a good reply`);
        labelled += row.expected.length;
        found += row.expected.filter((r) => rules.has(r)).length;
      }
      assert.ok(found / labelled >= 0.9, `${found}/${labelled} found`);
    });
  }
});
