import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, uniqueEmail, type TestApp } from '../helpers/harness.js';
import { ManualClock } from '../../src/server/domain/shared/clock.js';
import type { Channel, Presence } from '../../src/server/db/schema.js';
import { routeConversation, type RouteOutcome } from '../../src/server/domain/routing/routing-engine.js';
import { DEFAULT_ROUTING_SETTINGS } from '../../src/server/domain/routing/routing-settings.js';
import { bucketOf, decide, requiredLanguageOf, requiredSkillsOf, type Candidate, type RoutingStrategy } from '../../src/server/domain/routing/routing-core.js';
import { isOnShift, shiftCalendar } from '../../src/server/domain/routing/shift-schedule.js';

// Routing decides in the database (servisto_route, migration 016) so that a decision costs one round trip; the pure
// core (routing-core.ts decide) states the rules. This test builds random teams — presence, shifts, languages,
// skills, capacities, loads, rotation, recent difficult conversations, sticky owners, excluded agents — and checks
// that the function picks the agent the core ranks first, or queues for the reason the core gives.
const MONDAY_1000_LOCAL = '2026-03-02T09:00:00.000Z';
const SCENARIOS = 40;

let t: TestApp;
let clock: ManualClock;
before(async () => {
  clock = new ManualClock(MONDAY_1000_LOCAL);
  t = await createTestApp({}, { clock });
});
after(() => t.close());

