import type { Channel, OutboxMessage, Page } from '@safenet/core';
import type { ItemIterator, PageParams, RequestOptions } from '../http/options.js';
import { paginate } from '../http/paginate.js';
import type { Transport } from '../http/transport.js';

/** Filters of `outbox.list`. */
export type OutboxListParams = PageParams & {
  /** Only messages captured for this channel. */
  channel?: Channel;
};

/**
 * Messages the hub captured instead of sending, because no provider is configured for
 * their channel (as in the demo). Their deliveries end `captured`, never `delivered`.
 *
 * @example
 * const { items } = await client.outbox.list({ channel: 'sms' });
 * for (const sms of items) console.log(sms.to, sms.language, sms.body);
 */
export class Outbox {
  readonly #http: Transport;

  constructor(http: Transport) {
    this.#http = http;
  }

  list(params: OutboxListParams = {}, options?: RequestOptions): Promise<Page<OutboxMessage>> {
    return this.#http.request({ method: 'GET', path: '/v1/outbox', query: params }, options);
  }

  /** Every captured message, fetched page by page. */
  iterate(params: OutboxListParams = {}, options?: RequestOptions): ItemIterator<OutboxMessage> {
    return paginate((cursor) => this.list({ ...params, cursor }, options), params.cursor);
  }
}
