import type {
  CaseResponseTimes,
  CaseResponseTimesInForce,
  CaseRoutingInput,
  CaseRoutingView,
  EscalationPoliciesInput,
  EscalationPoliciesView,
  Organisation,
  OrganisationDetail,
  OrganisationInput,
  OrganisationPatch,
  Page,
  PricesInForce,
  PricesInput,
  SendApprovalSetting,
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

  /**
   * The organisation's harmful-content case routing rules: cases about a part of its subtree
   * (of some categories, or all) go to an organisation of its subtree; the nearest rule up the
   * concerned organisation's path wins. docs/reference/cases.md, "Routing".
   */
  getCaseRouting(id: string, options?: RequestOptions): Promise<CaseRoutingView> {
    return this.#http.request(
      { method: 'GET', path: `/v1/organisations/${segment(id)}/case-routing` },
      options,
    );
  }

  /**
   * Replaces its routing rules, whole (admin scope); for cases opened from then on. A scope or
   * target outside its subtree: `case_routing_invalid`.
   *
   * @example
   * await client.organisations.putCaseRouting(ministryId, {
   *   rules: [{ scopeOrgId: dakLakId, targetOrgId: dakLakChildProtectionId }],
   * });
   */
  putCaseRouting(
    id: string,
    input: CaseRoutingInput,
    options?: PostOptions,
  ): Promise<CaseRoutingView> {
    return this.#http.request(
      { method: 'PUT', path: `/v1/organisations/${segment(id)}/case-routing`, body: input },
      options,
    );
  }

  /**
   * The case response times in force per severity (minutes to triage and to resolve), and the
   * organisation that set them (`definedBy`, null for the defaults). docs/reference/cases.md,
   * "Response times".
   */
  getCaseResponseTimes(id: string, options?: RequestOptions): Promise<CaseResponseTimesInForce> {
    return this.#http.request(
      { method: 'GET', path: `/v1/organisations/${segment(id)}/case-response-times` },
      options,
    );
  }

  /**
   * Sets its response times, for it and beneath it (admin scope); `null` inherits again. Open
   * cases keep their clocks.
   *
   * @example
   * await client.organisations.putCaseResponseTimes(provinceId, {
   *   critical: { acknowledgeMinutes: 10, resolveMinutes: 12 * 60 },
   *   high: { acknowledgeMinutes: 60, resolveMinutes: 3 * 24 * 60 },
   *   normal: { acknowledgeMinutes: 24 * 60, resolveMinutes: 7 * 24 * 60 },
   *   low: { acknowledgeMinutes: 3 * 24 * 60, resolveMinutes: 30 * 24 * 60 },
   * });
   */
  putCaseResponseTimes(
    id: string,
    times: CaseResponseTimes | null,
    options?: PostOptions,
  ): Promise<CaseResponseTimesInForce> {
    return this.#http.request(
      {
        method: 'PUT',
        path: `/v1/organisations/${segment(id)}/case-response-times`,
        body: { times },
      },
      options,
    );
  }

  /**
   * The audience size above which its broadcasts wait for a second person's approval: the one
   * it set (`threshold`), the one in force (`inForce`) and who set that (`definedBy`, null for
   * the hub's default). docs/reference/approvals.md, "Large sends".
   */
  getSendApproval(id: string, options?: RequestOptions): Promise<SendApprovalSetting> {
    return this.#http.request(
      { method: 'GET', path: `/v1/organisations/${segment(id)}/send-approval` },
      options,
    );
  }

  /**
   * Sets its send-approval threshold, for it and beneath it (admin scope); `null` inherits.
   *
   * @example
   * await client.organisations.putSendApproval(provinceId, 1000);
   */
  putSendApproval(
    id: string,
    threshold: number | null,
    options?: PostOptions,
  ): Promise<SendApprovalSetting> {
    return this.#http.request(
      {
        method: 'PUT',
        path: `/v1/organisations/${segment(id)}/send-approval`,
        body: { threshold },
      },
      options,
    );
  }

  /**
   * The price table in force for an organisation — its own, the nearest above it, or the
   * hub's `SAFENET_PRICES` (`definedBy` null) — or `table: null` when there is none.
   * docs/reference/costs.md.
   */
  getPrices(id: string, options?: RequestOptions): Promise<PricesInForce> {
    return this.#http.request(
      { method: 'GET', path: `/v1/organisations/${segment(id)}/prices` },
      options,
    );
  }

  /**
   * Sets its price table, for it and beneath it (admin scope); `null` inherits again. Prices
   * are decimal strings; a table that prices nothing is refused (`price_table_empty`).
   *
   * @example
   * await client.organisations.putPrices(provinceId, {
   *   currency: 'USD',
   *   sms: { KZ: '0.0725', '*': '0.09' },
   *   whatsapp: { marketing: { KZ: '0.036' } },
   * });
   */
  putPrices(
    id: string,
    table: PricesInput['table'],
    options?: PostOptions,
  ): Promise<PricesInForce> {
    return this.#http.request(
      { method: 'PUT', path: `/v1/organisations/${segment(id)}/prices`, body: { table } },
      options,
    );
  }
}
