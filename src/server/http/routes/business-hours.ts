import { Type, type Static } from '@sinclair/typebox';
import type { Selectable } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';
import type { BusinessHoursTable } from '../../db/schema.js';
import { actorOf, requireRole } from '../plugins/auth.js';
import { errorResponses, IdParams, Uuid } from '../schemas.js';
import { calendarOf, createBusinessHours } from '../../domain/service-clock/business-hours-create.js';
import { addBusinessMinutes, calendarView, WEEKDAYS } from '../../domain/service-clock/business-hours.js';
import { errors } from '../../domain/shared/errors.js';

const Interval = Type.Tuple([Type.String({ pattern: '^\\d{2}:\\d{2}$' }), Type.String({ pattern: '^\\d{2}:\\d{2}$' })]);
const Weekly = Type.Object(Object.fromEntries(WEEKDAYS.map((d) => [d, Type.Optional(Type.Array(Interval, { maxItems: 12 }))])), {
  additionalProperties: false,
  description: 'Local opening intervals per weekday, e.g. {"mon":[["09:00","17:00"]]}; "24:00" may end a day',
});
const CreateBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  timezone: Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone, e.g. Europe/Stockholm' }),
  country: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2: adds its public holidays' })),
  weekly: Weekly,
  closedDates: Type.Optional(Type.Array(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), { maxItems: 1000 })),
});
const BusinessHours = Type.Object({
  id: Uuid,
  name: Type.String(),
  timezone: Type.String(),
  country: Type.Union([Type.String(), Type.Null()]),
  weekly: Type.Record(Type.String(), Type.Array(Type.Array(Type.String()))),
  closedDates: Type.Array(Type.String()),
  createdAt: Type.String(),
});
const DueQuery = Type.Object({
  from: Type.String({ format: 'date-time', description: 'ISO instant the clock starts at' }),
  minutes: Type.Number({ minimum: 0, maximum: 5_000_000, description: 'Business minutes to add' }),
});
const CalendarQuery = Type.Object({
  from: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
  to: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
});

const present = (r: Selectable<BusinessHoursTable>) => ({
  id: r.id,
  name: r.name,
  timezone: r.timezone,
  country: r.country,
  weekly: r.weekly,
  closedDates: r.closed_dates,
  createdAt: r.created_at.toISOString(),
});

export function businessHoursRoutes(app: FastifyInstance, deps: AppDeps): void {
  const load = async (accountId: string, id: string) => {
    const row = await deps.db.selectFrom('business_hours').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
    if (!row) throw errors.notFound('Business hours');
    return row;
  };

  app.post<{ Body: Static<typeof CreateBody> }>(
    '/api/v1/business-hours',
    {
      schema: {
        tags: ['service clock'],
        summary: 'Create business hours: a weekly schedule in a time zone, public holidays by country, extra closed days (admin)',
        body: CreateBody,
        response: { 201: BusinessHours, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const actor = requireRole(request, 'admin');
      const body = request.body;
      const row = await createBusinessHours(deps.db, actor, {
        name: body.name,
        timezone: body.timezone,
        weekly: body.weekly as Record<string, Array<[string, string]>>,
        ...(body.country ? { country: body.country.toUpperCase() } : {}),
        ...(body.closedDates ? { closedDates: body.closedDates } : {}),
      });
      return reply.status(201).send(present(row));
    },
  );

  app.get(
    '/api/v1/business-hours',
    {
      schema: {
        tags: ['service clock'],
        summary: 'The business-hours calendars of this account, by name',
        response: { 200: Type.Object({ items: Type.Array(BusinessHours) }), ...errorResponses(401) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const rows = await deps.db.selectFrom('business_hours').selectAll().where('account_id', '=', actor.accountId).orderBy('name').orderBy('id').execute();
      return { items: rows.map(present) };
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/v1/business-hours/:id',
    { schema: { tags: ['service clock'], summary: 'One business-hours calendar', params: IdParams, response: { 200: BusinessHours, ...errorResponses(400, 401, 404) } } },
    async (request) => present(await load(actorOf(request).accountId, request.params.id)),
  );

  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof DueQuery> }>(
    '/api/v1/business-hours/:id/due',
    {
      schema: {
        tags: ['service clock'],
        summary: 'The instant when `minutes` business minutes have passed after `from`',
        params: IdParams,
        querystring: DueQuery,
        response: { 200: Type.Object({ dueAt: Type.String() }), ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const row = await load(actorOf(request).accountId, request.params.id);
      const dueAt = addBusinessMinutes(calendarOf(row), new Date(request.query.from), request.query.minutes);
      return { dueAt: dueAt.toISOString() };
    },
  );

  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof CalendarQuery> }>(
    '/api/v1/business-hours/:id/calendar',
    {
      schema: {
        tags: ['service clock'],
        summary: 'Day by day: open intervals, weekends, holidays (with their names) and closed dates',
        params: IdParams,
        querystring: CalendarQuery,
        response: {
          200: Type.Object({
            days: Type.Array(
              Type.Object(
                {
                  date: Type.String(),
                  open: Type.Boolean(),
                  intervals: Type.Array(Type.Object({ start: Type.String(), end: Type.String() })),
                  closedReason: Type.Optional(Type.String()),
                  holidayName: Type.Optional(Type.String()),
                },
                { additionalProperties: true },
              ),
            ),
          }),
          ...errorResponses(400, 401, 404),
        },
      },
    },
    async (request) => {
      const row = await load(actorOf(request).accountId, request.params.id);
      return { days: calendarView(calendarOf(row), request.query.from, request.query.to) };
    },
  );
}
