import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';
import { actorOf, requireRole } from '../plugins/auth.js';
import { errorResponses, IdParams, Uuid } from '../schemas.js';
import { errors } from '../../domain/shared/errors.js';
import { hasRole } from '../../domain/shared/actor.js';
import { GESTURE_TYPES, RECOVERY_STATUSES } from '../../db/schema.js';
import {
  findRecoveryCase,
  listRecoveryCases,
  openRecoveryCaseManually,
  presentRecoveryCase,
  updateRecoveryCase,
} from '../../domain/feedback/recovery-cases.js';
import { decideGesture, discretionView, listGestures, presentGesture, redeemVoucher, requestGesture, setDiscretion } from '../../domain/feedback/gestures.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(s: T) => Type.Union([s, Type.Null()]);
const enumOf = <T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });

const RecoveryCase = Type.Object({
  id: Uuid,
  conversationId: Uuid,
  customerId: Uuid,
  ownerId: Nullable(Uuid),
  reason: Type.String({ description: 'bad_rating | complaint | negative_message | manual' }),
  status: enumOf(RECOVERY_STATUSES),
  surveyId: Nullable(Uuid),
  note: Nullable(Type.String()),
  openedAt: Type.String(),
  dueAt: Type.String(),
  overdue: Type.Boolean(),
  escalatedAt: Nullable(Type.String()),
  fixedAt: Nullable(Type.String()),
  followUpAt: Nullable(Type.String({ description: 'When the customer gets the check-in (set by the first granted gesture)' })),
  followUpSentAt: Nullable(Type.String()),
  closedAt: Nullable(Type.String()),
  closedBy: Nullable(Uuid),
  cameBackAt: Nullable(Type.String({ description: 'The customer came back within the retention window after the case closed' })),
  cameBackVia: Nullable(Type.String()),
});

const Gesture = Type.Object({
  id: Uuid,
  caseId: Uuid,
  customerId: Uuid,
  type: enumOf(GESTURE_TYPES),
  value: Type.Number(),
  currency: Type.String(),
  description: Nullable(Type.String()),
  status: enumOf(['granted', 'pending_approval', 'declined'] as const),
  requestedBy: Nullable(Uuid),
  requestedAt: Type.String(),
  withinDiscretion: Type.Boolean({ description: 'Granted on the requester’s own discretion budget' }),
  decidedBy: Nullable(Uuid),
  decidedAt: Nullable(Type.String()),
  decisionNote: Nullable(Type.String()),
  grantedAt: Nullable(Type.String()),
  voucher: Nullable(Type.Object({ code: Type.String(), redeemedAt: Nullable(Type.String()) })),
});

const Discretion = Type.Object({
  userId: Uuid,
  perCase: Type.Number(),
  monthly: Type.Number(),
  currency: Nullable(Type.String()),
  month: Type.String({ description: 'The UTC month the budget figures are for (YYYY-MM)' }),
  usedThisMonth: Type.Number(),
  remainingThisMonth: Type.Number(),
});

const Money = Type.Number({ minimum: 0, maximum: 1_000_000_000, description: 'At most two decimals' });
const Currency = Type.String({ pattern: '^[A-Za-z]{3}$', description: 'ISO 4217, e.g. EUR' });

