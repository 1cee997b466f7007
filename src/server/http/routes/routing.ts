import { Type, type Static } from '@sinclair/typebox';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';
import { actorOf, requireRole } from '../plugins/auth.js';
import { Conversation, errorResponses, IdParams, Timestamp, User, Uuid } from '../schemas.js';
import { errors } from '../../domain/shared/errors.js';
import { hasRole } from '../../domain/shared/actor.js';
import { presentConversation, presentUser } from '../../domain/presenters.js';
import { setPresence } from '../../domain/routing/presence.js';
import { deleteShiftSchedule, findShift, presentShift, setShiftSchedule } from '../../domain/routing/shifts.js';
import { routingSettings, updateRoutingSettings } from '../../domain/routing/routing-settings.js';
import { presentHandover } from '../../domain/routing/handovers.js';
import { routingReport } from '../../domain/routing/routing-reports.js';
import { loadCandidates } from '../../domain/routing/routing-engine.js';
import { isAvailable } from '../../domain/routing/routing-core.js';

const PresenceBody = Type.Object({ status: Type.Union([Type.Literal('online'), Type.Literal('away'), Type.Literal('offline')]) }, { additionalProperties: false });
const Interval = Type.Tuple([Type.String({ pattern: '^\\d{2}:\\d{2}$' }), Type.String({ pattern: '^\\d{2}:\\d{2}$' })]);
const Weekly = Type.Object(
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, Type.Optional(Type.Array(Interval, { maxItems: 10 }))])),
  { additionalProperties: false },
);
const ShiftBody = Type.Object({ timezone: Type.String({ minLength: 1, maxLength: 100 }), weekly: Weekly }, { additionalProperties: false });
const Shift = Type.Object({
  userId: Uuid,
  timezone: Type.String(),
  weekly: Type.Record(Type.String(), Type.Array(Type.Array(Type.String()))),
  onShift: Type.Boolean(),
  endsAt: Type.Union([Timestamp, Type.Null()], { description: 'End of the current shift (null off shift)' }),
  nextStartAt: Type.Union([Timestamp, Type.Null()]),
  updatedAt: Timestamp,
});
const Settings = Type.Object({
  difficultScore: Type.Number({ minimum: -1, maximum: 0, description: 'A customer message scoring at or below this (or judged upset) makes the conversation difficult' }),
  difficultWeight: Type.Number({ minimum: 1, maximum: 10, description: 'Weight of a difficult open conversation in least-load ranking' }),
  breakAfter: Type.Integer({ minimum: 1, maximum: 100, description: 'Difficult conversations taken on within the window that make a break due' }),
  breakWindowMinutes: Type.Integer({ minimum: 5, maximum: 1440 }),
  stickyDays: Type.Integer({ minimum: 0, maximum: 365, description: "How old the customer's previous conversation may be for sticky routing (0 = off)" }),
});
const SettingsBody = Type.Partial(Settings, { additionalProperties: false, minProperties: 1 });
const BreakSuggestion = Type.Object({
  id: Uuid,
  userId: Uuid,
  difficultCount: Type.Integer(),
  windowMinutes: Type.Integer(),
  suggestedAt: Timestamp,
  acknowledgedAt: Type.Union([Timestamp, Type.Null()]),
  acknowledgedBy: Type.Union([Uuid, Type.Null()]),
});
const Handover = Type.Object(
  {
    id: Uuid,
    conversationId: Uuid,
    kind: Type.String({ description: 'transfer | shift_end | shift_keep' }),
    fromUserId: Type.Union([Uuid, Type.Null()]),
    toUserId: Type.Union([Uuid, Type.Null()]),
    toTeamId: Type.Union([Uuid, Type.Null()]),
    note: Type.String(),
    messageId: Type.Union([Uuid, Type.Null()]),
    summary: Type.Record(Type.String(), Type.Unknown()),
    at: Timestamp,
    acknowledgedAt: Type.Union([Timestamp, Type.Null()]),
    conversation: Type.Optional(Type.Object({ number: Type.Integer(), subject: Type.String(), status: Type.String(), assigneeId: Type.Union([Uuid, Type.Null()]) })),
  },
  { additionalProperties: true },
);
const HandoverQuery = Type.Object({
  since: Type.Optional(Type.String({ format: 'date-time', description: 'Default: 24 hours ago' })),
  until: Type.Optional(Type.String({ format: 'date-time' })),
  teamId: Type.Optional(Uuid),
  toUserId: Type.Optional(Uuid),
  kind: Type.Optional(Type.Union([Type.Literal('transfer'), Type.Literal('shift_end'), Type.Literal('shift_keep')])),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 200 })),
});
const Window = Type.Object({ from: Type.String({ format: 'date-time' }), to: Type.String({ format: 'date-time' }) });
const AgentLine = Type.Object({
  userId: Uuid,
  assigned: Type.Integer(),
  difficult: Type.Integer(),
  transfersOut: Type.Integer(),
  transfersIn: Type.Integer(),
  recontactsAfterSolve: Type.Integer(),
  breakSuggestions: Type.Integer(),
});

