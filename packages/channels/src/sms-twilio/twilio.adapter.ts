import { countSmsSegments, escapeMarkup, SafenetError, smsText } from '@safenet/core';
import twilio from 'twilio';
import { throwIfAborted } from '../abort.js';
import type { ChannelAdapter, OutgoingMessage } from '../channel.js';
import {
  TWILIO_API_BASE_URL,
  TwilioSmsConfig,
  type TwilioSmsConfigInput,
} from './twilio.config.js';
import { classifyTwilioError } from './twilio.errors.js';
import { TwilioUndiciClient } from './twilio.undici-client.js';
import { parseTwilioWebhook } from './twilio.webhook.js';

/**
 * A hung API call fails in seconds rather than the library's 30, so the hub can retry
 * instead of holding a worker.
 */
const REQUEST_TIMEOUT_MS = 15_000;

/** The Twilio SMS adapter; it always has `parseWebhook`, `webhookReply`, `cost` and `close`. */
export interface TwilioSmsAdapter extends ChannelAdapter {
  cost(message: OutgoingMessage): number;
  messagePrice: NonNullable<ChannelAdapter['messagePrice']>;
  parseWebhook: NonNullable<ChannelAdapter['parseWebhook']>;
  webhookReply: NonNullable<ChannelAdapter['webhookReply']>;
  close(): Promise<void>;
}

/**
 * The SMS channel through Twilio's Messages API, with the official `twilio` library over
 * undici (`TwilioUndiciClient`: the library builds, signs and reads each request; undici
 * keeps `maxConnections` connections alive per host).
 * `send` resolves `sent` with the message SID once Twilio accepted the message; delivery
 * arrives later through signed status callbacks, read by `parseWebhook`. Pacing is in SMS
 * segments (`cost`): a Cyrillic or Vietnamese message of 71 characters is two segments.
 *
 * An abort stops a send only before the request leaves: Twilio has no idempotency key for
 * messages, so abandoning a request it may have accepted would let the retry send the SMS
 * twice. The request itself times out after 15 s (to connect, then to Twilio's answer).
 *
 * @example
 * const sms = createTwilioSmsAdapter({
 *   accountSid: 'AC0123456789abcdef0123456789abcdef',
 *   authToken: 'your-auth-token',
 *   messagingServiceSid: 'MG0123456789abcdef0123456789abcdef',
 *   statusCallbackUrl: 'https://hub.example.org/webhooks/sms/twilio',
 * });
 */
export function createTwilioSmsAdapter(config: TwilioSmsConfigInput): TwilioSmsAdapter {
  const parsed = TwilioSmsConfig.parse(config);
  const { accountSid, authToken, from, messagingServiceSid, statusCallbackUrl } = parsed;
  const httpClient = new TwilioUndiciClient({
    apiBaseUrl: parsed.apiBaseUrl === TWILIO_API_BASE_URL ? undefined : parsed.apiBaseUrl,
    timeout: REQUEST_TIMEOUT_MS,
    connections: parsed.maxConnections,
  });
  const client = twilio(accountSid, authToken, { httpClient });
  const sender = messagingServiceSid ? { messagingServiceSid } : { from: from as string };

  const inFlight = new Set<Promise<unknown>>();
  let closed = false;

  return {
    channel: 'sms',
    provider: 'twilio',
    reportsDelivery: true,
    pacing: { unitsPerSecond: parsed.segmentsPerSecond },
    cost: (message) => Math.max(1, countSmsSegments(smsText(message)).segments),
    describe: () =>
      `via Twilio (${new URL(parsed.apiBaseUrl).host}), ${parsed.segmentsPerSecond} segments/s`,
    async send(message, ctx) {
      if (closed) throw new SafenetError('provider_unavailable', 'The Twilio adapter is closed');
      throwIfAborted(ctx.signal, 'twilio');
      const sending = client.messages.create({
        to: message.to,
        body: smsText(message),
        ...sender,
        ...(statusCallbackUrl ? { statusCallback: statusCallbackUrl } : {}),
      });
      inFlight.add(sending);
      try {
        const created = await sending;
        return { status: 'sent', providerMessageId: created.sid };
      } catch (error) {
        throw classifyTwilioError(error);
      } finally {
        inFlight.delete(sending);
      }
    },
    async messagePrice(sid) {
      try {
        const message = await client.messages(sid).fetch();
        return message.price === null || message.price === undefined
          ? null
          : { price: String(message.price), unit: message.priceUnit ?? null };
      } catch (error) {
        throw classifyTwilioError(error);
      }
    },
    async parseWebhook(request) {
      return parseTwilioWebhook(request, authToken);
    },
    // Twilio sends each TwiML <Message> back to the sender and reads an empty <Response/> as
    // "no reply".
    webhookReply: (replies) => ({
      contentType: 'text/xml',
      body: `<Response>${replies.map((text) => `<Message>${escapeMarkup(text)}</Message>`).join('')}</Response>`,
    }),
    async close() {
      if (closed) return;
      closed = true;
      await Promise.allSettled(inFlight);
      await httpClient.close();
    },
  };
}
