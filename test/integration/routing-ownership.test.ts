import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { sql } from 'kysely';
import { createTestApp, TEST_PASSWORD, uniqueEmail, type TestAccount, type TestApp } from '../helpers/harness.js';
import { ManualClock } from '../../src/server/domain/shared/clock.js';
import { runRoutingClock } from '../../src/server/domain/routing/routing-runner.js';
import { CUSTOMER_TEXTS } from '../../src/server/i18n/customer/index.js';

// Ownership with a controllable service clock: Monday 2 March 2026, 10:00 in Stockholm (CET, UTC+1).
const MONDAY_1000_LOCAL = '2026-03-02T09:00:00.000Z';

let t: TestApp;
let clock: ManualClock;
before(async () => {
  clock = new ManualClock(MONDAY_1000_LOCAL);
  t = await createTestApp({}, { clock });
});
after(() => t.close());

interface MessageView {
  id: string;
  seq: number;
  direction: string;
  type: string;
  body: string;
  language: string;
  author: { type: string; userId: string | null };
  createdAt: string;
  handoverNote?: boolean;
  delivery: { status: string } | null;
}
interface ConversationView {
  id: string;
  number: number;
  status: string;
  channel: string;
  customerId: string;
  assigneeId: string | null;
  teamId: string | null;
  transferCount: number;
  recontactOfId: string | null;
  recontact: { ofId: string; reason: string | null; score: number | null } | null;
  mergedIntoId: string | null;
  keepOnShiftEnd: boolean;
  routing: { reason: string | null } | null;
  handover?: { id: string; note: string; fromUserId: string | null; kind: string } | null;
  messages?: MessageView[];
}
interface Person {
  id: string;
  name: string;
  auth: Record<string, string>;
}

async function api<T = unknown>(who: { auth: Record<string, string> }, method: string, url: string, payload?: unknown): Promise<{ status: number; body: T }> {
  const res = await t.app.inject({ method: method as 'GET', url, headers: who.auth, ...(payload !== undefined ? { payload: payload as object } : {}) });
  return { status: res.statusCode, body: res.json() as T };
}

async function person(acc: TestAccount, name: string, role = 'agent', online = true): Promise<Person> {
  const email = uniqueEmail(name.split(' ')[0]!.toLowerCase());
  const res = await api<{ id: string }>(acc, 'POST', '/api/v1/users', { email, name, role, password: TEST_PASSWORD });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  if (online) assert.equal((await api(acc, 'POST', `/api/v1/users/${res.body.id}/presence`, { status: 'online' })).status, 200);
  return { id: res.body.id, name, auth: { authorization: `Bearer ${await t.login(email, TEST_PASSWORD)}` } };
}

async function team(acc: TestAccount, members: Person[], routing = 'round_robin'): Promise<string> {
  const res = await api<{ id: string }>(acc, 'POST', '/api/v1/teams', { name: `Team ${Math.random()}`, memberIds: members.map((m) => m.id), routing });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id;
}

