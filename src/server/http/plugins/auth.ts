import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database, Role } from '../../db/schema.js';
import { authenticate } from '../../domain/auth/authenticate.js';
import { hasRole, type Actor } from '../../domain/shared/actor.js';
import { errors } from '../../domain/shared/errors.js';
import { tokenHash } from '../../domain/auth/tokens.js';

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

/**
 * A short-lived cache of resolved tokens: a busy integration sends many requests per second with one token, and
 * each would otherwise cost a database round trip. Entries live AUTH_CACHE_MS, so a token revoked or a user
 * deactivated in another process loses access within that time (at once in this process: logout evicts).
 */
const AUTH_CACHE_MS = 5_000;
const AUTH_CACHE_MAX = 10_000;

export class TokenCache {
  private readonly entries = new Map<string, { actor: Actor; until: number }>();
  get(hash: string): Actor | undefined {
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    if (entry.until < Date.now()) {
      this.entries.delete(hash);
      return undefined;
    }
    return entry.actor;
  }
  set(hash: string, actor: Actor): void {
    if (this.entries.size >= AUTH_CACHE_MAX) this.entries.clear();
    this.entries.set(hash, { actor, until: Date.now() + AUTH_CACHE_MS });
  }
  evict(hash: string): void {
    this.entries.delete(hash);
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    tokenCache: TokenCache;
  }
}

/** Every route needs a valid bearer token unless its config says `public: true`. */
export function registerAuth(app: FastifyInstance, db: Kysely<Database>): void {
  const cache = new TokenCache();
  app.decorate('tokenCache', cache);
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config?.public) return;
    if (!request.routeOptions.url) return; // 404s are answered by the not-found handler
    const token = bearerToken(request.headers.authorization);
    if (!token) throw errors.unauthorized();
    const hash = tokenHash(token);
    let actor = cache.get(hash);
    if (!actor) {
      actor = (await authenticate(db, token)) ?? undefined;
      if (!actor) throw errors.unauthorized('The bearer token is invalid, expired or revoked');
      cache.set(hash, actor);
    }
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
