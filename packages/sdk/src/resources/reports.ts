import type {
  CreatedReportLink,
  Language,
  OrganisationKind,
  Page,
  ReportApproval,
  ReportApprovals,
  ReportAssignment,
  ReportAssignmentInput,
  ReportAuditEntry,
  ReportException,
  ReportForm,
  ReportFormInput,
  ReportFormPatch,
  ReportLink,
  ReportLinkInput,
  ReportLinkSendInput,
  ReportMissing,
  ReportPeriods,
  ReportRollUp,
  ReportSubmission,
  ReportSubmissionInput,
  ReportSubmissionVersion,
  SentReportLink,
} from '@safenet/core';
import type { ItemIterator, PageParams, PostOptions, RequestOptions } from '../http/options.js';
import { paginate, segment } from '../http/paginate.js';
import type { Transport } from '../http/transport.js';

const BOM = '\uFEFF';

/** Filters of `reports.listForms`, besides paging. */
export type ReportFormListParams = PageParams & {
  campaignId?: string;
  /** Only the forms this organisation owns. */
  orgId?: string;
};

/** Which organisation a roll-up reads, and the level of its rows. */
export interface ReportRollUpParams {
  /** Default: yours, or the form's owner when you are above it. */
  orgId?: string;
  /** One row per organisation of this kind in the subtree; default: its children. */
  level?: OrganisationKind;
}

/** The roll-up as a file: headers and statuses in `language` (default: the organisation's). */
export type ReportExportParams = ReportRollUpParams & { language?: Language };
/** A CSV export: the roll-up (default) or the missing list. */
export type ReportCsvParams = ReportExportParams & { part?: 'rollup' | 'missing' };

/** Which lines of a form's audit log: a period, an organisation; paged. */
export type ReportAuditParams = PageParams & { periodKey?: string; orgId?: string };

/**
 * Results reports (issue 13): forms of typed fields, who must report on them, each
 * organisation's submission per period (every version kept), the live roll-up up the tree,
 * who is missing, and the roll-up as CSV.
 *
 * @example
 * const form = await client.reports.createForm({ orgId: ministryId, key: 'safe-internet-2017-results', title: { ru: 'Итоги…' }, fields, schedule });
 * await client.reports.setAssignment(form.id, { assignees: [{ allOf: 'province', under: ministryId }] });
 * await client.reports.submit(form.id, 'once', provinceId, { values: { assemblies: 212 } });
 * const { node } = await client.reports.rollup(form.id, 'once', { level: 'province' });
 * const csv = await client.reports.exportCsv(form.id, 'once', { level: 'province' });
 */
export class Reports {
  readonly #http: Transport;

  constructor(http: Transport) {
    this.#http = http;
  }

  /** A form owned by an organisation of your subtree; `report_form_key_taken` for a used key. */
  createForm(input: ReportFormInput, options?: PostOptions): Promise<ReportForm> {
    return this.#http.request({ method: 'POST', path: '/v1/report-forms', body: input }, options);
  }

  /** A page of the forms owned in your subtree or above you, oldest first. */
  listForms(
    params: ReportFormListParams = {},
    options?: RequestOptions,
  ): Promise<Page<ReportForm>> {
    return this.#http.request({ method: 'GET', path: '/v1/report-forms', query: params }, options);
  }

  /** Every form matching the filters, fetched page by page. */
  iterateForms(
    params: ReportFormListParams = {},
    options?: RequestOptions,
  ): ItemIterator<ReportForm> {
    return paginate((cursor) => this.listForms({ ...params, cursor }, options), params.cursor);
  }

  getForm(id: string, options?: RequestOptions): Promise<ReportForm> {
    return this.#http.request({ method: 'GET', path: this.#form(id) }, options);
  }

  /** Texts, fields or schedule; `report_form_in_use` when answered fields would break. */
  updateForm(id: string, patch: ReportFormPatch, options?: PostOptions): Promise<ReportForm> {
    return this.#http.request({ method: 'PATCH', path: this.#form(id), body: patch }, options);
  }

