import { SafenetError } from '@safenet/core';
import { abortedError, throwIfAborted } from '../abort.js';
import type { ChannelAdapter } from '../channel.js';
import { ZaloConfig, type ZaloConfigInput } from './zalo.config.js';
import { classifyZaloError, TOKEN_EXPIRED_CODES } from './zalo.errors.js';
import { toZaloRoute } from './zalo.message.js';
import {
  createZaloTokenKeeper,
  refreshZaloTokens,
  type ZaloRenew,
  type ZaloTokenKeeper,
} from './zalo.tokens.js';
import { parseZaloWebhook } from './zalo.webhook.js';

/** A send that waits longer than this for Zalo fails retryably, whatever the hub's signal. */
const REQUEST_TIMEOUT_MS = 30_000;

/** What the adapter needs besides its configuration. */
export interface ZaloAdapterOptions {
  /** The clock the access token's expiry is judged by; default `Date.now`. */
  now?: () => number;
  /**
   * Renews the access token instead of spending the held refresh token directly (see
   * {@link ZaloRenew}): where several processes send for one Official Account, it makes one
   * of them spend the single-use refresh token and the others take the pair it stored. Start
   * the adapter from the stored pair next time: the configured one is spent.
   */
  renew?: ZaloRenew;
}

/** A Zalo answer: `error` 0 with `data.msg_id`, or a negative code with a message. */
interface ZaloReply {
  error?: unknown;
  message?: unknown;
  data?: { msg_id?: unknown };
}

/**
 * Zalo through one Official Account. `to` decides the way: an E.164 Vietnamese phone
 * (`+84…`) gets the language's approved ZNS template (`business.openapi.zalo.me`), which
 * reaches any Zalo user by phone; a Zalo user id (digits) gets OA text messages
 * (`openapi.zalo.me/v3.0/oa/message/cs`), which reach a follower within 7 days of their last
 * message. The access token is refreshed ahead of its expiry and when Zalo refuses it — then
 * the refused send is made once more, never twice more; renewals go through `renew`.
 * Delivery and seen webhooks become statuses, text messages inbound messages.
 *
 * @example
 * const zalo = createZaloAdapter(config.zalo, { renew: (spend, held) => renewUnderLock(spend, held) });
 */
export function createZaloAdapter(
  config: ZaloConfigInput,
  options: ZaloAdapterOptions = {},
): ChannelAdapter {
  const parsed = ZaloConfig.parse(config);
  const now = options.now ?? Date.now;
  const tokens: ZaloTokenKeeper = createZaloTokenKeeper({
    initial: {
      accessToken: parsed.accessToken,
      refreshToken: parsed.refreshToken,
      expiresAt: parsed.accessTokenExpiresAt,
    },
    refresh: (refreshToken) => refreshZaloTokens(parsed, refreshToken, now),
    now,
    ...(options.renew ? { renew: options.renew } : {}),
  });

  /** One request with the current token; refused as expired, once more with a fresh one. */
  async function post(url: string, payload: unknown, signal: AbortSignal): Promise<string> {
    let token = await tokens.current();
    let reply = await request(url, token, payload, signal);
    const code = codeOf(reply);
    if (code !== 0 && TOKEN_EXPIRED_CODES.has(code)) {
      // Zalo refused the request outright, so it sent nothing: one more is not a duplicate.
      token = await tokens.refused(token);
      reply = await request(url, token, payload, signal);
    }
    return messageIdOf(reply);
  }

  async function request(
    url: string,
    token: string,
    payload: unknown,
    signal: AbortSignal,
  ): Promise<ZaloReply> {
    throwIfAborted(signal, 'zalo-oa');
    let text: string;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { access_token: token, 'content-type': 'application/json' },
        body: JSON.stringify(payload),
        signal: AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
      });
      text = await response.text();
      if (response.status >= 500) {
        throw new SafenetError('provider_unavailable', `Zalo answered HTTP ${response.status}`, {
          reason: 'provider_unavailable',
          providerCode: `http_${response.status}`,
        });
      }
    } catch (cause) {
      if (cause instanceof SafenetError) throw cause;
      if (signal.aborted) throw abortedError(signal, 'zalo-oa');
      throw new SafenetError('provider_unavailable', 'Zalo could not be reached', {
        cause,
        reason: 'provider_unavailable',
        providerCode: 'network',
      });
    }
    try {
      const json: unknown = JSON.parse(text);
      return typeof json === 'object' && json !== null ? (json as ZaloReply) : {};
    } catch {
      return {};
    }
  }

  function codeOf(reply: ZaloReply): number {
    return typeof reply.error === 'number' ? reply.error : Number.NaN;
  }

  function messageIdOf(reply: ZaloReply): string {
    const code = codeOf(reply);
    if (code !== 0) {
      if (Number.isNaN(code)) {
        // Not Zalo's answer shape (a proxy's page): whether it sent is unknown, and retrying
        // risks a duplicate, so the hub is told the provider misbehaved, permanently.
        throw new SafenetError('provider_rejected', 'Zalo answered without an error code', {
          cause: reply,
          reason: 'provider_rejected',
          providerCode: 'no_code',
        });
      }
      throw classifyZaloError(
        code,
        typeof reply.message === 'string' ? reply.message : undefined,
        new Date(now()),
      );
    }
    const id = reply.data?.msg_id;
    if (typeof id !== 'string' || id === '') {
      throw new SafenetError('provider_rejected', 'Zalo accepted the message without an id', {
        cause: reply,
        reason: 'provider_rejected',
        providerCode: 'no_msg_id',
      });
    }
    return id;
  }

  return {
    channel: 'zalo',
    provider: 'zalo-oa',
    reportsDelivery: true,
    pacing: { perSecond: parsed.messagesPerSecond },
    describe: () =>
      `via Zalo OA (app ${parsed.appId}; ZNS templates in ${Object.keys(parsed.templates).join(', ') || 'no language'}), ${parsed.messagesPerSecond} messages/s`,

    async send(message, ctx) {
      throwIfAborted(ctx.signal, 'zalo-oa');
      const route = toZaloRoute(message, parsed);
      if (route.kind === 'zns') {
        const id = await post(
          `${parsed.businessApiUrl}/message/template`,
          route.payload,
          ctx.signal,
        );
        return { status: 'sent', providerMessageId: id };
      }
      // A long text is several messages; its id is the first's. A part that fails fails the
      // send, and a retry sends every part again: the OA API has no batch.
      const [first, ...more] = route.payloads;
      const url = `${parsed.openApiUrl}/v3.0/oa/message/cs`;
      const id = await post(url, first, ctx.signal);
      for (const payload of more) await post(url, payload, ctx.signal);
      return { status: 'sent', providerMessageId: id };
    },

    async parseWebhook(request) {
      return parseZaloWebhook(request, parsed);
    },
  };
}
