import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestAccount, type TestApp } from '../helpers/harness.js';

let t: TestApp;
let acc: TestAccount;
before(async () => {
  t = await createTestApp();
  acc = await t.newAccount();
});
after(() => t.close());

const stockholm = {
  name: 'Stockholm office',
  timezone: 'Europe/Stockholm',
  country: 'SE',
  weekly: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']], wed: [['09:00', '17:00']], thu: [['09:00', '17:00']], fri: [['09:00', '12:00'], ['13:00', '17:00']] },
  closedDates: ['2026-12-28'],
};

async function create(body: unknown, auth = acc.auth) {
  return t.app.inject({ method: 'POST', url: '/api/v1/business-hours', headers: auth, payload: body as object });
}

test('create business hours and ask when n business minutes have passed, across a weekend, holidays and DST', async () => {
  const res = await create(stockholm);
  assert.equal(res.statusCode, 201, res.body);
  const id = (res.json() as { id: string }).id;
  const due = async (from: string, minutes: number) => {
    const r = await t.app.inject({ method: 'GET', url: `/api/v1/business-hours/${id}/due?from=${encodeURIComponent(from)}&minutes=${minutes}`, headers: acc.auth });
    assert.equal(r.statusCode, 200, r.body);
    return (r.json() as { dueAt: string }).dueAt;
  };
  // Friday 16:00 + 120 business minutes: one hour on Friday, the next on Monday morning.
  assert.equal(await due('2026-11-20T15:00:00Z', 120), '2026-11-23T09:00:00.000Z');
  // Friday's lunch break does not count.
  assert.equal(await due('2026-11-20T10:30:00Z', 60), '2026-11-20T12:30:00.000Z');
  // Christmas: 24 Dec (a Thursday) is julafton, open (not a public holiday); 25 and 26 are holidays, 27 a Sunday,
  // 28 Dec our closed date: 30 minutes on the 24th, the other 30 on Tuesday the 29th.
  assert.equal(await due('2026-12-24T15:30:00Z', 60), '2026-12-29T08:30:00.000Z');
  // Across the spring DST change (29 March 2026): Friday 16:00 CET + 120 → Monday 10:00 CEST.
  assert.equal(await due('2026-03-27T15:00:00Z', 120), '2026-03-30T08:00:00.000Z');

  const calendar = await t.app.inject({ method: 'GET', url: `/api/v1/business-hours/${id}/calendar?from=2026-12-24&to=2026-12-28`, headers: acc.auth });
  const days = (calendar.json() as { days: Array<{ date: string; open: boolean; closedReason?: string; holidayName?: string }> }).days;
  assert.deepEqual(
    days.map((d) => [d.date, d.open, d.closedReason ?? null]),
    [
      ['2026-12-24', true, null],
      ['2026-12-25', false, 'holiday'],
      ['2026-12-26', false, 'holiday'],
      ['2026-12-27', false, 'weekend'],
      ['2026-12-28', false, 'closed_date'],
    ],
  );
  assert.equal(days.find((d) => d.date === '2026-12-25')?.holidayName, 'juldagen');

  const team = await t.app.inject({ method: 'POST', url: '/api/v1/teams', headers: acc.auth, payload: { name: 'Nordics', memberIds: [], routing: 'manual', businessHoursId: id } });
  assert.equal(team.statusCode, 201, team.body);
  assert.equal((team.json() as { businessHoursId: string }).businessHoursId, id);
});

test('bad calendars are refused naming the field; other accounts cannot read them', async () => {
  const badZone = await create({ ...stockholm, timezone: 'Mars/Olympus' });
  assert.equal(badZone.statusCode, 400);
  assert.match(badZone.json().error.message, /timezone/);
  const backwards = await create({ ...stockholm, weekly: { mon: [['17:00', '09:00']] } });
  assert.equal(backwards.statusCode, 400);
  assert.match(backwards.json().error.message, /weekly\.mon/);
  const country = await create({ ...stockholm, country: 'XX' });
  assert.equal(country.statusCode, 400);
  assert.match(country.json().error.message, /country/);
  const missing = await create({ name: 'x', timezone: 'UTC' });
  assert.equal(missing.statusCode, 400);
  assert.match(missing.json().error.message, /weekly/);

  const ok = await create(stockholm);
  const id = (ok.json() as { id: string }).id;
  const noMinutes = await t.app.inject({ method: 'GET', url: `/api/v1/business-hours/${id}/due?from=2026-11-20T15:00:00Z`, headers: acc.auth });
  assert.equal(noMinutes.statusCode, 400);
  assert.match(noMinutes.json().error.message, /minutes/);
  const other = await t.newAccount();
  const foreign = await t.app.inject({ method: 'GET', url: `/api/v1/business-hours/${id}/due?from=2026-11-20T15:00:00Z&minutes=5`, headers: other.auth });
  assert.equal(foreign.statusCode, 404);
  const foreignTeam = await t.app.inject({ method: 'POST', url: '/api/v1/teams', headers: other.auth, payload: { name: 'x', memberIds: [], routing: 'manual', businessHoursId: id } });
  assert.equal(foreignTeam.statusCode, 400);
  assert.match(foreignTeam.json().error.message, /businessHoursId/);
});
