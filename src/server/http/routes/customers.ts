import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';
import { actorOf } from '../plugins/auth.js';
import { Channel, Customer, errorResponses, IdParams, Message, Status, Uuid } from '../schemas.js';
import { findCustomerWithContacts, listCustomerConversations } from '../../db/repos/customers.repo.js';
import { listAttachmentMeta, listMessages } from '../../db/repos/conversations.repo.js';
import { presentCustomer, presentMessage } from '../../domain/presenters.js';
import { errors } from '../../domain/shared/errors.js';
import { CustomerDate, Lifecycle } from './customer-relations.js';
import { presentLifecycle } from '../../domain/feedback/customer-lifecycle.js';
import { listCustomerDates, presentCustomerDate } from '../../domain/feedback/customer-dates.js';

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
      const [lifecycle, dates] = await Promise.all([
        deps.db.selectFrom('customer_lifecycle').selectAll().where('account_id', '=', actor.accountId).where('customer_id', '=', found.customer.id).executeTakeFirst(),
        listCustomerDates(deps.db, actor.accountId, found.customer.id),
      ]);
      return {
        ...presentCustomer(found.customer, found.contacts, found.organisation),
        conversations: summaries,
        timeline,
        lifecycle: presentLifecycle(lifecycle),
        importantDates: dates.map(presentCustomerDate),
      };
    },
  );
}
