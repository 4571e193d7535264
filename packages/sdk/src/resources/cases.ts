import type {
  CaseAuditTrail,
  CaseDetail,
  CaseReferral,
  CaseReferralAnswer,
  CaseReferralInput,
  CaseReportReceipt,
  CaseReportStatus,
  CaseReportSubmit,
  CaseSeverity,
  CaseState,
  CaseSummary,
  CaseTransitionInput,
  Page,
} from '@safenet/core';
import type { ItemIterator, PageParams, PostOptions, RequestOptions } from '../http/options.js';
import { paginate, segment } from '../http/paginate.js';
import type { Transport } from '../http/transport.js';

/** Filters of `cases.list`, besides paging. */
export type CaseListParams = PageParams & {
  /** One state, or `open` for every state but resolved and rejected. */
  state?: CaseState | 'open';
  severity?: CaseSeverity;
  /** A specialist's user id, `me` (a key is nobody's assignee) or `none`. */
  assignee?: string;
  /** Only cases routed to this organisation or beneath it. */
  orgId?: string;
};

/**
 * What a move may carry besides its action: a reason, recorded on the case's audit trail (a
 * rejection's reason is also kept on the case as `rejectReason`).
 */
export interface CaseMoveInput {
  reason?: string;
}

/** What triage may carry: the severity the specialist sets (the clocks follow), and a reason. */
export interface CaseTriageInput extends CaseMoveInput {
  severity?: CaseSeverity;
}

/**
 * Harmful-content cases (issue 14): reports of links sent in by the API, the public form or the
 * Telegram bot, gathered into cases that specialists triage. Who may do what is core's
 * `CASE_PERMISSION_RULES` (docs/reference/cases.md): a case outside what you may see answers
 * `not_found`, a move the rules do not give you `case_action_forbidden`, one the state machine
 * forbids `case_transition_forbidden`. Each move of the state machine has its method; all of
 * them answer the case whole, with what you may do next in `allowed`.
 *
 * @example
 * const { reference } = await client.cases.report({
 *   links: ['https://www.tiktok.com/@user/video/7301'], category: 'violence', platform: 'tiktok',
 *   description: 'Драка подростков возле школы, видео распространяется', language: 'ru',
 * });
 * for await (const summary of client.cases.iterate({ state: 'new', severity: 'critical' })) {
 *   const kase = await client.cases.triage(summary.id); // taken by you when nobody had it
 *   await client.cases.addReferral(kase.id, {
 *     target: 'hotline', recipient: 'Hotline 111', summary: 'The video and where it spreads',
 *   });
 * }
 */
export class Cases {
  readonly #http: Transport;

  constructor(http: Transport) {
    this.#http = http;
  }

  /**
   * Reports harmful content: links (never media; canonicalised, never fetched) and what they
   * show. A report whose links match an open case joins it; either way the answer is your own
   * reference (`R-<year>-<n>`). A link that is not a web address: `case_link_invalid`.
   *
   * @example
   * const { reference } = await client.cases.report({
   *   links: ['https://youtu.be/abc?si=share'], category: 'bullying', platform: 'youtube',
   *   description: 'Ученики травят одноклассника в видео', concernedOrgId: schoolId,
   * });
   */
  report(input: CaseReportSubmit, options?: PostOptions): Promise<CaseReportReceipt> {
    return this.#http.request({ method: 'POST', path: '/v1/cases/reports', body: input }, options);
  }

