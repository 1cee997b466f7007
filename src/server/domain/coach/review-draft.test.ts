import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COACH_LEXICONS, COACH_RULES, reviewDraft, type CoachLanguage, type CoachRule } from './review-draft.js';
import { compilePattern } from './rules/text.js';
import type { CoachRuleChecker } from './rules/types.js';

/** A draft that must be flagged with `rule`, exactly at `span` (its first occurrence in the draft). */
interface BadCase {
  rule: CoachRule;
  draft: string;
  span: string;
  customerMessage?: string;
}

/** A good reply that must produce no finding at all (it is hard for `rule` in particular). */
interface GoodCase {
  rule: CoachRule;
  name: string;
  draft: string;
  customerMessage?: string;
}

const CASES: Record<CoachLanguage, { bad: BadCase[]; good: GoodCase[] }> = {
  en: {
    bad: [
      { rule: 'runaround', draft: 'Thanks for your question. Please see our website for the return instructions.', span: 'see our website' },
      { rule: 'runaround', draft: 'Thanks for calling. Our system is down, so please call back later.', span: 'call back later' },
      { rule: 'runaround', draft: 'Thanks for asking. To change your address, fill in the contact form.', span: 'fill in the contact form' },
      { rule: 'brush_off', draft: 'Thanks for your message. That is not my department, please contact another team.', span: 'not my department' },
      { rule: 'condescension', draft: 'Thanks for waiting. Your RMA was approved and the refund is on its way.', span: 'RMA' },
      { rule: 'condescension', draft: 'Thanks for waiting. Your payment is on hold until the KYC check is done.', span: 'KYC' },
      { rule: 'robotism', draft: 'Account number? I need it before I can do anything.', span: 'Account number' },
      { rule: 'coldness', draft: 'As I already said, the parcel left our warehouse on Monday.', span: 'As I already said' },
      { rule: 'coldness', draft: 'Thanks for writing. You should have read the instructions before installing it.', span: 'You should have read' },
      {
        rule: 'apathy',
        customerMessage: 'My parcel never arrived and nobody answers the phone.',
        draft: 'Hello Maria,\nyour parcel left our warehouse on 3 March and is with the carrier.',
        span: 'your parcel left our warehouse on 3 March and is with the carrier.',
      },
      { rule: 'rulebook', draft: 'Thanks for writing. Unfortunately, opened items cannot be returned according to our policy.', span: 'according to our policy' },
      { rule: 'rulebook', draft: 'Thanks for writing. A refund after 30 days is against our policy.', span: 'against our policy' },
      { rule: 'calm_down', draft: 'Please calm down, sir. I am trying to help you.', span: 'calm down' },
      { rule: 'no_timeline', draft: 'Thank you for reporting this. We’ll look into it.', span: 'We’ll look into it' },
    ],
    good: [
      {
        rule: 'runaround',
        name: 'website mentioned after the problem is solved',
        customerMessage: 'How do I return the shoes? They are too small.',
        draft:
          'Thanks for asking! I have sent you a prepaid return label by email, so you only need to drop the parcel at any post office. You can also see our website for more tips on finding the right size.',
      },
      {
        rule: 'robotism',
        name: 'account number asked after empathy and with a reason',
        customerMessage: 'My parcel never arrived.',
        draft:
          "I'm so sorry your parcel hasn't arrived yet. Could you send me your order number, so that I can track it down with the carrier?",
      },
      {
        rule: 'condescension',
        name: 'acronym explained in brackets',
        draft: 'Thanks for asking. Our SLA (service level agreement) promises you an answer within 4 hours.',
      },
      {
        rule: 'condescension',
        name: 'acronym as the short form of the words before it',
        draft: 'Thanks for asking. Our service level agreement (SLA) covers weekends too.',
      },
      {
        rule: 'condescension',
        name: 'acronym the customer used',
        customerMessage: 'What does the RMA on my delivery note mean?',
        draft: 'Thanks for asking! The RMA is the reference of your return, so please write it on the parcel.',
      },
      {
        rule: 'rulebook',
        name: 'policy stated together with an alternative',
        draft:
          'Thanks for your patience. Opened items cannot be refunded according to our policy, but I can offer you a voucher for the full amount.',
      },
      {
        rule: 'no_timeline',
        name: 'look into it with a day and time',
        draft: "Thanks for letting us know. We'll look into it and get back to you by Thursday 14:00.",
      },
      {
        rule: 'no_timeline',
        name: 'looking into it with a duration',
        draft: "I'm sorry about the wait. We are looking into it and I will call you within 2 hours.",
      },
      {
        rule: 'no_timeline',
        name: 'look into it with tomorrow',
        draft: "Thanks for your patience. I'll look into it tomorrow morning and email you the result.",
      },
      {
        rule: 'brush_off',
        name: 'another team with a warm handover',
        draft:
          'Thanks for your message. This is handled by another team, so I have forwarded your case to our billing team and they will contact you tomorrow.',
      },
    ],
  },
  sv: {
    bad: [
      { rule: 'runaround', draft: 'Tack för ditt mejl. Information om returer hittar du på vår hemsida.', span: 'hittar du på vår hemsida' },
      { rule: 'runaround', draft: 'Tack för att du ringde. Systemet ligger nere, så ring igen senare.', span: 'ring igen senare' },
      { rule: 'brush_off', draft: 'Tack för ditt meddelande. Det är inte min avdelning, du får vända dig till ekonomiavdelningen.', span: 'inte min avdelning' },
      { rule: 'condescension', draft: 'Tack för ditt tålamod. Ditt ärende har eskalerats till andra linjen.', span: 'eskalerats' },
      { rule: 'robotism', draft: 'Kundnummer? Utan det kan jag inte göra något.', span: 'Kundnummer' },
      { rule: 'coldness', draft: 'Som jag redan har skrivit skickades paketet i måndags.', span: 'Som jag redan har skrivit' },
      {
        rule: 'apathy',
        customerMessage: 'Min beställning har inte kommit och ingen svarar i telefon.',
        draft: 'Hej Erik,\ndin beställning skickades den 3 mars och ligger nu hos PostNord.',
        span: 'din beställning skickades den 3 mars och ligger nu hos PostNord.',
      },
      { rule: 'rulebook', draft: 'Tack för ditt mejl. Enligt våra villkor kan öppnade varor inte returneras.', span: 'Enligt våra villkor' },
      { rule: 'calm_down', draft: 'Lugna ner dig, jag försöker hjälpa dig.', span: 'Lugna ner dig' },
      { rule: 'no_timeline', draft: 'Tack för att du hörde av dig. Vi ska titta på det.', span: 'Vi ska titta på det' },
    ],
    good: [
      {
        rule: 'runaround',
        name: 'website mentioned after the problem is solved',
        customerMessage: 'Hur returnerar jag skorna? De är för små.',
        draft:
          'Tack för din fråga! Jag har skickat en returetikett till din e-post, så du behöver bara lämna paketet hos ett ombud. Du hittar också fler storlekstips på vår hemsida.',
      },
      {
        rule: 'robotism',
        name: 'order number asked after empathy and with a reason',
        customerMessage: 'Mitt paket har inte kommit.',
        draft:
          'Vad tråkigt att höra att paketet inte har kommit! Kan du skicka ordernumret så att jag kan spåra det hos transportören?',
      },
      {
        rule: 'condescension',
        name: 'acronym explained in brackets',
        draft: 'Tack för frågan. Vårt SLA (servicenivåavtal) lovar svar inom fyra timmar.',
      },
      {
        rule: 'condescension',
        name: 'acronym the customer used',
        customerMessage: 'Vad betyder RMA på min följesedel?',
        draft: 'Tack för frågan! RMA är numret på din retur, skriv det gärna på paketet.',
      },
      {
        rule: 'rulebook',
        name: 'policy stated together with an alternative',
        draft:
          'Tack för ditt tålamod. Enligt våra villkor kan öppnade varor inte returneras, men jag kan erbjuda dig ett presentkort på hela beloppet.',
      },
      {
        rule: 'no_timeline',
        name: 'look into it with a day and time',
        draft: 'Tack för att du hörde av dig. Vi ska titta på det och återkommer senast på torsdag kl. 14.00.',
      },
      {
        rule: 'no_timeline',
        name: 'investigating with a duration',
        draft: 'Tack för att du väntade! Vi undersöker saken och ringer dig inom två timmar.',
      },
    ],
  },
  pl: {
    bad: [
      {
        rule: 'runaround',
        draft: 'Dziękuję za wiadomość. Wszystkie informacje znajdzie Pan na naszej stronie internetowej.',
        span: 'znajdzie Pan na naszej stronie internetowej',
      },
      { rule: 'runaround', draft: 'Dziękuję za telefon. System jest niedostępny, proszę zadzwonić później.', span: 'zadzwonić później' },
      { rule: 'brush_off', draft: 'Dziękuję za wiadomość. To nie mój dział, proszę skontaktować się z innym działem.', span: 'To nie mój dział' },
      { rule: 'condescension', draft: 'Dziękuję za cierpliwość. Pana zgłoszenie zostało eskalowane do drugiej linii.', span: 'eskalowane' },
      { rule: 'robotism', draft: 'Numer zamówienia? Bez tego nic nie zrobię.', span: 'Numer zamówienia' },
      { rule: 'coldness', draft: 'Jak już pisałem, paczka została wysłana w poniedziałek.', span: 'Jak już pisałem' },
      {
        rule: 'apathy',
        customerMessage: 'Moja paczka nie dotarła, a nikt nie odbiera telefonu.',
        draft: 'Dzień dobry,\npaczka została wysłana 3 marca i jest teraz u kuriera.',
        span: 'paczka została wysłana 3 marca i jest teraz u kuriera.',
      },
      {
        rule: 'rulebook',
        draft: 'Dziękuję za wiadomość. Zgodnie z naszym regulaminem nie możemy przyjąć zwrotu otwartego produktu.',
        span: 'Zgodnie z naszym regulaminem',
      },
      { rule: 'calm_down', draft: 'Proszę się uspokoić, próbuję Panu pomóc.', span: 'się uspokoić' },
      { rule: 'no_timeline', draft: 'Dziękuję za zgłoszenie. Sprawdzimy to.', span: 'Sprawdzimy to' },
    ],
    good: [
      {
        rule: 'runaround',
        name: 'website mentioned after the problem is solved',
        customerMessage: 'Jak mogę zwrócić buty? Są za małe.',
        draft:
          'Dziękuję za pytanie! Wysłałem Panu etykietę zwrotną e-mailem, wystarczy nadać paczkę w dowolnym punkcie. Więcej porad dotyczących rozmiarów znajdzie Pan na naszej stronie internetowej.',
      },
      {
        rule: 'robotism',
        name: 'order number asked after empathy and with a reason',
        customerMessage: 'Moja paczka nie dotarła.',
        draft:
          'Bardzo mi przykro, że paczka jeszcze nie dotarła. Czy może Pan podać numer zamówienia, abym mógł ją odnaleźć u przewoźnika?',
      },
      {
        rule: 'condescension',
        name: 'acronym explained in brackets',
        draft: 'Dziękuję za pytanie. Nasze SLA (umowa o poziomie usług) gwarantuje odpowiedź w ciągu 4 godzin.',
      },
      {
        rule: 'condescension',
        name: 'acronym the customer used',
        customerMessage: 'Co oznacza numer RMA na mojej fakturze?',
        draft: 'Dziękuję za pytanie! RMA to numer Pana zwrotu, proszę go zapisać na paczce.',
      },
      {
        rule: 'rulebook',
        name: 'policy stated together with an alternative',
        draft:
          'Dziękuję za cierpliwość. Zgodnie z regulaminem nie możemy przyjąć zwrotu otwartego produktu, ale mogę zaproponować bon na pełną kwotę.',
      },
      {
        rule: 'no_timeline',
        name: 'check it with a day and time',
        draft: 'Dziękuję za zgłoszenie. Sprawdzimy to i odezwiemy się do czwartku do godz. 14:00.',
      },
      {
        rule: 'no_timeline',
        name: 'check it today',
        draft: 'Dziękuję za cierpliwość. Sprawdzę to jeszcze dziś i dam Panu znać.',
      },
    ],
  },
  sl: {
    bad: [
      {
        rule: 'runaround',
        draft: 'Hvala za vaše sporočilo. Vse informacije najdete na naši spletni strani.',
        span: 'najdete na naši spletni strani',
      },
      { rule: 'runaround', draft: 'Hvala za klic. Sistem trenutno ne deluje, pokličite nas kasneje.', span: 'pokličite nas kasneje' },
      { rule: 'brush_off', draft: 'Hvala za sporočilo. To ni moj oddelek, obrnite se na drug oddelek.', span: 'To ni moj oddelek' },
      { rule: 'condescension', draft: 'Hvala za potrpežljivost. Vaš zahtevek smo eskalirali na drugi nivo.', span: 'eskalirali' },
      { rule: 'robotism', draft: 'Številka naročila? Brez nje vam ne morem pomagati.', span: 'Številka naročila' },
      { rule: 'coldness', draft: 'Kot sem vam že napisal, je bil paket poslan v ponedeljek.', span: 'Kot sem vam že napisal' },
      {
        rule: 'apathy',
        customerMessage: 'Moj paket še ni prispel in nihče se ne oglasi na telefon.',
        draft: 'Pozdravljeni,\npaket je bil poslan 3. marca in je zdaj pri dostavni službi.',
        span: 'paket je bil poslan 3. marca in je zdaj pri dostavni službi.',
      },
      {
        rule: 'rulebook',
        draft: 'Hvala za sporočilo. V skladu z našimi pravili odprtih izdelkov ne moremo vrniti.',
        span: 'V skladu z našimi pravili',
      },
      { rule: 'calm_down', draft: 'Pomirite se, poskušam vam pomagati.', span: 'Pomirite se' },
      { rule: 'no_timeline', draft: 'Hvala za prijavo. Zadevo bomo preverili.', span: 'bomo preverili' },
    ],
    good: [
      {
        rule: 'runaround',
        name: 'website mentioned after the problem is solved',
        customerMessage: 'Kako lahko vrnem čevlje? So premajhni.',
        draft:
          'Hvala za vprašanje! Nalepko za vračilo sem vam že poslal po e-pošti, paket lahko oddate na kateri koli pošti. Več nasvetov o velikostih najdete na naši spletni strani.',
      },
      {
        rule: 'robotism',
        name: 'order number asked after empathy and with a reason',
        customerMessage: 'Moj paket ni prispel.',
        draft:
          'Žal mi je, da paket še ni prispel. Ali mi lahko pošljete številko naročila, da ga lahko poiščem pri dostavni službi?',
      },
      {
        rule: 'condescension',
        name: 'acronym explained in brackets',
        draft: 'Hvala za vprašanje. Naš SLA (dogovor o ravni storitev) zagotavlja odgovor v štirih urah.',
      },
      {
        rule: 'condescension',
        name: 'acronym the customer used',
        customerMessage: 'Kaj pomeni RMA na mojem računu?',
        draft: 'Hvala za vprašanje! RMA je številka vašega vračila, prosim, napišite jo na paket.',
      },
      {
        rule: 'rulebook',
        name: 'policy stated together with an alternative',
        draft:
          'Hvala za potrpežljivost. V skladu z našimi pravili odprtih izdelkov ne moremo vrniti, lahko pa vam ponudimo dobropis v celotnem znesku.',
      },
      {
        rule: 'no_timeline',
        name: 'check it with a day and time',
        draft: 'Hvala za prijavo. Zadevo bomo preverili in se vam oglasili do četrtka do 14.00.',
      },
      {
        rule: 'no_timeline',
        name: 'check it tomorrow',
        draft: 'Hvala za potrpežljivost. Zadevo bom preverila jutri zjutraj.',
      },
    ],
  },
  bg: {
    bad: [
      {
        rule: 'runaround',
        draft: 'Благодарим за съобщението. Цялата информация ще намерите на нашия уебсайт.',
        span: 'намерите на нашия уебсайт',
      },
      {
        rule: 'runaround',
        draft: 'Благодарим за обаждането. Системата не работи, обадете се отново по-късно.',
        span: 'обадете се отново по-късно',
      },
      { rule: 'brush_off', draft: 'Благодаря за съобщението. Това не е моят отдел, обърнете се към друг отдел.', span: 'Това не е моят отдел' },
      { rule: 'condescension', draft: 'Благодаря за търпението. Тикетът ви е ескалиран към втора линия.', span: 'Тикетът' },
      { rule: 'robotism', draft: 'Номер на поръчката? Без него не мога да ви помогна.', span: 'Номер на поръчката' },
      { rule: 'coldness', draft: 'Както вече ви казах, пратката беше изпратена в понеделник.', span: 'Както вече ви казах' },
      {
        rule: 'apathy',
        customerMessage: 'Пратката ми не е пристигнала и никой не вдига телефона.',
        draft: 'Здравейте,\nпратката беше изпратена на 3 март и в момента е при куриера.',
        span: 'пратката беше изпратена на 3 март и в момента е при куриера.',
      },
      {
        rule: 'rulebook',
        draft: 'Благодаря за писмото. Съгласно нашите общи условия не можем да приемем връщане на отворен продукт.',
        span: 'Съгласно нашите общи условия',
      },
      { rule: 'calm_down', draft: 'Успокойте се, опитвам се да ви помогна.', span: 'Успокойте се' },
      { rule: 'no_timeline', draft: 'Благодаря за сигнала. Ще проверим случая.', span: 'Ще проверим' },
    ],
    good: [
      {
        rule: 'runaround',
        name: 'website mentioned after the problem is solved',
        customerMessage: 'Как да върна обувките? Малки са ми.',
        draft:
          'Благодаря за въпроса! Изпратих ви етикет за връщане по имейл, можете да предадете пратката във всеки офис на куриера. Още съвети за размерите ще намерите на нашия уебсайт.',
      },
      {
        rule: 'robotism',
        name: 'order number asked after empathy and with a reason',
        customerMessage: 'Пратката ми не е пристигнала.',
        draft:
          'Съжалявам, че пратката още не е пристигнала. Бихте ли ми изпратили номера на поръчката, за да мога да я проследя при куриера?',
      },
      {
        rule: 'condescension',
        name: 'acronym explained in brackets',
        draft: 'Благодаря за въпроса. Нашето SLA (споразумение за ниво на обслужване) гарантира отговор до 4 часа.',
      },
      {
        rule: 'condescension',
        name: 'acronym the customer used',
        customerMessage: 'Какво означава RMA във фактурата ми?',
        draft: 'Благодаря за въпроса! RMA е номерът на вашето връщане, моля, напишете го на пакета.',
      },
      {
        rule: 'rulebook',
        name: 'policy stated together with an alternative',
        draft:
          'Благодаря за търпението. Съгласно общите условия не можем да приемем връщане на отворен продукт, но мога да ви предложа ваучер за цялата сума.',
      },
      {
        rule: 'no_timeline',
        name: 'check it with a day and time',
        draft: 'Благодаря за сигнала. Ще проверим случая и ще ви се обадим до четвъртък в 14:00.',
      },
      {
        rule: 'no_timeline',
        name: 'check it within two hours',
        draft: 'Благодаря за търпението. Ще проверим случая в рамките на 2 часа.',
      },
    ],
  },
  eo: {
    bad: [
      { rule: 'runaround', draft: 'Dankon pro via mesaĝo. Ĉiujn informojn vi trovos en nia retejo.', span: 'trovos en nia retejo' },
      {
        rule: 'runaround',
        draft: 'Dankon pro via voko. La sistemo ne funkcias, bonvolu telefoni denove poste.',
        span: 'telefoni denove poste',
      },
      { rule: 'brush_off', draft: 'Dankon pro via mesaĝo. Tio ne estas mia fako, bonvolu kontakti alian fakon.', span: 'Tio ne estas mia fako' },
      { rule: 'condescension', draft: 'Dankon pro via pacienco. Via peto estis eskalita al la dua nivelo.', span: 'eskalita' },
      { rule: 'robotism', draft: 'Mendonumero? Sen ĝi mi ne povas helpi.', span: 'Mendonumero' },
      { rule: 'coldness', draft: 'Kiel mi jam diris, la pakaĵo estis sendita lundon.', span: 'Kiel mi jam diris' },
      {
        rule: 'apathy',
        customerMessage: 'Mia pakaĵo ankoraŭ ne alvenis kaj neniu respondas.',
        draft: 'Saluton Maria,\nvia pakaĵo estis sendita la 3-an de marto kaj nun estas ĉe la kuriero.',
        span: 'via pakaĵo estis sendita la 3-an de marto kaj nun estas ĉe la kuriero.',
      },
      {
        rule: 'rulebook',
        draft: 'Dankon pro via mesaĝo. Laŭ niaj reguloj ni ne povas repreni malfermitajn varojn.',
        span: 'Laŭ niaj reguloj',
      },
      { rule: 'calm_down', draft: 'Trankviliĝu, mi provas helpi vin.', span: 'Trankviliĝu' },
      { rule: 'no_timeline', draft: 'Dankon pro via raporto. Ni esploros la aferon.', span: 'Ni esploros' },
    ],
    good: [
      {
        rule: 'runaround',
        name: 'website mentioned after the problem is solved',
        customerMessage: 'Kiel mi resendu la ŝuojn? Ili estas tro malgrandaj.',
        draft:
          'Dankon pro la demando! Mi sendis al vi resendan etikedon retpoŝte, do vi nur portu la pakaĵon al iu ajn poŝtoficejo. Pliajn konsilojn pri grandecoj vi trovos en nia retejo.',
      },
      {
        rule: 'robotism',
        name: 'order number asked after empathy and with a reason',
        customerMessage: 'Mia pakaĵo ne alvenis.',
        draft:
          'Mi tre bedaŭras, ke via pakaĵo ankoraŭ ne alvenis. Ĉu vi povus sendi al mi vian mendonumeron, por ke mi povu trovi ĝin ĉe la transportisto?',
      },
      {
        rule: 'condescension',
        name: 'acronym explained in brackets',
        draft: 'Dankon pro la demando. Nia SLA (interkonsento pri servonivelo) garantias respondon ene de kvar horoj.',
      },
      {
        rule: 'condescension',
        name: 'acronym the customer used',
        customerMessage: 'Kion signifas RMA sur mia fakturo?',
        draft: 'Dankon pro la demando! RMA estas la numero de via resendo, bonvolu skribi ĝin sur la pakaĵon.',
      },
      {
        rule: 'rulebook',
        name: 'policy stated together with an alternative',
        draft:
          'Dankon pro via pacienco. Laŭ niaj reguloj ni ne povas repreni malfermitajn varojn, sed mi povas proponi al vi rabatkuponon por la tuta sumo.',
      },
      {
        rule: 'no_timeline',
        name: 'look into it with a day and time',
        draft: 'Dankon pro via raporto. Ni esploros la aferon kaj respondos al vi ĝis ĵaŭdo je la 14:00.',
      },
      {
        rule: 'no_timeline',
        name: 'check it tomorrow',
        draft: 'Dankon pro via pacienco. Mi kontrolos tion morgaŭ matene.',
      },
    ],
  },
};

