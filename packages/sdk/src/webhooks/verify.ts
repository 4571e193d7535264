import type { WebhookPayload } from '@safenet/core';
import { Webhook } from 'standardwebhooks';

/** The headers of a received request: a fetch `Headers`, or Node's `request.headers`. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

/** A request that did not come from the hub, was altered, or is too old or too new. */
export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError';
}

/**
 * Checks that a request came from the hub, unaltered, and reads its event. The request
 * must carry `webhook-id`, `webhook-timestamp` (within 5 minutes of this machine's clock,
 * which stops replays) and a `webhook-signature` made with `secret` (the endpoint's
 * `whsec_…`) over the body exactly as received — pass the raw body, before any JSON
 * parsing. During a secret rotation the hub signs with both secrets, so the old and the new
 * one each verify. Throws {@link WebhookVerificationError} otherwise, and a `TypeError` for a
 * secret that is not a `whsec_…` one.
 *
 * This is the Standard Webhooks check (the `standardwebhooks` library): any other Standard
 * Webhooks library, in any language, verifies the hub's requests the same way.
 *
 * @example
 * import { verifyWebhook, WebhookVerificationError } from '@safenet/sdk';
 *
 * app.post('/safenet-events', express.raw({ type: 'application/json' }), (req, res) => {
 *   try {
 *     const event = verifyWebhook(process.env.SAFENET_WEBHOOK_SECRET!, req.headers, req.body);
 *     if (event.type === 'alert') notifyOnDuty(event.data.message);
 *     res.sendStatus(204);
 *   } catch (error) {
 *     if (error instanceof WebhookVerificationError) res.sendStatus(401);
 *     else throw error;
 *   }
 * });
 */
export function verifyWebhook(
  secret: string,
  headers: WebhookHeaders,
  body: string | Uint8Array,
): WebhookPayload {
  let webhook: Webhook;
  try {
    webhook = new Webhook(secret);
  } catch (cause) {
    throw new TypeError('verifyWebhook: the secret is not a whsec_… signing secret', { cause });
  }
  try {
    return webhook.verify(body, plainHeaders(headers)) as WebhookPayload;
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new WebhookVerificationError(`The webhook did not verify: ${reason}`, { cause });
  }
}

/** The three headers the check reads, each as one string. */
function plainHeaders(headers: WebhookHeaders): Record<string, string> {
  const read = (name: string): string | undefined => {
    if (typeof Headers !== 'undefined' && headers instanceof Headers) {
      return headers.get(name) ?? undefined;
    }
    const entries = Object.entries(headers as Record<string, string | string[] | undefined>);
    const value = entries.find(([key]) => key.toLowerCase() === name)?.[1];
    return Array.isArray(value) ? value.join(' ') : value;
  };
  const plain: Record<string, string> = {};
  for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
    const value = read(name);
    if (value !== undefined) plain[name] = value;
  }
  return plain;
}
