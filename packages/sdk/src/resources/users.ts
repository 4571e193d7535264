import type { Page, User, UserMePatch, UserPatch } from '@safenet/core';
import type { ItemIterator, PageParams, PostOptions, RequestOptions } from '../http/options.js';
import { paginate, segment } from '../http/paginate.js';
import type { Transport } from '../http/transport.js';

/** `orgId` (a subtree within yours), `limit` and `cursor`. */
export type UserListParams = PageParams & { orgId?: string };

/**
 * People of the subtree (`read`); changing one needs `admin`, changing yourself a session.
 *
 * @example
 * await client.users.update(userId, { role: 'sender' });
 */
export class Users {
  readonly #http: Transport;

  constructor(http: Transport) {
    this.#http = http;
  }

  list(params: UserListParams = {}, options?: RequestOptions): Promise<Page<User>> {
    return this.#http.request({ method: 'GET', path: '/v1/users', query: params }, options);
  }

  /** Every person of the subtree, fetched page by page. */
  iterate(params: UserListParams = {}, options?: RequestOptions): ItemIterator<User> {
    return paginate((cursor) => this.list({ ...params, cursor }, options), params.cursor);
  }

  get(id: string, options?: RequestOptions): Promise<User> {
    return this.#http.request({ method: 'GET', path: `/v1/users/${segment(id)}` }, options);
  }

  /** Role, organisation or `disabled` of a person of your subtree (`admin`). */
  update(id: string, patch: UserPatch, options?: PostOptions): Promise<User> {
    return this.#http.request(
      { method: 'PATCH', path: `/v1/users/${segment(id)}`, body: patch },
      options,
    );
  }

  /** Your own name, language or password (with the current one); needs a session. */
  updateMe(patch: UserMePatch, options?: PostOptions): Promise<User> {
    return this.#http.request({ method: 'PATCH', path: '/v1/users/me', body: patch }, options);
  }
}
