import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode } from '../../domain/shared/errors.js';
import { isCheckViolation, isUnstorableText } from '../../domain/shared/pg-errors.js';

const STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** "/customer/email" + missingProperty → "customer.email"; querystring and params fields keep their plain name. */
function fieldOf(error: AjvError): string {
  const path = error.instancePath.split('/').filter(Boolean);
  if (error.keyword === 'required' && typeof error.params.missingProperty === 'string') path.push(error.params.missingProperty);
  if (error.keyword === 'additionalProperties' && typeof error.params.additionalProperty === 'string') {
    path.push(error.params.additionalProperty);
  }
  return path.join('.') || 'body';
}

function send(reply: FastifyReply, status: number, code: string, message: string, details?: unknown) {
  return reply.status(status).send({ error: details === undefined ? { code, message } : { code, message, details } });
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) =>
    send(reply, 404, 'not_found', `No route ${request.method} ${request.url.split('?')[0]}`),
  );

  app.setErrorHandler((error: FastifyError & { validation?: AjvError[]; validationContext?: string }, request, reply) => {
    if (error instanceof AppError) return send(reply, STATUS[error.code], error.code, error.message, error.details);
    if (error.validation) {
      // Union schemas produce one error per branch; report the first problem per field.
      const seen = new Map<string, string>();
      for (const e of error.validation) {
        const field = fieldOf(e);
        if (!seen.has(field)) seen.set(field, e.message ?? 'is invalid');
      }
      const fields = [...seen].map(([field, message]) => ({ field, message }));
      const first = fields[0]!;
      return send(reply, 400, 'validation_failed', `${first.field}: ${first.message}`, { fields, in: error.validationContext });
    }
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return send(reply, 413, 'payload_too_large', 'The request body is larger than this server accepts');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return send(reply, 415, 'unsupported_media_type', 'Send the body as application/json');
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return send(reply, 400, 'validation_failed', 'body: a JSON body is required', { fields: [{ field: 'body', message: 'is required' }] });
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return send(reply, 400, 'validation_failed', 'body: is not valid JSON', { fields: [{ field: 'body', message: 'is not valid JSON' }] });
      default:
        break;
    }
    if (error.statusCode === 429) return send(reply, 429, 'rate_limited', error.message || 'Too many requests; try again later');
    if (error instanceof SyntaxError && (error as { statusCode?: number }).statusCode === 400) {
      return send(reply, 400, 'validation_failed', 'body: is not valid JSON', { fields: [{ field: 'body', message: 'is not valid JSON' }] });
    }
    if (isCheckViolation(error)) {
      return send(reply, 400, 'validation_failed', 'A value is out of the allowed range', {
        constraint: (error as { constraint?: string }).constraint,
      });
    }
    // Valid JSON can carry "\u0000", which PostgreSQL refuses in text and jsonb: the client's input is at fault.
    if (isUnstorableText(error)) {
      return send(reply, 400, 'validation_failed', 'A text value contains a NUL character, which cannot be stored');
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return send(reply, error.statusCode, 'bad_request', error.message);
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, 500, 'internal', 'Something went wrong on our side; the error was logged');
  });
}