function describeFindings(draft: string, findings: ReturnType<typeof reviewDraft>['findings']): string {
  return JSON.stringify(findings.map((f) => [f.rule, draft.slice(f.start, f.end)]));
}

for (const [language, { bad, good }] of Object.entries(CASES) as Array<[CoachLanguage, (typeof CASES)[CoachLanguage]]>) {
  describe(`reviewDraft in ${language}`, () => {
    it('has a bad draft for every rule', () => {
      assert.deepEqual([...new Set(bad.map((c) => c.rule))].sort(), [...COACH_RULES].sort());
    });

    for (const c of bad) {
      it(`flags ${c.rule} at "${c.span}"`, () => {
        const review = reviewDraft({ draft: c.draft, language, ...(c.customerMessage ? { customerMessage: c.customerMessage } : {}) });
        const start = c.draft.indexOf(c.span);
        assert.notEqual(start, -1, 'the expected span must occur in the draft');
        const finding = review.findings.find((f) => f.rule === c.rule && f.start === start && f.end === start + c.span.length);
        assert.ok(finding, `expected ${c.rule} at "${c.span}", got ${describeFindings(c.draft, review.findings)}`);
        assert.equal(c.draft.slice(finding.start, finding.end), c.span);
        assert.equal(review.language, language);
        assert.ok(finding.message.length > 0 && finding.suggestion && finding.suggestion.length > 0);
      });
    }

    for (const c of good) {
      it(`does not flag a good reply (${c.rule}: ${c.name})`, () => {
        const review = reviewDraft({ draft: c.draft, language, ...(c.customerMessage ? { customerMessage: c.customerMessage } : {}) });
        assert.deepEqual(review.findings, [], `unexpected findings ${describeFindings(c.draft, review.findings)}`);
      });
    }
  });
}

