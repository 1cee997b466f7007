import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import swagger from '@fastify/swagger';
import websocket from '@fastify/websocket';
import rateLimit from '@fastify/rate-limit';
import type { AppDeps } from './http/deps.js';
import { registerErrorHandling } from './http/plugins/errors.js';
import { registerAuth } from './http/plugins/auth.js';
import { ErrorResponse } from './http/schemas.js';
import { healthRoutes } from './http/routes/health.js';
import { authRoutes } from './http/routes/auth.js';
import { peopleRoutes } from './http/routes/people.js';
import { conversationRoutes } from './http/routes/conversations.js';
import { customerRoutes } from './http/routes/customers.js';
import { searchRoutes } from './http/routes/search.js';
import { attachmentRoutes } from './http/routes/attachments.js';
import { realtimeRoutes } from './http/routes/realtime.js';
import { coachRoutes } from './http/routes/coach.js';
import { emailAddressRoutes } from './http/routes/email-addresses.js';
import { businessHoursRoutes } from './http/routes/business-hours.js';
import { promiseRoutes } from './http/routes/promises.js';
import { slaPolicyRoutes } from './http/routes/sla-policies.js';
import { notificationRoutes } from './http/routes/notifications.js';
import { serviceReportRoutes } from './http/routes/service-reports.js';
import { webAppRoutes } from './http/routes/web-app.js';
import { routingRoutes } from './http/routes/routing.js';
import { conversationOwnershipRoutes } from './http/routes/conversation-ownership.js';
import { surveyRoutes } from './http/routes/surveys.js';
import { recoveryRoutes } from './http/routes/recovery.js';
import { feedbackRoutes } from './http/routes/feedback.js';
import { customerRelationRoutes } from './http/routes/customer-relations.js';
import { appVersion } from './config.js';

export interface BuildAppOptions {
  logger?: FastifyServerOptions['logger'];
}

/** Secrets and personal data never reach the log. */
export const LOG_REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.password',
  '*.token',
  'password',
  'token',
];

/** Builds the HTTP application from its dependencies; no globals, so tests can build as many as they like. */
export async function buildApp(deps: AppDeps, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: deps.config.bodyLimitBytes,
    trustProxy: false,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: true, useDefaults: true } },
    forceCloseConnections: false,
    return503OnClosing: true,
  });

  app.addSchema(ErrorResponse);
  registerErrorHandling(app);

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Servisto API',
        version: appVersion(),
        description:
          'Customer-service platform API. Authenticate with `Authorization: Bearer <token>` (from POST /api/v1/auth/login or an API token). Errors always have the shape {"error":{"code","message","details?"}}.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
    },
  });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      code: 'rate_limited',
      message: `Too many attempts; try again in ${Math.ceil(context.ttl / 1000)} s`,
    }),
  });
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });

  registerAuth(app, deps.db);

  healthRoutes(app, deps);
  authRoutes(app, deps);
  peopleRoutes(app, deps);
  conversationRoutes(app, deps);
  customerRoutes(app, deps);
  searchRoutes(app, deps);
  attachmentRoutes(app, deps);
  realtimeRoutes(app, deps);
  coachRoutes(app, deps);
  emailAddressRoutes(app, deps);
  businessHoursRoutes(app, deps);
  promiseRoutes(app, deps);
  slaPolicyRoutes(app, deps);
  notificationRoutes(app, deps);
  serviceReportRoutes(app, deps);
  routingRoutes(app, deps);
  conversationOwnershipRoutes(app, deps);
  surveyRoutes(app, deps);
  recoveryRoutes(app, deps);
  feedbackRoutes(app, deps);
  customerRelationRoutes(app, deps);

  app.get('/api/v1/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
  await webAppRoutes(app);

  return app;
}
