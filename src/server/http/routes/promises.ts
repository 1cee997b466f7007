import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';
import { actorOf } from '../plugins/auth.js';
import { errorResponses, IdParams, Uuid } from '../schemas.js';
import { presentPromise, recordPromise, resolvePromise } from '../../domain/promises/promises.js';
import { errors } from '../../domain/shared/errors.js';
import { suggestPromises } from '../../domain/promises/promise-suggestions.js';
import { LANGUAGES } from '../../db/schema.js';

const PromiseSchema = Type.Object({
  id: Uuid,
  conversationId: Uuid,
  description: Type.String(),
  dueAt: Type.String(),
  ownerId: Type.Union([Uuid, Type.Null()]),
  status: Type.Unsafe<string>({ type: 'string', enum: ['open', 'kept', 'missed', 'cancelled'] }),
  createdAt: Type.String(),
  resolvedAt: Type.Union([Type.String(), Type.Null()]),
  remindAt: Type.Union([Type.String(), Type.Null()]),
  remindedAt: Type.Union([Type.String(), Type.Null()]),
  delayNoticeSentAt: Type.Union([Type.String(), Type.Null()]),
  escalatedAt: Type.Union([Type.String(), Type.Null()]),
});
const CreateBody = Type.Object({
  description: Type.String({ minLength: 1, maxLength: 2000 }),
  dueAt: Type.String({ format: 'date-time' }),
  ownerId: Type.Optional(Uuid),
});
const PatchBody = Type.Object({ status: Type.Unsafe<'kept' | 'cancelled'>({ type: 'string', enum: ['kept', 'cancelled'] }) }, { additionalProperties: false });

export function promiseRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof CreateBody> }>(
    '/api/v1/conversations/:id/promises',
    {
      schema: {
        tags: ['service clock'],
        summary: 'Record a promise made to the customer, with its due time and owner; it becomes missed if still open when due',
        params: IdParams,
        body: CreateBody,
        response: { 201: PromiseSchema, ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const dueAt = new Date(request.body.dueAt);
      const promise = await recordPromise(deps.db, deps.serviceClock, actor, request.params.id, { ...request.body, dueAt });
      deps.outbox.kick();
      return reply.status(201).send(presentPromise(promise));
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/v1/conversations/:id/promises',
    {
      schema: {
        tags: ['service clock'],
        summary: 'The promises of a conversation, soonest due first',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(PromiseSchema) }), ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const conversation = await deps.db.selectFrom('conversations').select('id').where('account_id', '=', actor.accountId).where('id', '=', request.params.id).executeTakeFirst();
      if (!conversation) throw errors.notFound('Conversation');
      const rows = await deps.db.selectFrom('promises').selectAll().where('account_id', '=', actor.accountId).where('conversation_id', '=', conversation.id).orderBy('due_at').execute();
      return { items: rows.map(presentPromise) };
    },
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof PatchBody> }>(
    '/api/v1/promises/:id',
    {
      schema: {
        tags: ['service clock'],
        summary: 'Mark a promise kept (or cancelled)',
        params: IdParams,
        body: PatchBody,
        response: { 200: PromiseSchema, ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const promise = await resolvePromise(deps.db, deps.serviceClock, actor, request.params.id, request.body.status);
      deps.outbox.kick();
      return presentPromise(promise);
    },
  );

  const SuggestBody = Type.Object({
    body: Type.String({ minLength: 1, maxLength: 100_000, description: 'The draft reply' }),
    language: Type.Optional(Type.Unsafe<(typeof LANGUAGES)[number]>({ type: 'string', enum: [...LANGUAGES] })),
  });
  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof SuggestBody> }>(
    '/api/v1/conversations/:id/promise-suggestions',
    {
      schema: {
        tags: ['service clock'],
        summary: 'The promises a draft reply makes, with due times, to record with the reply (POST …/messages {promises})',
        params: IdParams,
        body: SuggestBody,
        response: {
          200: Type.Object({
            language: Type.String(),
            timeZone: Type.String(),
            items: Type.Array(
              Type.Object({
                description: Type.String(),
                dueAt: Type.String(),
                kind: Type.String({ description: 'call_back | refund | update | send | fix | other' }),
                start: Type.Integer(),
                end: Type.Integer(),
                text: Type.String(),
                timeExpression: Type.Object({ start: Type.Integer(), end: Type.Integer(), text: Type.String() }),
              }),
            ),
          }),
          ...errorResponses(400, 401, 404),
        },
      },
    },
    async (request) => suggestPromises(deps.db, deps.serviceClock, actorOf(request), request.params.id, request.body),
  );
}
