import type {
  Invitation,
  InvitationAccept,
  InvitationCreated,
  InvitationInput,
  Page,
  Session as SessionRecord,
} from '@safenet/core';
import type { ItemIterator, PageParams, PostOptions, RequestOptions } from '../http/options.js';
import { paginate, segment } from '../http/paginate.js';
import type { Transport } from '../http/transport.js';

/**
 * Invitations of people to organisations of the subtree (`admin`), and accepting one (public:
 * it signs the invitee in).
 *
 * @example
 * const { link, emailed } = await client.invitations.create({
 *   email: 'sender.almaty@example.org', orgId: almatyId, role: 'sender', language: 'kk',
 * });
 */
export class Invitations {
  readonly #http: Transport;

  constructor(http: Transport) {
    this.#http = http;
  }

  /** Invites a person; the answer's `link` is shown this once (it is also emailed if it can be). */
  create(input: InvitationInput, options?: PostOptions): Promise<InvitationCreated> {
    return this.#http.request({ method: 'POST', path: '/v1/invitations', body: input }, options);
  }

  /** One page of pending invitations (no links). */
  list(params: PageParams = {}, options?: RequestOptions): Promise<Page<Invitation>> {
    return this.#http.request({ method: 'GET', path: '/v1/invitations', query: params }, options);
  }

  iterate(params: PageParams = {}, options?: RequestOptions): ItemIterator<Invitation> {
    return paginate((cursor) => this.list({ ...params, cursor }, options), params.cursor);
  }

  /** Revokes an invitation: its link answers `not_found` from then on. */
  async revoke(id: string, options?: PostOptions): Promise<void> {
    await this.#http.request({ method: 'DELETE', path: `/v1/invitations/${segment(id)}` }, options);
  }

  /** Accepts an invitation with the token of its link, signing in (the CSRF token is kept). */
  async accept(input: InvitationAccept, options?: PostOptions): Promise<SessionRecord> {
    const session = await this.#http.request<SessionRecord>(
      { method: 'POST', path: '/v1/invitations/accept', body: input },
      options,
    );
    this.#http.csrfToken = session.csrfToken;
    return session;
  }
}
