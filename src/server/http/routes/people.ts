import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';
import { createUser } from '../../domain/users/user-create.js';
import { createTeam } from '../../domain/teams/team-create.js';
import { updateTeam } from '../../domain/teams/team-update.js';
import { updateUser } from '../../domain/users/user-update.js';
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

const Team = Type.Object({
  id: Uuid,
  name: Type.String(),
  routing: Type.String(),
  memberIds: Type.Array(Uuid),
  businessHoursId: Type.Union([Uuid, Type.Null()]),
  skillsFallbackMinutes: Type.Integer({ description: 'Minutes a conversation waits for a member with the skills it needs before any member may take it' }),
  stickyOwner: Type.Boolean({ description: "A customer's new conversation goes to their previous owner when available" }),
  createdAt: Type.String(),
});
const RoutingStrategy = Type.Union([Type.Literal('round_robin'), Type.Literal('least_load'), Type.Literal('manual')]);
const TeamRoutingOptions = {
  skillsFallbackMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 10080 })),
  stickyOwner: Type.Optional(Type.Boolean()),
};
const CreateTeamBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  memberIds: Type.Array(Uuid, { maxItems: 1000 }),
  routing: RoutingStrategy,
  businessHoursId: Type.Optional(Uuid),
  ...TeamRoutingOptions,
});
const UpdateTeamBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    memberIds: Type.Optional(Type.Array(Uuid, { maxItems: 1000 })),
    routing: Type.Optional(RoutingStrategy),
    businessHoursId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    ...TeamRoutingOptions,
  },
  { additionalProperties: false, minProperties: 1 },
);
const Capacity = Type.Object(
  { email: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })), chat: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })) },
  { additionalProperties: false },
);
const UpdateUserBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    languages: Type.Optional(Type.Array(Type.String({ minLength: 2, maxLength: 10 }), { maxItems: 20 })),
    skills: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 100 })),
    capacity: Type.Optional(Capacity),
    uiLanguage: Type.Optional(UiLanguage),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

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
        summary: 'Create a team (admin only); conversations created or reopened for it are routed by its strategy (docs/ARCHITECTURE.md, routing)',
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

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof UpdateTeamBody> }>(
    '/api/v1/teams/:id',
    {
      schema: {
        tags: ['people'],
        summary: 'Change a team: name, members (the full list), routing strategy and options (admin only); its queue is routed again',
        params: IdParams,
        body: UpdateTeamBody,
        response: { 200: Team, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const actor = requireRole(request, 'admin');
      const { team, memberIds } = await updateTeam(deps.db, deps.serviceClock, actor, request.params.id, request.body);
      deps.outbox.kick();
      return presentTeam(team, memberIds);
    },
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof UpdateUserBody> }>(
    '/api/v1/users/:id',
    {
      schema: {
        tags: ['people'],
        summary: 'Change what routing knows about a user (languages, skills, capacity per channel kind), their name, interface language or access (admin only)',
        params: IdParams,
        body: UpdateUserBody,
        response: { 200: User, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const actor = requireRole(request, 'admin');
      const user = await updateUser(deps.db, actor, request.params.id, request.body);
      deps.outbox.kick();
      return presentUser(user);
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