const ListQuery = Type.Object({
  status: Type.Optional(
    Type.String({
      pattern: `^(${[...RECOVERY_STATUSES, 'active', 'closed'].join('|')})(,(${[...RECOVERY_STATUSES, 'active', 'closed'].join('|')}))*$`,
      description: 'One status or several, comma-separated; `active` = not closed, `closed` = recovered or not_recovered',
    }),
  ),
  ownerId: Type.Optional(Uuid),
  customerId: Type.Optional(Uuid),
  conversationId: Type.Optional(Uuid),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
const OpenBody = Type.Object(
  { conversationId: Uuid, reason: Type.Optional(enumOf(['complaint', 'manual'] as const)), note: Type.Optional(Type.String({ maxLength: 5000 })) },
  { additionalProperties: false },
);
const PatchBody = Type.Object(
  {
    status: Type.Optional(enumOf(['fixed', 'gesture_offered', 'recovered', 'not_recovered'] as const)),
    ownerId: Type.Optional(Uuid),
    note: Type.Optional(Type.String({ maxLength: 5000 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
const GestureBody = Type.Object(
  {
    type: enumOf(GESTURE_TYPES),
    value: Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000_000, description: 'At most two decimals' }),
    currency: Currency,
    description: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
/** approve/decline take an optional `{note}`; no body schema, because a body-less POST must pass too. */
function decisionNote(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  const note = typeof body === 'object' ? (body as { note?: unknown }).note : undefined;
  if (note === undefined) return undefined;
  if (typeof note !== 'string' || note.length > 2000) throw errors.validation('note', 'must be a text of at most 2000 characters');
  return note;
}
const DiscretionBody = Type.Object({ perCase: Money, monthly: Money, currency: Currency }, { additionalProperties: false });
const CodeParams = Type.Object({ code: Type.String({ minLength: 4, maxLength: 40 }) });

export function recoveryRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/api/v1/recovery-cases',
    {
      schema: {
        tags: ['feedback'],
        summary: 'Recovery cases, soonest due first (e.g. ?status=open, ?status=active&ownerId=…)',
        querystring: ListQuery,
        response: { 200: Type.Object({ items: Type.Array(RecoveryCase) }), ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const q = request.query;
      const items = await listRecoveryCases(deps.db, actor.accountId, {
        status: q.status?.split(','),
        ownerId: q.ownerId,
        customerId: q.customerId,
        conversationId: q.conversationId,
        limit: q.limit ?? 50,
      });
      return { items: items.map(presentRecoveryCase) };
    },
  );

  app.post<{ Body: Static<typeof OpenBody> }>(
    '/api/v1/recovery-cases',
    {
      schema: {
        tags: ['feedback'],
        summary: 'Open a recovery case by hand (a complaint by phone); the conversation’s active case is returned if it has one',
        body: OpenBody,
        response: { 201: RecoveryCase, 200: RecoveryCase, ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { recoveryCase, created } = await openRecoveryCaseManually(deps.db, deps.serviceClock, actor, request.body);
      deps.outbox.kick();
      return reply.status(created ? 201 : 200).send(presentRecoveryCase(recoveryCase));
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/v1/recovery-cases/:id',
    {
      schema: {
        tags: ['feedback'],
        summary: 'One recovery case with its gestures',
        params: IdParams,
        response: { 200: Type.Intersect([RecoveryCase, Type.Object({ gestures: Type.Array(Gesture) })]), ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const recoveryCase = await findRecoveryCase(deps.db, actor.accountId, request.params.id);
      if (!recoveryCase) throw errors.notFound('Recovery case');
      const gestures = await listGestures(deps.db, actor.accountId, { caseId: recoveryCase.id, limit: 200 });
      return { ...presentRecoveryCase(recoveryCase), gestures: gestures.map(presentGesture) };
    },
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof PatchBody> }>(
    '/api/v1/recovery-cases/:id',
    {
      schema: {
        tags: ['feedback'],
        summary: 'Progress a case: fixed, gesture_offered, or close it as recovered / not_recovered; change its owner',
        params: IdParams,
        body: PatchBody,
        response: { 200: RecoveryCase, ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const updated = await updateRecoveryCase(deps.db, deps.serviceClock, actor, request.params.id, request.body);
      deps.outbox.kick();
      return presentRecoveryCase(updated);
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof GestureBody> }>(
    '/api/v1/recovery-cases/:id/gestures',
    {
      schema: {
        tags: ['feedback'],
        summary: 'Offer a goodwill gesture: granted within the agent’s discretion (per case and monthly budget), otherwise pending a supervisor’s approval',
        params: IdParams,
        body: GestureBody,
        response: { 201: Gesture, ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const gesture = await requestGesture(deps.db, deps.serviceClock, actor, request.params.id, request.body);
      deps.outbox.kick();
      return reply.status(201).send(presentGesture(gesture));
    },
  );

  app.get<{ Querystring: { status?: 'granted' | 'pending_approval' | 'declined'; caseId?: string; limit?: number } }>(
    '/api/v1/gestures',
    {
      schema: {
        tags: ['feedback'],
        summary: 'Gestures, oldest first; ?status=pending_approval is the supervisors’ approval queue',
        querystring: Type.Object({
          status: Type.Optional(enumOf(['granted', 'pending_approval', 'declined'] as const)),
          caseId: Type.Optional(Uuid),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 100 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(Gesture) }), ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const items = await listGestures(deps.db, actor.accountId, { status: request.query.status, caseId: request.query.caseId, limit: request.query.limit ?? 100 });
      return { items: items.map(presentGesture) };
    },
  );

  for (const decision of ['approve', 'decline'] as const) {
    app.post<{ Params: Static<typeof IdParams> }>(
      `/api/v1/gestures/:id/${decision}`,
      {
        schema: {
          tags: ['feedback'],
          summary: `${decision === 'approve' ? 'Approve (grant)' : 'Decline'} a pending gesture (supervisor); optional body {note}`,
          params: IdParams,
          response: { 200: Gesture, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const actor = requireRole(request, 'supervisor');
        const gesture = await decideGesture(deps.db, deps.serviceClock, actor, request.params.id, decision, decisionNote(request.body));
        deps.outbox.kick();
        return presentGesture(gesture);
      },
    );
  }

  app.get<{ Params: Static<typeof CodeParams> }>(
    '/api/v1/vouchers/:code',
    {
      schema: { tags: ['feedback'], summary: 'A voucher by its code', params: CodeParams, response: { 200: Gesture, ...errorResponses(400, 401, 404) } },
    },
    async (request) => {
      const actor = actorOf(request);
      const [voucher] = await deps.db
        .selectFrom('gestures')
        .selectAll()
        .where('account_id', '=', actor.accountId)
        .where('voucher_code', '=', request.params.code.trim().toUpperCase())
        .execute();
      if (!voucher) throw errors.notFound('Voucher');
      return presentGesture(voucher);
    },
  );

  app.post<{ Params: Static<typeof CodeParams> }>(
    '/api/v1/vouchers/:code/redeem',
    {
      schema: {
        tags: ['feedback'],
        summary: 'Mark a voucher redeemed (the customer came back); a second redemption is 409',
        params: CodeParams,
        response: { 200: Gesture, ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const gesture = await redeemVoucher(deps.db, deps.serviceClock, actor, request.params.code);
      deps.outbox.kick();
      return presentGesture(gesture);
    },
  );

  app.put<{ Params: Static<typeof IdParams>; Body: Static<typeof DiscretionBody> }>(
    '/api/v1/users/:id/discretion',
    {
      schema: {
        tags: ['feedback'],
        summary: 'Set what an agent may grant without approval: per case and per calendar month (UTC), in one currency (supervisor)',
        params: IdParams,
        body: DiscretionBody,
        response: { 200: Discretion, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = requireRole(request, 'supervisor');
      return setDiscretion(deps.db, deps.serviceClock, actor, request.params.id, request.body);
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/v1/users/:id/discretion',
    {
      schema: {
        tags: ['feedback'],
        summary: 'An agent’s discretion and what is left of this month’s budget (the agent themself, or a supervisor)',
        params: IdParams,
        response: { 200: Discretion, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      if (actor.userId !== request.params.id && !hasRole(actor, 'supervisor')) throw errors.forbidden('Only supervisors see other people’s discretion');
      const user = await deps.db.selectFrom('users').select('id').where('account_id', '=', actor.accountId).where('id', '=', request.params.id).executeTakeFirst();
      if (!user) throw errors.notFound('User');
      return discretionView(deps.db, deps.serviceClock, actor.accountId, user.id);
    },
  );
}
