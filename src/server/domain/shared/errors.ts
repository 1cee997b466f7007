/** One error type with a stable code; the HTTP edge maps codes to statuses (see http/plugins/errors.ts). */
export type ErrorCode =
  | 'validation_failed'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

export interface FieldProblem {
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const errors = {
  validation: (field: string, message: string) =>
    new AppError('validation_failed', `${field}: ${message}`, { fields: [{ field, message }] satisfies FieldProblem[] }),
  unauthorized: (message = 'A valid bearer token is required') => new AppError('unauthorized', message),
  forbidden: (message = 'Your role does not allow this') => new AppError('forbidden', message),
  notFound: (what: string) => new AppError('not_found', `${what} not found`),
  conflict: (message: string, details?: unknown) => new AppError('conflict', message, details),
};
