import { Type, type Static } from '@sinclair/typebox';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';
import { actorOf } from '../plugins/auth.js';
import { errorResponses, IdParams, Uuid } from '../schemas.js';
import { presentNotification } from '../../domain/notifications/notify.js';
import { errors } from '../../domain/shared/errors.js';

const Notification = Type.Object({
  id: Uuid,
  userId: Uuid,
  kind: Type.String({ description: 'sla_warning | sla_breach | promise_reminder | promise_missed | assigned' }),
  conversationId: Type.Union([Uuid, Type.Null()]),
  data: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Type.String(),
  readAt: Type.Union([Type.String(), Type.Null()]),
});
const ListQuery = Type.Object({
  unread: Type.Optional(Type.Boolean()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});

export function notificationRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/api/v1/notifications',
    {
      schema: {
        tags: ['people'],
        summary: 'The signed-in user’s notifications (SLA warnings and breaches, promise reminders and misses), newest first',
        querystring: ListQuery,
        response: { 200: Type.Object({ items: Type.Array(Notification) }), ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      if (!actor.userId) return { items: [] };
      let q = deps.db
        .selectFrom('notifications')
        .selectAll()
        .where('account_id', '=', actor.accountId)
        .where('user_id', '=', actor.userId)
        .orderBy('created_at', 'desc')
        .limit(request.query.limit ?? 50);
      if (request.query.unread) q = q.where('read_at', 'is', null);
      return { items: (await q.execute()).map(presentNotification) };
    },
  );

  app.post<{ Params: Static<typeof IdParams> }>(
    '/api/v1/notifications/:id/read',
    { schema: { tags: ['people'], summary: 'Mark a notification read', params: IdParams, response: { 200: Notification, ...errorResponses(400, 401, 404) } } },
    async (request) => {
      const actor = actorOf(request);
      const row = await deps.db
        .updateTable('notifications')
        .set({ read_at: sql`coalesce(read_at, now())` })
        .where('account_id', '=', actor.accountId)
        .where('user_id', '=', actor.userId ?? '00000000-0000-0000-0000-000000000000')
        .where('id', '=', request.params.id)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw errors.notFound('Notification');
      return presentNotification(row);
    },
  );
}
