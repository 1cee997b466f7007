import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bucketOf, decide, hasSkills, hasSkillsIn, requiredLanguageIn, requiredLanguageOf, requiredSkillsIn, requiredSkillsOf, skillSetOf, type Candidate, type RoutingRequest } from './routing-core.js';

const agent = (userId: string, extra: Partial<Candidate> = {}): Candidate => ({
  userId,
  presence: 'online',
  onShift: true,
  languages: [],
  skills: [],
  capacity: {},
  load: { email: 0, chat: 0 },
  difficultOpen: 0,
  recentDifficult: 0,
  rotation: 0,
  ...extra,
});

const request = (extra: Partial<RoutingRequest> = {}): RoutingRequest => ({
  strategy: 'round_robin',
  bucket: 'email',
  language: 'und',
  requiredSkills: [],
  difficult: false,
  skillsFallback: false,
  stickyUserId: null,
  difficultWeight: 2,
  ...extra,
});

const first = (req: RoutingRequest, candidates: Candidate[]) => {
  const d = decide(req, candidates);
  return d.kind === 'assign' ? d.ranked[0]!.userId : `wait:${d.reason}`;
};

test('channels fall into two capacity kinds: live (chat, phone) and asynchronous (email, portal, api)', () => {
  assert.equal(bucketOf('chat'), 'chat');
  assert.equal(bucketOf('phone'), 'chat');
  assert.equal(bucketOf('email'), 'email');
  assert.equal(bucketOf('portal'), 'email');
  assert.equal(bucketOf('api'), 'email');
});

test('manual teams never assign; nobody online or on shift means waiting', () => {
  assert.equal(first(request({ strategy: 'manual' }), [agent('a')]), 'wait:manual');
  assert.equal(first(request(), []), 'wait:nobody_available');
  assert.equal(first(request(), [agent('a', { presence: 'away' }), agent('b', { presence: 'offline' })]), 'wait:nobody_available');
  assert.equal(first(request(), [agent('a', { onShift: false })]), 'wait:nobody_available', 'online but outside the shift');
  assert.equal(first(request(), [agent('a', { presence: 'away' }), agent('b')]), 'b');
});

test('round robin: the member whose turn it is (least recently routed to), then by id', () => {
  const members = [agent('a', { rotation: 7 }), agent('b', { rotation: 3 }), agent('c', { rotation: 5 })];
  const d = decide(request(), members);
  assert.equal(d.kind, 'assign');
  assert.deepEqual(d.kind === 'assign' && d.ranked.map((r) => r.userId), ['b', 'c', 'a']);
  assert.equal(d.kind === 'assign' && d.ranked[0]!.reason, 'round_robin');
  assert.equal(first(request(), [agent('b'), agent('a')]), 'a', 'never routed to: ids break the tie');
});

test('round robin stays exact over many decisions when the rotation advances', () => {
  const members = ['a', 'b', 'c', 'd', 'e'].map((id) => agent(id));
  const counts = new Map<string, number>();
  let seq = 0;
  for (let i = 0; i < 1000; i++) {
    const chosen = first(request(), members);
    counts.set(chosen, (counts.get(chosen) ?? 0) + 1);
    members.find((m) => m.userId === chosen)!.rotation = ++seq;
  }
  assert.deepEqual([...counts.values()], [200, 200, 200, 200, 200]);
});

test('least load: fewest open conversations of the channel kind; a difficult one weighs more', () => {
  const members = [agent('a', { load: { email: 4, chat: 0 } }), agent('b', { load: { email: 2, chat: 3 } }), agent('c', { load: { email: 3, chat: 0 } })];
  assert.equal(first(request({ strategy: 'least_load' }), members), 'b');
  assert.equal(first(request({ strategy: 'least_load', bucket: 'chat' }), members), 'a', 'chat load counts separately (a before c by id)');
  // b carries two difficult ones: weighted 2 + 2×(2−1) = 4 > c's 3.
  members[1]!.difficultOpen = 2;
  assert.equal(first(request({ strategy: 'least_load' }), members), 'c');
});

test('capacity per channel kind: an agent at capacity is skipped; everyone at capacity waits', () => {
  const members = [agent('a', { capacity: { chat: 3 }, load: { email: 0, chat: 3 } }), agent('b', { capacity: { chat: 3, email: 20 }, load: { email: 20, chat: 1 }, rotation: 9 })];
  assert.equal(first(request({ bucket: 'chat' }), members), 'b', 'a holds 3 chats already');
  assert.equal(first(request({ bucket: 'email' }), members), 'a', 'no email limit for a; b is at 20');
  assert.equal(first(request({ bucket: 'chat' }), [members[0]!]), 'wait:at_capacity');
  assert.equal(first(request(), [agent('z', { capacity: { email: 0 } })]), 'wait:at_capacity', 'capacity 0: never this kind');
});

