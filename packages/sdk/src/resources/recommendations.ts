import type { Page, Recommendation, RecommendationInput, RecommendationPatch } from '@safenet/core';
import type { ItemIterator, PageParams, PostOptions, RequestOptions } from '../http/options.js';
import { paginate, segment } from '../http/paginate.js';
import type { Transport } from '../http/transport.js';

/**
 * Guidance for parents and teachers written per language, such as the memo "How to stay
 * safe on the Internet". Bodies may use `{{variables}}` filled in when a broadcast sends them.
 *
 * @example
 * const memo = await client.recommendations.create({
 *   orgId: associationId, topic: 'online-safety', status: 'published', targetRoles: ['parent'],
 *   title: { kk: 'Интернетте қалай қауіпсіз болуға болады', ru: 'Как оставаться в безопасности в Интернете', en: 'How to stay safe on the Internet' },
 *   body: { kk: '… Сенім телефоны: {{hotline}}', ru: '… Телефон доверия: {{hotline}}', en: '… Hotline: {{hotline}}' },
 * });
 */
export class Recommendations {
  readonly #http: Transport;

  constructor(http: Transport) {
    this.#http = http;
  }

  list(params: PageParams = {}, options?: RequestOptions): Promise<Page<Recommendation>> {
    return this.#http.request(
      { method: 'GET', path: '/v1/recommendations', query: params },
      options,
    );
  }

  /** Every recommendation, fetched page by page. */
  iterate(params: PageParams = {}, options?: RequestOptions): ItemIterator<Recommendation> {
    return paginate((cursor) => this.list({ ...params, cursor }, options), params.cursor);
  }

  create(input: RecommendationInput, options?: PostOptions): Promise<Recommendation> {
    return this.#http.request(
      { method: 'POST', path: '/v1/recommendations', body: input },
      options,
    );
  }

  get(id: string, options?: RequestOptions): Promise<Recommendation> {
    return this.#http.request(
      { method: 'GET', path: `/v1/recommendations/${segment(id)}` },
      options,
    );
  }

  /**
   * Changes some fields, e.g. publishes a draft.
   *
   * @example
   * await client.recommendations.update(memo.id, { status: 'published' });
   */
  update(id: string, patch: RecommendationPatch, options?: PostOptions): Promise<Recommendation> {
    return this.#http.request(
      { method: 'PATCH', path: `/v1/recommendations/${segment(id)}`, body: patch },
      options,
    );
  }
}