  /** Replaces who must report; `report_assignee_outside_tree` outside the owner's subtree. */
  setAssignment(
    id: string,
    input: ReportAssignmentInput,
    options?: PostOptions,
  ): Promise<ReportAssignment> {
    return this.#http.request(
      { method: 'PUT', path: `${this.#form(id)}/assignment`, body: input },
      options,
    );
  }

  /** The assignees and how many organisations they expect now. */
  assignment(id: string, options?: RequestOptions): Promise<ReportAssignment> {
    return this.#http.request({ method: 'GET', path: `${this.#form(id)}/assignment` }, options);
  }

  /** The schedule's periods between two dates (YYYY-MM-DD), with due and lock dates. */
  periods(
    id: string,
    range: { from?: string; until?: string } = {},
    options?: RequestOptions,
  ): Promise<ReportPeriods> {
    return this.#http.request(
      { method: 'GET', path: `${this.#form(id)}/periods`, query: range },
      options,
    );
  }

  /**
   * An organisation's answers for a period, submitted (default) or saved as a draft; a new
   * version each time. `report_values_invalid`, `report_not_expected`, `report_locked`.
   */
  submit(
    id: string,
    periodKey: string,
    orgId: string,
    input: ReportSubmissionInput,
    options?: PostOptions,
  ): Promise<ReportSubmission> {
    return this.#http.request(
      { method: 'PUT', path: this.#submission(id, periodKey, orgId), body: input },
      options,
    );
  }

  /** The current submission (404 when none). */
  submission(
    id: string,
    periodKey: string,
    orgId: string,
    options?: RequestOptions,
  ): Promise<ReportSubmission> {
    return this.#http.request(
      { method: 'GET', path: this.#submission(id, periodKey, orgId) },
      options,
    );
  }

  /** Every version of a submission, oldest first. */
  versions(
    id: string,
    periodKey: string,
    orgId: string,
    options?: RequestOptions,
  ): Promise<{ items: ReportSubmissionVersion[] }> {
    return this.#http.request(
      { method: 'GET', path: `${this.#submission(id, periodKey, orgId)}/versions` },
      options,
    );
  }

  /** Lets an organisation submit after the lock until `until` (an ISO instant). */
  setException(
    id: string,
    periodKey: string,
    orgId: string,
    until: string,
    options?: PostOptions,
  ): Promise<ReportException> {
    return this.#http.request(
      { method: 'PUT', path: this.#exception(id, periodKey, orgId), body: { until } },
      options,
    );
  }

  removeException(
    id: string,
    periodKey: string,
    orgId: string,
    options?: PostOptions,
  ): Promise<void> {
    return this.#http.request(
      { method: 'DELETE', path: this.#exception(id, periodKey, orgId) },
      options,
    );
  }

  /**
   * The organisation (of one of the form's approval levels) approves the period's reports of
   * its subtree, locking them; `report_approval_blocked` lists what is missing beneath it.
   */
  approve(
    id: string,
    periodKey: string,
    orgId: string,
    options?: PostOptions,
  ): Promise<ReportApproval> {
    return this.#http.request(
      { method: 'POST', path: this.#approval(id, periodKey, orgId) },
      options,
    );
  }

  /** Withdraws an approval (by the approver or above) while none above covers it. */
  unapprove(id: string, periodKey: string, orgId: string, options?: PostOptions): Promise<void> {
    return this.#http.request(
      { method: 'DELETE', path: this.#approval(id, periodKey, orgId) },
      options,
    );
  }

  /** Who approved the period, and when: your subtree's approvals and those above you. */
  approvals(id: string, periodKey: string, options?: RequestOptions): Promise<ReportApprovals> {
    return this.#http.request(
      { method: 'GET', path: `${this.#period(id, periodKey)}/approvals` },
      options,
    );
  }

  /**
   * Sends a submission back to its organisation with what to fix (by an organisation above
   * it): it is `returned`, and may be changed again, even after the lock, until resubmitted.
   */
  returnSubmission(
    id: string,
    periodKey: string,
    orgId: string,
    comment: string,
    options?: PostOptions,
  ): Promise<ReportSubmission> {
    return this.#http.request(
      {
        method: 'POST',
        path: `${this.#submission(id, periodKey, orgId)}/return`,
        body: { comment },
      },
      options,
    );
  }

  /** A page of the form's append-only audit log, oldest first (admins of the owner or above). */
  audit(
    id: string,
    params: ReportAuditParams = {},
    options?: RequestOptions,
  ): Promise<Page<ReportAuditEntry>> {
    return this.#http.request(
      { method: 'GET', path: `${this.#form(id)}/audit`, query: { ...params } },
      options,
    );
  }

  /** The live roll-up of a period: the organisation's node and its rows. */
  rollup(
    id: string,
    periodKey: string,
    params: ReportRollUpParams = {},
    options?: RequestOptions,
  ): Promise<ReportRollUp> {
    return this.#http.request(
      { method: 'GET', path: `${this.#period(id, periodKey)}/rollup`, query: { ...params } },
      options,
    );
  }

  /** Who has not submitted, with their contacts (never parents). */
  missing(
    id: string,
    periodKey: string,
    params: { orgId?: string } = {},
    options?: RequestOptions,
  ): Promise<ReportMissing> {
    return this.#http.request(
      { method: 'GET', path: `${this.#period(id, periodKey)}/missing`, query: params },
      options,
    );
  }

  /**
   * The roll-up as CSV text, one row per organisation, then the totals (`part: 'missing'`:
   * the missing list instead); starting with the
   * byte-order mark the hub sends (fetch's decoding drops it: it is put back), so the text
   * written to a file opens in Excel with Cyrillic and Vietnamese intact.
   */
  async exportCsv(
    id: string,
    periodKey: string,
    params: ReportCsvParams = {},
    options?: RequestOptions,
  ): Promise<string> {
    const text = await this.#http.request<string>(
      {
        method: 'GET',
        path: `${this.#period(id, periodKey)}/export`,
        query: { format: 'csv', ...params },
        as: 'text',
      },
      options,
    );
    return text.startsWith(BOM) ? text : `${BOM}${text}`;
  }

  /**
   * The roll-up as an XLSX workbook's bytes: a sheet of one row per organisation and the
   * totals, and a sheet of the missing list; numbers stored as numbers.
   *
   * @example
   * await writeFile('2017.xlsx', await client.reports.exportXlsx(form.id, 'once', { level: 'province' }));
   */
  exportXlsx(
    id: string,
    periodKey: string,
    params: ReportExportParams = {},
    options?: RequestOptions,
  ): Promise<Uint8Array> {
    return this.#http.request<Uint8Array>(
      {
        method: 'GET',
        path: `${this.#period(id, periodKey)}/export`,
        query: { ...params, format: 'xlsx' },
        as: 'bytes',
      },
      options,
    );
  }

  /**
   * A signed no-login link (`<public URL>/r/<token>`) to an organisation's report for the
   * period, for one of its contacts or the organisation at large; the token is shown here only.
   *
   * @example
   * const link = await client.reports.createLink(form.id, 'once', { orgId: school.id, language: 'vi' });
   * // send link.url by SMS
   */
  createLink(
    id: string,
    periodKey: string,
    input: ReportLinkInput,
    options?: PostOptions,
  ): Promise<CreatedReportLink> {
    return this.#http.request(
      { method: 'POST', path: `${this.#period(id, periodKey)}/links`, body: input },
      options,
    );
  }

  /** The period's links (of one organisation with `orgId`), newest first, without tokens. */
  links(
    id: string,
    periodKey: string,
    params: { orgId?: string } = {},
    options?: RequestOptions,
  ): Promise<{ items: ReportLink[] }> {
    return this.#http.request(
      {
        method: 'GET',
        path: `${this.#period(id, periodKey)}/links`,
        query: params.orgId ? { orgId: params.orgId } : {},
      },
      options,
    );
  }

  /**
   * Sends an expected organisation its own link: made (its language, 14 days) and sent to its
   * people — every role but parents — on the form's nudge channels (email when it has none).
   *
   * @example
   * const { link, broadcastId } = await client.reports.sendLink(form.id, 'once', { orgId: mangystauId });
   */
  sendLink(
    id: string,
    periodKey: string,
    input: ReportLinkSendInput,
    options?: PostOptions,
  ): Promise<SentReportLink> {
    return this.#http.request(
      { method: 'POST', path: `${this.#period(id, periodKey)}/links/send`, body: input },
      options,
    );
  }

  /** Revokes a link: its page answers `report_link_revoked` from now on. */
  revokeLink(linkId: string, options?: PostOptions): Promise<ReportLink> {
    return this.#http.request(
      { method: 'POST', path: `/v1/report-links/${segment(linkId)}/revoke` },
      options,
    );
  }

  #form(id: string): string {
    return `/v1/report-forms/${segment(id)}`;
  }

  #period(id: string, periodKey: string): string {
    return `${this.#form(id)}/periods/${segment(periodKey)}`;
  }

  #submission(id: string, periodKey: string, orgId: string): string {
    return `${this.#period(id, periodKey)}/submissions/${segment(orgId)}`;
  }

  #exception(id: string, periodKey: string, orgId: string): string {
    return `${this.#period(id, periodKey)}/exceptions/${segment(orgId)}`;
  }

  #approval(id: string, periodKey: string, orgId: string): string {
    return `${this.#period(id, periodKey)}/approvals/${segment(orgId)}`;
  }
}
