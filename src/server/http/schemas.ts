import { Type, type TSchema } from '@sinclair/typebox';
import { CHANNELS, LANGUAGES, PRIORITIES, ROLES, STATUSES } from '../db/schema.js';

/** JSON schemas shared by routes and the OpenAPI document. */

/** A string enum with its literal static type (and a plain `enum` in the OpenAPI document). */
const literalUnion = <T extends readonly string[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });

// ajv's `uuid` format also accepts a `urn:uuid:` prefix, which PostgreSQL's uuid type rejects (a 500 instead of a 400);
// the pattern pins ids to the plain 8-4-4-4-12 hex form.
export const Uuid = Type.String({ format: 'uuid', pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' });
export const Email = Type.String({ format: 'email', maxLength: 320 });
export const Status = literalUnion(STATUSES);
export const Priority = literalUnion(PRIORITIES);
export const Channel = literalUnion(CHANNELS);
export const Role = literalUnion(ROLES);
export const UiLanguage = literalUnion(LANGUAGES);
export const DetectedLanguage = literalUnion([...LANGUAGES, 'und'] as const);
export const Tag = Type.String({ minLength: 1, maxLength: 100 });
export const Timestamp = Type.String({ format: 'date-time' });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      details: Type.Optional(Type.Unknown()),
    }),
  },
  { $id: 'ErrorResponse' },
);

