import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../plugins/auth.js';
import { DetectedLanguage, errorResponses, UiLanguage } from '../schemas.js';
import { COACH_RULES, reviewDraft } from '../../domain/coach/review-draft.js';

const ReviewBody = Type.Object({
  // The rule engine is linear but not free: drafts are capped well above any real reply.
  draft: Type.String({ minLength: 1, maxLength: 20_000 }),
  customerMessage: Type.Optional(Type.String({ maxLength: 50_000 })),
  language: Type.Optional(UiLanguage),
});

const Finding = Type.Object({
  rule: Type.Unsafe<string>({ type: 'string', enum: [...COACH_RULES] }),
  message: Type.String(),
  start: Type.Integer({ minimum: 0 }),
  end: Type.Integer({ minimum: 0 }),
  suggestion: Type.Optional(Type.String()),
  messageKey: Type.Optional(Type.String()),
});

export function coachRoutes(app: FastifyInstance): void {
  app.post<{ Body: Static<typeof ReviewBody> }>(
    '/api/v1/coach/review',
    {
      schema: {
        tags: ['coach'],
        summary: 'Check a reply draft for the sins of service before it is sent',
        description:
          'Finds runaround, brush-off, condescension (unexplained jargon), robotism, coldness, apathy, rulebook, "calm down" and promises without a time. `start`/`end` are UTF-16 offsets of the offending span in `draft`.',
        body: ReviewBody,
        response: { 200: Type.Object({ language: DetectedLanguage, findings: Type.Array(Finding) }), ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      actorOf(request);
      const review = reviewDraft(request.body);
      return {
        language: review.language,
        findings: review.findings.map((f) => ({
          rule: f.rule,
          message: f.message,
          start: f.start,
          end: f.end,
          ...(f.suggestion ? { suggestion: f.suggestion } : {}),
          messageKey: f.messageKey,
        })),
      };
    },
  );
}