describe('reviewDraft language handling', () => {
  it('detects the language when none is given', () => {
    const draft = 'Успокойте се, моля. Пратката ви беше изпратена вчера сутринта и ще пристигне утре до обяд.';
    const review = reviewDraft({ draft });
    assert.equal(review.language, 'bg');
    assert.deepEqual(
      review.findings.map((f) => [f.rule, draft.slice(f.start, f.end)]),
      [['calm_down', 'Успокойте се']],
    );
  });

  it('detects Polish and applies Polish rules', () => {
    const draft = 'Dzień dobry, jak już pisałem wcześniej, paczka została wysłana w poniedziałek i powinna dotrzeć jutro.';
    const review = reviewDraft({ draft });
    assert.equal(review.language, 'pl');
    assert.deepEqual(
      review.findings.map((f) => [f.rule, draft.slice(f.start, f.end)]),
      [['coldness', 'jak już pisałem']],
    );
  });

  it("reports 'und' but applies English rules when the language cannot be detected", () => {
    const draft = 'calm down pls';
    const review = reviewDraft({ draft });
    assert.equal(review.language, 'und');
    assert.deepEqual(review.findings.map((f) => f.rule), ['calm_down']);
  });

  it('returns no findings for an empty draft', () => {
    assert.deepEqual(reviewDraft({ draft: '   ', language: 'en' }), { language: 'en', findings: [] });
  });

  it('judges the customer message in its own language when the reply is in another', () => {
    const draft = 'Hello Erik, your order left our warehouse on 3 March and is with the carrier.';
    const review = reviewDraft({
      draft,
      language: 'en',
      customerMessage: 'Hej! Min beställning har fortfarande inte kommit och ingen svarar när jag ringer er kundtjänst.',
    });
    assert.deepEqual(review.findings.map((f) => f.rule), ['apathy']);
  });

  it('does not judge apathy without a problem in the customer message', () => {
    const draft = 'Hello Erik, we are open from nine to five on weekdays and from ten to two on Saturdays.';
    const review = reviewDraft({ draft, language: 'en', customerMessage: 'What are your opening hours?' });
    assert.deepEqual(review.findings, []);
  });
});

