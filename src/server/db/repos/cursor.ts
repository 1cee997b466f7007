import { errors } from '../../domain/shared/errors.js';

/** One cursor format for every list: an opaque base64url of [sortKey, id]. Never OFFSET. */
export function encodeCursor(sortKey: string, id: string): string {
  return Buffer.from(JSON.stringify([sortKey, id])).toString('base64url');
}

export function decodeCursor(cursor: string): { sortKey: string; id: string } {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
      // Both parts are cast in SQL (::timestamptz, ::uuid), so accept only what PostgreSQL parses: a real calendar
      // instant in ISO form (Date.parse alone lets "1" or "2020-02-30" through) and a plain hex uuid.
      const [sortKey, id] = value;
      const iso = /^(\d{4})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/.exec(sortKey);
      if (!iso || iso[1] === '0000' || Number.isNaN(Date.parse(sortKey))) throw new Error('bad');
      if (new Date(sortKey).toISOString().slice(0, 19) !== sortKey.slice(0, 19)) throw new Error('bad');
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) throw new Error('bad');
      return { sortKey: value[0], id: value[1] };
    }
  } catch {
    // fall through
  }
  throw errors.validation('cursor', 'is not a cursor returned by this API');
}
