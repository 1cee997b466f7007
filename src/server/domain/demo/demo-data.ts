import { sql, type Kysely } from 'kysely';
import type { Database, Language } from '../../db/schema.js';
import type { AttachmentStore } from '../attachments/attachment-store.js';
import { systemActor, type Actor } from '../shared/actor.js';
import { createConversation } from '../conversations/conversation-create.js';
import { postMessage } from '../messages/message-post.js';
import { updateConversation } from '../conversations/conversation-update.js';

interface DemoConversation {
  language: Language;
  customer: { email: string; name: string };
  subject: string;
  body: string;
  channel: 'email' | 'chat' | 'portal' | 'phone' | 'api';
  reply?: string;
  note?: string;
  status?: 'open' | 'pending' | 'solved';
  priority?: 'low' | 'normal' | 'high' | 'urgent';
}

const DEMO: DemoConversation[] = [
  {
    language: 'en',
    customer: { email: 'emma.clarke@example.org', name: 'Emma Clarke' },
    subject: 'Invoice charged twice this month',
    body: 'Hello, I was charged twice for my November invoice. Could you please refund the second payment? Thank you, Emma',
    channel: 'email',
    reply: 'Hi Emma, I am sorry about the double charge. I have started the refund of the second payment; you will see it on your card within 3 business days.',
    status: 'pending',
  },
  {
    language: 'en',
    customer: { email: 'raj.patel@example.com', name: 'Raj Patel' },
    subject: 'Cannot log in after password reset',
    body: 'After resetting my password the login page keeps saying my link has expired. I need access today for a client meeting.',
    channel: 'chat',
    note: 'Reset links expire after 30 minutes; check whether the mail was delayed.',
    priority: 'high',
  },
  {
    language: 'sv',
    customer: { email: 'karin.lindqvist@example.se', name: 'Karin Lindqvist' },
    subject: 'Leveransen har inte kommit',
    body: 'Hej! Jag beställde en kaffebryggare för två veckor sedan men paketet har fortfarande inte kommit. Kan ni kontrollera var det är? Vänliga hälsningar, Karin',
    channel: 'email',
    reply: 'Hej Karin, tack för att du hör av dig och förlåt dröjsmålet. Paketet står hos PostNord i Uppsala; jag ringer dig i morgon före klockan 12 med ett nytt leveransdatum.',
  },
  {
    language: 'sv',
    customer: { email: 'olof.berg@example.se', name: 'Olof Berg' },
    subject: 'Fråga om garanti',
    body: 'Gäller garantin även om jag köpte produkten i en annan butik? Den slutade fungera efter sju månader.',
    channel: 'portal',
    status: 'open',
  },
  {
    language: 'pl',
    customer: { email: 'agnieszka.nowak@example.pl', name: 'Agnieszka Nowak' },
    subject: 'Zwrot zamówienia',
    body: 'Dzień dobry, chciałabym zwrócić zamówienie nr 4471, ponieważ rozmiar jest za mały. Jak mam to zrobić? Pozdrawiam, Agnieszka Nowak',
    channel: 'email',
    reply: 'Dzień dobry Pani Agnieszko, dziękuję za wiadomość. Wysłałam etykietę zwrotną na Pani adres e-mail; zwrot pieniędzy nastąpi w ciągu 5 dni roboczych od otrzymania paczki.',
    status: 'solved',
  },
  {
    language: 'pl',
    customer: { email: 'tomasz.wisniewski@example.pl', name: 'Tomasz Wiśniewski' },
    subject: 'Aplikacja się zawiesza',
    body: 'Od wczorajszej aktualizacji aplikacja zawiesza się przy każdym uruchomieniu na moim telefonie. To bardzo frustrujące.',
    channel: 'chat',
    priority: 'high',
  },
  {
    language: 'sl',
    customer: { email: 'maja.kovac@example.si', name: 'Maja Kovač' },
    subject: 'Sprememba naslova za dostavo',
    body: 'Pozdravljeni, preselila sem se in bi rada spremenila naslov za dostavo za naslednje naročilo. Hvala in lep pozdrav, Maja',
    channel: 'email',
    reply: 'Pozdravljeni Maja, hvala za sporočilo. Naslov sem posodobila; naslednje naročilo bo poslano na novi naslov.',
    status: 'solved',
  },
  {
    language: 'sl',
    customer: { email: 'luka.horvat@example.si', name: 'Luka Horvat' },
    subject: 'Račun ni prišel',
    body: 'Plačal sem naročnino, vendar računa še vedno nisem prejel po elektronski pošti. Ali mi ga lahko pošljete?',
    channel: 'portal',
  },
  {
    language: 'bg',
    customer: { email: 'ivan.petrov@example.bg', name: 'Иван Петров' },
    subject: 'Проблем с поръчката',
    body: 'Здравейте, получих грешен размер на обувките от поръчката си. Моля, кажете ми как да ги заменя. Благодаря, Иван',
    channel: 'email',
    reply: 'Здравейте, Иван, съжаляваме за грешката. Изпратихме ви нов чифт днес; куриерът ще вземе грешния размер при доставката в четвъртък.',
    status: 'pending',
  },
  {
    language: 'bg',
    customer: { email: 'maria.georgieva@example.bg', name: 'Мария Георгиева' },
    subject: 'Въпрос за абонамента',
    body: 'Бих искала да знам дали мога да спра абонамента си за два месеца, докато съм в чужбина.',
    channel: 'chat',
    note: 'Клиентката е с нас от 2019 г.; паузата е възможна до три месеца.',
  },
  {
    language: 'eo',
    customer: { email: 'zamenhof.fan@example.net', name: 'Petro Verda' },
    subject: 'Mi ne ricevis la libron',
    body: 'Saluton! Mi mendis la libron antaŭ tri semajnoj, sed ĝi ankoraŭ ne alvenis. Ĉu vi povas kontroli, kie ĝi estas? Dankon, Petro',
    channel: 'email',
    reply: 'Saluton Petro, dankon pro via mesaĝo kaj pardonu la prokraston. La pakaĵo estas ĉe la poŝto en via urbo; mi skribos al vi morgaŭ antaŭ la 14-a horo kun la nova dato.',
  },
  {
    language: 'eo',
    customer: { email: 'ana.ruiz@example.net', name: 'Ana Ruiz' },
    subject: 'Demando pri la kongreso',
    body: 'Ĉu eblas ŝanĝi mian aliĝon al la kongreso de la unua al la dua semajno? Mi ne povos veni pli frue.',
    channel: 'portal',
    status: 'open',
    priority: 'low',
  },
];

