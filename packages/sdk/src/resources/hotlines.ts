import type {
  Hotline,
  HotlineInput,
  HotlinePatch,
  HotlinePurpose,
  Language,
  Page,
} from '@safenet/core';
import type { ItemIterator, PageParams, PostOptions, RequestOptions } from '../http/options.js';
import { paginate, segment } from '../http/paginate.js';
import type { Transport } from '../http/transport.js';

/** Filters of `hotlines.list`, besides paging. */
export type HotlineListParams = PageParams & {
  /** Lines for this purpose. */
  purpose?: HotlinePurpose;
  /** Lines serving this organisation (it or one above it). */
  orgId?: string;
  /** Lines answering in this language. */
  language?: Language;
};

/**
 * The directory of help lines. Broadcasts end each message with a footer of the lines nearest
 * the recipient's organisation, in their language (their province's line before the national
 * one); a template may place it with `{{signposting}}`.
 *
 * @example
 * const line = await client.hotlines.create({
 *   orgId: dakLakId, number: '02623.951.567', e164: '+842623951567',
 *   name: { vi: 'Đường dây nóng bảo vệ, chăm sóc trẻ em tỉnh Đắk Lắk' },
 *   purposes: ['child_protection'], languages: ['vi'], serves: [dakLakId],
 * });
 * const { items } = await client.hotlines.list({ orgId: schoolId, purpose: 'child_protection' });
 */
export class Hotlines {
  readonly #http: Transport;

  constructor(http: Transport) {
    this.#http = http;
  }

  /** Lines kept in your subtree or serving your organisation or one above it, filtered. */
  list(params: HotlineListParams = {}, options?: RequestOptions): Promise<Page<Hotline>> {
    return this.#http.request({ method: 'GET', path: '/v1/hotlines', query: params }, options);
  }

  /** Every line matching the filters, fetched page by page. */
  iterate(params: HotlineListParams = {}, options?: RequestOptions): ItemIterator<Hotline> {
    return paginate((cursor) => this.list({ ...params, cursor }, options), params.cursor);
  }

  /** Adds a line; a bad number or E.164 throws `hotline_number_invalid`. */
  create(input: HotlineInput, options?: PostOptions): Promise<Hotline> {
    return this.#http.request({ method: 'POST', path: '/v1/hotlines', body: input }, options);
  }

  get(id: string, options?: RequestOptions): Promise<Hotline> {
    return this.#http.request({ method: 'GET', path: `/v1/hotlines/${segment(id)}` }, options);
  }

  /**
   * Changes some fields; `null` removes `e164` or `hours`.
   *
   * @example
   * await client.hotlines.update(line.id, { hours: '24/7' });
   */
  update(id: string, patch: HotlinePatch, options?: PostOptions): Promise<Hotline> {
    return this.#http.request(
      { method: 'PATCH', path: `/v1/hotlines/${segment(id)}`, body: patch },
      options,
    );
  }

  async delete(id: string, options?: PostOptions): Promise<void> {
    await this.#http.request({ method: 'DELETE', path: `/v1/hotlines/${segment(id)}` }, options);
  }
}