describe('reviewDraft offsets', () => {
  it('points into the original draft when it is in decomposed Unicode (NFD)', () => {
    const draft = 'Dziękuję za wiadomość. Proszę się uspokoić, próbuję pomóc.'.normalize('NFD');
    const review = reviewDraft({ draft, language: 'pl' });
    const finding = review.findings.find((f) => f.rule === 'calm_down');
    assert.ok(finding);
    assert.equal(draft.slice(finding.start, finding.end).normalize('NFC'), 'się uspokoić');
  });

  it('reads Esperanto written in the x-system and points at what was typed', () => {
    const draft = 'Trankviligxu, mi provas helpi vin.';
    const review = reviewDraft({ draft, language: 'eo' });
    const finding = review.findings.find((f) => f.rule === 'calm_down');
    assert.ok(finding);
    assert.equal(draft.slice(finding.start, finding.end), 'Trankviligxu');
  });

  it('keeps offsets right after emoji (surrogate pairs)', () => {
    const draft = 'Thanks 🙏 for writing. As I already said, it shipped on Monday.';
    const finding = reviewDraft({ draft, language: 'en' }).findings.find((f) => f.rule === 'coldness');
    assert.ok(finding);
    assert.equal(draft.slice(finding.start, finding.end), 'As I already said');
  });
});

