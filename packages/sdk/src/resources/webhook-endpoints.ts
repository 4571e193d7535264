import type {
  Page,
  WebhookAttempt,
  WebhookEndpoint,
  WebhookEndpointInput,
  WebhookEndpointPatch,
  WebhookEndpointWithSecret,
  WebhookMessage,
  WebhookMessageStatus,
} from '@safenet/core';
import type { ItemIterator, PageParams, PostOptions, RequestOptions } from '../http/options.js';
import { paginate, segment } from '../http/paginate.js';
import type { Transport } from '../http/transport.js';

/** Filters of `webhookEndpoints.messages`. */
export type WebhookMessageListParams = PageParams & {
  /** Only messages in this status, e.g. `dead`. */
  status?: WebhookMessageStatus;
};

const BASE = '/v1/webhook-endpoints';

/**
 * Outbound webhooks: URLs that receive an organisation's events (its subtree's), signed as
 * the Standard Webhooks specification says, retried for over a day. Every call needs the
 * `admin` scope. Receivers check each request with {@link verifyWebhook}.
 *
 * @example
 * const endpoint = await client.webhookEndpoints.create({
 *   orgId: ministryId, url: 'https://reports.example.kz/safenet-events',
 *   eventTypes: ['broadcast.progress', 'alert'],
 * });
 * saveSecret(endpoint.secret); // whsec_…, shown this once
 * await client.webhookEndpoints.sendTest(endpoint.id);
 */
export class WebhookEndpoints {
  readonly #http: Transport;

  constructor(http: Transport) {
    this.#http = http;
  }

  list(params: PageParams = {}, options?: RequestOptions): Promise<Page<WebhookEndpoint>> {
    return this.#http.request({ method: 'GET', path: BASE, query: params }, options);
  }

  /** Every endpoint, fetched page by page. */
  iterate(params: PageParams = {}, options?: RequestOptions): ItemIterator<WebhookEndpoint> {
    return paginate((cursor) => this.list({ ...params, cursor }, options), params.cursor);
  }

  /** Registers an endpoint; the answer carries its signing secret, shown this once. */
  create(input: WebhookEndpointInput, options?: PostOptions): Promise<WebhookEndpointWithSecret> {
    return this.#http.request({ method: 'POST', path: BASE, body: input }, options);
  }

  get(id: string, options?: RequestOptions): Promise<WebhookEndpoint> {
    return this.#http.request({ method: 'GET', path: `${BASE}/${segment(id)}` }, options);
  }

  /**
   * Changes some fields; `description: null` clears it, `eventTypes: null` sends every type.
   *
   * @example
   * await client.webhookEndpoints.update(id, { enabled: false }); // queued messages wait
   */
  update(id: string, patch: WebhookEndpointPatch, options?: PostOptions): Promise<WebhookEndpoint> {
    return this.#http.request(
      { method: 'PATCH', path: `${BASE}/${segment(id)}`, body: patch },
      options,
    );
  }

  /** Deletes an endpoint with its messages; what was not yet delivered is not sent. */
  async delete(id: string, options?: PostOptions): Promise<void> {
    await this.#http.request({ method: 'DELETE', path: `${BASE}/${segment(id)}` }, options);
  }

  /**
   * A new signing secret, in this answer only. For 24 hours messages are signed with the old
   * one too, so receivers can switch without losing a message.
   */
  rotateSecret(id: string, options?: PostOptions): Promise<WebhookEndpointWithSecret> {
    return this.#http.request(
      { method: 'POST', path: `${BASE}/${segment(id)}/rotate-secret`, body: {} },
      options,
    );
  }

  /** Queues a `webhook.test` event for the endpoint, whatever its event types. */
  sendTest(id: string, options?: PostOptions): Promise<WebhookMessage> {
    return this.#http.request(
      { method: 'POST', path: `${BASE}/${segment(id)}/test`, body: {} },
      options,
    );
  }

  /**
   * One page of the endpoint's messages, oldest first.
   *
   * @example
   * const { items } = await client.webhookEndpoints.messages(id, { status: 'dead' });
   */
  messages(
    id: string,
    params: WebhookMessageListParams = {},
    options?: RequestOptions,
  ): Promise<Page<WebhookMessage>> {
    return this.#http.request(
      { method: 'GET', path: `${BASE}/${segment(id)}/messages`, query: params },
      options,
    );
  }

  /** Every message of the endpoint, fetched page by page. */
  iterateMessages(
    id: string,
    params: WebhookMessageListParams = {},
    options?: RequestOptions,
  ): ItemIterator<WebhookMessage> {
    return paginate((cursor) => this.messages(id, { ...params, cursor }, options), params.cursor);
  }

  message(id: string, messageId: string, options?: RequestOptions): Promise<WebhookMessage> {
    return this.#http.request(
      { method: 'GET', path: `${BASE}/${segment(id)}/messages/${segment(messageId)}` },
      options,
    );
  }

  /** One page of a message's tries, oldest first: status, answer excerpt, duration, error. */
  attempts(
    id: string,
    messageId: string,
    params: PageParams = {},
    options?: RequestOptions,
  ): Promise<Page<WebhookAttempt>> {
    return this.#http.request(
      {
        method: 'GET',
        path: `${BASE}/${segment(id)}/messages/${segment(messageId)}/attempts`,
        query: params,
      },
      options,
    );
  }

  /**
   * Sends a delivered or dead message again, now, with the same `webhook-id`;
   * `webhook_message_not_replayable` while it is still being tried.
   */
  replay(id: string, messageId: string, options?: PostOptions): Promise<WebhookMessage> {
    return this.#http.request(
      {
        method: 'POST',
        path: `${BASE}/${segment(id)}/messages/${segment(messageId)}/replay`,
        body: {},
      },
      options,
    );
  }
}
