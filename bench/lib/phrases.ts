import type { Language } from '../../src/server/db/schema.js';
import { Rng } from './random.js';

/**
 * Small per-language phrase banks for realistic customer-service texts. Placeholders: {product} (a product name
 * from PRODUCTS: the benchmark controls how often each one occurs, so "a word in ~1% of messages" is exact),
 * {order}, {days}, {name} (the customer's first name), {agent} (the agent's first name).
 */
export interface PhraseBank {
  tld: string;
  replyPrefix: string;
  firstNames: string[];
  lastNames: string[];
  subjects: string[];
  greetings: string[];
  problems: string[];
  productLine: string[];
  replyProduct: string;
  closings: string[];
  agentGreetings: string[];
  replies: string[];
  signoffs: string[];
  followUps: string[];
  notes: string[];
  quoteHeader: string;
}

export const BANKS: Record<Language, PhraseBank> = {
  en: {
    tld: 'co.uk',
    replyPrefix: 'Re:',
    firstNames: ['Emma', 'Oliver', 'Amelia', 'Jack', 'Sophie', 'Harry', 'Grace', 'Thomas', 'Chloe', 'Daniel', 'Hannah', 'Raj', 'Aisha', 'Liam', 'Megan'],
    lastNames: ['Clarke', 'Patel', 'Smith', 'Jones', 'Taylor', 'Brown', 'Wilson', 'Evans', 'Walker', 'Hughes', 'Green', 'Khan', 'Murphy', 'Wright'],
    subjects: [
      'Order {order} has not arrived',
      'Invoice charged twice this month',
      'Cannot log in after password reset',
      'Refund for order {order}',
      'Question about the warranty',
      'Wrong item delivered',
      'How do I change my delivery address?',
      'Problem with my {product}',
      'Cancel my subscription',
      'Discount code does not work',
      'Damaged parcel',
      'App crashes on start',
    ],
    greetings: ['Hello,', 'Hi there,', 'Good morning,', 'Dear support team,', 'Hi,'],
    problems: [
      'I ordered {order} almost {days} days ago and the parcel still has not arrived.',
      'I was charged twice for my last invoice and I would like the second payment refunded.',
      'After resetting my password the login page keeps saying my link has expired.',
      'The item I received is not the one I ordered; the colour and the size are both wrong.',
      'The box was crushed and the device inside does not switch on any more.',
      'Since yesterday’s update the app closes as soon as I open it on my phone.',
      'Could you tell me whether the warranty also covers repairs done by another shop?',
      'I moved last week and need to change the delivery address for my next order.',
      'The discount code from your newsletter is rejected at checkout every time.',
      'I would like to cancel my subscription before the next billing date.',
      'Tracking has shown the same status for {days} days now, nothing moves.',
      'I have been waiting for an answer for a while and this is getting really frustrating.',
    ],
    productLine: ['It is about my {product}.', 'The product is the {product} I bought in spring.', 'This concerns the {product}.'],
    replyProduct: 'About your {product}:',
    closings: ['Thank you,', 'Kind regards,', 'Thanks in advance,', 'Best wishes,', 'Cheers,'],
    agentGreetings: ['Hi {name},', 'Hello {name},', 'Dear {name},'],
    replies: [
      'thank you for getting in touch and sorry for the trouble. I have checked your order and it is with the courier; it should reach you within 2 business days.',
      'I am sorry about the double charge. I have started the refund of the second payment; you will see it on your card within 3 business days.',
      'I have sent you a new reset link that stays valid for 24 hours. Please let me know if it still does not work.',
      'I am sorry the wrong item arrived. A return label is on its way to your email and the right item leaves our warehouse today.',
      'the warranty covers two years from the date of purchase, also for devices bought from our partners.',
      'I have updated the delivery address on your account; the next order will go to the new address.',
      'the code expired at the end of last month, so I have applied the same discount to your order by hand.',
      'your subscription is cancelled and you will not be charged again. You keep access until the end of the period.',
      'our developers found the cause of the crash; a fixed version will be in the store tomorrow morning.',
      'I understand how frustrating this is. I will call the courier myself today and write to you again before 5 pm.',
    ],
    signoffs: ['Best regards, {agent}', 'Kind regards, {agent}', 'Thanks, {agent}', 'All the best, {agent}'],
    followUps: [
      'Thanks for the quick answer, it works now.',
      'It still has not arrived. What can we do?',
      'I got the label, thank you. The parcel goes back tomorrow.',
      'The refund is not on my card yet. Could you check again?',
      'Perfect, that solves it. Have a nice day!',
      'Sorry, one more question: can I also change the invoice address?',
    ],
    notes: [
      'Customer called as well, same issue. Escalated to logistics.',
      'Refund approved by billing, reference in the ticket.',
      'Known bug in 4.2, fix planned for the next release.',
      'Checked with the warehouse: parcel left on Monday.',
      'VIP customer, please answer within the hour.',
    ],
    quoteHeader: 'On {date}, Support wrote:',
  },
  sv: {
    tld: 'se',
    replyPrefix: 'SV:',
    firstNames: ['Karin', 'Olof', 'Anna', 'Erik', 'Maja', 'Lars', 'Elsa', 'Johan', 'Ingrid', 'Nils', 'Sara', 'Oskar', 'Linnea', 'Gustav'],
    lastNames: ['Lindqvist', 'Berg', 'Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Svensson', 'Gustafsson'],
    subjects: [
      'Leveransen har inte kommit',
      'Fråga om garanti',
      'Fel vara levererad',
      'Dubbeldebitering på fakturan',
      'Kan inte logga in',
      'Återbetalning för order {order}',
      'Problem med min {product}',
      'Ändra leveransadress',
      'Säga upp abonnemanget',
      'Rabattkoden fungerar inte',
      'Paketet var trasigt',
    ],
    greetings: ['Hej!', 'Hej,', 'Hejsan,', 'God morgon,', 'Hej kundtjänst,'],
    problems: [
      'Jag beställde order {order} för {days} dagar sedan men paketet har fortfarande inte kommit.',
      'Jag har blivit debiterad två gånger för samma faktura och vill ha tillbaka den andra betalningen.',
      'Efter att jag bytt lösenord säger inloggningssidan att länken har gått ut.',
      'Varan jag fick är inte den jag beställde, både färgen och storleken är fel.',
      'Kartongen var krossad och apparaten går inte att starta.',
      'Sedan gårdagens uppdatering stängs appen direkt när jag öppnar den.',
      'Gäller garantin även om jag köpte produkten i en annan butik?',
      'Jag har flyttat och behöver ändra leveransadressen för nästa beställning.',
      'Rabattkoden från nyhetsbrevet godkänns inte i kassan.',
      'Spårningen har visat samma status i {days} dagar nu.',
      'Jag har väntat länge på svar och börjar bli riktigt irriterad.',
    ],
    productLine: ['Det gäller min {product}.', 'Produkten är en {product} som jag köpte i våras.', 'Det handlar om {product}.'],
    replyProduct: 'Angående din {product}:',
    closings: ['Tack på förhand,', 'Vänliga hälsningar,', 'Mvh,', 'Hälsningar,'],
    agentGreetings: ['Hej {name},', 'Hej {name}!', 'Hejsan {name},'],
    replies: [
      'tack för att du hör av dig och förlåt dröjsmålet. Paketet står hos PostNord och levereras inom två arbetsdagar.',
      'jag beklagar dubbeldebiteringen. Jag har startat återbetalningen och pengarna syns på kortet inom tre bankdagar.',
      'jag har skickat en ny länk som gäller i 24 timmar. Hör av dig om det fortfarande inte fungerar.',
      'förlåt att fel vara kom. En returetikett är på väg till din e-post och rätt vara skickas i dag.',
      'garantin gäller i två år från köpdatum, även för produkter köpta hos våra återförsäljare.',
      'jag har uppdaterat leveransadressen i ditt konto; nästa order skickas till den nya adressen.',
      'abonnemanget är uppsagt och du debiteras inte igen. Du har tillgång till slutet av perioden.',
      'jag förstår att det är frustrerande. Jag ringer själv till transportören i dag och återkommer före kl. 17.',
    ],
    signoffs: ['Vänliga hälsningar, {agent}', 'Med vänlig hälsning, {agent}', 'Hälsningar, {agent}'],
    followUps: [
      'Tack för snabbt svar, nu fungerar det.',
      'Paketet har fortfarande inte kommit. Vad gör vi nu?',
      'Jag har fått etiketten, tack. Paketet skickas tillbaka i morgon.',
      'Återbetalningen har inte kommit än. Kan ni kontrollera igen?',
      'Perfekt, då är det löst. Ha en bra dag!',
    ],
    notes: [
      'Kunden ringde också om samma sak. Eskalerat till lagret.',
      'Återbetalning godkänd av ekonomi.',
      'Känt fel i version 4.2, rättas i nästa release.',
      'Kollat med lagret: paketet skickades i måndags.',
    ],
    quoteHeader: 'Den {date} skrev Kundtjänst:',
  },
  pl: {
    tld: 'pl',
    replyPrefix: 'Odp:',
    firstNames: ['Agnieszka', 'Tomasz', 'Katarzyna', 'Piotr', 'Magdalena', 'Paweł', 'Joanna', 'Michał', 'Małgorzata', 'Krzysztof', 'Zofia', 'Łukasz'],
    lastNames: ['Nowak', 'Wiśniewski', 'Kowalska', 'Wójcik', 'Kamiński', 'Lewandowska', 'Zieliński', 'Szymańska', 'Woźniak', 'Dąbrowski', 'Kozłowska'],
    subjects: [
      'Zwrot zamówienia {order}',
      'Aplikacja się zawiesza',
      'Przesyłka nie dotarła',
      'Podwójne obciążenie karty',
      'Nie mogę się zalogować',
      'Problem z {product}',
      'Zmiana adresu dostawy',
      'Reklamacja uszkodzonego towaru',
      'Kod rabatowy nie działa',
      'Rezygnacja z subskrypcji',
    ],
    greetings: ['Dzień dobry,', 'Witam,', 'Szanowni Państwo,', 'Cześć,'],
    problems: [
      'Zamówiłam {order} {days} dni temu, a paczka nadal nie dotarła.',
      'Od wczorajszej aktualizacji aplikacja zawiesza się przy każdym uruchomieniu.',
      'Moja karta została obciążona dwukrotnie za tę samą fakturę.',
      'Po zmianie hasła strona logowania twierdzi, że link wygasł.',
      'Otrzymany towar jest uszkodzony i nie włącza się.',
      'Chciałabym zwrócić zamówienie, ponieważ rozmiar jest za mały. Jak mam to zrobić?',
      'Przeprowadziłem się i muszę zmienić adres dostawy następnego zamówienia.',
      'Kod rabatowy z newslettera jest odrzucany przy płatności.',
      'Status przesyłki nie zmienia się od {days} dni.',
      'Czekam na odpowiedź już bardzo długo, to naprawdę frustrujące.',
    ],
    productLine: ['Chodzi o {product}.', 'Produkt to {product} kupiony wiosną.', 'Sprawa dotyczy {product}.'],
    replyProduct: 'W sprawie {product}:',
    closings: ['Pozdrawiam,', 'Z poważaniem,', 'Dziękuję z góry,', 'Serdecznie pozdrawiam,'],
    agentGreetings: ['Dzień dobry Pani {name},', 'Dzień dobry Panie {name},', 'Witam {name},'],
    replies: [
      'dziękuję za wiadomość i przepraszam za kłopot. Paczka jest u kuriera i dotrze w ciągu 2 dni roboczych.',
      'przepraszam za podwójne obciążenie. Zleciłam zwrot drugiej płatności, środki wrócą w ciągu 3 dni roboczych.',
      'wysłałam nowy link do zmiany hasła, ważny przez 24 godziny.',
      'wysłałam etykietę zwrotną na Pani adres e-mail; zwrot pieniędzy nastąpi w ciągu 5 dni roboczych od otrzymania paczki.',
      'nasi programiści znaleźli przyczynę błędu; poprawiona wersja będzie dostępna jutro rano.',
      'zaktualizowałem adres dostawy na Pani koncie.',
      'rozumiem, że to frustrujące. Dziś sam zadzwonię do kuriera i odezwę się przed 17:00.',
    ],
    signoffs: ['Pozdrawiam, {agent}', 'Z poważaniem, {agent}', 'Serdecznie pozdrawiam, {agent}'],
    followUps: [
      'Dziękuję za szybką odpowiedź, teraz działa.',
      'Paczka nadal nie dotarła. Co dalej?',
      'Otrzymałam etykietę, dziękuję. Jutro odsyłam paczkę.',
      'Zwrot jeszcze nie wpłynął. Czy mogą Państwo sprawdzić?',
      'Świetnie, sprawa rozwiązana. Miłego dnia!',
    ],
    notes: [
      'Klient dzwonił w tej samej sprawie. Przekazane do magazynu.',
      'Zwrot zatwierdzony przez księgowość.',
      'Znany błąd w wersji 4.2, poprawka w następnym wydaniu.',
      'Sprawdzone z magazynem: paczka wysłana w poniedziałek.',
    ],
    quoteHeader: 'W dniu {date} Obsługa klienta napisał(a):',
  },
  sl: {
    tld: 'si',
    replyPrefix: 'Odg:',
    firstNames: ['Maja', 'Luka', 'Nina', 'Jure', 'Ana', 'Matej', 'Eva', 'Marko', 'Špela', 'Rok', 'Tina', 'Žiga'],
    lastNames: ['Kovač', 'Novak', 'Horvat', 'Krajnc', 'Zupančič', 'Potočnik', 'Kos', 'Vidmar', 'Golob', 'Turk', 'Mlakar'],
    subjects: [
      'Sprememba naslova za dostavo',
      'Paket še ni prispel',
      'Dvojna bremenitev kartice',
      'Ne morem se prijaviti',
      'Vračilo naročila {order}',
      'Težava z {product}',
      'Napačen izdelek',
      'Odpoved naročnine',
      'Poškodovan paket',
    ],
    greetings: ['Pozdravljeni,', 'Dober dan,', 'Spoštovani,', 'Živjo,'],
    problems: [
      'Naročilo {order} sem oddala pred {days} dnevi, paket pa še vedno ni prispel.',
      'Preselila sem se in bi rada spremenila naslov za dostavo za naslednje naročilo.',
      'Kartica mi je bila za isti račun bremenjena dvakrat.',
      'Po spremembi gesla stran za prijavo pravi, da je povezava potekla.',
      'Prejeti izdelek ni tisti, ki sem ga naročil.',
      'Škatla je bila zmečkana in naprava se ne vklopi več.',
      'Ali garancija velja tudi, če sem izdelek kupila v drugi trgovini?',
      'Stanje pošiljke se že {days} dni ne spremeni.',
      'Na odgovor čakam že zelo dolgo in to je res frustrirajoče.',
    ],
    productLine: ['Gre za {product}.', 'Izdelek je {product}, ki sem ga kupila spomladi.', 'Zadeva se nanaša na {product}.'],
    replyProduct: 'Glede {product}:',
    closings: ['Hvala in lep pozdrav,', 'Lep pozdrav,', 'Hvala vnaprej,', 'Lp,'],
    agentGreetings: ['Pozdravljeni {name},', 'Dober dan {name},', 'Živjo {name},'],
    replies: [
      'hvala za sporočilo. Naslov sem posodobila; naslednje naročilo bo poslano na novi naslov.',
      'opravičujem se za zamudo. Paket je pri dostavni službi in bo dostavljen v dveh delovnih dneh.',
      'opravičujem se za dvojno bremenitev. Vračilo drugega plačila je v teku, sredstva boste prejeli v treh delovnih dneh.',
      'poslala sem vam novo povezavo za ponastavitev gesla, veljavna je 24 ur.',
      'garancija velja dve leti od nakupa, tudi za izdelke, kupljene pri naših partnerjih.',
      'razumem, da je to frustrirajoče. Danes bom sama poklicala dostavno službo in se vam oglasila do 17. ure.',
    ],
    signoffs: ['Lep pozdrav, {agent}', 'Hvala in lep pozdrav, {agent}', 'Lp, {agent}'],
    followUps: [
      'Hvala za hiter odgovor, zdaj deluje.',
      'Paket še vedno ni prispel. Kaj lahko naredimo?',
      'Nalepko sem prejela, hvala. Paket pošljem jutri.',
      'Odlično, zadeva je rešena. Lep dan!',
    ],
    notes: [
      'Stranka je tudi klicala zaradi iste težave. Posredovano skladišču.',
      'Vračilo odobrilo računovodstvo.',
      'Znana napaka v različici 4.2.',
      'Preverjeno v skladišču: paket je bil poslan v ponedeljek.',
    ],
    quoteHeader: 'Dne {date} je Podpora napisala:',
  },
  bg: {
    tld: 'bg',
    replyPrefix: 'Отг:',
    firstNames: ['Мария', 'Георги', 'Елена', 'Иван', 'Десислава', 'Димитър', 'Анна', 'Николай', 'Петя', 'Стефан', 'Радостина', 'Христо'],
    lastNames: ['Иванова', 'Петров', 'Георгиева', 'Димитров', 'Николова', 'Стоянов', 'Христова', 'Тодоров', 'Колева', 'Атанасов'],
    subjects: [
      'Поръчката не е пристигнала',
      'Двойно таксуване',
      'Не мога да вляза в профила си',
      'Връщане на поръчка {order}',
      'Проблем с {product}',
      'Грешен продукт',
      'Смяна на адреса за доставка',
      'Повреден пакет',
      'Отказ от абонамент',
    ],
    greetings: ['Здравейте,', 'Добър ден,', 'Уважаеми екип,', 'Здрасти,'],
    problems: [
      'Поръчах {order} преди {days} дни, но пратката все още не е пристигнала.',
      'Картата ми беше таксувана два пъти за една и съща фактура.',
      'След смяната на паролата страницата за вход казва, че връзката е изтекла.',
      'Полученият продукт не е този, който поръчах.',
      'Кутията беше смачкана и устройството не се включва.',
      'От вчерашната актуализация приложението се затваря веднага след стартиране.',
      'Преместих се и трябва да сменя адреса за доставка на следващата поръчка.',
      'Статусът на пратката не се е променил от {days} дни.',
      'Чакам отговор от много време и това е наистина разочароващо.',
    ],
    productLine: ['Става дума за {product}.', 'Продуктът е {product}, купен през пролетта.', 'Въпросът е за {product}.'],
    replyProduct: 'Относно {product}:',
    closings: ['Благодаря предварително,', 'Поздрави,', 'С уважение,', 'Благодаря,'],
    agentGreetings: ['Здравейте, {name},', 'Добър ден, {name},'],
    replies: [
      'благодаря, че се свързахте с нас, и извинете за забавянето. Пратката е при куриера и ще бъде доставена до два работни дни.',
      'извинявам се за двойното таксуване. Стартирах възстановяването на второто плащане, сумата ще бъде върната до три работни дни.',
      'изпратих ви нова връзка за смяна на паролата, валидна 24 часа.',
      'съжалявам, че е пристигнал грешен продукт. Изпратих ви етикет за връщане, а правилният продукт тръгва днес.',
      'актуализирах адреса за доставка във вашия профил.',
      'разбирам колко е неприятно. Днес лично ще се обадя на куриера и ще ви пиша до 17 часа.',
    ],
    signoffs: ['Поздрави, {agent}', 'С уважение, {agent}', 'Всичко хубаво, {agent}'],
    followUps: [
      'Благодаря за бързия отговор, вече работи.',
      'Пратката все още не е пристигнала. Какво да правим?',
      'Получих етикета, благодаря. Утре връщам пакета.',
      'Чудесно, проблемът е решен. Приятен ден!',
    ],
    notes: [
      'Клиентът се обади и по телефона за същото. Ескалирано към склада.',
      'Възстановяването е одобрено от счетоводството.',
      'Известен бъг във версия 4.2.',
      'Проверено в склада: пратката е изпратена в понеделник.',
    ],
    quoteHeader: 'На {date} Поддръжка написа:',
  },
  eo: {
    tld: 'org',
    replyPrefix: 'Re:',
    firstNames: ['Zamenhofa', 'Ludoviko', 'Klara', 'Petro', 'Marta', 'Johano', 'Ŝarlota', 'Mikaelo', 'Rozalio', 'Teodoro', 'Verda', 'Ĝoja'],
    lastNames: ['Verda', 'Stelo', 'Ĉielano', 'Montaro', 'Riverano', 'Lumego', 'Arbaro', 'Kampulo', 'Marbordo', 'Ŝtonulo'],
    subjects: [
      'La pakaĵo ne alvenis',
      'Duobla pago',
      'Mi ne povas ensaluti',
      'Repago por mendo {order}',
      'Problemo kun mia {product}',
      'Malĝusta varo',
      'Ŝanĝi la liveradreson',
      'Difektita pakaĵo',
      'Nuligi la abonon',
    ],
    greetings: ['Saluton,', 'Bonan tagon,', 'Estimataj,', 'Karaj,'],
    problems: [
      'Mi mendis {order} antaŭ {days} tagoj, sed la pakaĵo ankoraŭ ne alvenis.',
      'Mia karto estis ŝargita dufoje por la sama fakturo.',
      'Post la ŝanĝo de pasvorto la ensaluta paĝo diras, ke la ligilo eksvalidiĝis.',
      'La ricevita varo ne estas tiu, kiun mi mendis.',
      'La skatolo estis premita kaj la aparato ne plu ŝaltiĝas.',
      'Ĉu la garantio validas ankaŭ se mi aĉetis la produkton en alia vendejo?',
      'Mi translokiĝis kaj bezonas ŝanĝi la liveradreson por la sekva mendo.',
      'La spurado montras la saman staton jam {days} tagojn.',
      'Mi atendas respondon jam longe kaj tio vere ĉagrenas min.',
    ],
    productLine: ['Temas pri mia {product}.', 'La produkto estas {product}, aĉetita printempe.', 'Ĝi koncernas la {product}.'],
    replyProduct: 'Pri via {product}:',
    closings: ['Dankon antaŭe,', 'Amike,', 'Korajn salutojn,', 'Dankon,'],
    agentGreetings: ['Saluton {name},', 'Kara {name},', 'Bonan tagon {name},'],
    replies: [
      'dankon pro via mesaĝo kaj pardonu la prokraston. La pakaĵo estas ĉe la kuriero kaj alvenos ene de du labortagoj.',
      'pardonu la duoblan pagon. Mi komencis la repagon; la mono revenos al via karto ene de tri labortagoj.',
      'mi sendis al vi novan ligilon, kiu validas 24 horojn.',
      'la garantio validas du jarojn ekde la aĉeto, ankaŭ por varoj aĉetitaj ĉe niaj partneroj.',
      'mi ĝisdatigis la liveradreson en via konto.',
      'mi komprenas, ke tio estas ĉagrena. Hodiaŭ mi mem telefonos al la kuriero kaj skribos al vi antaŭ la 17-a.',
    ],
    signoffs: ['Amike, {agent}', 'Korajn salutojn, {agent}', 'Dankon, {agent}'],
    followUps: [
      'Dankon pro la rapida respondo, nun ĝi funkcias.',
      'La pakaĵo ankoraŭ ne alvenis. Kion ni faru?',
      'Mi ricevis la etikedon, dankon. Morgaŭ mi resendos la pakaĵon.',
      'Bonege, la afero estas solvita. Bonan tagon!',
    ],
    notes: [
      'La kliento ankaŭ telefonis pri la sama afero. Plusendita al la magazeno.',
      'Repago aprobita de la kontado.',
      'Konata eraro en versio 4.2.',
    ],
    quoteHeader: 'Je {date} Subteno skribis:',
  },
};