async function open(acc: TestAccount, extra: Record<string, unknown> = {}, body = 'Hello, my order has not arrived. Can you help?') {
  const res = await api<ConversationView>(acc, 'POST', '/api/v1/conversations', { subject: 'Order', customer: { email: uniqueEmail('customer') }, message: { body }, ...extra });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

const get = async (who: { auth: Record<string, string> }, id: string) => (await api<ConversationView>(who, 'GET', `/api/v1/conversations/${id}`)).body;
const events = async (acc: TestAccount, id: string) =>
  (await api<{ items: Array<{ type: string; data: Record<string, unknown> }> }>(acc, 'GET', `/api/v1/conversations/${id}/events`)).body.items;

test('transfer: refused without a handover note; the receiver sees the note first; the customer is told in their language; counted', async () => {
  clock.set(MONDAY_1000_LOCAL);
  const acc = await t.newAccount('transfer');
  const ana = await person(acc, 'Ana Andersson');
  const bo = await person(acc, 'Bo Berg');
  const cy = await person(acc, 'Cy Carlsson');
  const teamId = await team(acc, [ana, bo, cy]);
  const c = await open(acc, { assigneeId: ana.id, teamId, customer: { email: uniqueEmail('karin'), name: 'Karin' } }, 'Hej! Min beställning har inte kommit fram. Kan ni hjälpa mig, tack?');

  const missing = await api<{ error: { code: string; message: string; details: { fields: Array<{ field: string }> } } }>(ana, 'POST', `/api/v1/conversations/${c.id}/transfer`, { toUserId: bo.id });
  assert.equal(missing.status, 400);
  assert.equal(missing.body.error.details.fields[0]!.field, 'note');
  const blank = await api<{ error: { message: string; details: { fields: Array<{ field: string }> } } }>(ana, 'POST', `/api/v1/conversations/${c.id}/transfer`, { toUserId: bo.id, note: '   \n ' });
  assert.equal(blank.status, 400);
  assert.equal(blank.body.error.details.fields[0]!.field, 'note');
  assert.match(blank.body.error.message, /^note: /);
  assert.equal((await get(acc, c.id)).assigneeId, ana.id, 'nothing changed');
  assert.equal((await get(acc, c.id)).transferCount, 0);

  const note = 'Karin’s parcel 4711 is stuck at the depot in Malmö. I asked the carrier; they answer by 14:00. Please call her back then.';
  const done = await api<ConversationView & { handover: { id: string; note: string; toUserId: string } }>(ana, 'POST', `/api/v1/conversations/${c.id}/transfer`, { toUserId: bo.id, note });
  assert.equal(done.status, 200, JSON.stringify(done.body));
  assert.equal(done.body.assigneeId, bo.id);
  assert.equal(done.body.transferCount, 1);
  assert.equal(done.body.handover.note, note);

  // The receiver: the note on top, flagged in the history, and a notification carrying it.
  const seen = await get(bo, c.id);
  assert.equal(seen.handover?.note, note);
  assert.equal(seen.handover?.fromUserId, ana.id);
  const noteMessage = seen.messages!.find((m) => m.handoverNote);
  assert.equal(noteMessage?.type, 'note');
  assert.equal(noteMessage?.body, note);
  assert.equal(noteMessage?.author.userId, ana.id);
  const notes = await api<{ items: Array<{ kind: string; conversationId: string; data: { note: string; fromUserId: string } }> }>(bo, 'GET', '/api/v1/notifications');
  const handoverNote = notes.body.items.find((n) => n.kind === 'handover' && n.conversationId === c.id);
  assert.equal(handoverNote?.data.note, note);
  assert.equal(handoverNote?.data.fromUserId, ana.id);

  // The customer: told who helps them now, in Swedish, on the conversation's channel; never shown the note.
  const told = seen.messages!.filter((m) => m.direction === 'outbound' && m.type === 'message');
  assert.equal(told.length, 1);
  assert.equal(told[0]!.language, 'sv');
  assert.equal(told[0]!.author.type, 'system');
  assert.ok(told[0]!.body.includes(CUSTOMER_TEXTS.sv.transferToAgent.replace('{agent}', 'Bo Berg').replace('{number}', String(c.number))), told[0]!.body);
  assert.ok(told[0]!.body.startsWith('Hej Karin,'));
  assert.ok(!told[0]!.body.includes('4711'), 'the internal note stays internal');

  // Acknowledged: no longer on top.
  assert.equal((await api(bo, 'POST', `/api/v1/handovers/${done.body.handover.id}/acknowledge`)).status, 200);
  assert.equal((await get(bo, c.id)).handover, null);

  // To a team: its routing picks the receiver, never the one handing over.
  const again = await api<ConversationView>(bo, 'POST', `/api/v1/conversations/${c.id}/transfer`, { toTeamId: teamId, note: 'Back to the team: I am off to a training. Carrier answer still pending.' });
  assert.equal(again.status, 200);
  assert.ok(again.body.assigneeId !== null && again.body.assigneeId !== bo.id);
  assert.equal(again.body.transferCount, 2);
  assert.equal((await api(bo, 'POST', `/api/v1/conversations/${c.id}/transfer`, { toUserId: again.body.assigneeId, note: 'x' })).status, 409, 'already theirs');
  const log = await events(acc, c.id);
  assert.equal(log.filter((e) => e.type === 'conversation.transferred').length, 2);
  assert.equal(log.filter((e) => e.type === 'conversation.assigned').at(-1)?.data.trigger, 'transfer');

  // An email conversation: the customer's message leaves through the outbox, in English here.
  const mail = await open(acc, { assigneeId: ana.id, channel: 'email' }, 'Hello, my order has not arrived. Can you help?');
  const viaMail = await api<ConversationView>(ana, 'POST', `/api/v1/conversations/${mail.id}/transfer`, { toUserId: cy.id, note: 'Needs a replacement order.' });
  assert.equal(viaMail.status, 200);
  const sent = (await get(acc, mail.id)).messages!.filter((m) => m.direction === 'outbound' && m.type === 'message');
  assert.equal(sent.length, 1);
  assert.ok(sent[0]!.body.includes(CUSTOMER_TEXTS.en.transferToAgent.replace('{agent}', 'Cy Carlsson').replace('{number}', String(mail.number))));
  assert.ok(sent[0]!.delivery !== null, 'queued for delivery by email');

  const other = await t.newAccount('other');
  assert.equal((await api(other, 'POST', `/api/v1/conversations/${c.id}/transfer`, { toUserId: ana.id, note: 'x' })).status, 404);
});

test('shift end: every open conversation is kept by choice or handed over with a note — none left without an owner or a note', async () => {
  clock.set('2026-03-02T15:00:00.000Z'); // Monday 16:00 in Stockholm
  const acc = await t.newAccount('shift end');
  const leaving = await person(acc, 'Lea');
  const colleague = await person(acc, 'Cole');
  const lonely = await person(acc, 'Lone', 'agent', false);
  // Notes are written in the receiver's UI language: Cole reads Swedish; a note nobody receives yet is in the
  // account's default language (Polish here).
  assert.equal((await api(acc, 'PATCH', `/api/v1/users/${colleague.id}`, { uiLanguage: 'sv' })).status, 200);
  await sql`UPDATE accounts SET default_language = 'pl' WHERE id = ${acc.accountId}`.execute(t.deps.db);
  const supportTeam = await team(acc, [leaving, colleague]);
  const emptyTeam = await team(acc, [leaving, lonely]); // nobody else there at the end of Lea's shift
  const shift = await api<{ endsAt: string }>(leaving, 'PUT', `/api/v1/users/${leaving.id}/shifts`, {
    timezone: 'Europe/Stockholm',
    weekly: { mon: [['08:00', '17:00']], tue: [['08:00', '17:00']] },
  });
  assert.equal(shift.status, 200, JSON.stringify(shift.body));
  assert.equal(shift.body.endsAt, '2026-03-02T16:00:00.000Z');

  const mine = async (extra: Record<string, unknown>) => open(acc, { assigneeId: leaving.id, ...extra });
  const plain = await mine({ teamId: supportTeam });
  const waitingOnCustomer = await mine({ teamId: supportTeam });
  await api(leaving, 'PATCH', `/api/v1/conversations/${waitingOnCustomer.id}`, { status: 'pending' });
  const promised = await mine({ teamId: supportTeam });
  await api(leaving, 'POST', `/api/v1/conversations/${promised.id}/promises`, { description: 'Call back with the carrier’s answer', dueAt: '2026-03-03T09:00:00.000Z' });
  const keepRefused = await mine({ teamId: supportTeam });
  const noOneThere = await mine({ teamId: emptyTeam });
  const noTeam = await mine({});
  const solved = await mine({ teamId: supportTeam });
  await api(leaving, 'PATCH', `/api/v1/conversations/${solved.id}`, { status: 'solved' });
  for (const c of [waitingOnCustomer, promised, keepRefused]) {
    const kept = await api<ConversationView>(leaving, 'POST', `/api/v1/conversations/${c.id}/keep`, { keep: true });
    assert.equal(kept.status, 200);
    assert.equal(kept.body.keepOnShiftEnd, true);
  }
  assert.equal((await api(colleague, 'POST', `/api/v1/conversations/${plain.id}/keep`, { keep: true })).status, 403, 'only the owner decides');

  clock.set('2026-03-02T15:59:00.000Z');
  assert.equal((await runRoutingClock(t.deps.db, t.deps.serviceClock, { accountId: acc.accountId })).shiftsEnded, 0);
  clock.set('2026-03-02T16:00:00.000Z'); // 17:00: the shift ends
  const report = await runRoutingClock(t.deps.db, t.deps.serviceClock, { accountId: acc.accountId });
  assert.equal(report.shiftsEnded, 1);
  assert.deepEqual({ kept: report.kept, handedOver: report.handedOver, queued: report.queued }, { kept: 2, handedOver: 3, queued: 1 });

  const after = new Map<string, ConversationView>();
  for (const c of [plain, waitingOnCustomer, promised, keepRefused, noOneThere, noTeam, solved]) after.set(c.id, await get(acc, c.id));
  assert.equal(after.get(waitingOnCustomer.id)!.assigneeId, leaving.id, 'kept: it waits on the customer');
  assert.equal(after.get(promised.id)!.assigneeId, leaving.id, 'kept: Lea owes the customer a call');
  assert.equal(after.get(plain.id)!.assigneeId, colleague.id);
  assert.equal(after.get(keepRefused.id)!.assigneeId, colleague.id, 'the customer waits for an answer: handed over despite the wish');
  assert.match(after.get(keepRefused.id)!.handover!.note, /^Lea ville behålla den, men kunden väntar på svar från oss/m);
  assert.equal(after.get(noOneThere.id)!.assigneeId, null, 'nobody available in that team: it waits in the queue…');
  assert.equal(after.get(noOneThere.id)!.routing?.reason, 'nobody_available');
  assert.equal(after.get(noTeam.id)!.teamId, supportTeam, 'no team: it goes to Lea’s team');
  assert.equal(after.get(noTeam.id)!.assigneeId, colleague.id);
  assert.equal(after.get(solved.id)!.assigneeId, leaving.id, 'solved conversations are not handed over');

  // The must: no open conversation without an owner or a handover note.
  for (const c of after.values()) {
    if (c.status === 'solved') continue;
    const hasNote = c.messages!.some((m) => m.handoverNote && m.type === 'note');
    assert.ok(c.assigneeId !== null || hasNote, `#${c.number} has an owner or a handover note`);
    if (c.assigneeId === colleague.id) {
      assert.ok(hasNote, `#${c.number} handed over with a note`);
      assert.match(c.handover!.note, /^Automatisk överlämning: Leas arbetspass slutade 2026-03-02 17:00 Europe\/Stockholm/);
      assert.match(c.handover!.note, /^Status: (ny|öppen), prioritet normal\.$/m);
      // (Message times are record timestamps, not the test's manual clock.)
      assert.match(c.handover!.note, /^Kunden skrev senast \(\d{4}-\d\d-\d\d \d\d:\d\d Europe\/Stockholm\): ”Hello, my order has not arrived/m);
      assert.doesNotMatch(c.handover!.note, /Automatic handover|The customer last wrote/);
    } else if (c.assigneeId !== leaving.id) {
      assert.ok(hasNote, `#${c.number} handed over with a note`);
      assert.match(c.handover!.note, /^Automatyczne przekazanie: zmiana osoby Lea zakończyła się 2026-03-02 17:00 Europe\/Stockholm/);
      assert.match(c.handover!.note, /^Ostatnia wiadomość klienta/m);
    }
  }
  // … and the next shift's summary.
  const summary = await api<{ counts: { transfer: number; shift_end: number; shift_keep: number; waitingInQueue: number }; items: Array<{ kind: string; conversationId: string; toUserId: string | null; note: string; summary: { openPromises: unknown[] } }> }>(
    colleague,
    'GET',
    '/api/v1/handovers?since=2026-03-02T12:00:00.000Z',
  );
  assert.deepEqual(summary.body.counts, { transfer: 0, shift_end: 4, shift_keep: 2, waitingInQueue: 1 });
  assert.equal(summary.body.items.find((h) => h.conversationId === promised.id)?.summary.openPromises.length, 1);
  // What Lea keeps is noted in her own language (English).
  assert.equal(
    summary.body.items.find((h) => h.conversationId === promised.id && h.kind === 'shift_keep')?.note,
    'Lea keeps this conversation over the end of their shift (2026-03-02 17:00 Europe/Stockholm): they owe the customer an open promise.',
  );
  const handedToCole = await api<{ items: unknown[] }>(colleague, 'GET', `/api/v1/handovers?since=2026-03-02T12:00:00.000Z&toUserId=${colleague.id}`);
  assert.equal(handedToCole.body.items.length, 3);
  const coleNotes = await api<{ items: Array<{ kind: string }> }>(colleague, 'GET', '/api/v1/notifications');
  assert.equal(coleNotes.body.items.filter((n) => n.kind === 'handover').length, 3);
  // Once: the end is consumed, the next one is tomorrow.
  const again = await runRoutingClock(t.deps.db, t.deps.serviceClock, { accountId: acc.accountId });
  assert.equal(again.shiftsEnded, 0);
  assert.equal((await api<{ nextStartAt: string; onShift: boolean }>(leaving, 'GET', `/api/v1/users/${leaving.id}/shifts`)).body.nextStartAt, '2026-03-03T07:00:00.000Z');
  // The one waiting in the queue goes to the first member of that team who comes online.
  await api(acc, 'POST', `/api/v1/users/${lonely.id}/presence`, { status: 'online' });
  assert.equal((await get(acc, noOneThere.id)).assigneeId, lonely.id);
});

test('collision: a reply crossing another agent’s reply is refused (409) unless forced; presence is relayed over the WebSocket', async () => {
  clock.set(MONDAY_1000_LOCAL);
  const acc = await t.newAccount('collision');
  const ana = await person(acc, 'Ana');
  const bo = await person(acc, 'Bo');
  const c = await open(acc, { assigneeId: ana.id });
  const loaded = await get(ana, c.id);
  const lastSeq = loaded.messages!.at(-1)!.seq;

  const first = await api<{ seq: number }>(bo, 'POST', `/api/v1/conversations/${c.id}/messages`, { type: 'reply', body: 'Your parcel arrives tomorrow.', expectedLastSeq: lastSeq });
  assert.equal(first.status, 201);
  const crossing = await api<{ error: { code: string; message: string; details: { code: string; replies: Array<{ seq: number; authorUserId: string; excerpt: string }> } } }>(
    ana,
    'POST',
    `/api/v1/conversations/${c.id}/messages`,
    { type: 'reply', body: 'We will send a new parcel today.', expectedLastSeq: lastSeq },
  );
  assert.equal(crossing.status, 409);
  assert.equal(crossing.body.error.details.code, 'reply_collision');
  assert.match(crossing.body.error.message, /^Bo replied to the customer since you loaded the conversation/);
  assert.deepEqual(crossing.body.error.details.replies.map((r) => [r.seq, r.authorUserId, r.excerpt]), [[first.body.seq, bo.id, 'Your parcel arrives tomorrow.']]);
  assert.equal((await get(acc, c.id)).messages!.length, 2, 'nothing sent');
  assert.equal((await api(ana, 'POST', `/api/v1/conversations/${c.id}/messages`, { type: 'note', body: 'Checking with the depot.', expectedLastSeq: lastSeq })).status, 201, 'notes never collide');
  assert.equal((await api(bo, 'POST', `/api/v1/conversations/${c.id}/messages`, { type: 'reply', body: 'PS: tracking link follows.', expectedLastSeq: lastSeq })).status, 201, 'one’s own replies do not collide');
  assert.equal((await api(ana, 'POST', `/api/v1/conversations/${c.id}/messages`, { type: 'reply', body: 'Adding to Bo’s answer: the new parcel is on its way.', expectedLastSeq: lastSeq, force: true })).status, 201);
  const upToDate = (await get(ana, c.id)).messages!.at(-1)!.seq;
  assert.equal((await api(ana, 'POST', `/api/v1/conversations/${c.id}/messages`, { type: 'reply', body: 'Anything else?', expectedLastSeq: upToDate })).status, 201);

  // Presence per conversation: Bo opens the conversation and types; Ana, viewing it, sees both at once.
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address() as { port: number };
  const url = `ws://127.0.0.1:${address.port}/api/v1/ws`;
  const connect = async (who: Person) => {
    const frames: Array<Record<string, unknown>> = [];
    const socket = new WebSocket(url, { headers: who.auth });
    socket.on('message', (raw) => frames.push(JSON.parse(raw.toString()) as Record<string, unknown>));
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    const until = async (p: (f: Record<string, unknown>) => boolean) => {
      const deadline = Date.now() + 5000;
      while (!frames.some(p)) {
        if (Date.now() > deadline) throw new Error(`no such frame; got ${JSON.stringify(frames)}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return frames.find(p)!;
    };
    await until((f) => f.type === 'ready');
    return { socket, frames, until };
  };
  const anaWs = await connect(ana);
  const boWs = await connect(bo);
  anaWs.socket.send(JSON.stringify({ type: 'presence', conversationId: c.id, state: 'viewing' }));
  await anaWs.until((f) => f.type === 'conversation.viewers');
  boWs.socket.send(JSON.stringify({ type: 'presence', conversationId: c.id, state: 'viewing' }));
  const viewers = await boWs.until((f) => f.type === 'conversation.viewers');
  assert.deepEqual((viewers.viewers as Array<{ userId: string; state: string }>).map((v) => [v.userId, v.state]), [[ana.id, 'viewing']], 'Bo learns Ana is already there');
  await anaWs.until((f) => f.type === 'conversation.presence' && f.userId === bo.id && f.state === 'viewing');
  boWs.socket.send(JSON.stringify({ type: 'presence', conversationId: c.id, state: 'typing' }));
  await anaWs.until((f) => f.type === 'conversation.presence' && f.userId === bo.id && f.state === 'typing');
  boWs.socket.close();
  const left = await anaWs.until((f) => f.type === 'conversation.presence' && f.userId === bo.id && f.state === 'left');
  assert.equal(left.conversationId, c.id);
  assert.ok(!boWs.frames.some((f) => f.type === 'conversation.presence' && f.userId === bo.id), 'nobody hears their own presence');
  anaWs.socket.close();
});

test('recontacts: only a new conversation about the same matter within 7 days after the previous one was solved is linked and counted, with its reason', async () => {
  clock.set(MONDAY_1000_LOCAL);
  const acc = await t.newAccount('recontacts');
  const ana = await person(acc, 'Ana');
  const customer = { email: uniqueEmail('again') };
  const first = await open(acc, { customer, assigneeId: ana.id, tags: ['delivery'] }, 'Hello, my order 48213 has not arrived yet. It was supposed to come on Monday.');
  assert.equal((await api(acc, 'PATCH', `/api/v1/conversations/${first.id}`, { status: 'solved' })).status, 200);
  // The same matter in other words: linked, and why.
  const second = await open(acc, { customer, subject: 'Parcel still missing' }, 'Hi, my parcel for order 48213 still has not arrived, I am getting worried.');
  assert.equal(second.recontactOfId, first.id);
  assert.equal(second.recontact?.reason, 'similar');
  assert.ok(second.recontact!.score! >= 0.4 && second.recontact!.score! <= 1, String(second.recontact?.score));
  assert.deepEqual((await get(acc, second.id)).recontact, second.recontact);
  const recontact = (await events(acc, second.id)).find((e) => e.type === 'conversation.recontact');
  assert.equal(recontact?.data.recontactOfNumber, first.number);
  assert.equal(recontact?.data.previousAssigneeId, ana.id);
  assert.equal(recontact?.data.reason, 'similar');
  assert.deepEqual(recontact?.data.sharedTerms, ['48213', 'arriv', 'order']);
  // An unrelated question from the same customer within the 7 days: not a recontact.
  const unrelated = await open(acc, { customer, subject: 'Password' }, 'How do I change the password for my account?');
  assert.equal(unrelated.recontactOfId, null);
  assert.equal(unrelated.recontact, null);
  assert.equal((await events(acc, unrelated.id)).some((e) => e.type === 'conversation.recontact'), false);
  // Naming the earlier number is enough; so are the same tags.
  const byNumber = await open(acc, { customer, subject: `Question about [#${first.number}]` }, 'Can I pick it up at the store instead?');
  assert.deepEqual(byNumber.recontact, { ofId: first.id, reason: 'reference', score: 1 });
  const byTags = await open(acc, { customer, subject: 'Hello', tags: ['Delivery'] }, 'Could you call me back tomorrow?');
  assert.deepEqual(byTags.recontact, { ofId: first.id, reason: 'tags', score: 1 });
  // Solved eight days ago: no longer a recontact, however alike.
  const old = { email: uniqueEmail('old') };
  const older = await open(acc, { customer: old }, 'Hello, my order 48213 has not arrived yet.');
  await api(acc, 'PATCH', `/api/v1/conversations/${older.id}`, { status: 'solved' });
  await sql`UPDATE conversations SET solved_at = solved_at - interval '8 days' WHERE id = ${older.id}`.execute(t.deps.db);
  const afterOld = await open(acc, { customer: old }, 'My order 48213 still has not arrived.');
  assert.equal(afterOld.recontactOfId, null);
  const someoneElse = await open(acc, {}, 'Hello, my order 48213 has not arrived yet.');
  assert.equal(someoneElse.recontactOfId, null);

  const report = await api<{ conversations: number; recontacts: number; recontactRate: number; recontactsByReason: Record<string, number>; byAgent: Array<{ userId: string; recontactsAfterSolve: number }> }>(
    acc,
    'GET',
    `/api/v1/reports/routing?from=2026-01-01T00:00:00Z&to=2099-01-01T00:00:00Z`,
  );
  assert.equal(report.status, 200, JSON.stringify(report.body));
  assert.equal(report.body.conversations, 8);
  assert.equal(report.body.recontacts, 3);
  assert.equal(report.body.recontactRate, 0.375);
  assert.deepEqual(report.body.recontactsByReason, { reference: 1, similar: 1, tags: 1, unjudged: 0, manual: 0 });
  assert.equal(report.body.byAgent.find((a) => a.userId === ana.id)?.recontactsAfterSolve, 3);
  // The link and its reason are the database's to keep consistent.
  await assert.rejects(sql`UPDATE conversations SET recontact_reason = NULL WHERE id = ${second.id}`.execute(t.deps.db), /recontact_reason/);

  // A supervisor corrects the judgement by hand, within the metric's definition; an agent may not (the figure counts
  // against the owner of the solved conversation).
  const sue = await person(acc, 'Sue Lead', 'supervisor');
  const link = (who: Person, id: string, recontactOfId: string) => api<ConversationView & { error?: { code: string; message: string } }>(who, 'PUT', `/api/v1/conversations/${id}/recontact`, { recontactOfId });
  assert.equal((await link(ana, unrelated.id, first.id)).status, 403);
  const linked = await link(sue, unrelated.id, first.id);
  assert.equal(linked.status, 200, JSON.stringify(linked.body));
  assert.deepEqual(linked.body.recontact, { ofId: first.id, reason: 'manual', score: null });
  assert.deepEqual((await get(acc, unrelated.id)).recontact, linked.body.recontact);
  const manual = (await events(acc, unrelated.id)).filter((e) => e.type === 'conversation.recontact');
  assert.equal(manual.length, 1);
  assert.equal(manual[0]!.data.reason, 'manual');
  assert.equal(manual[0]!.data.recontactOfNumber, first.number);
  assert.equal(manual[0]!.data.previousAssigneeId, ana.id);
  assert.equal((await link(sue, unrelated.id, first.id)).status, 200, 'the same link again changes nothing');
  assert.equal((await events(acc, unrelated.id)).filter((e) => e.type === 'conversation.recontact').length, 1);
  const refused = [
    await link(sue, someoneElse.id, first.id), // another customer's
    await link(sue, unrelated.id, unrelated.id), // itself
    await link(sue, afterOld.id, older.id), // solved eight days before
    await link(sue, first.id, second.id), // not solved at all
    await link(sue, unrelated.id, '00000000-0000-4000-8000-000000000000'), // no such conversation
  ];
  for (const r of refused) {
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.equal(r.body.error?.code, 'validation_failed');
    assert.match(r.body.error!.message, /^recontactOfId: /);
  }
  assert.equal((await link(sue, '00000000-0000-4000-8000-000000000000', first.id)).status, 404);
  const foreign = await t.newAccount('recontacts elsewhere');
  assert.equal((await api(foreign, 'PUT', `/api/v1/conversations/${unrelated.id}/recontact`, { recontactOfId: first.id })).status, 404);

  // A judged link that is wrong is removed, once.
  assert.equal((await api(ana, 'DELETE', `/api/v1/conversations/${second.id}/recontact`)).status, 403);
  const unlinked = await api<ConversationView>(sue, 'DELETE', `/api/v1/conversations/${second.id}/recontact`);
  assert.equal(unlinked.status, 200, JSON.stringify(unlinked.body));
  assert.equal(unlinked.body.recontactOfId, null);
  assert.equal(unlinked.body.recontact, null);
  assert.equal((await api(sue, 'DELETE', `/api/v1/conversations/${second.id}/recontact`)).status, 200, 'removing no link changes nothing');
  const removed = (await events(acc, second.id)).filter((e) => e.type === 'conversation.recontact_removed');
  assert.equal(removed.length, 1);
  assert.deepEqual({ ofId: removed[0]!.data.recontactOfId, reason: removed[0]!.data.reason }, { ofId: first.id, reason: 'similar' });
  const corrected = await api<{ recontacts: number; recontactsByReason: Record<string, number>; byAgent: Array<{ userId: string; recontactsAfterSolve: number }> }>(
    acc,
    'GET',
    `/api/v1/reports/routing?from=2026-01-01T00:00:00Z&to=2099-01-01T00:00:00Z`,
  );
  assert.equal(corrected.body.recontacts, 3);
  assert.deepEqual(corrected.body.recontactsByReason, { reference: 1, similar: 0, tags: 1, unjudged: 0, manual: 1 });
  assert.equal(corrected.body.byAgent.find((a) => a.userId === ana.id)?.recontactsAfterSolve, 3);
});

test('merge keeps every message in written order and closes the duplicate with a pointer; split moves messages into a new conversation', async () => {
  clock.set(MONDAY_1000_LOCAL);
  const acc = await t.newAccount('merge');
  const ana = await person(acc, 'Ana');
  const customer = { email: uniqueEmail('twice') };
  const a = await open(acc, { customer, assigneeId: ana.id }, 'My order 1001 has not arrived.');
  const b = await open(acc, { customer }, 'Also, about order 1001: the invoice is wrong.');
  await api(ana, 'POST', `/api/v1/conversations/${a.id}/messages`, { type: 'reply', body: 'We are checking order 1001.' });
  await api(ana, 'POST', `/api/v1/conversations/${b.id}/messages`, { type: 'reply', body: 'Looking at the invoice now.' });
  const bo = await person(acc, 'Bo');
  assert.equal((await api(ana, 'POST', `/api/v1/conversations/${a.id}/transfer`, { toUserId: bo.id, note: 'Bo knows the depot.' })).status, 200);

  const other = await open(acc, {}, 'Someone else entirely.');
  const refused = await api<{ error: { code: string; details: { field: string } } }>(ana, 'POST', `/api/v1/conversations/${b.id}/merge`, { intoId: other.id });
  assert.equal(refused.status, 409, 'another customer needs allowDifferentCustomer');
  assert.equal(refused.body.error.details.field, 'intoId');
  assert.equal((await api(ana, 'POST', `/api/v1/conversations/${b.id}/merge`, { intoId: b.id })).status, 400);

  const merged = await api<ConversationView>(ana, 'POST', `/api/v1/conversations/${b.id}/merge`, { intoId: a.id });
  assert.equal(merged.status, 200, JSON.stringify(merged.body));
  assert.equal(merged.body.id, a.id, 'the surviving conversation');
  const messages = merged.body.messages!;
  assert.deepEqual(messages.map((m) => m.seq), messages.map((_, i) => i + 1), 'gap-free');
  const times = messages.map((m) => Date.parse(m.createdAt));
  assert.deepEqual(times, [...times].sort((x, y) => x - y), 'in the order they were written');
  const bodies = messages.map((m) => m.body);
  for (const text of ['My order 1001 has not arrived.', 'Also, about order 1001: the invoice is wrong.', 'We are checking order 1001.', 'Looking at the invoice now.']) {
    assert.ok(bodies.includes(text), text);
  }
  assert.match(bodies.at(-1)!, new RegExp(`Conversation #${b.number} .* was merged into this one`));
  const closed = await get(acc, b.id);
  assert.equal(closed.status, 'closed');
  assert.equal(closed.mergedIntoId, a.id);
  assert.deepEqual(closed.messages, []);
  assert.equal((await api(ana, 'POST', `/api/v1/conversations/${b.id}/merge`, { intoId: a.id })).status, 409, 'already merged');
  assert.ok((await events(acc, b.id)).some((e) => e.type === 'conversation.merged' && e.data.intoId === a.id));
  assert.ok((await events(acc, a.id)).some((e) => e.type === 'conversation.merged_in' && e.data.fromId === b.id));
  const timeline = await api<{ timeline: Array<{ kind: string; conversationId?: string }> }>(acc, 'GET', `/api/v1/customers/${a.customerId}`);
  assert.equal(timeline.body.timeline.filter((e) => e.kind === 'message' && e.conversationId === a.id).length, messages.length, 'one timeline, every message');

  // Split the invoice question off again.
  const invoice = messages.filter((m) => /invoice/.test(m.body) && m.type === 'message').map((m) => m.id);
  const split = await api<ConversationView>(ana, 'POST', `/api/v1/conversations/${a.id}/split`, { messageIds: invoice, subject: 'Invoice for order 1001' });
  assert.equal(split.status, 201, JSON.stringify(split.body));
  assert.deepEqual(split.body.messages!.filter((m) => m.type === 'message').map((m) => m.body), ['Also, about order 1001: the invoice is wrong.', 'Looking at the invoice now.']);
  assert.equal(split.body.customerId, a.customerId);
  const rest = await get(acc, a.id);
  assert.deepEqual(rest.messages!.map((m) => m.seq), rest.messages!.map((_, i) => i + 1), 'the source is renumbered gap-free');
  assert.ok(!rest.messages!.some((m) => invoice.includes(m.id)));
  assert.equal((await api(ana, 'POST', `/api/v1/conversations/${a.id}/split`, { messageIds: rest.messages!.map((m) => m.id) })).status, 400, 'at least one message stays');

  const report = await api<{ transfers: number; transfersPerConversation: number; conversations: number }>(acc, 'GET', '/api/v1/reports/routing?from=2026-01-01T00:00:00Z&to=2099-01-01T00:00:00Z');
  assert.equal(report.body.transfers, 1);
  assert.equal(report.body.conversations, 3, 'the merged-away duplicate does not count');
  assert.equal(report.body.transfersPerConversation, 0.3333);
});
