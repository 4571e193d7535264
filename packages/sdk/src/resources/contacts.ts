import type {
  Contact,
  ContactBulkInput,
  ContactBulkResult,
  ContactInput,
  ContactPatch,
  Page,
} from '@safenet/core';
import type { ItemIterator, PageParams, PostOptions, RequestOptions } from '../http/options.js';
import { paginate, segment } from '../http/paginate.js';
import type { Transport } from '../http/transport.js';

/** Filters of `contacts.list`. */
export type ContactListParams = PageParams & {
  /** Contacts of this organisation and of every organisation beneath it. */
  orgId?: string;
};

/**
 * Parents, teachers and officials who receive messages. Contacts are adults: Safenet keeps
 * at most an age band of a parent's children, never a child's name or birth date.
 *
 * @example
 * const parent = await client.contacts.create({
 *   orgId: schoolId, role: 'parent', language: 'kk', timeZone: 'Asia/Almaty',
 *   childAgeBands: [{ min: 6, max: 10 }],
 *   addresses: { whatsapp: '+77012345678', phone: '+77012345678' },
 *   consents: { whatsapp: { status: 'granted', source: 'parent meeting form', at: '2017-04-10T10:00:00+06:00' } },
 * });
 */
export class Contacts {
  readonly #http: Transport;

  constructor(http: Transport) {
    this.#http = http;
  }

  /** One page of contacts, optionally of one organisation's subtree. */
  list(params: ContactListParams = {}, options?: RequestOptions): Promise<Page<Contact>> {
    return this.#http.request({ method: 'GET', path: '/v1/contacts', query: params }, options);
  }

  /**
   * Every contact, fetched page by page.
   *
   * @example
   * for await (const contact of client.contacts.iterate({ orgId: almatyId })) console.log(contact.language);
   */
  iterate(params: ContactListParams = {}, options?: RequestOptions): ItemIterator<Contact> {
    return paginate((cursor) => this.list({ ...params, cursor }, options), params.cursor);
  }

  create(input: ContactInput, options?: PostOptions): Promise<Contact> {
    return this.#http.request({ method: 'POST', path: '/v1/contacts', body: input }, options);
  }

  /**
   * Creates or updates up to 1,000 contacts matched on `externalRef`, all or nothing.
   *
   * @example
   * const { created, updated } = await client.contacts.bulkUpsert({ contacts: rowsFromTheSchoolRegister });
   */
  bulkUpsert(input: ContactBulkInput, options?: PostOptions): Promise<ContactBulkResult> {
    return this.#http.request({ method: 'POST', path: '/v1/contacts/bulk', body: input }, options);
  }

  get(id: string, options?: RequestOptions): Promise<Contact> {
    return this.#http.request({ method: 'GET', path: `/v1/contacts/${segment(id)}` }, options);
  }

  /**
   * Changes some fields; `null` clears an optional one, consents merge per channel.
   *
   * @example
   * await client.contacts.update(id, {
   *   consents: { whatsapp: { status: 'revoked', source: 'STOP reply', at: new Date().toISOString() } },
   * });
   */
  update(id: string, patch: ContactPatch, options?: PostOptions): Promise<Contact> {
    return this.#http.request(
      { method: 'PATCH', path: `/v1/contacts/${segment(id)}`, body: patch },
      options,
    );
  }

  /**
   * Deletes a contact. Retries carry the first attempt's `Idempotency-Key`, so a retry after
   * a lost answer gets the hub's replayed `204`, not `not_found`.
   */
  async delete(id: string, options?: PostOptions): Promise<void> {
    await this.#http.request({ method: 'DELETE', path: `/v1/contacts/${segment(id)}` }, options);
  }
}
