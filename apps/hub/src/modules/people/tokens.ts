import { createHash, randomBytes } from 'node:crypto';

/**
 * A new secret token for a cookie or a link: 32 random bytes, URL-safe. Only its SHA-256 is
 * stored; a fast hash is enough for 256 random bits (nothing to brute-force).
 */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps of a token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