describe('reviewDraft precision', () => {
  it('does not split sentences at abbreviations and keeps the time next to the promise', () => {
    const draft = 'Tack för ditt tålamod! Vi återkommer t.ex. i morgon med besked.';
    assert.deepEqual(reviewDraft({ draft, language: 'sv' }).findings, []);
  });

  it('does not treat "you should have received" as coldness', () => {
    const draft = 'Thanks for checking. You should have received a confirmation email on Monday.';
    assert.deepEqual(reviewDraft({ draft, language: 'en' }).findings, []);
  });

  it('does not count a date elsewhere in the reply as the timeline of a vague promise', () => {
    const draft = "Thanks for writing. Your order was placed on 3 March.\nOur courier is slow.\nWe'll look into it.";
    assert.deepEqual(
      reviewDraft({ draft, language: 'en' }).findings.map((f) => [f.rule, draft.slice(f.start, f.end)]),
      [['no_timeline', "We'll look into it"]],
    );
  });

  it('flags an unexplained acronym once and ignores headings in capitals', () => {
    const draft = 'IMPORTANT UPDATE FOR ALL CUSTOMERS\nThanks for waiting. The KYC check is pending; the KYC team is on it.';
    const findings = reviewDraft({ draft, language: 'en' }).findings;
    assert.deepEqual(
      findings.map((f) => [f.rule, draft.slice(f.start, f.end)]),
      [['condescension', 'KYC']],
    );
    assert.equal(findings[0]?.start, draft.indexOf('KYC'));
  });

  it('does not treat an identifier followed by its value as a demand', () => {
    const draft = 'Your refund is done. Order number: 12345.';
    assert.deepEqual(reviewDraft({ draft, language: 'en' }).findings, []);
  });

  it('skips a promise that waits for the customer', () => {
    const draft = 'If you send me a photo of the label, I will look into it.';
    assert.deepEqual(reviewDraft({ draft, language: 'en' }).findings, []);
    const polish = 'Przykro mi, że aplikacja się zawiesza. Proszę napisać, jakiego telefonu Pan używa, dzięki temu sprawdzę, czy to znany błąd.';
    assert.deepEqual(reviewDraft({ draft: polish, language: 'pl' }).findings, []);
  });

  it('accepts a warm handover in Polish', () => {
    const draft =
      'Dziękuję za wiadomość. Tą sprawą zajmuje się inny dział, dlatego przekazałem Pana zgłoszenie do działu płatności; kolega z tego działu zadzwoni do Pana jutro.';
    assert.deepEqual(reviewDraft({ draft, language: 'pl' }).findings, []);
  });
});

