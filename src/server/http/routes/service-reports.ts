import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';
import { requireRole } from '../plugins/auth.js';
import { errorResponses } from '../schemas.js';
import { promiseKeptRates, slaAttainment } from '../../domain/sla/service-reports.js';
import { errors } from '../../domain/shared/errors.js';
import { courtesyReport } from '../../domain/coach/coach-outcomes.js';

const Window = Type.Object({
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
});
const Rate = {
  due: Type.Integer(),
  keptOnTime: Type.Integer(),
  missed: Type.Integer(),
  keptLate: Type.Integer(),
  open: Type.Integer(),
  keptRate: Type.Union([Type.Number(), Type.Null()]),
};

function window(q: Static<typeof Window>) {
  const from = new Date(q.from);
  const to = new Date(q.to);
  if (!(from < to)) throw errors.validation('to', 'must be after from');
  return { from, to };
}

export function serviceReportRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get<{ Querystring: Static<typeof Window> }>(
    '/api/v1/reports/promises',
    {
      schema: {
        tags: ['reports'],
        summary: 'Promise-kept rate for promises due in [from, to): overall, per agent (owner) and per team (supervisor)',
        querystring: Window,
        response: {
          200: Type.Object({
            from: Type.String(),
            to: Type.String(),
            ...Rate,
            byAgent: Type.Array(Type.Object({ userId: Type.Union([Type.String(), Type.Null()]), ...Rate })),
            byTeam: Type.Array(Type.Object({ teamId: Type.Union([Type.String(), Type.Null()]), ...Rate })),
          }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const actor = requireRole(request, 'supervisor');
      const { from, to } = window(request.query);
      return promiseKeptRates(deps.db, actor.accountId, from, to);
    },
  );

  const Attainment = Type.Object({ achieved: Type.Integer(), breached: Type.Integer(), attainment: Type.Union([Type.Number(), Type.Null()]) });
  app.get<{ Querystring: Static<typeof Window> }>(
    '/api/v1/reports/sla',
    {
      schema: {
        tags: ['reports'],
        summary: 'SLA attainment in [from, to): share of targets achieved without a breach, overall and per target (supervisor)',
        querystring: Window,
        response: {
          200: Type.Object({
            from: Type.String(),
            to: Type.String(),
            attainment: Type.Union([Type.Number(), Type.Null()]),
            metrics: Type.Object({ first_response: Attainment, next_response: Attainment, resolution: Attainment }),
          }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const actor = requireRole(request, 'supervisor');
      const { from, to } = window(request.query);
      return slaAttainment(deps.db, actor.accountId, from, to);
    },
  );

  app.get<{ Querystring: Static<typeof Window> }>(
    '/api/v1/reports/courtesy',
    {
      schema: {
        tags: ['reports'],
        summary: 'Courtesy in [from, to): per coach rule how often its advice was taken, per agent the share of replies sent without an ignored finding (supervisor)',
        querystring: Window,
        response: {
          200: Type.Object({
            from: Type.String(),
            to: Type.String(),
            rules: Type.Array(
              Type.Object({
                rule: Type.String(),
                accepted: Type.Integer(),
                ignored: Type.Integer(),
                unreviewed: Type.Integer(),
                acceptanceRate: Type.Union([Type.Number(), Type.Null()]),
              }),
            ),
            agents: Type.Array(
              Type.Object({
                userId: Type.Union([Type.String(), Type.Null()]),
                replies: Type.Integer(),
                repliesWithIgnoredFindings: Type.Integer(),
                courteousShare: Type.Union([Type.Number(), Type.Null()]),
              }),
            ),
          }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const actor = requireRole(request, 'supervisor');
      const { from, to } = window(request.query);
      return courtesyReport(deps.db, actor.accountId, from, to);
    },
  );
}
