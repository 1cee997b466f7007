import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';
import { actorOf, requireRole } from '../plugins/auth.js';
import { errorResponses, IdParams, Uuid } from '../schemas.js';
import { CHANNELS, PRIORITIES } from '../../db/schema.js';
import { createSlaPolicy, presentSlaPolicy, updateSlaPolicy, type SlaPolicyInput } from '../../domain/sla/sla-policies.js';
import { errors } from '../../domain/shared/errors.js';
import { deleteSlaPolicy, moveSlaPolicy } from '../../domain/sla/sla-policy-order.js';

const Priority = Type.Unsafe<(typeof PRIORITIES)[number]>({ type: 'string', enum: [...PRIORITIES] });
const Channel = Type.Unsafe<(typeof CHANNELS)[number]>({ type: 'string', enum: [...CHANNELS] });
const oneOrMany = <T extends Parameters<typeof Type.Array>[0]>(t: T) => Type.Union([t, Type.Array(t, { minItems: 1, maxItems: 50 })]);
const Minutes = Type.Integer({ minimum: 1, maximum: 5_256_000 });

const Conditions = Type.Object(
  {
    priority: Type.Optional(oneOrMany(Priority)),
    channel: Type.Optional(oneOrMany(Channel)),
    teamId: Type.Optional(oneOrMany(Uuid)),
    organisationId: Type.Optional(oneOrMany(Uuid)),
    tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50 })),
  },
  { additionalProperties: false, description: 'Every condition set must hold; tags: the conversation carries all of them' },
);
const Targets = Type.Object(
  {
    firstResponseMinutes: Type.Optional(Minutes),
    nextResponseMinutes: Type.Optional(Minutes),
    resolutionMinutes: Type.Optional(Minutes),
  },
  { additionalProperties: false },
);
const BreachAction = Type.Union([
  Type.Object({ type: Type.Literal('raise_priority') }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('notify_supervisors') }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('reassign'), teamId: Type.Optional(Uuid), userId: Type.Optional(Uuid) }, { additionalProperties: false }),
]);
const Fields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  conditions: Type.Optional(Conditions),
  targets: Targets,
  businessHoursId: Type.Optional(Type.Union([Uuid, Type.Null()], { description: 'Count in these business hours; without: the team’s, else calendar time' })),
  calendarTime: Type.Optional(Type.Boolean({ description: 'Count in calendar time even when business hours exist' })),
  pauseOn: Type.Optional(Type.Array(Type.Unsafe<'pending' | 'on_hold'>({ type: 'string', enum: ['pending', 'on_hold'] }), { maxItems: 2 })),
  warnAtPercent: Type.Optional(Type.Integer({ minimum: 1, maximum: 99, description: 'Warn the owner when this share of the target is used (default 80)' })),
  noticeAtPercent: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 99 }), Type.Null()], { description: 'Tell the customer of the delay at this share of the resolution target unless an agent wrote since the warning (default 90; null: never)' })),
  breachActions: Type.Optional(Type.Array(BreachAction, { maxItems: 5 })),
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
  enabled: Type.Optional(Type.Boolean()),
};
const CreateBody = Type.Object(Fields, { additionalProperties: false });
const MoveBody = Type.Object(
  { toIndex: Type.Integer({ minimum: 0, maximum: 100_000, description: 'The 0-based place in the matching order' }) },
  { additionalProperties: false },
);
const PatchBody = Type.Partial(Type.Object(Fields), { additionalProperties: false });
const Policy = Type.Object({
  id: Uuid,
  name: Type.String(),
  position: Type.Integer(),
  enabled: Type.Boolean(),
  conditions: Type.Record(Type.String(), Type.Unknown()),
  targets: Type.Object({
    firstResponseMinutes: Type.Union([Type.Integer(), Type.Null()]),
    nextResponseMinutes: Type.Union([Type.Integer(), Type.Null()]),
    resolutionMinutes: Type.Union([Type.Integer(), Type.Null()]),
  }),
  businessHoursId: Type.Union([Uuid, Type.Null()]),
  calendarTime: Type.Boolean(),
  pauseOn: Type.Array(Type.String()),
  warnAtPercent: Type.Integer(),
  noticeAtPercent: Type.Union([Type.Integer(), Type.Null()]),
  breachActions: Type.Array(Type.Record(Type.String(), Type.Unknown())),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export function slaPolicyRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.post<{ Body: Static<typeof CreateBody> }>(
    '/api/v1/sla-policies',
    {
      schema: {
        tags: ['service clock'],
        summary: 'Create an SLA policy (admin): conditions, targets in business or calendar time, pauses, warnings and breach actions',
        body: CreateBody,
        response: { 201: Policy, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const actor = requireRole(request, 'admin');
      const row = await createSlaPolicy(deps.db, actor, request.body as SlaPolicyInput);
      return reply.status(201).send(presentSlaPolicy(row));
    },
  );

  app.get(
    '/api/v1/sla-policies',
    {
      schema: {
        tags: ['service clock'],
        summary: 'SLA policies in the order they are matched (the first that matches a conversation applies)',
        response: { 200: Type.Object({ items: Type.Array(Policy) }), ...errorResponses(401) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const rows = await deps.db.selectFrom('sla_policies').selectAll().where('account_id', '=', actor.accountId).orderBy('position').orderBy('created_at').execute();
      return { items: rows.map(presentSlaPolicy) };
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/v1/sla-policies/:id',
    { schema: { tags: ['service clock'], summary: 'One SLA policy', params: IdParams, response: { 200: Policy, ...errorResponses(400, 401, 404) } } },
    async (request) => {
      const actor = actorOf(request);
      const row = await deps.db.selectFrom('sla_policies').selectAll().where('account_id', '=', actor.accountId).where('id', '=', request.params.id).executeTakeFirst();
      if (!row) throw errors.notFound('SLA policy');
      return presentSlaPolicy(row);
    },
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof PatchBody> }>(
    '/api/v1/sla-policies/:id',
    {
      schema: {
        tags: ['service clock'],
        summary: 'Change an SLA policy (admin); running clocks take the change when their conversation next changes. enabled:false retires it.',
        params: IdParams,
        body: PatchBody,
        response: { 200: Policy, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = requireRole(request, 'admin');
      const row = await updateSlaPolicy(deps.db, actor, request.params.id, request.body as Partial<SlaPolicyInput>);
      return presentSlaPolicy(row);
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof MoveBody> }>(
    '/api/v1/sla-policies/:id/move',
    {
      schema: {
        tags: ['service clock'],
        summary: 'Move an SLA policy to another place in the matching order (admin); every policy is renumbered 0..n-1. Returns the whole list in its new order',
        params: IdParams,
        body: MoveBody,
        response: { 200: Type.Object({ items: Type.Array(Policy) }), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = requireRole(request, 'admin');
      const rows = await moveSlaPolicy(deps.db, actor, request.params.id, request.body.toIndex);
      return { items: rows.map(presentSlaPolicy) };
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/api/v1/sla-policies/:id',
    {
      schema: {
        tags: ['service clock'],
        summary: 'Delete an SLA policy no conversation was ever timed by (admin); one in use answers 409: deactivate it with enabled:false',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const actor = requireRole(request, 'admin');
      await deleteSlaPolicy(deps.db, actor, request.params.id);
      return reply.status(204).send();
    },
  );
}
