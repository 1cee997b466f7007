import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';
import { actorOf } from '../plugins/auth.js';
import { Conversation, DetectedLanguage, errorResponses, Uuid } from '../schemas.js';
import { searchAccount } from '../../db/repos/search.repo.js';
import { presentConversation } from '../../domain/presenters.js';
import { detectLanguage } from '../../domain/language/detect-language.js';

const SearchQuery = Type.Object({
  q: Type.String({ minLength: 1, maxLength: 500 }),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
});

const Hit = Type.Object({
  kind: Type.Union([Type.Literal('conversation'), Type.Literal('message')]),
  score: Type.Number(),
  conversationId: Uuid,
  messageId: Type.Union([Uuid, Type.Null()]),
  snippet: Type.String(),
  conversation: Conversation,
});

export function searchRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get<{ Querystring: Static<typeof SearchQuery> }>(
    '/api/v1/search',
    {
      schema: {
        tags: ['search'],
        summary: 'Conversations (by subject) and messages (by text) matching the query, best first, in any language',
        querystring: SearchQuery,
        response: { 200: Type.Object({ items: Type.Array(Hit) }), ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const q = request.query.q.trim();
      if (q === '') return { items: [] };
      const hits = await searchAccount(deps.db, actor.accountId, q, request.query.limit ?? 20);
      const ids = [...new Set(hits.map((h) => h.conversation_id))];
      const conversations =
        ids.length === 0
          ? []
          : await deps.db.selectFrom('conversations').selectAll().where('account_id', '=', actor.accountId).where('id', 'in', ids).execute();
      const byId = new Map(conversations.map((c) => [c.id, presentConversation(c)]));
      return {
        items: hits
          .filter((h) => byId.has(h.conversation_id))
          .map((h) => ({
            kind: h.kind,
            score: Math.round(h.score * 1000) / 1000,
            conversationId: h.conversation_id,
            messageId: h.message_id,
            snippet: h.snippet,
            conversation: byId.get(h.conversation_id)!,
          })),
      };
    },
  );

  const DetectBody = Type.Object({ text: Type.String({ minLength: 1, maxLength: 100_000 }) });
  app.post<{ Body: Static<typeof DetectBody> }>(
    '/api/v1/language/detect',
    {
      schema: {
        tags: ['language'],
        summary: 'Detect the language of a text among en, sv, pl, sl, bg, eo (und when unsure)',
        body: DetectBody,
        response: { 200: Type.Object({ language: DetectedLanguage, confidence: Type.Number() }), ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      actorOf(request);
      return detectLanguage(request.body.text);
    },
  );
}
