import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../deps.js';
import { authenticate } from '../../domain/auth/authenticate.js';
import { bearerToken } from '../plugins/auth.js';
import type { Actor } from '../../domain/shared/actor.js';
import type { RealtimeClient } from '../../realtime/hub.js';
import { ConversationPresence } from '../../realtime/conversation-presence.js';

const AUTH_TIMEOUT_MS = 10_000;
const REPLAY_LIMIT = 10_000;

/**
 * GET /api/v1/ws — an agent's live feed of its account's events.
 *
 * Authenticate with an `Authorization: Bearer` header, or (browsers cannot set headers on a WebSocket) by sending
 * `{"type":"auth","token":"…","since":N}` as the first message. `since` (also accepted as a query parameter)
 * resumes after the last delivery sequence the client saw: missed events are replayed from the outbox first.
 * The server then sends `{"type":"ready","seq":N}` and every event as `{"seq", "type", "eventId",
 * "conversationId", "customerId", "actor", "data"}`. Tokens are never taken from the URL (URLs end up in logs).
 *
 * Collision detection: after authenticating, a client may send `{"type":"presence","conversationId","state":
 * "viewing"|"typing"|"left"}`; the account's other clients receive it as `conversation.presence`
 * (realtime/conversation-presence.ts).
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PRESENCE_STATES = new Set(['viewing', 'typing', 'left']);

export function realtimeRoutes(app: FastifyInstance, deps: AppDeps): void {
  const presence = new ConversationPresence(deps.hub);
  app.get(
    '/api/v1/ws',
    {
      websocket: true,
      config: { public: true },
      schema: {
        tags: ['realtime'],
        summary: 'WebSocket: live conversation and message events of your account (see description)',
        querystring: Type.Object({ since: Type.Optional(Type.Integer({ minimum: 0 })) }),
      },
    },
    (socket: WebSocket, request) => {
      let client: RealtimeClient | null = null;
      let userId: string | null = null;
      let alive = true;
      const query = request.query as { since?: number };

      const close = (code: number, reason: string) => {
        try {
          socket.close(code, reason);
        } catch {
          socket.terminate();
        }
      };

      const start = async (actor: Actor, since: number | undefined) => {
        // The socket may have closed while the token was being checked: its 'close' handler has already run and
        // would never remove a client registered now, so the hub would keep it (and buffer events for it) forever.
        if (socket.readyState !== socket.OPEN) return;
        const c: RealtimeClient = {
          accountId: actor.accountId,
          lastSeq: 0,
          buffer: [],
          send: (data) => {
            if (socket.readyState === socket.OPEN) socket.send(data);
          },
        };
        client = c;
        userId = actor.userId;
        deps.hub.add(c);
        const state = await deps.db.selectFrom('outbox_state').select('last_seq').where('id', '=', 1).executeTakeFirstOrThrow();
        if (since !== undefined && since < state.last_seq) {
          const rows = await deps.db
            .selectFrom('outbox')
            .select(['delivery_seq', 'payload'])
            .where('account_id', '=', actor.accountId)
            .where('delivery_seq', '>', since)
            .where('delivery_seq', '<=', state.last_seq)
            .orderBy('delivery_seq')
            .limit(REPLAY_LIMIT)
            .execute();
          for (const row of rows) c.send(JSON.stringify({ seq: row.delivery_seq, ...row.payload }));
          if (rows.length === REPLAY_LIMIT) {
            // Too far behind to replay: tell the client to reload its state instead of silently skipping events.
            c.send(JSON.stringify({ type: 'resync_required', reason: `more than ${REPLAY_LIMIT} events were missed` }));
          }
        }
        c.lastSeq = state.last_seq;
        deps.hub.finishReplay(c);
        c.send(JSON.stringify({ type: 'ready', seq: c.lastSeq }));
      };

      const headerToken = bearerToken(request.headers.authorization);
      let authTimer: NodeJS.Timeout | undefined;
      const authenticateWith = async (token: string, since: number | undefined) => {
        const actor = await authenticate(deps.db, token);
        if (!actor) {
          socket.send(JSON.stringify({ type: 'error', error: { code: 'unauthorized', message: 'The token is invalid, expired or revoked' } }));
          close(4401, 'unauthorized');
          return;
        }
        await start(actor, since);
      };

      if (headerToken) {
        authenticateWith(headerToken, query.since).catch(() => close(1011, 'internal error'));
      } else {
        authTimer = setTimeout(() => close(4401, 'authentication timeout'), AUTH_TIMEOUT_MS);
        socket.once('message', (raw) => {
          clearTimeout(authTimer);
          let parsed: { type?: unknown; token?: unknown; since?: unknown };
          try {
            parsed = JSON.parse(raw.toString()) as typeof parsed;
          } catch {
            close(4400, 'first message must be JSON');
            return;
          }
          if (parsed.type !== 'auth' || typeof parsed.token !== 'string') {
            close(4401, 'first message must be {"type":"auth","token":…}');
            return;
          }
          const since = typeof parsed.since === 'number' && Number.isInteger(parsed.since) && parsed.since >= 0 ? parsed.since : query.since;
          authenticateWith(parsed.token, since).catch(() => close(1011, 'internal error'));
        });
      }

      const ping = setInterval(() => {
        if (!alive) {
          socket.terminate();
          return;
        }
        alive = false;
        socket.ping();
      }, 30_000);
      ping.unref();
      socket.on('pong', () => {
        alive = true;
      });
      // Messages after authentication: presence in a conversation (viewing, typing, left) from agents.
      socket.on('message', (raw) => {
        if (!client || !userId) return;
        let parsed: { type?: unknown; conversationId?: unknown; state?: unknown };
        try {
          parsed = JSON.parse(raw.toString()) as typeof parsed;
        } catch {
          return;
        }
        if (parsed.type !== 'presence' || typeof parsed.conversationId !== 'string' || !UUID.test(parsed.conversationId)) return;
        if (typeof parsed.state !== 'string' || !PRESENCE_STATES.has(parsed.state)) return;
        presence.update(client, userId, parsed.conversationId.toLowerCase(), parsed.state as 'viewing' | 'typing' | 'left');
      });
      socket.on('close', () => {
        clearInterval(ping);
        clearTimeout(authTimer);
        if (client) {
          if (userId) presence.leaveAll(client, userId);
          deps.hub.remove(client);
        }
      });
      socket.on('error', () => socket.terminate());
    },
  );
}
