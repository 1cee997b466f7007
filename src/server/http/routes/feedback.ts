import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';
import { actorOf, requireRole } from '../plugins/auth.js';
import { errorResponses } from '../schemas.js';
import { errors } from '../../domain/shared/errors.js';
import { loadFeedbackSettings, presentFeedbackSettings, updateFeedbackSettings } from '../../domain/feedback/feedback-settings.js';
import { lifecycleReport, recoveryReport, summaryReport, surveyReport } from '../../domain/feedback/feedback-reports.js';

const Settings = Type.Object({
  surveysEnabled: Type.Boolean(),
  surveyDelayMinutes: Type.Integer({ minimum: 0, maximum: 10080, description: 'Minutes after solving before the survey mail goes out' }),
  surveyExpiryDays: Type.Integer({ minimum: 1, maximum: 365, description: 'Days after sending during which the survey can be answered' }),
  askNps: Type.Boolean(),
  askCes: Type.Boolean(),
  recoveryDueMinutes: Type.Integer({ minimum: 1, maximum: 43200, description: 'A recovery case is due this many (business) minutes after it opens' }),
  followUpDelayMinutes: Type.Integer({ minimum: 0, maximum: 129600, description: 'The check-in goes out this long after the first granted gesture' }),
  complaintTag: Type.String({ minLength: 1, maxLength: 100, description: 'A conversation with this tag is a complaint: it opens a recovery case' }),
  negativeMessageCases: Type.Boolean({ description: 'An upset customer message opens a recovery case' }),
  newDays: Type.Integer({ minimum: 1, maximum: 3650 }),
  atRiskDays: Type.Integer({ minimum: 1, maximum: 3650 }),
  lostAfterDays: Type.Integer({ minimum: 1, maximum: 3650, description: 'A dissatisfied customer without contact this long is lost' }),
  retentionDays: Type.Integer({ minimum: 1, maximum: 3650, description: 'A recovered customer who comes back within this many days is retained' }),
  updatedAt: Type.String(),
});
const { updatedAt: _updatedAt, ...settable } = Settings.properties;
const SettingsBody = Type.Partial(Type.Object(settable, { additionalProperties: false }), { additionalProperties: false, minProperties: 1 });

const Window = Type.Object({ from: Type.String({ format: 'date-time' }), to: Type.String({ format: 'date-time' }) });
function window(q: Static<typeof Window>) {
  const from = new Date(q.from);
  const to = new Date(q.to);
  if (!(from < to)) throw errors.validation('to', 'must be after from');
  return { from, to };
}

const Rate = Type.Union([Type.Number(), Type.Null()]);
const SurveyFigures = {
  answered: Type.Integer(),
  csat: Rate,
  nps: Rate,
  npsResponses: Type.Integer(),
  ces: Rate,
  cesResponses: Type.Integer(),
  distribution: Type.Record(Type.String(), Type.Integer()),
};
const OutcomeFigures = {
  cases: Type.Integer(),
  recovered: Type.Integer(),
  notRecovered: Type.Integer(),
  recoveryRate: Rate,
  cameBack: Type.Integer(),
  notBackWithinWindow: Type.Integer(),
  retentionRate: Rate,
};
const Nullable = (s: ReturnType<typeof Type.String>) => Type.Union([s, Type.Null()]);

