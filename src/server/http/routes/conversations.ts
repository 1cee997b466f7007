import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';
import { actorOf } from '../plugins/auth.js';
import { Channel, Conversation, ConversationWithMessages, Email, errorResponses, IdParams, Message, Priority, Status, Tag, Uuid } from '../schemas.js';
import { createConversation } from '../../domain/conversations/conversation-create.js';
import { updateConversation } from '../../domain/conversations/conversation-update.js';
import { postMessage } from '../../domain/messages/message-post.js';
import { presentConversation, presentMessage } from '../../domain/presenters.js';
import { DEFAULT_AT_RISK_MINUTES, findConversation, listAttachmentMeta, listConversations, listMessages } from '../../db/repos/conversations.repo.js';
import { isUnreadFor, markConversationRead } from '../../domain/conversations/conversation-read.js';
import { listCustomerSummaries } from '../../db/repos/customers.repo.js';
import { errors } from '../../domain/shared/errors.js';
import { loadSlaStates } from '../../domain/sla/sla-engine.js';
import { COACH_RULES, type CoachRule } from '../../domain/coach/rules/types.js';
import { handoverForReader } from '../../domain/routing/handovers.js';
import { CHANNELS, PRIORITIES, type Channel as ChannelName, type ConversationStatus, type Priority as PriorityName } from '../../db/schema.js';

const AttachmentUpload = Type.Object({
  filename: Type.String({ minLength: 1, maxLength: 255 }),
  contentType: Type.String({ minLength: 3, maxLength: 255 }),
  contentBase64: Type.String({ pattern: '^[A-Za-z0-9+/\\s]*={0,2}\\s*$', maxLength: 30_000_000, description: 'File content, base64' }),
});

const CreateBody = Type.Object({
  // \S: a subject of only spaces would be trimmed to an empty one; email ingest uses "(no subject)" instead.
  subject: Type.String({ minLength: 1, maxLength: 1000, pattern: '\\S' }),
  customer: Type.Object({ email: Email, name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }),
  message: Type.Object({
    body: Type.String({ maxLength: 1_000_000 }),
    html: Type.Optional(Type.String({ maxLength: 5_000_000 })),
    attachments: Type.Optional(Type.Array(AttachmentUpload, { maxItems: 20 })),
  }),
  channel: Type.Optional(Channel),
  priority: Type.Optional(Priority),
  tags: Type.Optional(Type.Array(Tag, { maxItems: 50 })),
  teamId: Type.Optional(Uuid),
  assigneeId: Type.Optional(Uuid),
  customFields: Type.Optional(Type.Record(Type.String({ maxLength: 100 }), Type.Unknown())),
});

const ListQuery = Type.Object({
  status: Type.Optional(Type.String({ pattern: '^(new|open|pending|on_hold|solved|closed)(,(new|open|pending|on_hold|solved|closed))*$', description: 'One status or several, comma-separated' })),
  assigneeId: Type.Optional(Type.Union([Uuid, Type.Literal('none')], { description: 'A user id, or "none" for unassigned' })),
  teamId: Type.Optional(Uuid),
  customerId: Type.Optional(Uuid),
  priority: Type.Optional(Type.String({ pattern: `^(${PRIORITIES.join('|')})(,(${PRIORITIES.join('|')}))*$`, description: 'One priority or several, comma-separated' })),
  channel: Type.Optional(Type.String({ pattern: `^(${CHANNELS.join('|')})(,(${CHANNELS.join('|')}))*$`, description: 'One channel or several, comma-separated' })),
  number: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'The conversation with this number (e.g. to merge into it)' })),
  sla: Type.Optional(
    Type.Union([Type.Literal('breached'), Type.Literal('at_risk')], {
      description: 'breached: an SLA target is breached; at_risk: a running target is breached, past its warning point or due within slaWithinMinutes',
    }),
  ),
  slaWithinMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_080, description: `With sla=at_risk: how soon a due target counts as at risk (default ${DEFAULT_AT_RISK_MINUTES})` })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 25 })),
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
});

const Unread = Type.Object({
  unread: Type.Optional(Type.Boolean({ description: 'The requesting user has not seen its latest activity (POST /conversations/:id/read); absent for tokens without a user' })),
});

/** A list item names its customer, so an inbox can show who wrote without a request per row. */
const ListItem = Type.Intersect([
  Conversation,
  Unread,
  Type.Object({ customer: Type.Union([Type.Object({ id: Uuid, name: Type.Union([Type.String(), Type.Null()]), email: Type.Union([Type.String(), Type.Null()]) }), Type.Null()]) }),
]);

const PatchBody = Type.Object(
  {
    status: Type.Optional(Status),
    assigneeId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    teamId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    priority: Type.Optional(Priority),
    tags: Type.Optional(Type.Array(Tag, { maxItems: 50 })),
  },
  { additionalProperties: false, minProperties: 1 },
);

