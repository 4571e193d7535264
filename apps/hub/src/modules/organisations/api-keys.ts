import { createHash, randomBytes } from 'node:crypto';

/** A new secret: `sn_` and 32 random bytes, URL-safe. Only its SHA-256 is stored. */
export function generateSecret(): string {
  return `sn_${randomBytes(32).toString('base64url')}`;
}

/**
 * API keys are long random secrets, so a fast hash is enough: there is nothing to brute-force
 * that a slow hash would protect.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
