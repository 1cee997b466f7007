import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';
import { actorOf } from '../plugins/auth.js';
import { errorResponses, IdParams, Uuid } from '../schemas.js';
import { errors } from '../../domain/shared/errors.js';
import { CUSTOMER_DATE_KINDS, LIFECYCLE_SEGMENTS } from '../../db/schema.js';
import { addCustomerDate, deleteCustomerDate, listCustomerDates, presentCustomerDate } from '../../domain/feedback/customer-dates.js';
import { presentPurchase, recordPurchase } from '../../domain/feedback/purchases.js';
import { presentLifecycle } from '../../domain/feedback/customer-lifecycle.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(s: T) => Type.Union([s, Type.Null()]);
const enumOf = <T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });

export const Lifecycle = Type.Object({
  segment: enumOf(LIFECYCLE_SEGMENTS),
  since: Nullable(Type.String()),
  firstContactAt: Nullable(Type.String()),
  lastContactAt: Nullable(Type.String()),
});

export const CustomerDate = Type.Object({
  id: Uuid,
  customerId: Uuid,
  kind: enumOf(CUSTOMER_DATE_KINDS),
  label: Nullable(Type.String()),
  date: Type.String({ description: 'YYYY-MM-DD, or --MM-DD without a year' }),
  recurring: Type.Boolean(),
  ownerId: Nullable(Uuid),
  remindDaysBefore: Type.Integer(),
  nextOccurrence: Nullable(Type.String()),
  remindAt: Nullable(Type.String()),
  lastRemindedAt: Nullable(Type.String()),
});

const DateBody = Type.Object(
  {
    kind: enumOf(CUSTOMER_DATE_KINDS),
    date: Type.String({ pattern: '^(\\d{4}|-)-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD, or --MM-DD for a yearly date without a year' }),
    label: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    recurring: Type.Optional(Type.Boolean({ description: 'Default: yes for birthdays, name days and dates without a year' })),
    ownerId: Type.Optional(Uuid),
    remindDaysBefore: Type.Optional(Type.Integer({ minimum: 0, maximum: 365, default: 7 })),
  },
  { additionalProperties: false },
);

const Purchase = Type.Object({ id: Uuid, customerId: Uuid, amount: Nullable(Type.Number()), currency: Nullable(Type.String()), reference: Nullable(Type.String()), occurredAt: Type.String() });
const PurchaseBody = Type.Object(
  {
    amount: Type.Optional(Type.Number({ minimum: 0, maximum: 1_000_000_000 })),
    currency: Type.Optional(Type.String({ pattern: '^[A-Za-z]{3}$' })),
    reference: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Your order number: the same reference is one purchase' })),
    occurredAt: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);

export function customerRelationRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/v1/customers/:id/lifecycle',
    {
      schema: {
        tags: ['customers'],
        summary: 'The customer’s lifecycle segment (new, active, at_risk, dissatisfied, recovered, lost) and since when',
        params: IdParams,
        response: { 200: Lifecycle, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const customer = await deps.db.selectFrom('customers').select('id').where('account_id', '=', actor.accountId).where('id', '=', request.params.id).executeTakeFirst();
      if (!customer) throw errors.notFound('Customer');
      const row = await deps.db.selectFrom('customer_lifecycle').selectAll().where('account_id', '=', actor.accountId).where('customer_id', '=', customer.id).executeTakeFirst();
      return presentLifecycle(row);
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof PurchaseBody> }>(
    '/api/v1/customers/:id/purchases',
    {
      schema: {
        tags: ['customers'],
        summary: 'Record a purchase (from a shop or CRM): counts as the customer coming back; a known reference answers 200 with the stored one',
        params: IdParams,
        body: PurchaseBody,
        response: { 201: Purchase, 200: Purchase, ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const b = request.body;
      const { purchase, created } = await recordPurchase(deps.db, deps.serviceClock, actor, request.params.id, {
        amount: b.amount,
        currency: b.currency,
        reference: b.reference,
        occurredAt: b.occurredAt ? new Date(b.occurredAt) : undefined,
      });
      deps.outbox.kick();
      return reply.status(created ? 201 : 200).send(presentPurchase(purchase));
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof DateBody> }>(
    '/api/v1/customers/:id/dates',
    {
      schema: {
        tags: ['customers'],
        summary: 'Add an important date (birthday, name day, contract renewal, custom); its owner is reminded before it',
        params: IdParams,
        body: DateBody,
        response: { 201: CustomerDate, ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const row = await addCustomerDate(deps.db, deps.serviceClock, actor, request.params.id, request.body);
      return reply.status(201).send(presentCustomerDate(row));
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/v1/customers/:id/dates',
    {
      schema: { tags: ['customers'], summary: 'The customer’s important dates, next first', params: IdParams, response: { 200: Type.Object({ items: Type.Array(CustomerDate) }), ...errorResponses(400, 401, 404) } },
    },
    async (request) => {
      const actor = actorOf(request);
      const customer = await deps.db.selectFrom('customers').select('id').where('account_id', '=', actor.accountId).where('id', '=', request.params.id).executeTakeFirst();
      if (!customer) throw errors.notFound('Customer');
      return { items: (await listCustomerDates(deps.db, actor.accountId, customer.id)).map(presentCustomerDate) };
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/api/v1/customer-dates/:id',
    { schema: { tags: ['customers'], summary: 'Remove an important date', params: IdParams, response: { 204: Type.Null(), ...errorResponses(400, 401, 404) } } },
    async (request, reply) => {
      await deleteCustomerDate(deps.db, actorOf(request), request.params.id);
      return reply.status(204).send();
    },
  );
}