const MessageBody = Type.Object({
  type: Type.Union([Type.Literal('reply'), Type.Literal('note')]),
  body: Type.String({ minLength: 1, maxLength: 1_000_000 }),
  promises: Type.Optional(
    Type.Array(
      Type.Object(
        {
          description: Type.String({ minLength: 1, maxLength: 2000 }),
          dueAt: Type.String({ format: 'date-time' }),
          ownerId: Type.Optional(Uuid),
        },
        { additionalProperties: false },
      ),
      { maxItems: 10, description: 'Promises this reply makes (see POST /conversations/:id/promise-suggestions), recorded with it' },
    ),
  ),
  expectedLastSeq: Type.Optional(
    Type.Integer({ minimum: 0, description: "The last message seq the composer showed: a reply that would cross another agent's reply sent since is refused with 409 reply_collision" }),
  ),
  force: Type.Optional(Type.Boolean({ description: 'Send the reply even though it crosses another agent’s reply' })),
  coach: Type.Optional(
    Type.Object(
      { shown: Type.Array(Type.Unsafe<CoachRule>({ type: 'string', enum: [...COACH_RULES] }), { maxItems: 50, description: 'Rules the composer showed on drafts of this reply' }) },
      { additionalProperties: false, description: 'From the composer: which coach findings the agent saw, so their outcome (accepted or ignored) is recorded' },
    ),
  ),
});

const MessageWithPromises = Type.Intersect([
  Message,
  Type.Object({ promises: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true }), { description: 'The promises recorded with this reply' })) }),
]);

