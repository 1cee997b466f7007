import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppDeps } from '../deps.js';
import { actorOf } from '../plugins/auth.js';
import { errorResponses, IdParams, Uuid } from '../schemas.js';
import { errors } from '../../domain/shared/errors.js';
import type { Language } from '../../db/schema.js';
import { customerTexts } from '../../i18n/customer/index.js';
import { answerSurvey, BAD_SCORE, findSurveyByToken, presentSurvey, surveyOfConversation, type AnswerOutcome } from '../../domain/feedback/surveys.js';
import { languageFromAcceptLanguage, renderSurveyForm, renderSurveyNotice, SURVEY_PAGE_CSP } from '../../domain/feedback/survey-page.js';

const Survey = Type.Object({
  id: Uuid,
  conversationId: Uuid,
  token: Type.String({ description: 'The credential of the public link; anyone holding it can answer once' }),
  url: Type.String({ description: 'The survey page (GET /s/:token), in the customer language' }),
  language: Type.String(),
  createdAt: Type.String(),
  sendAt: Type.Union([Type.String(), Type.Null()], { description: 'When the mail goes out (null: held because the conversation was reopened, or no email address)' }),
  sentAt: Type.Union([Type.String(), Type.Null()]),
  expiresAt: Type.String(),
  answer: Type.Union([
    Type.Object({
      score: Type.Integer(),
      nps: Type.Union([Type.Integer(), Type.Null()]),
      ces: Type.Union([Type.Integer(), Type.Null()]),
      comment: Type.Union([Type.String(), Type.Null()]),
      answeredAt: Type.String(),
      via: Type.String(),
    }),
    Type.Null(),
  ]),
});

const TokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) });
const AnswerBody = Type.Object(
  {
    score: Type.Integer({ minimum: 1, maximum: 5, description: 'CSAT: 1 very dissatisfied … 5 very satisfied' }),
    comment: Type.Optional(Type.String({ maxLength: 5000 })),
    nps: Type.Optional(Type.Integer({ minimum: 0, maximum: 10, description: 'How likely to recommend us, 0–10' })),
    ces: Type.Optional(Type.Integer({ minimum: 1, maximum: 7, description: 'How easy it was, 1 very difficult … 7 very easy' })),
  },
  { additionalProperties: false },
);

// The public endpoints answer strangers: a few attempts per minute and address are plenty for a person.
const PUBLIC_LIMIT = { max: 120, timeWindow: '1 minute' };

function outcomeError(outcome: Exclude<AnswerOutcome, { outcome: 'recorded' }>) {
  switch (outcome.outcome) {
    case 'not_found':
      return errors.notFound('Survey');
    case 'already_answered':
      return errors.conflict('This survey has already been answered');
    case 'expired':
      return null;
  }
}

function sendPage(reply: FastifyReply, status: number, html: string) {
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('content-security-policy', SURVEY_PAGE_CSP)
    .header('referrer-policy', 'no-referrer')
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('x-robots-tag', 'noindex, nofollow')
    .send(html);
}

const intIn = (raw: unknown, min: number, max: number): number | undefined | null => {
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  return Number.isInteger(n) && n >= min && n <= max ? n : null;
};

