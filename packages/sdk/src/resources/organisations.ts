import type {
  EscalationPoliciesInput,
  EscalationPoliciesView,
  Organisation,
  OrganisationDetail,
  OrganisationInput,
  OrganisationPatch,
  Page,
} from '@safenet/core';
import type { ItemIterator, PageParams, PostOptions, RequestOptions } from '../http/options.js';
import { paginate, segment } from '../http/paginate.js';
import type { Transport } from '../http/transport.js';

/** Filters of `organisations.list`, besides paging. */
export type OrganisationListParams = PageParams & {
  /** The organisation with this code (the code a ministry uses for it). */
  code?: string;
};

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

  /**
   * One page of the organisations the key can see, filtered.
   *
   * @example
   * const { items: [school] } = await client.organisations.list({ code: 'demo-nbk' });
   */
  list(params: OrganisationListParams = {}, options?: RequestOptions): Promise<Page<Organisation>> {
    return this.#http.request({ method: 'GET', path: '/v1/organisations', query: params }, options);
  }

  /** Every organisation the key can see, fetched page by page. */
  iterate(
    params: OrganisationListParams = {},
    options?: RequestOptions,
  ): ItemIterator<Organisation> {
    return paginate((cursor) => this.list({ ...params, cursor }, options), params.cursor);
  }

  /** Creates an organisation under one the key can see (`admin`). */
  create(input: OrganisationInput, options?: PostOptions): Promise<Organisation> {
    return this.#http.request({ method: 'POST', path: '/v1/organisations', body: input }, options);
  }

  /**
   * One organisation with its own quiet hours (absent: inherited) and the effective ones, with
   * where they come from (`own`, `inherited` from `orgId`, or the hub's default).
   */
  get(id: string, options?: RequestOptions): Promise<OrganisationDetail> {
    return this.#http.request({ method: 'GET', path: `/v1/organisations/${segment(id)}` }, options);
  }

  /**
   * Changes an organisation (`admin`), the fields given: its `code` (unique within the root's
   * tree, `organisation_code_taken` otherwise; `null` removes it); its quiet hours
   * `{ from, to }` on the recipients' wall clocks, `null` for none, or `'inherit'` to take its
   * parent's again.
   *
   * @example
   * await client.organisations.update(schoolId, { code: 'demo-nbk' });
   * await client.organisations.update(provinceId, { quietHours: { from: '22:00', to: '07:00' } });
   * await client.organisations.update(schoolId, { quietHours: 'inherit' });
   */
  update(id: string, patch: OrganisationPatch, options?: PostOptions): Promise<OrganisationDetail> {
    return this.#http.request(
      { method: 'PATCH', path: `/v1/organisations/${segment(id)}`, body: patch },
      options,
    );
  }

  /**
   * The organisation's alert escalation policies per severity, and what applies to it (its
   * own, the nearest above, or the hub's default). docs/reference/alerts.md, "Escalation".
   */
  getEscalationPolicies(id: string, options?: RequestOptions): Promise<EscalationPoliciesView> {
    return this.#http.request(
      { method: 'GET', path: `/v1/organisations/${segment(id)}/escalation-policies` },
      options,
    );
  }

  /**
   * Replaces its policies (admin scope): per severity a policy, `null` for none, left out to
   * inherit. Open alerts keep the policy frozen when they opened.
   *
   * @example
   * await client.organisations.putEscalationPolicies(provinceId, {
   *   critical: { steps: [{ afterMinutes: 0, channels: ['sms', 'email'] }, { afterMinutes: 10, levelsUp: 1, channels: ['sms'] }] },
   *   info: null,
   * });
   */
  putEscalationPolicies(
    id: string,
    policies: EscalationPoliciesInput,
    options?: PostOptions,
  ): Promise<EscalationPoliciesView> {
    return this.#http.request(
      {
        method: 'PUT',
        path: `/v1/organisations/${segment(id)}/escalation-policies`,
        body: policies,
      },
      options,
    );
  }
}
