import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';
import { createUser } from '../../domain/users/user-create.js';
import { createTeam } from '../../domain/teams/team-create.js';
import { presentTeam, presentUser } from '../../domain/presenters.js';
import { actorOf, requireRole } from '../plugins/auth.js';
import { Email, errorResponses, IdParams, Role, UiLanguage, User, Uuid } from '../schemas.js';
import { errors } from '../../domain/shared/errors.js';

const CreateUserBody = Type.Object({
  email: Email,
  name: Type.String({ minLength: 1, maxLength: 200 }),
  role: Role,
  password: Type.Optional(Type.String({ minLength: 8, maxLength: 1000 })),
  languages: Type.Optional(Type.Array(Type.String({ minLength: 2, maxLength: 10 }), { maxItems: 20 })),
  skills: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 100 })),
  uiLanguage: Type.Optional(UiLanguage),
  capacity: Type.Optional(
    Type.Object(
      { email: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })), chat: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })) },
      { additionalProperties: false },
    ),
  ),
});

const Team = Type.Object({ id: Uuid, name: Type.String(), routing: Type.String(), memberIds: Type.Array(Uuid), businessHoursId: Type.Union([Uuid, Type.Null()]), createdAt: Type.String() });
const CreateTeamBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  memberIds: Type.Array(Uuid, { maxItems: 1000 }),
  routing: Type.Union([Type.Literal('round_robin'), Type.Literal('least_load'), Type.Literal('manual')]),
  businessHoursId: Type.Optional(Uuid),
});

export function peopleRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.post<{ Body: Static<typeof CreateUserBody> }>(
    '/api/v1/users',
    {
      schema: {
        tags: ['people'],
        summary: 'Create an agent, supervisor or admin (admin only)',
        body: CreateUserBody,
        response: { 201: User, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const actor = requireRole(request, 'admin');
      const user = await createUser(deps.db, actor, request.body);
      return reply.status(201).send(presentUser(user));
    },
  );

  app.get(
    '/api/v1/users',
    { schema: { tags: ['people'], summary: 'Users of this account', response: { 200: Type.Object({ items: Type.Array(User) }), ...errorResponses(401) } } },
    async (request) => {
      const actor = actorOf(request);
      const users = await deps.db.selectFrom('users').selectAll().where('account_id', '=', actor.accountId).orderBy('name').orderBy('id').execute();
      return { items: users.map(presentUser) };
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/v1/users/:id',
    { schema: { tags: ['people'], summary: 'One user', params: IdParams, response: { 200: User, ...errorResponses(400, 401, 404) } } },
    async (request) => {
      const actor = actorOf(request);
      const user = await deps.db.selectFrom('users').selectAll().where('account_id', '=', actor.accountId).where('id', '=', request.params.id).executeTakeFirst();
      if (!user) throw errors.notFound('User');
      return presentUser(user);
    },
  );

  app.post<{ Body: Static<typeof CreateTeamBody> }>(
    '/api/v1/teams',
    {
      schema: {
        tags: ['people'],
        summary: 'Create a team (admin only); routing strategies take effect with the routing feature',
        body: CreateTeamBody,
        response: { 201: Team, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const actor = requireRole(request, 'admin');
      const { team, memberIds } = await createTeam(deps.db, actor, request.body);
      return reply.status(201).send(presentTeam(team, memberIds));
    },
  );

  app.get(
    '/api/v1/teams',
    { schema: { tags: ['people'], summary: 'Teams of this account', response: { 200: Type.Object({ items: Type.Array(Team) }), ...errorResponses(401) } } },
    async (request) => {
      const actor = actorOf(request);
      const [teams, members] = await Promise.all([
        deps.db.selectFrom('teams').selectAll().where('account_id', '=', actor.accountId).orderBy('name').execute(),
        deps.db.selectFrom('team_members').select(['team_id', 'user_id']).where('account_id', '=', actor.accountId).execute(),
      ]);
      return { items: teams.map((t) => presentTeam(t, members.filter((m) => m.team_id === t.id).map((m) => m.user_id))) };
    },
  );
}
