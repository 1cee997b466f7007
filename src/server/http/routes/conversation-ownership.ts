import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';
import { actorOf } from '../plugins/auth.js';
import { Conversation, ConversationWithMessages, errorResponses, IdParams, Uuid } from '../schemas.js';
import { errors } from '../../domain/shared/errors.js';
import { presentConversation, presentMessage } from '../../domain/presenters.js';
import { findConversation, listAttachmentMeta, listMessages } from '../../db/repos/conversations.repo.js';
import { loadSlaStates } from '../../domain/sla/sla-engine.js';
import { transferConversation } from '../../domain/conversations/conversation-transfer.js';
import { mergeConversation } from '../../domain/conversations/conversation-merge.js';
import { splitConversation } from '../../domain/conversations/conversation-split.js';
import { setKeepOnShiftEnd } from '../../domain/routing/ownership-hooks.js';
import { presentHandover } from '../../domain/routing/handovers.js';
import { linkRecontact, unlinkRecontact } from '../../domain/routing/recontact-link.js';

const TransferBody = Type.Object(
  {
    toUserId: Type.Optional(Uuid),
    toTeamId: Type.Optional(Uuid),
    note: Type.String({ maxLength: 20_000, description: 'The handover note (required): what the customer needs and what was done. The receiver reads it first' }),
  },
  { additionalProperties: false },
);
const MergeBody = Type.Object(
  {
    intoId: Uuid,
    allowDifferentCustomer: Type.Optional(Type.Boolean({ description: 'Merge conversations of two different customers (refused otherwise)' })),
  },
  { additionalProperties: false },
);
const SplitBody = Type.Object(
  {
    messageIds: Type.Array(Uuid, { minItems: 1, maxItems: 1000 }),
    subject: Type.Optional(Type.String({ minLength: 1, maxLength: 1000, pattern: '\\S' })),
  },
  { additionalProperties: false },
);
const KeepBody = Type.Object({ keep: Type.Boolean() }, { additionalProperties: false });
const RecontactBody = Type.Object(
  {
    recontactOfId: Type.String({
      format: 'uuid',
      pattern: Uuid.pattern,
      description: 'The conversation this one comes back to: the same customer, solved or closed within the 7 days before this one was created',
    }),
  },
  { additionalProperties: false },
);

/** Ownership of one conversation: transfer with a handover note, keep over a shift end, merge, split, recontact links. */
export function conversationOwnershipRoutes(app: FastifyInstance, deps: AppDeps): void {
  const withMessages = async (accountId: string, id: string) => {
    const conversation = await findConversation(deps.db, accountId, id);
    if (!conversation) throw errors.notFound('Conversation');
    const messages = await listMessages(deps.db, accountId, [conversation.id]);
    const attachments = await listAttachmentMeta(deps.db, accountId, messages.map((m) => m.id));
    const sla = (await loadSlaStates(deps.db, accountId, [conversation.id], deps.serviceClock.clock.now())).get(conversation.id) ?? null;
    return { ...presentConversation(conversation, sla), messages: messages.map((m) => presentMessage(m, attachments.filter((a) => a.message_id === m.id))) };
  };

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof TransferBody> }>(
    '/api/v1/conversations/:id/transfer',
    {
      schema: {
        tags: ['conversations'],
        summary: 'Transfer to an agent or a team with a handover note (required); the customer is told who helps them now, in their language',
        params: IdParams,
        body: TransferBody,
        response: { 200: Conversation, ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { conversation, handover } = await transferConversation(deps.db, actor, request.params.id, request.body, deps.serviceClock);
      deps.outbox.kick();
      const sla = (await loadSlaStates(deps.db, actor.accountId, [conversation.id], deps.serviceClock.clock.now())).get(conversation.id) ?? null;
      return { ...presentConversation(conversation, sla), handover: presentHandover(handover) };
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof KeepBody> }>(
    '/api/v1/conversations/:id/keep',
    {
      schema: {
        tags: ['conversations'],
        summary: 'The owner keeps the conversation when their shift ends (honoured while the customer waits on them: an open promise of theirs, or pending/on hold)',
        params: IdParams,
        body: KeepBody,
        response: { 200: Conversation, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const updated = await setKeepOnShiftEnd(deps.db, actor, request.params.id, request.body.keep);
      deps.outbox.kick();
      return presentConversation(updated);
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof MergeBody> }>(
    '/api/v1/conversations/:id/merge',
    {
      schema: {
        tags: ['conversations'],
        summary: 'Merge this conversation into another of the same customer: messages move in written order, this one closes with a pointer; returns the surviving conversation',
        params: IdParams,
        body: MergeBody,
        response: { 200: ConversationWithMessages, ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { conversation } = await mergeConversation(deps.db, actor, request.params.id, request.body, deps.serviceClock);
      deps.outbox.kick();
      return withMessages(actor.accountId, conversation.id);
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof SplitBody> }>(
    '/api/v1/conversations/:id/split',
    {
      schema: {
        tags: ['conversations'],
        summary: 'Split the chosen messages off into a new conversation of the same customer, team and owner; returns the new conversation',
        params: IdParams,
        body: SplitBody,
        response: { 201: ConversationWithMessages, ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const created = await splitConversation(deps.db, actor, request.params.id, request.body, deps.serviceClock);
      deps.outbox.kick();
      return reply.status(201).send(await withMessages(actor.accountId, created.id));
    },
  );

  app.put<{ Params: Static<typeof IdParams>; Body: Static<typeof RecontactBody> }>(
    '/api/v1/conversations/:id/recontact',
    {
      schema: {
        tags: ['conversations'],
        summary: 'Link this conversation as a recontact of an earlier one by hand (reason "manual"; supervisor): the runaround metric counts it',
        params: IdParams,
        body: RecontactBody,
        response: { 200: Conversation, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const updated = await linkRecontact(deps.db, actor, request.params.id, request.body.recontactOfId);
      deps.outbox.kick();
      return presentConversation(updated);
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/api/v1/conversations/:id/recontact',
    {
      schema: {
        tags: ['conversations'],
        summary: 'Remove a recontact link, judged or manual (supervisor): the runaround metric no longer counts it',
        params: IdParams,
        response: { 200: Conversation, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const updated = await unlinkRecontact(deps.db, actor, request.params.id);
      deps.outbox.kick();
      return presentConversation(updated);
    },
  );
}
