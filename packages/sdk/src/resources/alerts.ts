import type {
  Alert,
  AlertCode,
  AlertEscalation,
  AlertSeverity,
  AlertState,
  Page,
} from '@safenet/core';
import type { ItemIterator, PageParams, PostOptions, RequestOptions } from '../http/options.js';
import { paginate, segment } from '../http/paginate.js';
import type { Transport } from '../http/transport.js';

/** Filters of `alerts.list`, besides paging. */
export type AlertListParams = PageParams & {
  state?: AlertState;
  code?: AlertCode;
  severity?: AlertSeverity;
  /** Alerts of this organisation and of every organisation beneath it. */
  orgId?: string;
};

/**
 * Stored alerts: what needs a person's attention (a provider failing, a plan item overdue),
 * raised by the hub for the organisation whose people must act and published on the stream as
 * `alert` when raised. Codes: docs/reference/alerts.md.
 *
 * @example
 * const { items } = await client.alerts.list({ state: 'open' });
 * for (const alert of items) await client.alerts.acknowledge(alert.id);
 */
export class Alerts {
  readonly #http: Transport;

  constructor(http: Transport) {
    this.#http = http;
  }

  /** A page of alerts, newest first. */
  list(params: AlertListParams = {}, options?: RequestOptions): Promise<Page<Alert>> {
    return this.#http.request({ method: 'GET', path: '/v1/alerts', query: params }, options);
  }

  /** Every alert matching the filters, fetched page by page. */
  iterate(params: AlertListParams = {}, options?: RequestOptions): ItemIterator<Alert> {
    return paginate((cursor) => this.list({ ...params, cursor }, options), params.cursor);
  }

  get(id: string, options?: RequestOptions): Promise<Alert> {
    return this.#http.request({ method: 'GET', path: `/v1/alerts/${segment(id)}` }, options);
  }

  /** open → acknowledged: someone is on it (`alert_state_conflict` once resolved). */
  acknowledge(id: string, options?: PostOptions): Promise<Alert> {
    return this.#move(id, 'acknowledge', options);
  }

  /** → resolved: the cause is gone. */
  resolve(id: string, options?: PostOptions): Promise<Alert> {
    return this.#move(id, 'resolve', options);
  }

  /** The escalation steps the alert took, in order (docs/reference/alerts.md, "Escalation"). */
  async escalations(id: string, options?: RequestOptions): Promise<AlertEscalation[]> {
    const { items } = await this.#http.request<{ items: AlertEscalation[] }>(
      { method: 'GET', path: `/v1/alerts/${segment(id)}/escalations` },
      options,
    );
    return items;
  }

  #move(id: string, move: string, options?: PostOptions): Promise<Alert> {
    return this.#http.request(
      { method: 'POST', path: `/v1/alerts/${segment(id)}/${move}` },
      options,
    );
  }
}
