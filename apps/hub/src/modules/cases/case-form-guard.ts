import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Flood resistance of the public report form without a third-party CAPTCHA (none may see who
 * reports). Three layers, each cheap for a person and costly for a script:
 * 1. a per-client rate limit on POST (the route's `@fastify/rate-limit` config);
 * 2. a signed form token — HMAC over when it was issued, a nonce and the organisation's code —
 *    that must be at least {@link FORM_TIMING}.minAgeMs old (a person reads and types; a bot
 *    posts at once), at most maxAgeMs old, and is spent once (a table of used nonces);
 * 3. a honeypot field that a person never sees (hidden, `aria-hidden`, out of the tab order)
 *    and a form-filling bot fills.
 */

/** The stable codes of the form's refusals, shown on the page as `data-code`. */
export const FORM_REFUSALS = [
  'rate_limited',
  'form_token_invalid',
  'form_token_early',
  'form_token_expired',
  'form_token_used',
  'form_honeypot',
] as const;
export type FormRefusal = (typeof FORM_REFUSALS)[number];

export const FORM_TIMING = {
  /** Younger than this, nobody read the form: refused (`form_token_early`). */
  minAgeMs: 3_000,
  /** Older than this, the form was left open: refused (`form_token_expired`). */
  maxAgeMs: 3 * 3_600_000,
} as const;

/** The honeypot's field name: a word that form-filling bots fill in. */
export const HONEYPOT_FIELD = 'website';

/** Separates this use of the key from any other. */
const CONTEXT = 'safenet case form v1\n';
const MAX_TOKEN_LENGTH = 200;

/** Single use of a token's nonce; true the first time, false ever after. Atomic. */
export type SpendNonce = (nonce: string, expiresAt: Date) => Promise<boolean>;

/** A new form token for the organisation `orgCode`, issued at `now`. */
export function issueFormToken(secret: string, orgCode: string, now: number): string {
  const payload = `${now.toString(36)}.${randomBytes(16).toString('base64url')}`;
  return `${payload}.${mac(secret, orgCode, payload)}`;
}

export type TokenCheck =
  | { ok: true; nonce: string; expiresAt: Date }
  | { ok: false; code: 'form_token_invalid' | 'form_token_early' | 'form_token_expired' };

/** Whether `token` was signed here for `orgCode` and is of an age a person takes. */
export function checkFormToken(
  secret: string,
  orgCode: string,
  token: string,
  now: number,
): TokenCheck {
  const invalid = { ok: false, code: 'form_token_invalid' } as const;
  if (token.length > MAX_TOKEN_LENGTH) return invalid;
  const [issued, nonce, signature, ...rest] = token.split('.');
  if (!issued || !nonce || !signature || rest.length > 0) return invalid;
  const given = Buffer.from(signature);
  const expected = Buffer.from(mac(secret, orgCode, `${issued}.${nonce}`));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return invalid;
  const issuedAt = Number.parseInt(issued, 36);
  if (!Number.isSafeInteger(issuedAt)) return invalid;
  const age = now - issuedAt;
  if (age < FORM_TIMING.minAgeMs) return { ok: false, code: 'form_token_early' };
  if (age > FORM_TIMING.maxAgeMs) return { ok: false, code: 'form_token_expired' };
  return { ok: true, nonce, expiresAt: new Date(issuedAt + FORM_TIMING.maxAgeMs) };
}

function mac(secret: string, orgCode: string, payload: string): string {
  return createHmac('sha256', secret)
    .update(CONTEXT)
    .update(`${orgCode}\n${payload}`)
    .digest()
    .subarray(0, 16)
    .toString('base64url');
}

/**
 * Spent nonces in memory, for tests and a single process. Expired nonces are forgotten: their
 * tokens are refused by age before the nonce is looked at.
 */
export function memoryNonces(now: () => number): SpendNonce {
  const spent = new Map<string, number>();
  return async (nonce, expiresAt) => {
    for (const [n, until] of spent) if (until < now()) spent.delete(n);
    if (spent.has(nonce)) return false;
    spent.set(nonce, expiresAt.getTime());
    return true;
  };
}
