import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database, Role } from '../../db/schema.js';
import { authenticate } from '../../domain/auth/authenticate.js';
import { hasRole, type Actor } from '../../domain/shared/actor.js';
import { errors } from '../../domain/shared/errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** Routes open without a token (login, health, OpenAPI, public pages). */
    public?: boolean;
  }
}

export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

/** Every route needs a valid bearer token unless its config says `public: true`. */
export function registerAuth(app: FastifyInstance, db: Kysely<Database>): void {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config?.public) return;
    if (!request.routeOptions.url) return; // 404s are answered by the not-found handler
    const token = bearerToken(request.headers.authorization);
    if (!token) throw errors.unauthorized();
    const actor = await authenticate(db, token);
    if (!actor) throw errors.unauthorized('The bearer token is invalid, expired or revoked');
    request.actor = actor;
  });
}

/** The acting user or token; throws 401 if the route was reached without one. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw errors.unauthorized();
  return request.actor;
}

export function requireRole(request: FastifyRequest, role: Role): Actor {
  const actor = actorOf(request);
  if (!hasRole(actor, role)) throw errors.forbidden(`This needs the ${role} role`);
  return actor;
}
