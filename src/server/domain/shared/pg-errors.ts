/** PostgreSQL error classes we react to; both node-postgres and PGlite expose the SQLSTATE as `code`. */
function sqlState(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

export const isUniqueViolation = (error: unknown) => sqlState(error) === '23505';
export const isForeignKeyViolation = (error: unknown) => sqlState(error) === '23503';
export const isCheckViolation = (error: unknown) => sqlState(error) === '23514';
export const isSerializationFailure = (error: unknown) => sqlState(error) === '40001' || sqlState(error) === '40P01';
/** Text PostgreSQL cannot store: a NUL character in text (22021) or a \u0000 escape in jsonb (22P05). */
export const isUnstorableText = (error: unknown) => sqlState(error) === '22021' || sqlState(error) === '22P05';
