import type { ApiKey, ApiKeyCreated, ApiKeyInput, Page } from '@safenet/core';
import type { ItemIterator, PageParams, PostOptions, RequestOptions } from '../http/options.js';
import { paginate, segment } from '../http/paginate.js';
import type { Transport } from '../http/transport.js';

/**
 * API keys of the organisation's subtree (`admin` scope). The secret is in the answer of
 * `create` only: store it then, it is never shown again.
 *
 * @example
 * const key = await client.apiKeys.create({ orgId: schoolId, name: 'School dashboard', scopes: ['read'] });
 * saveSecret(key.secret);
 */
export class ApiKeys {
  readonly #http: Transport;

  constructor(http: Transport) {
    this.#http = http;
  }

  /** One page of keys; never their secrets. */
  list(params: PageParams = {}, options?: RequestOptions): Promise<Page<ApiKey>> {
    return this.#http.request({ method: 'GET', path: '/v1/api-keys', query: params }, options);
  }

  /** Every key, fetched page by page. */
  iterate(params: PageParams = {}, options?: RequestOptions): ItemIterator<ApiKey> {
    return paginate((cursor) => this.list({ ...params, cursor }, options), params.cursor);
  }

  /** Creates a key; the answer's `secret` is shown this once. */
  create(input: ApiKeyInput, options?: PostOptions): Promise<ApiKeyCreated> {
    return this.#http.request({ method: 'POST', path: '/v1/api-keys', body: input }, options);
  }

  /** Revokes a key at once: requests made with it answer `unauthenticated` from then on. */
  async revoke(id: string, options?: PostOptions): Promise<void> {
    await this.#http.request({ method: 'DELETE', path: `/v1/api-keys/${segment(id)}` }, options);
  }
}
