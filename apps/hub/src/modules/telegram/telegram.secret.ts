import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether `given` (the `X-Telegram-Bot-Api-Secret-Token` header) is the webhook's secret,
 * compared in constant time: both sides are hashed first, so the comparison takes the same
 * time whatever their lengths, and nothing of the secret leaks by timing.
 */
export function secretTokenMatches(given: string | string[] | undefined, secret: string): boolean {
  if (typeof given !== 'string') return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(secret));
}
