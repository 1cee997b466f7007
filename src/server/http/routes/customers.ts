import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';
import { actorOf, requireRole } from '../plugins/auth.js';
import { Channel, Customer, errorResponses, IdParams, Message, Status, UiLanguage, Uuid } from '../schemas.js';
import { findCustomerWithContacts, listCustomerConversations } from '../../db/repos/customers.repo.js';
import { listAttachmentMeta, listMessages } from '../../db/repos/conversations.repo.js';
import { presentCustomer, presentMessage } from '../../domain/presenters.js';
import { errors } from '../../domain/shared/errors.js';
import { CustomerDate, Lifecycle } from './customer-relations.js';
import { presentLifecycle } from '../../domain/feedback/customer-lifecycle.js';
import { listCustomerDates, presentCustomerDate } from '../../domain/feedback/customer-dates.js';
import { loadPreferences, PREFERRED_CHANNELS, presentPreferences, updateCustomerPreferences, type PreferencesPatch } from '../../domain/customers/customer-preferences.js';
import { WEEKDAYS } from '../../domain/service-clock/business-hours.js';

// Null first in every union: type coercion is on (app.ts) and ajv coerces to the first branch that accepts the value.
const OrNull = <T extends TSchema>(schema: T) => Type.Union([Type.Null(), schema]);
const Window = Type.Tuple([Type.String({ pattern: '^\\d{2}:\\d{2}$' }), Type.String({ pattern: '^\\d{2}:\\d{2}$' })]);
const ContactHours = Type.Object(Object.fromEntries(WEEKDAYS.map((d) => [d, Type.Optional(Type.Array(Window, { maxItems: 12 }))])), {
  additionalProperties: false,
  description: 'Weekly windows in the customer’s local time, e.g. {"mon":[["08:00","12:00"]]}; "24:00" may end a day',
});
const PreferredChannel = Type.Union(PREFERRED_CHANNELS.map((c) => Type.Literal(c)));
const AddressForm = Type.Union([Type.Literal('formal'), Type.Literal('informal')]);
export const CustomerPreferences = Type.Object({
  language: OrNull(UiLanguage),
  channel: OrNull(PreferredChannel),
  timezone: OrNull(Type.String({ description: 'IANA time zone of the contact hours' })),
  contactHours: OrNull(Type.Record(Type.String(), Type.Array(Type.Array(Type.String())))),
  address: OrNull(AddressForm),
  preferredName: OrNull(Type.String()),
  updatedAt: OrNull(Type.String()),
});
const PatchBody = Type.Object(
  {
    preferences: Type.Object(
      {
        language: Type.Optional(OrNull(UiLanguage)),
        channel: Type.Optional(OrNull(PreferredChannel)),
        timezone: Type.Optional(OrNull(Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone, e.g. Europe/Warsaw' }))),
        contactHours: Type.Optional(OrNull(ContactHours)),
        address: Type.Optional(OrNull(AddressForm)),
        preferredName: Type.Optional(OrNull(Type.String({ maxLength: 200, description: 'How to address the customer, e.g. "Mrs Nowak" or "Ana"' }))),
      },
      { additionalProperties: false, minProperties: 1, description: 'Absent fields stay as they are; null clears one' },
    ),
  },
  { additionalProperties: false },
);

const TimelineConversation = Type.Object({
  id: Uuid,
  number: Type.Integer(),
  subject: Type.String(),
  status: Status,
  channel: Channel,
  createdAt: Type.String(),
  lastActivityAt: Type.String(),
});

const TimelineEntry = Type.Union([
  Type.Object({ kind: Type.Literal('conversation'), at: Type.String(), conversation: TimelineConversation }),
  Type.Object({ kind: Type.Literal('message'), at: Type.String(), conversationId: Uuid, conversationNumber: Type.Integer(), message: Message }),
]);

export function customerRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/v1/customers/:id',
    {
      schema: {
        tags: ['customers'],
        summary: 'A customer profile with one timeline of every conversation and message, across all channels',
        params: IdParams,
        response: {
          200: Type.Intersect([
            Customer,
            Type.Object({
              conversations: Type.Array(TimelineConversation),
              timeline: Type.Array(TimelineEntry),
              lifecycle: Lifecycle,
              importantDates: Type.Array(CustomerDate),
              preferences: CustomerPreferences,
            }),
          ]),
          ...errorResponses(400, 401, 404),
        },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const found = await findCustomerWithContacts(deps.db, actor.accountId, request.params.id);
      if (!found) throw errors.notFound('Customer');
      const conversations = await listCustomerConversations(deps.db, actor.accountId, found.customer.id);
      const messages = await listMessages(deps.db, actor.accountId, conversations.map((c) => c.id));
      const attachments = await listAttachmentMeta(deps.db, actor.accountId, messages.map((m) => m.id));
      const byId = new Map(conversations.map((c) => [c.id, c]));
      const summaries = conversations.map((c) => ({
        id: c.id,
        number: c.number,
        subject: c.subject,
        status: c.status,
        channel: c.channel,
        createdAt: c.created_at.toISOString(),
        lastActivityAt: c.last_activity_at.toISOString(),
      }));
      const timeline = [
        ...summaries.map((c) => ({ kind: 'conversation' as const, at: c.createdAt, order: 0, conversation: c })),
        ...messages.map((m) => ({
          kind: 'message' as const,
          at: m.created_at.toISOString(),
          order: 1,
          conversationId: m.conversation_id,
          conversationNumber: byId.get(m.conversation_id)!.number,
          message: presentMessage(m, attachments.filter((a) => a.message_id === m.id)),
        })),
      ]
        .sort((a, b) => (a.at === b.at ? a.order - b.order : a.at < b.at ? -1 : 1))
        .map(({ order: _order, ...entry }) => entry);
      // Feedback: the lifecycle segment and the dates that matter to the customer (domain/feedback).
      const [lifecycle, dates, preferences] = await Promise.all([
        deps.db.selectFrom('customer_lifecycle').selectAll().where('account_id', '=', actor.accountId).where('customer_id', '=', found.customer.id).executeTakeFirst(),
        listCustomerDates(deps.db, actor.accountId, found.customer.id),
        loadPreferences(deps.db, actor.accountId, found.customer.id),
      ]);
      return {
        ...presentCustomer(found.customer, found.contacts, found.organisation),
        conversations: summaries,
        timeline,
        lifecycle: presentLifecycle(lifecycle),
        importantDates: dates.map(presentCustomerDate),
        preferences: presentPreferences(found.customer.language, preferences),
      };
    },
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof PatchBody> }>(
    '/api/v1/customers/:id',
    {
      schema: {
        tags: ['customers'],
        summary: 'Change how the customer wants to be served: language, channel, contact hours, form of address (agents and up)',
        params: IdParams,
        body: PatchBody,
        response: { 200: Type.Intersect([Customer, Type.Object({ preferences: CustomerPreferences })]), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = requireRole(request, 'agent');
      const preferences = await updateCustomerPreferences(deps.db, actor, request.params.id, request.body.preferences as PreferencesPatch);
      const found = await findCustomerWithContacts(deps.db, actor.accountId, request.params.id);
      if (!found) throw errors.notFound('Customer');
      return { ...presentCustomer(found.customer, found.contacts, found.organisation), preferences };
    },
  );
}