describe('reviewDraft messages and extension points', () => {
  it('renders keyed messages that quote the offending phrase', () => {
    const draft = 'Thanks! As I already said, it shipped.';
    const [finding] = reviewDraft({ draft, language: 'en' }).findings;
    assert.ok(finding);
    assert.equal(finding.messageKey, 'coldness.message');
    assert.equal(finding.suggestionKey, 'coldness.suggestion');
    assert.equal(finding.params['phrase'], 'As I already said');
    assert.match(finding.message, /"As I already said"/);
  });

  it('lets a model-based checker replace the lexicon rules', () => {
    const model: CoachRuleChecker = {
      rule: 'coldness',
      kind: 'model',
      check: (context) => [{ rule: 'coldness', start: 0, end: context.text.indexOf(' '), messageKey: 'coldness.message' }],
    };
    const review = reviewDraft({ draft: 'Whatever, it shipped.', language: 'en' }, { checkers: [model] });
    assert.deepEqual(
      review.findings.map((f) => [f.rule, f.start, f.end, f.suggestion]),
      [['coldness', 0, 9, undefined]],
    );
  });

  it('compiles every lexicon pattern of every language', () => {
    const patterns: string[] = [];
    const collect = (value: unknown, key: string) => {
      if (['language', 'abbreviations', 'commonAcronyms', 'spellingVariants', 'plain'].includes(key)) return;
      if (typeof value === 'string') patterns.push(value);
      else if (Array.isArray(value)) for (const item of value) collect(item, key);
      else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) collect(v, k);
    };
    for (const lexicon of Object.values(COACH_LEXICONS)) collect(lexicon, '');
    assert.ok(patterns.length > 500);
    for (const pattern of patterns) assert.doesNotThrow(() => compilePattern(pattern), pattern);
  });
});