/**
 * Demo data for SERVISTO_DEMO=1: customers and conversations in all six languages, across channels, with replies
 * and notes. Loaded once per account (tagged `demo`), through the same commands the API uses.
 */
export async function loadDemoData(db: Kysely<Database>, accountId: string, store: AttachmentStore): Promise<number> {
  const existing = await db
    .selectFrom('conversations')
    .select('id')
    .where('account_id', '=', accountId)
    .where('tags', '@>', sql<string[]>`ARRAY['demo']::text[]`)
    .limit(1)
    .executeTakeFirst();
  if (existing) return 0;
  const admin = await db
    .selectFrom('users')
    .select(['id', 'role'])
    .where('account_id', '=', accountId)
    .where('role', '=', 'admin')
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst();
  const system = systemActor(accountId);
  const agent: Actor = admin ? { accountId, type: 'user', id: admin.id, role: 'admin', userId: admin.id } : system;
  for (const demo of DEMO) {
    const { conversation } = await createConversation(db, system, store, {
      subject: demo.subject,
      customer: demo.customer,
      message: { body: demo.body },
      channel: demo.channel,
      priority: demo.priority,
      tags: ['demo', demo.language],
      language: demo.language,
    });
    if (demo.note) await postMessage(db, agent, conversation.id, { type: 'note', body: demo.note });
    if (demo.reply) await postMessage(db, agent, conversation.id, { type: 'reply', body: demo.reply });
    if (demo.status) await updateConversation(db, agent, conversation.id, { status: demo.status });
  }
  return DEMO.length;
}
