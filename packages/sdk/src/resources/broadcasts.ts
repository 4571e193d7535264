import type {
  Broadcast,
  BroadcastCost,
  BroadcastInput,
  BroadcastPreview,
  BroadcastProgress,
  BroadcastUpdateInput,
  Delivery,
  DeliveryStatus,
  Page,
  RejectionInput,
} from '@safenet/core';
import type { ItemIterator, PageParams, PostOptions, RequestOptions } from '../http/options.js';
import { paginate, segment } from '../http/paginate.js';
import type { Transport } from '../http/transport.js';

/** Filters of `broadcasts.deliveries`. */
export type DeliveryListParams = PageParams & {
  /** Only deliveries in this status, e.g. `failed`. */
  status?: DeliveryStatus;
};

/**
 * Content sent to a segment over channels in order of preference: each recipient gets it
 * on the first channel they are reachable on. Creating and cancelling need the `send` scope.
 *
 * @example
 * const broadcast = await client.broadcasts.create(
 *   {
 *     orgId: associationId, campaignId: campaign.id, segmentId: parents.id,
 *     channels: ['whatsapp', 'sms', 'email'], content: { recommendationId: memo.id },
 *     variables: { hotline: '111' }, sendAt: '2017-04-10T09:00:00+06:00',
 *   },
 *   { idempotencyKey: 'safe-internet-2017/memo-how-to-stay-safe' },
 * );
 */
export class Broadcasts {
  readonly #http: Transport;

  constructor(http: Transport) {
    this.#http = http;
  }

  list(params: PageParams = {}, options?: RequestOptions): Promise<Page<Broadcast>> {
    return this.#http.request({ method: 'GET', path: '/v1/broadcasts', query: params }, options);
  }

  /** Every broadcast, fetched page by page. */
  iterate(params: PageParams = {}, options?: RequestOptions): ItemIterator<Broadcast> {
    return paginate((cursor) => this.list({ ...params, cursor }, options), params.cursor);
  }

  /**
   * Schedules a broadcast. The hub answers `202` at once and plans and sends the
   * recipients in the background: follow it with `progress` or `client.stream`.
   */
  create(input: BroadcastInput, options?: PostOptions): Promise<Broadcast> {
    return this.#http.request({ method: 'POST', path: '/v1/broadcasts', body: input }, options);
  }

  /**
   * What `create` with the same input would do, without sending or saving anything: the
   * recipients per channel, the language each reader gets after fallback, and the SMS
   * segments it would bill. Needs the `read` scope. `sendAt` is ignored; an audience of
   * nobody answers zero counts rather than `segment_empty`.
   *
   * @example
   * const preview = await client.broadcasts.preview({
   *   orgId: associationId, segmentId: parents.id, channels: ['whatsapp', 'sms', 'email'],
   *   content: { recommendationId: memo.id }, variables: { hotline: '111' },
   * });
   * console.log(preview.byChannel, `${preview.unreachable} unreachable`);
   * console.log(`${preview.sms.estimatedSegments} SMS segments`);
   */
  preview(input: BroadcastInput, options?: PostOptions): Promise<BroadcastPreview> {
    return this.#http.request(
      { method: 'POST', path: '/v1/broadcasts/preview', body: input },
      options,
    );
  }

  get(id: string, options?: RequestOptions): Promise<Broadcast> {
    return this.#http.request({ method: 'GET', path: `/v1/broadcasts/${segment(id)}` }, options);
  }

  /**
   * Counts of the broadcast's deliveries by status.
   *
   * @example
   * const { total, counts } = await client.broadcasts.progress(broadcast.id);
   * console.log(`${counts.delivered ?? 0} of ${total} delivered`);
   */
  progress(id: string, options?: RequestOptions): Promise<BroadcastProgress> {
    return this.#http.request(
      { method: 'GET', path: `/v1/broadcasts/${segment(id)}/progress` },
      options,
    );
  }

  /**
   * What the broadcast costs: the estimate it recorded when it was created, beside the
   * prices providers reported (Twilio's, summed per currency; WhatsApp's billable count).
   *
   * @example
   * const { estimate, actual } = await client.broadcasts.cost(broadcast.id);
   * console.log(estimate?.total, actual.map((a) => `${a.amount} ${a.unit}`));
   */
  cost(id: string, options?: RequestOptions): Promise<BroadcastCost> {
    return this.#http.request(
      { method: 'GET', path: `/v1/broadcasts/${segment(id)}/cost` },
      options,
    );
  }

  /**
   * Cancels a broadcast: its queued deliveries become `cancelled`. A finished one answers
   * `broadcast_not_cancellable`.
   */
  cancel(id: string, options?: PostOptions): Promise<Broadcast> {
    // The contract does not describe this body. `{}` names no field, so it suits a hub that
    // wants every POST to be JSON as well as one that refuses unknown fields.
    return this.#http.request(
      { method: 'POST', path: `/v1/broadcasts/${segment(id)}/cancel`, body: {} },
      options,
    );
  }

  /**
   * Changes a broadcast not yet sending; checked as when created. Its audience meets the
   * send-approval threshold again, and an approval it had is void. `broadcast_not_editable`
   * once it is sending.
   *
   * @example
   * await client.broadcasts.update(broadcast.id, { channels: ['sms'], sendAt: '2017-04-10T09:00:00+06:00' });
   */
  update(id: string, patch: BroadcastUpdateInput, options?: PostOptions): Promise<Broadcast> {
    return this.#http.request(
      { method: 'PATCH', path: `/v1/broadcasts/${segment(id)}`, body: patch },
      options,
    );
  }

  /**
   * Approves a broadcast `awaiting_approval` (the `approve` scope, another person than its
   * requester: `approval_self` otherwise). The terms approved are in `approvedTerms`.
   *
   * @example
   * const approved = await client.broadcasts.approve(broadcast.id);
   * console.log(approved.status, approved.approvedTerms?.audience);
   */
  approve(id: string, options?: PostOptions): Promise<Broadcast> {
    return this.#http.request(
      { method: 'POST', path: `/v1/broadcasts/${segment(id)}/approve`, body: {} },
      options,
    );
  }

  /**
   * Rejects a broadcast `awaiting_approval` with a comment: it ends `rejected`, sending
   * nothing.
   *
   * @example
   * await client.broadcasts.reject(broadcast.id, { comment: 'Name the Đắk Lắk hotline too' });
   */
  reject(id: string, input: RejectionInput, options?: PostOptions): Promise<Broadcast> {
    return this.#http.request(
      { method: 'POST', path: `/v1/broadcasts/${segment(id)}/reject`, body: input },
      options,
    );
  }

  /** One page of the broadcast's deliveries, optionally in one status. */
  deliveries(
    id: string,
    params: DeliveryListParams = {},
    options?: RequestOptions,
  ): Promise<Page<Delivery>> {
    return this.#http.request(
      { method: 'GET', path: `/v1/broadcasts/${segment(id)}/deliveries`, query: params },
      options,
    );
  }

  /**
   * Every delivery of the broadcast, fetched page by page.
   *
   * @example
   * for await (const failed of client.broadcasts.iterateDeliveries(broadcast.id, { status: 'failed' })) {
   *   console.log(failed.contactId, failed.channel, failed.reason);
   * }
   */
  iterateDeliveries(
    id: string,
    params: DeliveryListParams = {},
    options?: RequestOptions,
  ): ItemIterator<Delivery> {
    return paginate((cursor) => this.deliveries(id, { ...params, cursor }, options), params.cursor);
  }
}
