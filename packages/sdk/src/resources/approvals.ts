import type { ApprovalEvent, ApprovalEventQuery, Page } from '@safenet/core';
import type { ItemIterator, PageParams, RequestOptions } from '../http/options.js';
import { paginate } from '../http/paginate.js';
import type { Transport } from '../http/transport.js';

/** Filters of `approvals.list`, besides paging. */
export type ApprovalEventParams = PageParams &
  Omit<Partial<ApprovalEventQuery>, 'limit' | 'cursor'>;

/**
 * The append-only log of four-eyes approval (admins): every recommendation version created,
 * edited, submitted, approved, rejected or archived, every large broadcast's approval, with
 * who acted and the person behind a key.
 *
 * @example
 * for await (const event of client.approvals.iterate({ subjectId: versionId })) console.log(event.action, event.person);
 */
export class Approvals {
  readonly #http: Transport;

  constructor(http: Transport) {
    this.#http = http;
  }

  /** A page of the log, newest first. */
  list(params: ApprovalEventParams = {}, options?: RequestOptions): Promise<Page<ApprovalEvent>> {
    return this.#http.request(
      { method: 'GET', path: '/v1/approval-events', query: params },
      options,
    );
  }

  /** Every entry matching the filters, fetched page by page. */
  iterate(params: ApprovalEventParams = {}, options?: RequestOptions): ItemIterator<ApprovalEvent> {
    return paginate((cursor) => this.list({ ...params, cursor }, options), params.cursor);
  }
}
