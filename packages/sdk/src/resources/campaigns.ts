import type {
  Campaign,
  CampaignInput,
  CampaignPatch,
  CampaignStatus,
  Page,
  ProgrammeLoadResult,
} from '@safenet/core';
import type { ItemIterator, PageParams, PostOptions, RequestOptions } from '../http/options.js';
import { paginate, segment } from '../http/paginate.js';
import type { Transport } from '../http/transport.js';

/** Filters of `campaigns.list`, besides paging. */
export type CampaignListParams = PageParams & {
  /** Campaigns in this status, as the calendar has it now (active from the first day's 00:00). */
  status?: CampaignStatus;
  /** Campaigns of this organisation and of every organisation beneath it. */
  orgId?: string;
  /** Campaigns whose title starts with this, in any language, ignoring case. */
  q?: string;
};

/** Options of `campaigns.load`. */
export type ProgrammeLoadOptions = PostOptions & {
  /** How the text is written; default `yaml`. */
  format?: 'yaml' | 'json';
  /** Check the file and answer what loading it would do, writing nothing. */
  dryRun?: boolean;
};

/**
 * Awareness campaigns such as Kazakhstan's "Safe Internet" (10–21 April 2017): a window in a
 * time zone, phases, organisers of the tree, partners and targets. A campaign is created as a
 * draft; once scheduled, its calendar turns it active on its first day and completed after
 * its last, in its own zone (`campaign.updated` on the stream). Broadcasts may belong to one.
 *
 * @example
 * const campaign = await client.campaigns.create({
 *   orgId: ministryId, key: 'safe-internet-2017',
 *   title: { ru: 'Безопасный интернет', en: 'Safe Internet' },
 *   startsOn: '2017-04-10', endsOn: '2017-04-21', timeZone: 'Asia/Almaty',
 *   phases: [{ key: 'main', title: { en: 'Main' }, startsOn: '2017-04-10', endsOn: '2017-04-21' }],
 *   organisers: [{ orgId: ministryId }], partners: ['National Parents’ Association'],
 * });
 * await client.campaigns.schedule(campaign.id);
 */
export class Campaigns {
  readonly #http: Transport;

  constructor(http: Transport) {
    this.#http = http;
  }

  /**
   * A page of campaigns, filtered.
   *
   * @example
   * const { items } = await client.campaigns.list({ status: 'active', q: 'safe' });
   */
  list(params: CampaignListParams = {}, options?: RequestOptions): Promise<Page<Campaign>> {
    return this.#http.request({ method: 'GET', path: '/v1/campaigns', query: params }, options);
  }

  /** Every campaign matching the filters, fetched page by page. */
  iterate(params: CampaignListParams = {}, options?: RequestOptions): ItemIterator<Campaign> {
    return paginate((cursor) => this.list({ ...params, cursor }, options), params.cursor);
  }

  /** Creates a draft campaign. */
  create(input: CampaignInput, options?: PostOptions): Promise<Campaign> {
    return this.#http.request({ method: 'POST', path: '/v1/campaigns', body: input }, options);
  }

  /**
   * Loads a programme file (YAML or JSON text), all or nothing: the owner's campaign with the
   * file's `key` is created, updated or left `unchanged` (the answer's `outcome`). A file with
   * problems throws a `SafenetApiError` `programme_invalid` with every problem in `errors` (path, line, column);
   * `dryRun` checks without writing.
   *
   * @example
   * const text = await readFile('examples/campaigns/safe-internet-2017.ru.yaml', 'utf8');
   * const { outcome, campaign } = await client.campaigns.load(text, { format: 'yaml' });
   */
  load(text: string, options: ProgrammeLoadOptions = {}): Promise<ProgrammeLoadResult> {
    const { format = 'yaml', dryRun, ...post } = options;
    return this.#http.request(
      {
        method: 'POST',
        path: '/v1/campaigns/programme',
        ...(dryRun ? { query: { dryRun: 'true' } } : {}),
        body: { format, text },
      },
      post,
    );
  }

  get(id: string, options?: RequestOptions): Promise<Campaign> {
    return this.#http.request({ method: 'GET', path: `/v1/campaigns/${segment(id)}` }, options);
  }

  /**
   * Changes the fields given, as far as the campaign's status allows (`campaign_edit_forbidden`
   * otherwise, with a field error per refused change).
   *
   * @example
   * await client.campaigns.update(id, { endsOn: '2017-04-28' });
   */
  update(id: string, patch: CampaignPatch, options?: PostOptions): Promise<Campaign> {
    return this.#http.request(
      { method: 'PATCH', path: `/v1/campaigns/${segment(id)}`, body: patch },
      options,
    );
  }

  /** draft → scheduled: from now on the calendar runs it. */
  schedule(id: string, options?: PostOptions): Promise<Campaign> {
    return this.#move(id, 'schedule', options);
  }

  /** draft, scheduled or active → cancelled. */
  cancel(id: string, options?: PostOptions): Promise<Campaign> {
    return this.#move(id, 'cancel', options);
  }

  /** completed → archived. */
  archive(id: string, options?: PostOptions): Promise<Campaign> {
    return this.#move(id, 'archive', options);
  }

  #move(id: string, move: string, options?: PostOptions): Promise<Campaign> {
    return this.#http.request(
      { method: 'POST', path: `/v1/campaigns/${segment(id)}/${move}` },
      options,
    );
  }
}