/** Tags agents put on conversations. */
export const TAGS = ['billing', 'refund', 'shipping', 'login', 'bug', 'feature-request', 'vip', 'complaint', 'warranty', 'returns', 'invoice', 'callback'];

const SYLLABLES = ['ka', 'lo', 'vin', 'tra', 'sol', 've', 'na', 'kor', 'da', 'brim', 'tel', 'aq', 'ro', 'zen', 'mi', 'tor', 'plu', 'xa', 'nor', 'dex', 'fen', 'gri', 'qu', 'ly'];

/**
 * 40 invented product names (language-neutral, never substrings of each other or of the phrase banks). Each
 * conversation mentions one with the probability the generator sets, so each name occurs in about 1% of messages.
 */
export const PRODUCTS: string[] = (() => {
  const rng = new Rng(4242);
  const corpus = Object.values(BANKS)
    .flatMap((b) => [...b.subjects, ...b.problems, ...b.replies, ...b.followUps, ...b.notes, ...b.productLine, ...b.firstNames, ...b.lastNames])
    .join(' ')
    .toLowerCase();
  const out: string[] = [];
  while (out.length < 40) {
    const n = rng.int(3, 4);
    let name = '';
    for (let i = 0; i < n; i++) name += rng.pick(SYLLABLES);
    if (name.length < 7 || name.length > 11) continue;
    const lower = name;
    if (corpus.includes(lower)) continue;
    if (out.some((o) => o.toLowerCase().includes(lower) || lower.includes(o.toLowerCase()))) continue;
    out.push(name[0]!.toUpperCase() + name.slice(1));
  }
  return out;
})();

/** Words that occur in only a handful of messages (about 10 per million): the "rare word" searches. */
export const RARE_WORDS = ['quillfeather', 'zephyrion', 'obsidianka', 'marzipanova', 'thundervolk'];

export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, key: string) => (key in values ? String(values[key]) : m));
}
