import { SafenetError } from '@safenet/core';
import twilio from 'twilio';
import type { InboundMessage, InboundRequest, StatusUpdate, WebhookEvents } from '../channel.js';
import { reasonForTwilioCode } from './twilio.errors.js';

/** Form fields of one webhook; a key sent more than once keeps all its values. */
type FormParams = Record<string, string | string[]>;

/**
 * Checks a Twilio webhook's `X-Twilio-Signature` and reads it: a status callback for an
 * earlier message (`MessageSid` + `MessageStatus`) or an inbound SMS (`Body`, `From`).
 *
 * The signature is an HMAC of `request.url` and the form fields, so `url` must be the exact
 * public URL Twilio called (scheme, host, port, path and query as configured at Twilio).
 * Parsing is pure but for the time: Twilio's SMS webhooks carry no timestamp, so every event
 * is stamped with the time it was received, and a replay gets a later time. The hub
 * therefore deduplicates inbound messages by `MessageSid` (a replay is a no-op) and orders
 * them by their first receipt; status transitions only move forward. Twilio's JSON-body
 * webhooks (`bodySHA256`) are not used for SMS and are refused as unsigned. No
 * `newestEventAt`: nothing Twilio signs says when it happened, so no age can be bounded.
 */
export function parseTwilioWebhook(request: InboundRequest, authToken: string): WebhookEvents {
  const signature = header(request.headers, 'x-twilio-signature');
  if (!signature) {
    throw new SafenetError(
      'webhook_signature_invalid',
      'The Twilio webhook has no X-Twilio-Signature: only Twilio can call this URL',
    );
  }
  const params = formParams(request.rawBody);
  if (!twilio.validateRequest(authToken, signature, request.url, params)) {
    throw new SafenetError(
      'webhook_signature_invalid',
      'The Twilio webhook signature does not match: check the auth token (SAFENET_TWILIO_AUTH_TOKEN, of the account that sends), and that the public URL of the hub (SAFENET_PUBLIC_URL) is exactly the scheme, host and port Twilio calls',
    );
  }

  const at = new Date();
  const sid = first(params.MessageSid) ?? first(params.SmsSid);
  const status = first(params.MessageStatus) ?? first(params.SmsStatus);
  if (status !== undefined && status !== 'received') {
    const update = sid === undefined ? undefined : statusUpdate(sid, status, params, at);
    return { statuses: update ? [update] : [], inbound: [] };
  }
  const from = first(params.From);
  const body = first(params.Body);
  if (from === undefined || body === undefined) return { statuses: [], inbound: [] };
  const inbound: InboundMessage = { from, body, providerMessageId: sid ?? null, at };
  return { statuses: [], inbound: [inbound] };
}

/**
 * A status callback as a {@link StatusUpdate}; undefined for the steps before the carrier
 * (`accepted`, `scheduled`, `queued`, `sending`) and for statuses Twilio may add later.
 */
function statusUpdate(
  providerMessageId: string,
  status: string,
  params: FormParams,
  at: Date,
): StatusUpdate | undefined {
  switch (status) {
    case 'sent':
    case 'delivered':
    case 'read':
      return { providerMessageId, status, at };
    case 'undelivered':
    case 'failed': {
      const errorCode = first(params.ErrorCode);
      return {
        providerMessageId,
        status: 'failed',
        ...(errorCode ? { errorCode } : {}),
        reason: reasonForTwilioCode(errorCode),
        at,
      };
    }
    default:
      return undefined;
  }
}

function formParams(rawBody: Buffer): FormParams {
  const params: FormParams = {};
  for (const [key, value] of new URLSearchParams(rawBody.toString('utf8'))) {
    const seen = params[key];
    params[key] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  return params;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function header(headers: InboundRequest['headers'], name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}