/** A small seeded generator (mulberry32): the same scenarios on every run. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const some = <T>(items: readonly T[], p: number): T[] => items.filter(() => next() < p);
  return { next, int, pick, some };
}

class Rollback extends Error {}

test(`servisto_route ranks as routing-core decide() does, on ${SCENARIOS} random teams`, async () => {
  const acc = await t.newAccount('parity');
  const db = t.deps.db;
  const rnd = generator(20261123);
  const now = clock.now();
  const customer = await db
    .insertInto('customers')
    .values({ account_id: acc.accountId, name: 'Parity customer', language: 'en', custom_attributes: JSON.stringify({}) })
    .returning('id')
    .executeTakeFirstOrThrow();
  // Conversations the recent difficult assignments point at.
  const past: string[] = [];
  for (let i = 0; i < 4; i++) {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/conversations', headers: acc.auth, payload: { subject: `Past ${i}`, message: { body: 'Earlier.' }, customer: { email: uniqueEmail('past') } } });
    assert.equal(res.statusCode, 201, res.body);
    past.push((res.json() as { id: string }).id);
  }
  const outcomes = new Map<string, number>();

  for (let scenario = 0; scenario < SCENARIOS; scenario++) {
    const size = 2 + rnd.int(6);
    const strategy: RoutingStrategy = rnd.pick(['round_robin', 'least_load'] as const);
    const team = await db
      .insertInto('teams')
      .values({ account_id: acc.accountId, name: `Parity ${scenario}`, routing: strategy, skills_fallback_minutes: rnd.pick([0, 5]), sticky_owner: rnd.next() < 0.7 })
      .returning(['id', 'skills_fallback_minutes', 'sticky_owner'])
      .executeTakeFirstOrThrow();
    const candidates: Candidate[] = [];
    for (let i = 0; i < size; i++) {
      const languages = rnd.some(['en', 'sv', 'pl'], 0.4);
      const skills = rnd.some(['billing', 'vip'], 0.35);
      const capacity = rnd.next() < 0.7 ? { email: rnd.int(4), chat: rnd.int(3) } : {};
      const presence: Presence = rnd.next() < 0.75 ? 'online' : rnd.pick(['away', 'offline'] as const);
      const user = await db
        .insertInto('users')
        .values({
          account_id: acc.accountId,
          email: uniqueEmail(`parity${scenario}-${i}`),
          name: `Agent ${scenario}.${i}`,
          role: 'agent',
          password_hash: null,
          languages,
          skills,
          capacity: JSON.stringify(capacity),
          presence,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      let onShift = true;
      if (rnd.next() < 0.3) {
        const weekly = rnd.next() < 0.5 ? { mon: [['09:00', '17:00']] as Array<[string, string]> } : { tue: [['09:00', '17:00']] as Array<[string, string]> };
        await db.insertInto('agent_shifts').values({ account_id: acc.accountId, user_id: user.id, timezone: 'Europe/Stockholm', weekly: JSON.stringify(weekly) }).execute();
        onShift = isOnShift(shiftCalendar({ timezone: 'Europe/Stockholm', weekly }), now);
      }
      const rotation = rnd.int(3) === 0 ? 0 : 1 + rnd.int(1000);
      await db.insertInto('team_members').values({ account_id: acc.accountId, team_id: team.id, user_id: user.id, last_routed_seq: rotation }).execute();
      const load = { email: rnd.int(5), chat: rnd.int(3) };
      const difficultOpen = rnd.int(3);
      // Part of each load as a counter, part as releases not yet folded (they must add up the same).
      // Each bucket's part, sometimes in two release rows.
      const released = { email: Math.min(load.email, rnd.int(3)), chat: Math.min(load.chat, rnd.int(2)), difficult: Math.min(difficultOpen, rnd.int(2)) };
      await sql`UPDATE agent_loads SET email = ${load.email + released.email}, chat = ${load.chat + released.chat}, difficult = ${difficultOpen + released.difficult}
                WHERE account_id = ${acc.accountId} AND user_id = ${user.id}`.execute(db);
      if (released.email + released.chat + released.difficult > 0) {
        const split = released.email > 1 && rnd.next() < 0.5 ? 1 : 0;
        await db
          .insertInto('agent_load_releases')
          .values([
            { account_id: acc.accountId, user_id: user.id, email: -(released.email - split), chat: -released.chat, difficult: -released.difficult },
            ...(split > 0 ? [{ account_id: acc.accountId, user_id: user.id, email: -split }] : []),
          ])
          .execute();
      }
      const recent = presence === 'online' ? rnd.int(3) : 0;
      for (let r = 0; r < recent; r++) {
        await db
          .insertInto('assignments')
          .values({ account_id: acc.accountId, conversation_id: past[r]!, user_id: user.id, team_id: team.id, reason: 'manual', trigger: 'manual', assigned_at: now, difficult_since: now })
          .execute();
      }
      candidates.push({ userId: user.id, presence, onShift, languages, skills, capacity, load, difficultOpen, recentDifficult: recent, rotation });
    }

    const channel: Channel = rnd.pick(['email', 'chat', 'portal'] as const);
    const language = rnd.pick(['en', 'sv', 'und', 'bg'] as const);
    const tags = [...rnd.some(['billing', 'vip'], 0.3), ...(rnd.next() < 0.3 ? ['label'] : [])];
    const difficult = rnd.next() < 0.35;
    const excluded = rnd.next() < 0.2 ? [rnd.pick(candidates).userId] : [];
    const stickyUserId = rnd.next() < 0.6 ? rnd.pick(candidates).userId : null;

    // What the core decides for the members that may be chosen.
    const pool = candidates.filter((c) => !excluded.includes(c.userId));
    const requiredSkills = requiredSkillsOf(tags, pool);
    const requiredLanguage = requiredLanguageOf(language, pool);
    const expected = decide(
      {
        strategy,
        bucket: bucketOf(channel),
        language: requiredLanguage,
        requiredSkills,
        difficult,
        skillsFallback: team.skills_fallback_minutes === 0,
        stickyUserId: team.sticky_owner ? stickyUserId : null,
        difficultWeight: DEFAULT_ROUTING_SETTINGS.difficultWeight,
      },
      pool,
    );

    // What the database does, rolled back afterwards.
    let outcome: RouteOutcome | undefined;
    await db
      .transaction()
      .execute(async (trx) => {
        const row = await trx
          .insertInto('conversations')
          .values({
            account_id: acc.accountId,
            number: 900_000 + scenario,
            subject: `Parity ${scenario}`,
            status: 'open',
            priority: 'normal',
            channel,
            language,
            customer_id: customer.id,
            team_id: team.id,
            tags,
            difficult,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        outcome = await routeConversation(trx, t.deps.serviceClock, acc.accountId, row.id, { trigger: 'created', stickyUserId, excludeUserIds: excluded, row });
        throw new Rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof Rollback)) throw error;
      });

    const label = `scenario ${scenario}: ${JSON.stringify({ strategy, channel, language, tags, difficult, excluded, stickyUserId, candidates })}`;
    if (expected.kind === 'assign') {
      assert.equal(outcome?.kind, 'assigned', label);
      if (outcome?.kind !== 'assigned') continue;
      assert.equal(outcome.userId, expected.ranked[0]!.userId, label);
      assert.equal(outcome.reason, expected.ranked[0]!.reason, label);
    } else {
      assert.equal(outcome?.kind, 'queued', label);
      if (outcome?.kind !== 'queued') continue;
      assert.equal(outcome.reason, expected.reason, label);
    }
    const key = outcome.kind === 'assigned' ? `assigned:${outcome.reason}` : `queued:${outcome.reason}`;
    outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
  }
  // The scenarios reach every kind of outcome (else the generator needs tuning, not the code).
  for (const kind of ['assigned:sticky', 'assigned:least_load', 'assigned:round_robin', 'queued:nobody_available', 'queued:at_capacity', 'queued:skills_wait']) {
    assert.ok((outcomes.get(kind) ?? 0) > 0, `no scenario ended ${kind}: ${JSON.stringify([...outcomes])}`);
  }
});

test('the roster kept in memory follows every change at once: skills, capacity, membership, shifts and the strategy', async () => {
  const acc = await t.newAccount('roster');
  const call = async <T = Record<string, unknown>>(method: string, url: string, payload?: unknown) => {
    const res = await t.app.inject({ method: method as 'GET', url, headers: acc.auth, ...(payload !== undefined ? { payload: payload as object } : {}) });
    return { status: res.statusCode, body: res.json() as T };
  };
  const agent = async (name: string, body: Record<string, unknown>) => {
    const res = await call<{ id: string }>('POST', '/api/v1/users', { email: uniqueEmail(name), name, role: 'agent', ...body });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal((await call('POST', `/api/v1/users/${res.body.id}/presence`, { status: 'online' })).status, 200);
    return res.body.id;
  };
  const anna = await agent('anna', { skills: ['billing'] });
  const bo = await agent('bo', {});
  const cy = await agent('cy', {});
  const created = await call<{ id: string }>('POST', '/api/v1/teams', { name: 'Roster team', memberIds: [anna, bo], routing: 'least_load', skillsFallbackMinutes: 30 });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const teamId = created.body.id;
  const open = async (tags: string[] = []) => {
    const res = await call<{ id: string; assigneeId: string | null }>('POST', '/api/v1/conversations', {
      subject: 'Roster',
      customer: { email: uniqueEmail('customer') },
      message: { body: 'Hello, a question about my order please.' },
      teamId,
      tags,
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.assigneeId;
  };
  const patchUser = async (id: string, body: Record<string, unknown>) => assert.equal((await call('PATCH', `/api/v1/users/${id}`, body)).status, 200);

  assert.equal(await open(['billing']), anna, 'billing goes to the one with the skill');
  await patchUser(anna, { skills: [] });
  await patchUser(bo, { skills: ['billing'] });
  assert.equal(await open(['billing']), bo, 'skills changed: the roster was read again');
  await patchUser(bo, { capacity: { email: 1 } });
  await patchUser(anna, { skills: ['billing'] });
  assert.equal(await open(['billing']), anna, 'bo is at his new capacity of one');
  assert.equal((await call('PATCH', `/api/v1/teams/${teamId}`, { memberIds: [bo, cy] })).status, 200);
  assert.equal(await open(), cy, 'anna left the team, bo is full: cy');
  const shift = await call('PUT', `/api/v1/users/${cy}/shifts`, { timezone: 'Europe/Stockholm', weekly: { tue: [['09:00', '17:00']] } });
  assert.equal(shift.status, 200, JSON.stringify(shift.body));
  assert.equal(await open(), null, 'cy is off shift now (Monday), bo is full: it waits');
  await patchUser(bo, { capacity: {} });
  assert.equal(await open(), bo, 'bo has no limit any more');
  assert.equal((await call('PATCH', `/api/v1/teams/${teamId}`, { routing: 'manual' })).status, 200);
  assert.equal(await open(), null, 'a manual team never assigns');
});
