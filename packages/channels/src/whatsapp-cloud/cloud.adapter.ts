import { timingSafeEqual } from 'node:crypto';
import { SafenetError } from '@safenet/core';
import { abortedError, throwIfAborted } from '../abort.js';
import type { ChannelAdapter } from '../channel.js';
import { WhatsAppCloudConfig, type WhatsAppCloudConfigInput } from './cloud.config.js';
import { classifyGraphError, type GraphError } from './cloud.errors.js';
import { type CloudMessagePayload, toCloudPayloads } from './cloud.message.js';
import { parseCloudWebhook } from './cloud.webhook.js';

/** A send that waits longer than this for Graph fails retryably, whatever the hub's signal. */
const REQUEST_TIMEOUT_MS = 30_000;

/** The parts of a Graph `/messages` reply Safenet reads. */
interface MessagesReply {
  messages?: { id?: unknown }[];
  error?: GraphError;
}

/**
 * WhatsApp over Meta's official Cloud API, for one business phone number. A message goes out
 * as an approved template (`{{1}}` title, `{{2}}` text) when its language has one — broadcasts
 * are usually outside the 24-hour window — or as free text otherwise. Files go by their
 * public links (Meta fetches them): as image and document messages with free text, in a
 * template's media header (the other files as links in its text). The delivery id travels
 * as `biz_opaque_callback_data`. Status and inbound webhooks are checked against the app
 * secret; the subscription handshake against the verify token.
 *
 * @example
 * const whatsapp = createWhatsAppCloudAdapter({
 *   phoneNumberId: '106540352242922',
 *   accessToken: process.env.WA_TOKEN,
 *   appSecret: process.env.WA_APP_SECRET,
 *   verifyToken: process.env.WA_VERIFY_TOKEN,
 *   templates: { kk: { name: 'safenet_guidance', language: 'kk' } },
 * });
 */
export function createWhatsAppCloudAdapter(config: WhatsAppCloudConfigInput): ChannelAdapter {
  const parsed = WhatsAppCloudConfig.parse(config);
  const endpoint = `${parsed.graphUrl}/${encodeURIComponent(parsed.phoneNumberId)}/messages`;

  /** Posts one message to Graph: its id, or the failure classified. */
  async function post(payload: CloudMessagePayload, signal: AbortSignal): Promise<string> {
    let response: Response;
    let reply: MessagesReply;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${parsed.accessToken}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(payload),
        signal: AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
      });
      reply = await readReply(response);
    } catch (cause) {
      if (signal.aborted) throw abortedError(signal, 'whatsapp-cloud');
      throw new SafenetError(
        'provider_unavailable',
        'The WhatsApp Cloud API could not be reached',
        {
          cause,
          reason: 'provider_unavailable',
          providerCode: 'network',
        },
      );
    }
    if (!response.ok || reply.error) {
      throw classifyGraphError(response.status, reply.error, response.headers.get('retry-after'));
    }
    const id = reply.messages?.[0]?.id;
    if (typeof id !== 'string' || id === '') {
      // Accepted but unidentifiable: without an id no status can be matched. Retrying risks
      // a duplicate, so the hub is told the provider misbehaved, permanently.
      throw new SafenetError(
        'provider_rejected',
        'The WhatsApp Cloud API answered without a message id',
        {
          cause: reply,
          reason: 'provider_rejected',
          providerCode: `http_${response.status}`,
        },
      );
    }
    return id;
  }

  return {
    channel: 'whatsapp',
    provider: 'whatsapp-cloud',
    reportsDelivery: true,
    pacing: { perSecond: parsed.messagesPerSecond },
    describe: () =>
      `via the Cloud API (${new URL(parsed.graphUrl).host}), ${parsed.messagesPerSecond} messages/s`,

    async send(message, ctx) {
      throwIfAborted(ctx.signal, 'whatsapp-cloud');
      // A message with files may be several: the text (or the first file with the text as its
      // caption), then the other files. Its id is the first's, which carries the text. A part
      // that fails fails the send, and a retry sends every part again: Graph has no batch to
      // send them all or none.
      const [first, ...more] = toCloudPayloads(message, parsed);
      const id = await post(first as CloudMessagePayload, ctx.signal);
      for (const payload of more) await post(payload, ctx.signal);
      return { status: 'sent', providerMessageId: id };
    },

    async parseWebhook(request) {
      return parseCloudWebhook(request, parsed.appSecret);
    },

    verifySubscription(query) {
      if (
        query['hub.mode'] === 'subscribe' &&
        typeof query['hub.challenge'] === 'string' &&
        safeEqual(query['hub.verify_token'] ?? '', parsed.verifyToken)
      ) {
        return query['hub.challenge'];
      }
      throw new SafenetError(
        'webhook_verify_token_invalid',
        'The hub.verify_token of the subscription handshake is not SAFENET_WHATSAPP_CLOUD_VERIFY_TOKEN: type the same token in the webhook settings of the Meta app',
      );
    },
  };
}

/** The reply's JSON, or an empty object for a body that is not JSON (a proxy's error page). */
async function readReply(response: Response): Promise<MessagesReply> {
  const text = await response.text();
  try {
    const json: unknown = JSON.parse(text);
    return typeof json === 'object' && json !== null ? (json as MessagesReply) : {};
  } catch {
    return {};
  }
}

/** Compares without revealing through timing how much of the token matched. */
function safeEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