test('skills: language and every required skill; otherwise wait until the fallback, then anyone', () => {
  const members = [agent('a', { languages: ['en'], skills: ['billing'] }), agent('b', { languages: ['sv', 'en'], skills: ['Returns'] }), agent('c')];
  assert.equal(first(request({ language: 'sv' }), members), 'b');
  assert.equal(first(request({ language: 'pl', requiredSkills: [] }), members), 'c', 'no languages listed: not restricted');
  assert.equal(first(request({ requiredSkills: ['returns'] }), members), 'b', 'skills compare case-insensitively');
  const onlyA = [members[0]!];
  assert.equal(first(request({ requiredSkills: ['returns'] }), onlyA), 'wait:skills_wait');
  const fallback = decide(request({ requiredSkills: ['returns'], skillsFallback: true }), onlyA);
  assert.equal(fallback.kind === 'assign' && fallback.ranked[0]!.userId, 'a');
  assert.equal(fallback.kind === 'assign' && fallback.skillsMatched, false);
  // The skilled agent at capacity does not make an unskilled one eligible before the fallback.
  const full = [agent('a', { skills: ['vip'], capacity: { email: 1 }, load: { email: 1, chat: 0 } }), agent('b')];
  assert.equal(first(request({ requiredSkills: ['vip'] }), full), 'wait:skills_wait');
});

test('required skills are the tags some member has as a skill; the language only when someone lists it', () => {
  const members = [{ skills: ['Billing', 'tier2'], languages: ['sv'] }, { skills: ['returns'], languages: [] }];
  assert.deepEqual(requiredSkillsOf(['billing', 'urgent', 'TIER2'], members), ['billing', 'tier2']);
  assert.deepEqual(requiredSkillsOf(['newsletter'], members), []);
  assert.equal(requiredLanguageOf('sv', members), 'sv');
  assert.equal(requiredLanguageOf('bg', members), 'und', 'nobody lists Bulgarian: waiting would be pointless');
  assert.equal(requiredLanguageOf('und', members), 'und');
  // The same from what a roster keeps (the members' normalised skills and listed languages, worked out once).
  const vocabulary = new Set(members.flatMap((m) => [...skillSetOf(m.skills)]));
  const listed = new Set(members.flatMap((m) => m.languages));
  for (const tags of [['billing', 'urgent', 'TIER2'], ['newsletter'], [], [' Returns ', 'billing']]) {
    assert.deepEqual(requiredSkillsIn(tags, vocabulary), requiredSkillsOf(tags, members), tags.join(','));
    for (const m of members) assert.equal(hasSkillsIn(skillSetOf(m.skills), requiredSkillsOf(tags, members)), hasSkills(m, requiredSkillsOf(tags, members)));
  }
  assert.equal(hasSkillsIn(skillSetOf(['Billing', 'tier2']), ['billing', 'TIER2']), true);
  assert.equal(hasSkillsIn(skillSetOf(['returns']), ['billing']), false);
  for (const language of ['sv', 'bg', 'und']) assert.equal(requiredLanguageIn(language, listed), requiredLanguageOf(language, members), language);
});

test('sticky: the previous owner first when they qualify, otherwise the strategy decides', () => {
  const members = [agent('a'), agent('b', { rotation: 5 })];
  const d = decide(request({ stickyUserId: 'b' }), members);
  assert.deepEqual(d.kind === 'assign' && d.ranked.map((r) => [r.userId, r.reason]), [
    ['b', 'sticky'],
    ['a', 'round_robin'],
  ]);
  assert.equal(first(request({ stickyUserId: 'b' }), [agent('a'), agent('b', { presence: 'offline' })]), 'a');
  assert.equal(first(request({ stickyUserId: 'b', bucket: 'chat' }), [agent('a'), agent('b', { capacity: { chat: 0 } })]), 'a');
});

test('difficult conversations go to whoever took on the fewest difficult ones recently, whatever the rotation', () => {
  const members = [agent('a', { recentDifficult: 2, rotation: 1 }), agent('b', { recentDifficult: 0, rotation: 9 }), agent('c', { recentDifficult: 0, difficultOpen: 1, rotation: 2 })];
  assert.equal(first(request({ difficult: true }), members), 'b');
  assert.equal(first(request({ difficult: false }), members), 'a', 'an ordinary conversation follows the rotation');
});

test('difficult load spreads: 20 difficult among 60 ordinary conversations over 4 agents never differ by more than 1', () => {
  const members = ['a', 'b', 'c', 'd'].map((id) => agent(id));
  const difficultBy = new Map(members.map((m) => [m.userId, 0]));
  let seq = 0;
  for (let i = 0; i < 80; i++) {
    const difficult = i % 4 === 0; // pure round robin would give every difficult one to the same agent
    const chosen = members.find((m) => m.userId === first(request({ difficult }), members))!;
    chosen.rotation = ++seq;
    if (difficult) {
      chosen.recentDifficult++;
      difficultBy.set(chosen.userId, difficultBy.get(chosen.userId)! + 1);
    }
  }
  const counts = [...difficultBy.values()];
  assert.equal(counts.reduce((a, b) => a + b, 0), 20);
  assert.ok(Math.max(...counts) - Math.min(...counts) <= 1, counts.join(','));
});