function presentBreak(b: { id: string; user_id: string; difficult_count: number; window_minutes: number; suggested_at: Date; acknowledged_at: Date | null; acknowledged_by: string | null }) {
  return {
    id: b.id,
    userId: b.user_id,
    difficultCount: b.difficult_count,
    windowMinutes: b.window_minutes,
    suggestedAt: b.suggested_at.toISOString(),
    acknowledgedAt: b.acknowledged_at?.toISOString() ?? null,
    acknowledgedBy: b.acknowledged_by,
  };
}

/** Presence, shifts, routing settings, break suggestions, handovers and the routing report. */
export function routingRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof PresenceBody> }>(
    '/api/v1/users/:id/presence',
    {
      schema: {
        tags: ['routing'],
        summary: 'Set presence: only online agents within their shift receive work (self; supervisors for anyone). Coming online routes the queues of your teams',
        params: IdParams,
        body: PresenceBody,
        response: { 200: Type.Intersect([User, Type.Object({ routed: Type.Integer({ description: 'Queued conversations routed because of this change' }) })]), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { user, routed } = await setPresence(deps.db, deps.serviceClock, actor, request.params.id, request.body.status);
      deps.outbox.kick();
      return { ...presentUser(user), routed };
    },
  );

  app.put<{ Params: Static<typeof IdParams>; Body: Static<typeof ShiftBody> }>(
    '/api/v1/users/:id/shifts',
    {
      schema: {
        tags: ['routing'],
        summary: 'Set a weekly shift schedule in a time zone (self; supervisors for anyone): {timezone, weekly:{mon:[["09:00","17:00"]], …}}',
        params: IdParams,
        body: ShiftBody,
        response: { 200: Shift, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const shift = await setShiftSchedule(deps.db, deps.serviceClock, actor, request.params.id, request.body);
      deps.outbox.kick();
      return shift;
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/v1/users/:id/shifts',
    {
      schema: {
        tags: ['routing'],
        summary: "A user's shift schedule and whether they are on shift now (404 without a schedule: always on shift)",
        params: IdParams,
        response: { 200: Shift, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const row = await findShift(deps.db, actor.accountId, request.params.id);
      if (!row) throw errors.notFound('Shift schedule');
      return presentShift(row, deps.serviceClock.clock.now());
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/api/v1/users/:id/shifts',
    {
      schema: { tags: ['routing'], summary: 'Remove a shift schedule (the user is then on shift whenever online)', params: IdParams, response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      if (!(await deleteShiftSchedule(deps.db, deps.serviceClock, actor, request.params.id))) throw errors.notFound('Shift schedule');
      deps.outbox.kick();
      return reply.status(204).send();
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/v1/teams/:id/queue',
    {
      schema: {
        tags: ['routing'],
        summary: "A team's queue (conversations waiting for an agent, oldest first) and who can take work now",
        params: IdParams,
        response: {
          200: Type.Object({
            items: Type.Array(Conversation),
            available: Type.Array(Type.Object({ userId: Uuid, load: Type.Object({ email: Type.Integer(), chat: Type.Integer() }), recentDifficult: Type.Integer() })),
          }),
          ...errorResponses(400, 401, 404),
        },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const team = await deps.db.selectFrom('teams').select('id').where('account_id', '=', actor.accountId).where('id', '=', request.params.id).executeTakeFirst();
      if (!team) throw errors.notFound('Team');
      const now = deps.serviceClock.clock.now();
      const settings = await routingSettings(deps.db, actor.accountId);
      const [items, candidates] = await Promise.all([
        deps.db
          .selectFrom('conversations')
          .selectAll()
          .where('account_id', '=', actor.accountId)
          .where('team_id', '=', team.id)
          .where('routing_queued_at', 'is not', null)
          .where('assignee_id', 'is', null)
          .orderBy('routing_queued_at')
          .limit(500)
          .execute(),
        loadCandidates(deps.db, actor.accountId, team.id, now, new Date(now.getTime() - settings.breakWindowMinutes * 60_000)),
      ]);
      return {
        items: items.map((c) => presentConversation(c)),
        available: candidates.filter(isAvailable).map((c) => ({ userId: c.userId, load: c.load, recentDifficult: c.recentDifficult })),
      };
    },
  );

  app.get(
    '/api/v1/routing/settings',
    { schema: { tags: ['routing'], summary: "The account's routing settings (difficulty, breaks, sticky routing)", response: { 200: Settings, ...errorResponses(401) } } },
    async (request) => routingSettings(deps.db, actorOf(request).accountId),
  );

  app.put<{ Body: Static<typeof SettingsBody> }>(
    '/api/v1/routing/settings',
    { schema: { tags: ['routing'], summary: 'Change routing settings (admin only)', body: SettingsBody, response: { 200: Settings, ...errorResponses(400, 401, 403) } } },
    async (request) => {
      const actor = requireRole(request, 'admin');
      return updateRoutingSettings(deps.db, actor, request.body);
    },
  );

  app.get<{ Querystring: { open?: boolean; userId?: string } }>(
    '/api/v1/routing/break-suggestions',
    {
      schema: {
        tags: ['routing'],
        summary: 'Suggested breaks after too many difficult conversations: supervisors see everyone’s, agents their own; newest first',
        querystring: Type.Object({ open: Type.Optional(Type.Boolean({ description: 'Only those not acknowledged' })), userId: Type.Optional(Uuid) }),
        response: { 200: Type.Object({ items: Type.Array(BreakSuggestion) }), ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const supervisor = hasRole(actor, 'supervisor');
      if (!supervisor && !actor.userId) return { items: [] };
      const userId = supervisor ? request.query.userId : actor.userId!;
      const rows = await deps.db
        .selectFrom('break_suggestions')
        .selectAll()
        .where('account_id', '=', actor.accountId)
        .$if(userId !== undefined, (q) => q.where('user_id', '=', userId!))
        .$if(request.query.open === true, (q) => q.where('acknowledged_at', 'is', null))
        .orderBy('suggested_at', 'desc')
        .limit(200)
        .execute();
      return { items: rows.map(presentBreak) };
    },
  );

  app.post<{ Params: Static<typeof IdParams> }>(
    '/api/v1/routing/break-suggestions/:id/acknowledge',
    {
      schema: { tags: ['routing'], summary: 'Acknowledge a break suggestion (the agent, or a supervisor)', params: IdParams, response: { 200: BreakSuggestion, ...errorResponses(400, 401, 403, 404) } },
    },
    async (request) => {
      const actor = actorOf(request);
      const row = await deps.db.selectFrom('break_suggestions').selectAll().where('account_id', '=', actor.accountId).where('id', '=', request.params.id).executeTakeFirst();
      if (!row) throw errors.notFound('Break suggestion');
      if (row.user_id !== actor.userId && !hasRole(actor, 'supervisor')) throw errors.forbidden('Only the agent or a supervisor may acknowledge it');
      const updated = await deps.db
        .updateTable('break_suggestions')
        .set({ acknowledged_at: sql`coalesce(acknowledged_at, now())`, acknowledged_by: sql`coalesce(acknowledged_by, ${actor.userId}::uuid)` })
        .where('account_id', '=', actor.accountId)
        .where('id', '=', row.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return presentBreak(updated);
    },
  );

  app.get<{ Querystring: Static<typeof HandoverQuery> }>(
    '/api/v1/handovers',
    {
      schema: {
        tags: ['routing'],
        summary: 'The handover summary for the next shift: transfers and shift ends (kept or handed over) since a time, newest first, with counts',
        querystring: HandoverQuery,
        response: {
          200: Type.Object({
            since: Timestamp,
            counts: Type.Object({ transfer: Type.Integer(), shift_end: Type.Integer(), shift_keep: Type.Integer(), waitingInQueue: Type.Integer() }),
            items: Type.Array(Handover),
          }),
          ...errorResponses(400, 401),
        },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const q = request.query;
      const since = q.since ? new Date(q.since) : new Date(deps.serviceClock.clock.now().getTime() - 86_400_000);
      const rows = await deps.db
        .selectFrom('handovers as h')
        .innerJoin('conversations as c', (j) => j.onRef('c.account_id', '=', 'h.account_id').onRef('c.id', '=', 'h.conversation_id'))
        .selectAll('h')
        .select(['c.number', 'c.subject', 'c.status', 'c.assignee_id', 'c.routing_queued_at'])
        .where('h.account_id', '=', actor.accountId)
        .where('h.at', '>=', since)
        .$if(q.until !== undefined, (x) => x.where('h.at', '<', new Date(q.until!)))
        .$if(q.teamId !== undefined, (x) => x.where('h.to_team_id', '=', q.teamId!))
        .$if(q.toUserId !== undefined, (x) => x.where('h.to_user_id', '=', q.toUserId!))
        .$if(q.kind !== undefined, (x) => x.where('h.kind', '=', q.kind!))
        .orderBy('h.at', 'desc')
        .limit(q.limit ?? 200)
        .execute();
      const counts = { transfer: 0, shift_end: 0, shift_keep: 0, waitingInQueue: 0 };
      for (const r of rows) {
        counts[r.kind]++;
        if (r.routing_queued_at && r.assignee_id === null) counts.waitingInQueue++;
      }
      return { since: since.toISOString(), counts, items: rows.map((r) => presentHandover(r, r)) };
    },
  );

  app.post<{ Params: Static<typeof IdParams> }>(
    '/api/v1/handovers/:id/acknowledge',
    { schema: { tags: ['routing'], summary: 'The receiver (or a supervisor) has read the handover note: it is no longer shown on top', params: IdParams, response: { 200: Handover, ...errorResponses(400, 401, 403, 404) } } },
    async (request) => {
      const actor = actorOf(request);
      const handover = await deps.db.selectFrom('handovers').select(['to_user_id']).where('account_id', '=', actor.accountId).where('id', '=', request.params.id).executeTakeFirst();
      if (!handover) throw errors.notFound('Handover');
      if (handover.to_user_id !== actor.userId && !hasRole(actor, 'supervisor')) throw errors.forbidden('Only the receiver or a supervisor acknowledges a handover');
      const row = await deps.db
        .updateTable('handovers')
        .set({ acknowledged_at: sql`coalesce(acknowledged_at, now())` })
        .where('account_id', '=', actor.accountId)
        .where('id', '=', request.params.id)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw errors.notFound('Handover');
      return presentHandover(row);
    },
  );

  app.get<{ Querystring: Static<typeof Window> }>(
    '/api/v1/reports/routing',
    {
      schema: {
        tags: ['reports'],
        summary: 'Transfers per conversation and recontact rate for conversations created in [from, to), with per-agent figures (supervisor)',
        querystring: Window,
        response: {
          200: Type.Object({
            from: Timestamp,
            to: Timestamp,
            conversations: Type.Integer(),
            transfers: Type.Integer(),
            transfersPerConversation: Type.Union([Type.Number(), Type.Null()]),
            transferredShare: Type.Union([Type.Number(), Type.Null()]),
            maxTransfers: Type.Integer(),
            recontacts: Type.Integer(),
            recontactRate: Type.Union([Type.Number(), Type.Null()]),
            recontactsByReason: Type.Object(
              { reference: Type.Integer(), similar: Type.Integer(), tags: Type.Integer(), unjudged: Type.Integer(), manual: Type.Integer() },
              {
                description:
                  'Why recontacts were judged the same matter (docs/METRICS.md); unjudged: linked before the judgement existed; manual: linked by a supervisor',
              },
            ),
            handovers: Type.Object({ transfers: Type.Integer(), shiftEnd: Type.Integer(), keptAtShiftEnd: Type.Integer() }),
            byAgent: Type.Array(AgentLine),
          }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const actor = requireRole(request, 'supervisor');
      const from = new Date(request.query.from);
      const to = new Date(request.query.to);
      if (!(from < to)) throw errors.validation('to', 'must be after from');
      return routingReport(deps.db, actor.accountId, from, to);
    },
  );
}
