import type { Organisation, OrganisationInput, Page } from '@safenet/core';
import type { ItemIterator, PageParams, PostOptions, RequestOptions } from '../http/options.js';
import { paginate, segment } from '../http/paginate.js';
import type { Transport } from '../http/transport.js';

/**
 * Organisations in the API key's subtree: ministries, provinces, districts, schools and
 * associations. Creating one needs the `admin` scope.
 *
 * @example
 * const almaty = await client.organisations.create({
 *   parentId: ministryId, kind: 'province', name: 'Almaty', timeZone: 'Asia/Almaty', defaultLanguage: 'kk',
 * });
 */
export class Organisations {
  readonly #http: Transport;

  constructor(http: Transport) {
    this.#http = http;
  }

  /** One page of the organisations the key can see. */
  list(params: PageParams = {}, options?: RequestOptions): Promise<Page<Organisation>> {
    return this.#http.request({ method: 'GET', path: '/v1/organisations', query: params }, options);
  }

  /** Every organisation the key can see, fetched page by page. */
  iterate(params: PageParams = {}, options?: RequestOptions): ItemIterator<Organisation> {
    return paginate((cursor) => this.list({ ...params, cursor }, options), params.cursor);
  }

  /** Creates an organisation under one the key can see (`admin`). */
  create(input: OrganisationInput, options?: PostOptions): Promise<Organisation> {
    return this.#http.request({ method: 'POST', path: '/v1/organisations', body: input }, options);
  }

  get(id: string, options?: RequestOptions): Promise<Organisation> {
    return this.#http.request({ method: 'GET', path: `/v1/organisations/${segment(id)}` }, options);
  }
}
