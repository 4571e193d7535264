import { createHash, timingSafeEqual } from 'node:crypto';
import { SafenetError } from '@safenet/core';
import { z } from 'zod';
import type { InboundRequest, StatusUpdate, WebhookEvents } from '../channel.js';

const SIGNATURE_HEADER = 'x-zevent-signature';

/**
 * The signature Zalo puts in `X-ZEvent-Signature: mac=<hex>`: SHA-256 (a plain hash, not an
 * HMAC) of the app id, the raw body, the body's `timestamp` and the OA secret key, joined
 * without separators — Zalo's OA webhook documentation ("Xác thực webhook"), as Zalo's own
 * SDKs and integrations compute it.
 */
export function zaloSignature(
  appId: string,
  rawBody: Buffer | string,
  timestamp: string,
  oaSecretKey: string,
): string {
  return createHash('sha256')
    .update(appId)
    .update(rawBody)
    .update(timestamp)
    .update(oaSecretKey)
    .digest('hex');
}

/** Milliseconds since the epoch, as Zalo writes `timestamp`: a string or a number of digits. */
const Millis = z.union([z.string().regex(/^\d{1,16}$/), z.number().int().nonnegative()]);

const ZaloEvent = z.object({
  event_name: z.string(),
  timestamp: Millis,
  app_id: z.string().optional(),
  sender: z.object({ id: z.string() }).optional(),
  message: z
    .object({
      msg_id: z.string().optional(),
      msg_ids: z.array(z.string()).optional(),
      text: z.string().optional(),
    })
    .optional(),
});

/**
 * Checks a Zalo OA webhook and parses it. Zalo posts one event per request; Safenet reads:
 *
 * - `user_received_message` (an OA message or a ZNS reached the phone) → `delivered`;
 * - `user_seen_message` (the user opened them; `message.msg_ids`) → `read`, one per id;
 * - `user_send_text` → an inbound message from the sender's Zalo user id (STOP and the like).
 *
 * Other events (follow, unfollow, images, stickers) pass without events. Throws
 * `webhook_signature_invalid` when the signature is missing or wrong (a body that is not JSON
 * has no `timestamp` to sign, so it is refused so too), `validation_failed` for a signed body
 * that is not a Zalo event.
 */
export function parseZaloWebhook(
  request: InboundRequest,
  secrets: { appId: string; oaSecretKey: string },
): WebhookEvents {
  const given = signatureOf(request);
  if (!given) throw missingSignature();
  // The signature covers the body's own `timestamp`, so the body is read for it first; a body
  // without one cannot be signed, and is refused as unsigned rather than as malformed.
  let json: unknown;
  try {
    json = JSON.parse(request.rawBody.toString('utf8'));
  } catch {
    json = undefined;
  }
  const parsed = ZaloEvent.safeParse(json);
  const timestamp =
    typeof json === 'object' && json !== null && 'timestamp' in json ? String(json.timestamp) : '';
  const expected = Buffer.from(
    zaloSignature(secrets.appId, request.rawBody, timestamp, secrets.oaSecretKey),
    'hex',
  );
  if (!timingSafeEqual(given, expected)) {
    throw new SafenetError(
      'webhook_signature_invalid',
      'The Zalo webhook signature does not match: check the app id and the OA secret key of the app’s webhook settings',
    );
  }
  if (!parsed.success) {
    throw new SafenetError('validation_failed', 'The Zalo webhook has an unexpected shape', {
      cause: parsed.error,
    });
  }
  const event = parsed.data;
  const at = new Date(Number(event.timestamp));
  const statuses: StatusUpdate[] = [];
  const inbound: WebhookEvents['inbound'] = [];
  if (event.event_name === 'user_received_message' && event.message?.msg_id) {
    statuses.push({ providerMessageId: event.message.msg_id, status: 'delivered', at });
  } else if (event.event_name === 'user_seen_message') {
    const ids = event.message?.msg_ids ?? (event.message?.msg_id ? [event.message.msg_id] : []);
    for (const id of ids) statuses.push({ providerMessageId: id, status: 'read', at });
  } else if (
    event.event_name === 'user_send_text' &&
    event.sender &&
    typeof event.message?.text === 'string'
  ) {
    inbound.push({
      from: event.sender.id,
      body: event.message.text,
      providerMessageId: event.message.msg_id ?? null,
      at,
    });
  }
  return { statuses, inbound, newestEventAt: at };
}

/** The signature's bytes, or null when the header is missing or not `mac=<64 hex digits>`. */
function signatureOf(request: InboundRequest): Buffer | null {
  let raw: string | undefined;
  for (const [key, value] of Object.entries(request.headers)) {
    if (key.toLowerCase() === SIGNATURE_HEADER) raw = Array.isArray(value) ? value[0] : value;
  }
  const match = raw === undefined ? null : /^(?:mac=)?([0-9a-f]{64})$/i.exec(raw.trim());
  return match?.[1] ? Buffer.from(match[1].toLowerCase(), 'hex') : null;
}

function missingSignature(): SafenetError {
  return new SafenetError(
    'webhook_signature_invalid',
    'The Zalo webhook has no X-ZEvent-Signature of the form mac=<64 hex digits>: only Zalo can call this URL',
  );
}
