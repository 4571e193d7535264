import type { DeliveryDetail } from '@safenet/core';
import type { RequestOptions } from '../http/options.js';
import { segment } from '../http/paginate.js';
import type { Transport } from '../http/transport.js';

/**
 * One delivery at a time, with its history. Lists of deliveries are per broadcast:
 * `client.broadcasts.deliveries(broadcastId)`.
 *
 * @example
 * const { delivery, chain, history } = await client.deliveries.get(deliveryId);
 * for (const move of history) {
 *   console.log(move.at, move.channel, move.previousStatus ?? 'planned', '→', move.status, move.reason ?? '');
 * }
 */
export class Deliveries {
  readonly #http: Transport;

  constructor(http: Transport) {
    this.#http = http;
  }

  /**
   * A delivery of your subtree, the fallback chain of its recipient in its broadcast
   * (earliest channel first) and every move of that chain, oldest first. `not_found` for
   * one outside your subtree.
   */
  get(id: string, options?: RequestOptions): Promise<DeliveryDetail> {
    return this.#http.request({ method: 'GET', path: `/v1/deliveries/${segment(id)}` }, options);
  }
}
