import { errors } from '../../domain/shared/errors.js';

/** One cursor format for every list: an opaque base64url of [sortKey, id]. Never OFFSET. */
export function encodeCursor(sortKey: string, id: string): string {
  return Buffer.from(JSON.stringify([sortKey, id])).toString('base64url');
}

export function decodeCursor(cursor: string): { sortKey: string; id: string } {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
      if (!/^[0-9a-f-]{36}$/.test(value[1]) || Number.isNaN(Date.parse(value[0]))) throw new Error('bad');
      return { sortKey: value[0], id: value[1] };
    }
  } catch {
    // fall through
  }
  throw errors.validation('cursor', 'is not a cursor returned by this API');
}
