import type {
  Page,
  Segment,
  SegmentCount,
  SegmentDryRunInput,
  SegmentInput,
  SegmentPatch,
} from '@safenet/core';
import type { ItemIterator, PageParams, PostOptions, RequestOptions } from '../http/options.js';
import { paginate, segment } from '../http/paginate.js';
import type { Transport } from '../http/transport.js';

/**
 * Saved audiences: queries over contacts' role, organisation, language, children's age
 * band and the channels they can be reached on.
 *
 * @example
 * const parents = await client.segments.create({
 *   orgId: ministryId, name: 'Parents of 6–10 year olds, Kazakh or Russian',
 *   query: { roles: ['parent'], languages: ['kk', 'ru'], ageBand: { min: 6, max: 10 }, reachableOn: ['whatsapp', 'sms', 'email'] },
 * });
 */
export class Segments {
  readonly #http: Transport;

  constructor(http: Transport) {
    this.#http = http;
  }

  list(params: PageParams = {}, options?: RequestOptions): Promise<Page<Segment>> {
    return this.#http.request({ method: 'GET', path: '/v1/segments', query: params }, options);
  }

  /** Every segment, fetched page by page. */
  iterate(params: PageParams = {}, options?: RequestOptions): ItemIterator<Segment> {
    return paginate((cursor) => this.list({ ...params, cursor }, options), params.cursor);
  }

  create(input: SegmentInput, options?: PostOptions): Promise<Segment> {
    return this.#http.request({ method: 'POST', path: '/v1/segments', body: input }, options);
  }

  get(id: string, options?: RequestOptions): Promise<Segment> {
    return this.#http.request({ method: 'GET', path: `/v1/segments/${segment(id)}` }, options);
  }

  /**
   * Renames a segment or replaces its query. A large send approved for the old query, not yet
   * sending, loses its approval.
   *
   * @example
   * await client.segments.update(parents.id, { query: { roles: ['parent'], languages: ['vi'] } });
   */
  update(id: string, patch: SegmentPatch, options?: PostOptions): Promise<Segment> {
    return this.#http.request(
      { method: 'PATCH', path: `/v1/segments/${segment(id)}`, body: patch },
      options,
    );
  }

  async delete(id: string, options?: PostOptions): Promise<void> {
    await this.#http.request({ method: 'DELETE', path: `/v1/segments/${segment(id)}` }, options);
  }

  /** How many contacts a saved segment matches now, in total and per reachable channel. */
  count(id: string, options?: RequestOptions): Promise<SegmentCount> {
    return this.#http.request(
      { method: 'GET', path: `/v1/segments/${segment(id)}/count` },
      options,
    );
  }

  /**
   * Counts a query without saving it, e.g. to show the audience size while it is edited.
   *
   * @example
   * const { total, reachable } = await client.segments.dryRun({ orgId, query: { roles: ['parent'], languages: ['kk'] } });
   * console.log(total, reachable.whatsapp);
   */
  dryRun(input: SegmentDryRunInput, options?: PostOptions): Promise<SegmentCount> {
    return this.#http.request({ method: 'POST', path: '/v1/segments/count', body: input }, options);
  }
}