export function conversationRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.post<{ Body: Static<typeof CreateBody> }>(
    '/api/v1/conversations',
    {
      schema: {
        tags: ['conversations'],
        summary: 'Open a conversation for a customer (identified by email) with their first message',
        body: CreateBody,
        response: { 201: ConversationWithMessages, ...errorResponses(400, 401, 413) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const body = request.body;
      const { conversation, message, slaClocks } = await createConversation(deps.db, actor, deps.attachments, {
        subject: body.subject,
        customer: body.customer,
        message: {
          body: body.message.body,
          html: body.message.html,
          attachments: body.message.attachments?.map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.contentBase64, 'base64') })),
        },
        channel: body.channel,
        priority: body.priority,
        tags: body.tags,
        teamId: body.teamId,
        assigneeId: body.assigneeId,
        customFields: body.customFields,
      }, deps.serviceClock);
      deps.outbox.kick();
      // What an agent wrote themselves is not news to them.
      if (actor.userId) await markConversationRead(deps.db, actor, conversation.id);
      // No clock started by the create: no SLA state to read (a round trip and a plan saved on every create).
      const sla = slaClocks ? ((await loadSlaStates(deps.db, actor.accountId, [conversation.id], deps.serviceClock.clock.now())).get(conversation.id) ?? null) : null;
      return reply.status(201).send({ ...presentConversation(conversation, sla), messages: [message] });
    },
  );

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/api/v1/conversations',
    {
      schema: {
        tags: ['conversations'],
        summary: 'The inbox: conversations by newest activity, filtered, cursor-paginated',
        querystring: ListQuery,
        response: { 200: Type.Object({ items: Type.Array(ListItem), nextCursor: Type.Union([Type.String(), Type.Null()]) }), ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const q = request.query;
      if (q.slaWithinMinutes !== undefined && q.sla !== 'at_risk') throw errors.validation('slaWithinMinutes', 'only applies with sla=at_risk');
      const page = await listConversations(deps.db, actor.accountId, {
        status: q.status ? (q.status.split(',') as ConversationStatus[]) : undefined,
        assigneeId: q.assigneeId === 'none' ? null : q.assigneeId,
        teamId: q.teamId,
        customerId: q.customerId,
        number: q.number,
        priority: q.priority ? (q.priority.split(',') as PriorityName[]) : undefined,
        channel: q.channel ? (q.channel.split(',') as ChannelName[]) : undefined,
        sla:
          q.sla === 'breached'
            ? { kind: 'breached', now: deps.serviceClock.clock.now() }
            : q.sla === 'at_risk'
              ? { kind: 'at_risk', now: deps.serviceClock.clock.now(), withinMinutes: q.slaWithinMinutes ?? DEFAULT_AT_RISK_MINUTES }
              : undefined,
        limit: q.limit ?? 25,
        cursor: q.cursor,
      }, actor.userId);
      const customers = await listCustomerSummaries(deps.db, actor.accountId, [...new Set(page.items.map((c) => c.customer_id))]);
      const customerById = new Map(customers.map((c) => [c.id, { id: c.id, name: c.name, email: c.email }]));
      const slas = await loadSlaStates(deps.db, actor.accountId, page.items.map((c) => c.id), deps.serviceClock.clock.now());
      return {
        items: page.items.map((c) => ({
          ...presentConversation(c, slas.get(c.id) ?? null),
          ...(c.unread === null ? {} : { unread: c.unread }),
          customer: customerById.get(c.customer_id) ?? null,
        })),
        nextCursor: page.nextCursor,
      };
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/v1/conversations/:id',
    {
      schema: {
        tags: ['conversations'],
        summary: 'One conversation with its messages, oldest first',
        params: IdParams,
        response: { 200: Type.Intersect([ConversationWithMessages, Unread]), ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const conversation = await findConversation(deps.db, actor.accountId, request.params.id);
      if (!conversation) throw errors.notFound('Conversation');
      const unread = actor.userId ? await isUnreadFor(deps.db, actor.accountId, actor.userId, conversation.id) : undefined;
      const messages = await listMessages(deps.db, actor.accountId, [conversation.id]);
      const attachments = await listAttachmentMeta(deps.db, actor.accountId, messages.map((m) => m.id));
      const sla = (await loadSlaStates(deps.db, actor.accountId, [conversation.id], deps.serviceClock.clock.now())).get(conversation.id) ?? null;
      // The handover note the receiver reads first (domain/routing/handovers.ts), and which notes are handover notes.
      const { handover, noteMessageIds } = await handoverForReader(deps.db, actor.accountId, conversation.id);
      return {
        ...presentConversation(conversation, sla),
        ...(unread === undefined ? {} : { unread }),
        handover,
        messages: messages.map((m) => ({ ...presentMessage(m, attachments.filter((a) => a.message_id === m.id)), handoverNote: noteMessageIds.has(m.id) })),
      };
    },
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof PatchBody> }>(
    '/api/v1/conversations/:id',
    {
      schema: {
        tags: ['conversations'],
        summary: 'Change status, assignee, team, priority or tags',
        params: IdParams,
        body: PatchBody,
        response: { 200: Conversation, ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const updated = await updateConversation(deps.db, actor, request.params.id, request.body, deps.serviceClock);
      deps.outbox.kick();
      const sla = (await loadSlaStates(deps.db, actor.accountId, [updated.id], deps.serviceClock.clock.now())).get(updated.id) ?? null;
      return presentConversation(updated, sla);
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof MessageBody> }>(
    '/api/v1/conversations/:id/messages',
    {
      schema: {
        tags: ['conversations'],
        summary: 'Reply to the customer (sent on the conversation channel) or add an internal note',
        params: IdParams,
        body: MessageBody,
        response: { 201: MessageWithPromises, ...errorResponses(400, 401, 404, 409, 413) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const body = request.body;
      const message = await postMessage(
        deps.db,
        actor,
        request.params.id,
        {
          type: body.type,
          body: body.body,
          promises: body.promises?.map((p) => ({ ...p, dueAt: new Date(p.dueAt) })),
          expectedLastSeq: body.expectedLastSeq,
          force: body.force,
          coachShown: body.coach?.shown,
        },
        { jobs: deps.jobs, mailDomain: deps.config.mailDomain },
        deps.serviceClock,
      );
      deps.outbox.kick();
      if (actor.userId) await markConversationRead(deps.db, actor, request.params.id);
      return reply.status(201).send(message);
    },
  );

  app.post<{ Params: Static<typeof IdParams> }>(
    '/api/v1/conversations/:id/read',
    {
      schema: {
        tags: ['conversations'],
        summary: 'Mark the conversation read for the requesting user (their unread marker follows them to every browser) up to its latest activity',
        params: IdParams,
        response: {
          200: Type.Object({ conversationId: Uuid, seenActivityAt: Type.String({ format: 'date-time' }), readAt: Type.String({ format: 'date-time' }), unread: Type.Boolean() }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const read = await markConversationRead(deps.db, actor, request.params.id);
      return { conversationId: read.conversationId, seenActivityAt: read.seenActivityAt.toISOString(), readAt: read.readAt.toISOString(), unread: false };
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/v1/conversations/:id/events',
    {
      schema: {
        tags: ['conversations'],
        summary: 'The change log of a conversation: who changed what, when',
        params: IdParams,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.Integer(),
                type: Type.String(),
                actor: Type.Object({ type: Type.String(), id: Type.Union([Type.String(), Type.Null()]) }),
                data: Type.Record(Type.String(), Type.Unknown()),
                createdAt: Type.String(),
              }),
            ),
          }),
          ...errorResponses(400, 401, 404),
        },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const conversation = await findConversation(deps.db, actor.accountId, request.params.id);
      if (!conversation) throw errors.notFound('Conversation');
      const rows = await deps.db
        .selectFrom('events')
        .select(['id', 'type', 'actor_type', 'actor_id', 'data', 'created_at'])
        .where('account_id', '=', actor.accountId)
        .where('conversation_id', '=', conversation.id)
        .orderBy('id')
        .limit(1000)
        .execute();
      return {
        items: rows.map((e) => ({ id: e.id, type: e.type, actor: { type: e.actor_type, id: e.actor_id }, data: e.data, createdAt: e.created_at.toISOString() })),
      };
    },
  );
}
