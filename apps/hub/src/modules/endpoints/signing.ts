import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** How long the secret before a rotation keeps signing: receivers have a day to switch. */
export const ROTATION_OVERLAP_MS = 24 * 3_600_000;

/**
 * A new signing secret in the Standard Webhooks form: `whsec_` and 32 random bytes in
 * base64, which every Standard Webhooks library takes as it is.
 */
export function generateSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** The secrets a message is signed with at a moment: the current one, and the previous one. */
export interface SigningSecrets {
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
}

/**
 * The `webhook-signature` header of one try: `v1,<base64 HMAC-SHA256 of id.timestamp.body>`
 * with the current secret, then — until it expires at `at` — the previous one, separated by
 * a space (the specification's way of signing with several keys). The HMAC is the
 * `standardwebhooks` library's, the receivers' own.
 */
export function signatureHeader(
  secrets: SigningSecrets,
  webhookId: string,
  at: Date,
  body: string,
): string {
  const keys = [secrets.secret];
  const previousValid =
    secrets.previous_secret !== null &&
    secrets.previous_secret_expires_at !== null &&
    secrets.previous_secret_expires_at.getTime() > at.getTime();
  if (previousValid && secrets.previous_secret) keys.push(secrets.previous_secret);
  return keys.map((key) => new Webhook(key).sign(webhookId, at, body)).join(' ');
}
