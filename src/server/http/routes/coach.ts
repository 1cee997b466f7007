import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';
import { actorOf } from '../plugins/auth.js';
import { DetectedLanguage, errorResponses, UiLanguage } from '../schemas.js';
import { COACH_RULES, reviewDraft, type CoachLanguage } from '../../domain/coach/review-draft.js';
import type { Actor } from '../../domain/shared/actor.js';

const ReviewBody = Type.Object({
  // The rule engine is linear but not free: drafts are capped well above any real reply.
  draft: Type.String({ minLength: 1, maxLength: 20_000 }),
  customerMessage: Type.Optional(Type.String({ maxLength: 50_000 })),
  language: Type.Optional(UiLanguage),
  uiLanguage: Type.Optional(UiLanguage),
});

const Finding = Type.Object({
  rule: Type.Unsafe<string>({ type: 'string', enum: [...COACH_RULES] }),
  message: Type.String(),
  start: Type.Integer({ minimum: 0 }),
  end: Type.Integer({ minimum: 0 }),
  suggestion: Type.Optional(Type.String()),
  messageKey: Type.Optional(Type.String()),
});

/**
 * The coach's texts follow the agent: `uiLanguage` in the body, else the logged-in user's UI language, else
 * English (API tokens have no user). `deps` is optional so the route also works where no database is wired in.
 */
export function coachRoutes(app: FastifyInstance, deps?: Pick<AppDeps, 'db'>): void {
  async function userUiLanguage(actor: Actor): Promise<CoachLanguage | undefined> {
    if (!deps || !actor.userId) return undefined;
    const row = await deps.db
      .selectFrom('users')
      .select('ui_language')
      .where('account_id', '=', actor.accountId)
      .where('id', '=', actor.userId)
      .executeTakeFirst();
    return row?.ui_language;
  }

  app.post<{ Body: Static<typeof ReviewBody> }>(
    '/api/v1/coach/review',
    {
      schema: {
        tags: ['coach'],
        summary: 'Check a reply draft for the sins of service before it is sent',
        description:
          'Finds runaround, brush-off, condescension (unexplained jargon), robotism, coldness, apathy, rulebook, "calm down" and promises without a time, in the draft\'s language (`language`, detected when absent). `start`/`end` are UTF-16 offsets of the offending span in `draft`. `message` and `suggestion` are in `uiLanguage`, by default the logged-in user\'s UI language, else English.',
        body: ReviewBody,
        response: { 200: Type.Object({ language: DetectedLanguage, findings: Type.Array(Finding) }), ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { uiLanguage, ...input } = request.body;
      const review = reviewDraft(input, { uiLanguage: uiLanguage ?? (await userUiLanguage(actor)) ?? 'en' });
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