export function feedbackRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get(
    '/api/v1/feedback/settings',
    { schema: { tags: ['feedback'], summary: 'Survey, recovery and lifecycle settings of the account', response: { 200: Settings, ...errorResponses(401) } } },
    async (request) => presentFeedbackSettings(await loadFeedbackSettings(deps.db, actorOf(request).accountId)),
  );

  app.put<{ Body: Static<typeof SettingsBody> }>(
    '/api/v1/feedback/settings',
    {
      schema: { tags: ['feedback'], summary: 'Change survey, recovery and lifecycle settings (admin)', body: SettingsBody, response: { 200: Settings, ...errorResponses(400, 401, 403) } },
    },
    async (request) => {
      const actor = requireRole(request, 'admin');
      return presentFeedbackSettings(await updateFeedbackSettings(deps.db, actor, request.body));
    },
  );

  app.get<{ Querystring: Static<typeof Window> }>(
    '/api/v1/reports/summary',
    {
      schema: {
        tags: ['reports'],
        summary: 'The service at a glance for [from, to): conversations by status, CSAT, first-response median, SLA attainment, promise-kept rate, recovery, transfers (supervisor)',
        querystring: Window,
        response: {
          200: Type.Object({
            from: Type.String(),
            to: Type.String(),
            conversations: Type.Integer(),
            byStatus: Type.Object(
              { new: Type.Integer(), open: Type.Integer(), pending: Type.Integer(), on_hold: Type.Integer(), solved: Type.Integer(), closed: Type.Integer() },
              { description: 'The conversations created in the window, by their status now' },
            ),
            csat: Rate,
            surveysAnswered: Type.Integer(),
            nps: Rate,
            ces: Rate,
            firstResponseMedianMinutes: Rate,
            slaAttainment: Rate,
            promiseKeptRate: Rate,
            recoveryRate: Rate,
            retentionRate: Rate,
            transfersPerConversation: Rate,
          }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const actor = requireRole(request, 'supervisor');
      const { from, to } = window(request.query);
      return summaryReport(deps.db, actor.accountId, from, to, deps.serviceClock.clock.now());
    },
  );

  app.get<{ Querystring: Static<typeof Window> }>(
    '/api/v1/reports/surveys',
    {
      schema: {
        tags: ['reports'],
        summary: 'CSAT, NPS and CES of the answers given in [from, to): overall, per agent, team and channel (supervisor)',
        querystring: Window,
        response: {
          200: Type.Object({
            from: Type.String(),
            to: Type.String(),
            ...SurveyFigures,
            sent: Type.Integer(),
            responseRate: Rate,
            byAgent: Type.Array(Type.Object({ userId: Nullable(Type.String()), ...SurveyFigures })),
            byTeam: Type.Array(Type.Object({ teamId: Nullable(Type.String()), ...SurveyFigures })),
            byChannel: Type.Array(Type.Object({ channel: Type.String(), ...SurveyFigures })),
          }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const actor = requireRole(request, 'supervisor');
      const { from, to } = window(request.query);
      return surveyReport(deps.db, actor.accountId, from, to);
    },
  );

  app.get<{ Querystring: Static<typeof Window> }>(
    '/api/v1/reports/recovery',
    {
      schema: {
        tags: ['reports'],
        summary: 'Recovery rate and retention of the cases closed in [from, to), overall and by gesture type ("none": no gesture) (supervisor)',
        querystring: Window,
        response: {
          200: Type.Object({
            from: Type.String(),
            to: Type.String(),
            retentionDays: Type.Integer(),
            opened: Type.Record(Type.String(), Type.Integer()),
            ...OutcomeFigures,
            byGestureType: Type.Array(Type.Object({ type: Type.String(), ...OutcomeFigures })),
            gesturesGranted: Type.Array(Type.Object({ type: Type.String(), currency: Type.String(), count: Type.Integer(), value: Type.Number() })),
          }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const actor = requireRole(request, 'supervisor');
      const { from, to } = window(request.query);
      return recoveryReport(deps.db, actor.accountId, from, to, deps.serviceClock.clock.now());
    },
  );

  app.get(
    '/api/v1/reports/lifecycle',
    {
      schema: {
        tags: ['reports'],
        summary: 'How many customers are in each lifecycle segment now (supervisor)',
        response: { 200: Type.Object({ customers: Type.Integer(), segments: Type.Record(Type.String(), Type.Integer()) }), ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      const actor = requireRole(request, 'supervisor');
      return lifecycleReport(deps.db, actor.accountId);
    },
  );
}
