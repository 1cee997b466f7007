import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';
import { actorOf, requireRole } from '../plugins/auth.js';
import { Email, errorResponses, IdParams, Uuid } from '../schemas.js';
import { createEmailAddress } from '../../domain/email/email-address-create.js';
import { deleteEmailAddress, updateEmailAddress } from '../../domain/email/email-address-update.js';
import { channelOverview } from '../../domain/channels/channel-overview.js';

const EmailAddress = Type.Object({
  id: Uuid,
  address: Type.String(),
  displayName: Type.Union([Type.String(), Type.Null()]),
  isDefault: Type.Boolean(),
  teamId: Type.Union([Uuid, Type.Null()], { description: 'New email conversations to this address belong to this team and are routed by it' }),
  createdAt: Type.String(),
});
const CreateBody = Type.Object({
  address: Email,
  displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  isDefault: Type.Optional(Type.Boolean()),
  teamId: Type.Optional(Uuid),
});

const UpdateBody = Type.Object(
  {
    displayName: Type.Optional(Type.Union([Type.Null(), Type.String({ maxLength: 200 })])),
    isDefault: Type.Optional(Type.Literal(true, { description: 'Make this the default address (the sender of replies)' })),
    teamId: Type.Optional(Type.Union([Type.Null(), Uuid])),
  },
  { additionalProperties: false, minProperties: 1 },
);
const ChannelName = Type.Union(['email', 'chat', 'portal', 'phone', 'api'].map((c) => Type.Literal(c)));
const Channels = Type.Object({
  items: Type.Array(
    Type.Object({
      channel: ChannelName,
      status: Type.Union([Type.Literal('active'), Type.Literal('needs_setup'), Type.Literal('api_only')], {
        description: 'active: reachable now; needs_setup: built in but incomplete; api_only: recorded through the API by an integration',
      }),
      conversations30d: Type.Integer(),
      lastConversationAt: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  email: Type.Object({ addresses: Type.Integer(), smtpIngress: Type.Boolean(), imapMailboxes: Type.Integer(), outboundRelay: Type.Boolean() }),
});

const present = (r: { id: string; address: string; display_name: string | null; is_default: boolean; team_id: string | null; created_at: Date }) => ({
  id: r.id,
  address: r.address,
  displayName: r.display_name,
  isDefault: r.is_default,
  teamId: r.team_id,
  createdAt: r.created_at.toISOString(),
});

export function emailAddressRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.post<{ Body: Static<typeof CreateBody> }>(
    '/api/v1/email-addresses',
    {
      schema: {
        tags: ['channels'],
        summary: 'Add an address the account receives mail at (admin); the default one is the sender of replies',
        body: CreateBody,
        response: { 201: EmailAddress, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const actor = requireRole(request, 'admin');
      const row = await createEmailAddress(deps.db, actor, request.body);
      return reply.status(201).send(present(row));
    },
  );

  app.get(
    '/api/v1/email-addresses',
    { schema: { tags: ['channels'], summary: 'The account’s email addresses', response: { 200: Type.Object({ items: Type.Array(EmailAddress) }), ...errorResponses(401) } } },
    async (request) => {
      const actor = actorOf(request);
      const rows = await deps.db.selectFrom('email_addresses').selectAll().where('account_id', '=', actor.accountId).orderBy('created_at').execute();
      return { items: rows.map(present) };
    },
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof UpdateBody> }>(
    '/api/v1/email-addresses/:id',
    {
      schema: {
        tags: ['channels'],
        summary: 'Rename an address, make it the default or change its team (admin); the address itself never changes',
        params: IdParams,
        body: UpdateBody,
        response: { 200: EmailAddress, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = requireRole(request, 'admin');
      return present(await updateEmailAddress(deps.db, actor, request.params.id, request.body));
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/api/v1/email-addresses/:id',
    {
      schema: {
        tags: ['channels'],
        summary: 'Stop receiving mail at an address (admin); the default address cannot be removed',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const actor = requireRole(request, 'admin');
      await deleteEmailAddress(deps.db, actor, request.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/v1/channels',
    {
      schema: {
        tags: ['channels'],
        summary: 'Every channel with its status and its conversations of the last 30 days, and how email is set up',
        response: { 200: Channels, ...errorResponses(401) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return channelOverview(deps.db, actor.accountId, deps.config, deps.serviceClock.clock.now());
    },
  );
}
