import type {
  Channel,
  ConsentEvent,
  Contact,
  ContactBulkInput,
  ContactBulkResult,
  ContactInput,
  ContactPatch,
  Erasure,
  Language,
  Page,
  Role,
  TelegramLink,
} from '@safenet/core';
import type { ItemIterator, PageParams, PostOptions, RequestOptions } from '../http/options.js';
import { paginate, segment } from '../http/paginate.js';
import type { Transport } from '../http/transport.js';

/** A contact's consent on a channel as a filter: given, withdrawn, or never set. */
export type ConsentFilterStatus = 'granted' | 'revoked' | 'none';

/** Filters of `contacts.list`: every one given must hold. */
export type ContactListParams = PageParams & {
  /** Contacts of this organisation and of every organisation beneath it. */
  orgId?: string;
  /**
   * Search text: the start of the external reference, display name, email or Telegram name
   * (case-insensitive), or a phone number or its beginning written in any common way
   * (`+7 701 234-56-78`, `8 701…`).
   */
  q?: string;
  /** Contacts who read this language. */
  language?: Language;
  /** Contacts with this role. */
  role?: Role;
  /** Contacts with an address on this channel. */
  channel?: Channel;
  /** Contacts a broadcast on this channel would reach: an address there and consent granted. */
  reachableOn?: Channel;
  /** Consent per channel, e.g. `{ whatsapp: 'granted', sms: 'none' }`. */
  consent?: Partial<Record<Channel, ConsentFilterStatus>>;
  /** Parents with a child age band that includes this age (0–17). */
  age?: number;
};

/** Filters of `contacts.consentHistory`. */
export type ConsentHistoryParams = PageParams & {
  /** Only the changes on this channel. */
  channel?: Channel;
};

/** The query string of `contacts.list`: `consent` as the hub's `channel:status,…`. */
function listQuery({ consent, ...params }: ContactListParams) {
  const pairs = Object.entries(consent ?? {}).filter(([, status]) => status !== undefined);
  return {
    ...params,
    ...(pairs.length > 0
      ? { consent: pairs.map(([channel, status]) => `${channel}:${status}`).join(',') }
      : {}),
  };
}

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

  /**
   * One page of contacts, optionally of one organisation's subtree, narrowed by the filters
   * given (all must hold); the hub searches and filters, so pages walk the whole match.
   *
   * @example
   * const page = await client.contacts.list({
   *   q: '+7 701 234 56 78', language: 'kk', consent: { whatsapp: 'granted' },
   * });
   */
  list(params: ContactListParams = {}, options?: RequestOptions): Promise<Page<Contact>> {
    return this.#http.request(
      { method: 'GET', path: '/v1/contacts', query: listQuery(params) },
      options,
    );
  }

  /**
   * Every contact the filters match, as a spreadsheet (CSV with a BOM, or XLSX) whose columns
   * are the import's: importing it again changes nothing.
   *
   * @example
   * await writeFile('contacts.xlsx', await client.contacts.export({ orgId: schoolId, format: 'xlsx' }));
   */
  export(
    params: Omit<ContactListParams, 'limit' | 'cursor'> & { format?: 'csv' | 'xlsx' } = {},
    options?: RequestOptions,
  ): Promise<Uint8Array> {
    return this.#http.request(
      { method: 'GET', path: '/v1/contacts/export', query: listQuery(params), as: 'bytes' },
      options,
    );
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
   * One page of the contact's consent changes, newest first: status, source, when given
   * (`at`), when recorded and who acted (`by`).
   *
   * @example
   * const { items } = await client.contacts.consentHistory(id, { channel: 'whatsapp' });
   * for (const change of items) console.log(change.status, change.source, change.by.kind);
   */
  consentHistory(
    id: string,
    params: ConsentHistoryParams = {},
    options?: RequestOptions,
  ): Promise<Page<ConsentEvent>> {
    return this.#http.request(
      { method: 'GET', path: `/v1/contacts/${segment(id)}/consent-history`, query: params },
      options,
    );
  }

  /** Every consent change of the contact, newest first, fetched page by page. */
  iterateConsentHistory(
    id: string,
    params: ConsentHistoryParams = {},
    options?: RequestOptions,
  ): ItemIterator<ConsentEvent> {
    return paginate(
      (cursor) => this.consentHistory(id, { ...params, cursor }, options),
      params.cursor,
    );
  }

  /**
   * Deletes a contact: the same erasure as {@link Contacts.erase}, answering nothing.
   * Retries carry the first attempt's `Idempotency-Key`, so a retry after a lost answer gets
   * the hub's replayed `204`, not `not_found`.
   */
  async delete(id: string, options?: PostOptions): Promise<void> {
    await this.#http.request({ method: 'DELETE', path: `/v1/contacts/${segment(id)}` }, options);
  }

  /**
   * Erases a contact and every trace of its personal data in the hub (an `admin` key): its
   * addresses and name are replaced wherever they were copied, its captured messages lose
   * their text, deliveries keep only its id. Returns the erasure's record (no personal data).
   *
   * @example
   * const erasure = await client.contacts.erase(parent.id);
   * console.log(erasure.id, erasure.rowsScrubbed);
   */
  erase(id: string, options?: PostOptions): Promise<Erasure> {
    return this.#http.request(
      { method: 'POST', path: `/v1/contacts/${segment(id)}/erase` },
      options,
    );
  }

  /**
   * A new deep link that lets the contact open the hub's Telegram bot (a `write` key): once
   * they open it and press Start, their chat is bound to the contact and their consent on
   * `telegram` recorded (`source: "telegram deep link"`); `/stop` in the chat withdraws it.
   * Send `url` by email or SMS, or print `qrSvg` on a letter to that parent. Each call makes
   * a new link; earlier unopened ones keep working until they expire. 409
   * `telegram_not_configured` when the hub has no bot username.
   *
   * @example
   * const { url, expiresAt } = await client.contacts.telegramLink(parent.id);
   * await sendLetter(parent, `Open ${url} to get school messages on Telegram (until ${expiresAt})`);
   */
  telegramLink(id: string, options?: PostOptions): Promise<TelegramLink> {
    return this.#http.request(
      { method: 'POST', path: `/v1/contacts/${segment(id)}/telegram-link` },
      options,
    );
  }

  /**
   * One page of the erasures of your subtree, newest first (an `admin` key).
   *
   * @example
   * const { items } = await client.contacts.erasures({ limit: 20 });
   */
  erasures(params: PageParams = {}, options?: RequestOptions): Promise<Page<Erasure>> {
    return this.#http.request({ method: 'GET', path: '/v1/erasures', query: params }, options);
  }
}
