import type { Campaign, CampaignInput, Page } from '@safenet/core';
import type { ItemIterator, PageParams, PostOptions, RequestOptions } from '../http/options.js';
import { paginate, segment } from '../http/paginate.js';
import type { Transport } from '../http/transport.js';

/**
 * Awareness campaigns such as Kazakhstan's "Safe Internet" (10–21 April 2017); broadcasts
 * may belong to one.
 *
 * @example
 * const campaign = await client.campaigns.create({
 *   orgId: ministryId, title: 'Safe Internet', startsOn: '2017-04-10', endsOn: '2017-04-21',
 *   timeZone: 'Asia/Almaty', organisers: ['Committee for the Protection of Children’s Rights'],
 * });
 */
export class Campaigns {
  readonly #http: Transport;

  constructor(http: Transport) {
    this.#http = http;
  }

  list(params: PageParams = {}, options?: RequestOptions): Promise<Page<Campaign>> {
    return this.#http.request({ method: 'GET', path: '/v1/campaigns', query: params }, options);
  }

  /** Every campaign, fetched page by page. */
  iterate(params: PageParams = {}, options?: RequestOptions): ItemIterator<Campaign> {
    return paginate((cursor) => this.list({ ...params, cursor }, options), params.cursor);
  }

  create(input: CampaignInput, options?: PostOptions): Promise<Campaign> {
    return this.#http.request({ method: 'POST', path: '/v1/campaigns', body: input }, options);
  }

  get(id: string, options?: RequestOptions): Promise<Campaign> {
    return this.#http.request({ method: 'GET', path: `/v1/campaigns/${segment(id)}` }, options);
  }
}
