import { createHash, randomBytes } from 'node:crypto';

/** Tokens are random 256-bit values; only their SHA-256 is stored, so a database leak exposes no usable token. */
export function newToken(prefix: 'sst' | 'sat'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
