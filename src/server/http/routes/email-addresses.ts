import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';
import { actorOf, requireRole } from '../plugins/auth.js';
import { Email, errorResponses, Uuid } from '../schemas.js';
import { createEmailAddress } from '../../domain/email/email-address-create.js';

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
}
