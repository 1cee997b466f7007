import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';
import { login } from '../../domain/auth/login.js';
import { presentUser } from '../../domain/presenters.js';
import { actorOf, bearerToken, requireRole } from '../plugins/auth.js';
import { errorResponses, Role, User } from '../schemas.js';
import { tokenHash } from '../../domain/auth/tokens.js';
import { createApiToken } from '../../domain/auth/api-token-create.js';
import { errors } from '../../domain/shared/errors.js';

const LoginBody = Type.Object({
  email: Type.String({ minLength: 3, maxLength: 320 }),
  password: Type.String({ minLength: 1, maxLength: 1000 }),
});
const ApiTokenBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  role: Role,
  expiresAt: Type.Optional(Type.String({ format: 'date-time' })),
});

export function authRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.post<{ Body: Static<typeof LoginBody> }>(
    '/api/v1/auth/login',
    {
      config: {
        public: true,
        rateLimit: { max: deps.config.loginRateLimitPerMinute, timeWindow: '1 minute' },
      },
      schema: {
        tags: ['auth'],
        summary: 'Log in with email and password; returns a bearer token',
        body: LoginBody,
        response: { 200: Type.Object({ token: Type.String(), user: User }), ...errorResponses(400, 401, 429) },
      },
    },
    async (request) => {
      const result = await login(deps.db, request.body, deps.config.sessionTtlHours);
      return { token: result.token, user: presentUser(result.user) };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    { schema: { tags: ['auth'], summary: 'Revoke the bearer token used for this request', response: { 204: Type.Null(), ...errorResponses(401) } } },
    async (request, reply) => {
      const actor = actorOf(request);
      const token = bearerToken(request.headers.authorization)!;
      await deps.db
        .updateTable('auth_tokens')
        .set({ revoked_at: new Date() })
        .where('account_id', '=', actor.accountId)
        .where('token_hash', '=', tokenHash(token))
        .execute();
      app.tokenCache.evict(tokenHash(token));
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/v1/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The logged-in user (or, for an API token, the token and its role)',
        response: { 200: Type.Union([User, Type.Object({ type: Type.Literal('api_token'), id: Type.String(), accountId: Type.String(), role: Role })]), ...errorResponses(401) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      if (actor.type === 'api_token') return { type: 'api_token' as const, id: actor.id!, accountId: actor.accountId, role: actor.role! };
      const user = await deps.db.selectFrom('users').selectAll().where('account_id', '=', actor.accountId).where('id', '=', actor.userId!).executeTakeFirst();
      if (!user) throw errors.unauthorized();
      return presentUser(user);
    },
  );

  app.post<{ Body: Static<typeof ApiTokenBody> }>(
    '/api/v1/api-tokens',
    {
      schema: {
        tags: ['auth'],
        summary: 'Issue an API token scoped to this account (admin); the token is shown only once',
        body: ApiTokenBody,
        response: {
          201: Type.Object({ id: Type.String(), name: Type.String(), role: Role, token: Type.String(), createdAt: Type.String(), expiresAt: Type.Union([Type.String(), Type.Null()]) }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const actor = requireRole(request, 'admin');
      const expiresAt = request.body.expiresAt ? new Date(request.body.expiresAt) : undefined;
      const created = await createApiToken(deps.db, actor, { name: request.body.name, role: request.body.role, expiresAt });
      return reply.status(201).send({
        id: created.id,
        name: created.name ?? '',
        role: created.role,
        token: created.token,
        createdAt: created.created_at.toISOString(),
        expiresAt: created.expires_at ? created.expires_at.toISOString() : null,
      });
    },
  );
}