export function surveyRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/v1/conversations/:id/survey',
    {
      schema: {
        tags: ['feedback'],
        summary: 'The survey of a solved conversation: its link, when it is (or was) sent, and the answer',
        params: IdParams,
        response: { 200: Survey, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const found = await surveyOfConversation(deps.db, actor.accountId, request.params.id);
      if (!found) throw errors.notFound('Survey');
      return presentSurvey(found.survey, found.token, deps.config.publicUrl);
    },
  );

  app.post<{ Params: Static<typeof TokenParams>; Body: Static<typeof AnswerBody> }>(
    '/api/v1/surveys/:token',
    {
      config: { public: true, rateLimit: PUBLIC_LIMIT },
      schema: {
        tags: ['feedback'],
        summary: 'Answer a survey (no login: the token is the credential). Once per survey; unknown or forged token 404, answered 409, expired 410',
        security: [],
        params: TokenParams,
        body: AnswerBody,
        response: {
          200: Type.Object({ recorded: Type.Boolean(), score: Type.Integer(), nps: Type.Union([Type.Integer(), Type.Null()]), ces: Type.Union([Type.Integer(), Type.Null()]) }),
          ...errorResponses(400, 404, 409, 410, 429),
        },
      },
    },
    async (request, reply) => {
      const result = await answerSurvey(deps.db, deps.serviceClock, request.params.token, request.body, 'api');
      if (result.outcome !== 'recorded') {
        const error = outcomeError(result);
        if (error) throw error;
        return reply.status(410).send({ error: { code: 'gone', message: 'This survey has closed' } });
      }
      deps.outbox.kick();
      return { recorded: true, score: result.survey.score!, nps: result.survey.nps, ces: result.survey.ces };
    },
  );

  // The page customers open from the mail: server-rendered HTML, forms only, in the customer's language.
  app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 20_000 }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    });

    scope.get<{ Params: Static<typeof TokenParams>; Querystring: { score?: string } }>(
      '/s/:token',
      { config: { public: true, rateLimit: PUBLIC_LIMIT }, schema: { hide: true } },
      async (request, reply) => {
        const found = await findSurveyByToken(deps.db, request.params.token);
        if (!found) {
          const language = languageFromAcceptLanguage(request.headers['accept-language']);
          return sendPage(reply, 404, renderSurveyNotice(language, customerTexts(language), customerTexts(language).surveyInvalidLink));
        }
        const language = found.survey.language as Language;
        const texts = customerTexts(language);
        if (found.survey.answered_at) return sendPage(reply, 409, renderSurveyNotice(language, texts, texts.surveyAlreadyAnswered));
        if (found.survey.expires_at <= deps.serviceClock.clock.now()) return sendPage(reply, 410, renderSurveyNotice(language, texts, texts.surveyExpired));
        // A one-click link only chooses the score; the customer's button press (POST) records it.
        const chosen = intIn(request.query.score, 1, 5) ?? undefined;
        return sendPage(
          reply,
          200,
          renderSurveyForm({ language, texts, number: found.conversationNumber, token: request.params.token, askNps: found.askNps, askCes: found.askCes, chosen }),
        );
      },
    );

    scope.post<{ Params: Static<typeof TokenParams>; Body: Record<string, string> | undefined }>(
      '/s/:token',
      { config: { public: true, rateLimit: PUBLIC_LIMIT }, schema: { hide: true } },
      async (request, reply) => {
        const form = request.body && typeof request.body === 'object' ? request.body : {};
        const found = await findSurveyByToken(deps.db, request.params.token);
        if (!found) {
          const language = languageFromAcceptLanguage(request.headers['accept-language']);
          return sendPage(reply, 404, renderSurveyNotice(language, customerTexts(language), customerTexts(language).surveyInvalidLink));
        }
        const language = found.survey.language as Language;
        const texts = customerTexts(language);
        const score = intIn(form.score, 1, 5);
        const nps = intIn(form.nps, 0, 10);
        const ces = intIn(form.ces, 1, 7);
        const comment = typeof form.comment === 'string' ? form.comment.slice(0, 5000) : undefined;
        if (score === undefined || score === null || nps === null || ces === null) {
          return sendPage(
            reply,
            400,
            renderSurveyForm({ language, texts, number: found.conversationNumber, token: request.params.token, askNps: found.askNps, askCes: found.askCes, error: texts.surveyChooseScore, comment }),
          );
        }
        const result = await answerSurvey(deps.db, deps.serviceClock, request.params.token, { score, nps, ces, comment }, 'page');
        switch (result.outcome) {
          case 'recorded':
            deps.outbox.kick();
            return sendPage(reply, 200, renderSurveyNotice(language, texts, score <= BAD_SCORE ? texts.surveyThanksLow : texts.surveyThanks));
          case 'already_answered':
            return sendPage(reply, 409, renderSurveyNotice(language, texts, texts.surveyAlreadyAnswered));
          case 'expired':
            return sendPage(reply, 410, renderSurveyNotice(language, texts, texts.surveyExpired));
          case 'not_found':
            return sendPage(reply, 404, renderSurveyNotice(language, texts, texts.surveyInvalidLink));
        }
      },
    );
  });
}