export const User = Type.Object(
  {
    id: Uuid,
    accountId: Uuid,
    email: Type.String(),
    name: Type.String(),
    role: Role,
    languages: Type.Array(Type.String()),
    skills: Type.Array(Type.String()),
    uiLanguage: UiLanguage,
    active: Type.Boolean(),
    presence: literalUnion(['online', 'away', 'offline'] as const, 'Only online agents (within their shift) receive work'),
    presenceChangedAt: Nullable(Timestamp),
    capacity: Type.Object({ email: Type.Optional(Type.Integer()), chat: Type.Optional(Type.Integer()) }, { additionalProperties: true }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { additionalProperties: true },
);

export const Attachment = Type.Object(
  {
    id: Uuid,
    filename: Type.String(),
    contentType: Type.String(),
    size: Type.Integer(),
    inline: Type.Boolean(),
    contentId: Nullable(Type.String()),
  },
  { additionalProperties: true },
);

export const Message = Type.Object(
  {
    id: Uuid,
    conversationId: Uuid,
    seq: Type.Integer({ description: 'Position in the conversation, gap-free from 1' }),
    direction: literalUnion(['inbound', 'outbound'] as const),
    type: literalUnion(['message', 'note'] as const),
    channel: Channel,
    author: Type.Object(
      {
        type: literalUnion(['customer', 'user', 'api_token', 'system'] as const),
        userId: Nullable(Uuid),
        customerId: Nullable(Uuid),
      },
      { additionalProperties: true },
    ),
    body: Type.String({ description: 'The visible text: quoted history and signature removed' }),
    bodyFull: Type.String({ description: 'Everything the sender wrote' }),
    html: Nullable(Type.String({ description: 'Sanitised HTML' })),
    language: DetectedLanguage,
    createdAt: Timestamp,
    autoSubmitted: Type.Boolean({ description: 'Written by the system on its own (e.g. an acknowledgement); never counts as a response' }),
    delivery: Nullable(
      Type.Object(
        {
          status: literalUnion(['queued', 'sent', 'failed', 'bounced'] as const),
          error: Nullable(Type.String()),
          attempts: Type.Integer(),
          deliveredAt: Nullable(Timestamp),
        },
        { description: 'Delivery state of an outbound email' },
      ),
    ),
    attachments: Type.Array(Attachment),
    handoverNote: Type.Optional(Type.Boolean({ description: 'An internal note written as a handover (transfer or shift end)' })),
    sentiment: Nullable(
      Type.Object(
        {
          score: Type.Number({ description: '-1 (very negative) … 1 (very positive)' }),
          label: literalUnion(['negative', 'neutral', 'positive'] as const),
          upset: Type.Boolean(),
        },
        { description: 'The customer’s sentiment in this message (inbound messages only; lexicon-based, six languages)' },
      ),
    ),
  },
  { additionalProperties: true },
);

const SlaTarget = Type.Union([
  Type.Object({
    metric: Type.String(),
    targetMinutes: Type.Integer(),
    dueAt: Type.Union([Type.String(), Type.Null()], { description: 'When the target is breached; null while paused or once fulfilled' }),
    breached: Type.Boolean(),
    paused: Type.Boolean(),
    remainingMinutes: Type.Number({ description: 'Minutes (business or calendar, per policy) left; negative once breached' }),
    fulfilledAt: Type.Union([Type.String(), Type.Null()]),
    warned: Type.Boolean(),
  }),
  Type.Null(),
]);
export const SlaState = Type.Object({
  policyId: Type.String(),
  firstResponse: SlaTarget,
  nextResponse: SlaTarget,
  resolution: SlaTarget,
});

export const Conversation = Type.Object(
  {
    id: Uuid,
    number: Type.Integer(),
    subject: Type.String(),
    status: Status,
    priority: Priority,
    channel: Channel,
    language: DetectedLanguage,
    customerId: Uuid,
    assigneeId: Nullable(Uuid),
    teamId: Nullable(Uuid),
    tags: Type.Array(Type.String()),
    customFields: Type.Record(Type.String(), Type.Unknown()),
    messageCount: Type.Integer(),
    sla: Type.Union([SlaState, Type.Null()], { description: 'SLA state; null while no policy applies' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    lastActivityAt: Timestamp,
    firstResponseAt: Nullable(Timestamp),
    solvedAt: Nullable(Timestamp),
    closedAt: Nullable(Timestamp),
    transferCount: Type.Integer({ description: 'Transfers so far (each needs a handover note)' }),
    recontactOfId: Nullable(Uuid),
    recontact: Nullable(
      Type.Object(
        {
          ofId: Uuid,
          reason: Nullable(Type.String({ description: 'reference | similar | tags | unjudged (linked before the judgement existed)' })),
          score: Nullable(Type.Number({ description: 'Similarity 0 … 1 (1 for a reference)' })),
        },
        { description: 'Why this conversation was judged a recontact of a recently solved one about the same matter (docs/METRICS.md)' },
      ),
    ),
    mergedIntoId: Nullable(Uuid),
    difficult: Type.Boolean({ description: 'The customer was strongly negative or upset at some point' }),
    customerSentiment: Nullable(Type.Number({ description: "Sentiment of the customer's latest message, -1 … 1" })),
    keepOnShiftEnd: Type.Boolean(),
    handover: Type.Optional(
      Nullable(
        Type.Object(
          { id: Uuid, kind: Type.String(), note: Type.String(), fromUserId: Nullable(Uuid), toUserId: Nullable(Uuid), at: Timestamp },
          { additionalProperties: true, description: 'The handover note the receiver reads first (GET /conversations/:id), until acknowledged' },
        ),
      ),
    ),
    routing: Nullable(
      Type.Object({
        queuedAt: Timestamp,
        reason: Nullable(Type.String({ description: 'nobody_available | at_capacity | skills_wait' })),
        skillsFallbackAt: Nullable(Timestamp),
      }),
    ),
  },
  { additionalProperties: true },
);

export const ConversationWithMessages = Type.Intersect([Conversation, Type.Object({ messages: Type.Array(Message) })]);

export const Customer = Type.Object(
  {
    id: Uuid,
    name: Nullable(Type.String()),
    email: Nullable(Type.String()),
    emails: Type.Array(Type.String()),
    phones: Type.Array(Type.String()),
    language: Nullable(UiLanguage),
    organisation: Nullable(Type.Object({ id: Uuid, name: Type.String() })),
    customAttributes: Type.Record(Type.String(), Type.Unknown()),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { additionalProperties: true },
);

export const IdParams = Type.Object({ id: Uuid });

/** Standard error responses for the OpenAPI document. */
export function errorResponses(...statuses: number[]) {
  return Object.fromEntries(statuses.map((s) => [s, Type.Ref('ErrorResponse')]));
}