  /** The status of a report you sent, by its reference; never its case's contents. */
  reportStatus(reference: string, options?: RequestOptions): Promise<CaseReportStatus> {
    return this.#http.request(
      { method: 'GET', path: `/v1/cases/reports/${segment(reference)}` },
      options,
    );
  }

  /** A page of the cases you may see, newest first, without their reports. */
  list(params: CaseListParams = {}, options?: RequestOptions): Promise<Page<CaseSummary>> {
    return this.#http.request({ method: 'GET', path: '/v1/cases', query: params }, options);
  }

  /** Every case matching the filters, fetched page by page. */
  iterate(params: CaseListParams = {}, options?: RequestOptions): ItemIterator<CaseSummary> {
    return paginate((cursor) => this.list({ ...params, cursor }, options), params.cursor);
  }

  /**
   * A case with its reports, links and referrals (specialists; the read is recorded on its
   * audit trail).
   */
  get(id: string, options?: RequestOptions): Promise<CaseDetail> {
    return this.#http.request({ method: 'GET', path: `/v1/cases/${segment(id)}` }, options);
  }

  /**
   * new → triaged: a specialist has looked at it. Takes the case for you when nobody had it,
   * and may set its severity.
   *
   * @example
   * await client.cases.triage(caseId, { severity: 'critical' });
   */
  triage(id: string, input: CaseTriageInput = {}, options?: PostOptions): Promise<CaseDetail> {
    return this.#move(id, { ...input, action: 'triage' }, options);
  }

  /** → referred: sent to a hotline, a platform, the police or a committee (see `addReferral`). */
  refer(id: string, input: CaseMoveInput = {}, options?: PostOptions): Promise<CaseDetail> {
    return this.#move(id, { ...input, action: 'refer' }, options);
  }

  /** → in_action: handled here. */
  act(id: string, input: CaseMoveInput = {}, options?: PostOptions): Promise<CaseDetail> {
    return this.#move(id, { ...input, action: 'act' }, options);
  }

  /** → resolved: closes the case and its alerts. */
  resolve(id: string, input: CaseMoveInput = {}, options?: PostOptions): Promise<CaseDetail> {
    return this.#move(id, { ...input, action: 'resolve' }, options);
  }

  /**
   * new or triaged → rejected, with a reason the other specialists read.
   *
   * @example
   * await client.cases.reject(caseId, 'The platform removed the video before triage');
   */
  reject(id: string, reason: string, options?: PostOptions): Promise<CaseDetail> {
    return this.#move(id, { action: 'reject', reason }, options);
  }

  /** resolved or rejected → triaged. */
  reopen(id: string, input: CaseMoveInput = {}, options?: PostOptions): Promise<CaseDetail> {
    return this.#move(id, { ...input, action: 'reopen' }, options);
  }

  /**
   * Hands the case to a specialist of its organisation or above it, or to nobody (`null`).
   * Anyone else: `case_assignee_invalid`.
   */
  assign(id: string, assigneeId: string | null, options?: PostOptions): Promise<CaseDetail> {
    return this.#http.request(
      { method: 'PUT', path: `/v1/cases/${segment(id)}/assignee`, body: { assigneeId } },
      options,
    );
  }

  /**
   * Records what was sent to whom and when; a triaged or in-action case moves to `referred`.
   *
   * @example
   * const referral = await client.cases.addReferral(caseId, {
   *   target: 'platform', recipient: 'TikTok trust & safety', summary: 'Two links, a fight filmed at school',
   * });
   */
  addReferral(id: string, input: CaseReferralInput, options?: PostOptions): Promise<CaseReferral> {
    return this.#http.request(
      { method: 'POST', path: `/v1/cases/${segment(id)}/referrals`, body: input },
      options,
    );
  }

  /** Records the answer a referral got, and when (now when left out). */
  answerReferral(
    id: string,
    referralId: string,
    input: CaseReferralAnswer,
    options?: PostOptions,
  ): Promise<CaseReferral> {
    return this.#http.request(
      {
        method: 'PUT',
        path: `/v1/cases/${segment(id)}/referrals/${segment(referralId)}/answer`,
        body: input,
      },
      options,
    );
  }

  /**
   * The case's audit trail and whether its hash chain still checks (`intact`); the
   * organisation's admins only, and the read is recorded too.
   */
  audit(id: string, options?: RequestOptions): Promise<CaseAuditTrail> {
    return this.#http.request({ method: 'GET', path: `/v1/cases/${segment(id)}/audit` }, options);
  }

  #move(id: string, input: CaseTransitionInput, options?: PostOptions): Promise<CaseDetail> {
    return this.#http.request(
      { method: 'POST', path: `/v1/cases/${segment(id)}/transitions`, body: input },
      options,
    );
  }
}
