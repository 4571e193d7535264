import type {
  AnnouncementInput,
  Campaign,
  CampaignAdoptInput,
  CampaignAnnouncements,
  CampaignCalendarView,
  CampaignCopyInput,
  CampaignInput,
  CampaignLineage,
  CampaignPatch,
  CampaignReminders,
  CampaignRemindersInput,
  CampaignStatus,
  CampaignTargets,
  Page,
  Plan,
  PlanAssignment,
  PlanAssignmentPatch,
  PlanAssignmentState,
  PlanGrid,
  PlanInput,
  PlanTask,
  ProgrammeFile,
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

/** What `campaigns.targets` measures over. */
export type CampaignTargetsParams = {
  /** Whose subtree is measured; default: the key's organisation. */
  orgId?: string;
  /** The period of every form read; default: each form's period containing today, or `once`. */
  periodKey?: string;
};

/** Filters of `campaigns.grid`, besides paging the organisations. */
export type PlanGridParams = PageParams & {
  /** Only the responsible organisations of this subtree (default: the caller's). */
  orgId?: string;
  /** Only pairs shown with this status (`overdue` included). */
  status?: PlanAssignmentState;
  /**
   * With the items of the campaigns implementing this one (transitively), after its own, each
   * tagged with its campaign (default `true`); `false`: its own items only.
   */
  lineage?: boolean;
};

/** Filters of `campaigns.tasks`, besides paging. */
export type PlanTaskParams = PageParams & {
  /** Only pairs of organisations in this subtree (default: the caller's). */
  orgId?: string;
  /** Only pairs shown with this status (`overdue` included). */
  status?: PlanAssignmentState;
  /** Only pairs of this campaign. */
  campaignId?: string;
  /** Only pairs due before this day (`YYYY-MM-DD`; `dueOn` earlier than it). */
  dueBefore?: string;
};

/** The range of `campaigns.calendar`: ISO-8601 instants, `from` included, `to` excluded. */
export type CalendarParams = { from?: string; to?: string };

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

  /**
   * The campaign as a programme file (JSON; organisations named by id): phases, plan,
   * announcements and reminders included. Loading it again (`load(JSON.stringify(file),
   * { format: 'json' })`) changes nothing; edit it and load it to change the campaign.
   *
   * @example
   * const file = await client.campaigns.programme(campaign.id);
   * await writeFile('campaign.yaml', stringify(file)); // yaml's stringify
   */
  programme(id: string, options?: RequestOptions): Promise<ProgrammeFile> {
    return this.#http.request(
      { method: 'GET', path: `/v1/campaigns/${segment(id)}/programme` },
      options,
    );
  }

  /**
   * Copies a campaign into a new period: a new draft of the same owner under `key`, every date
   * moved by `shift` on the calendar; checked like a loaded file, all or nothing.
   *
   * @example
   * const { campaign } = await client.campaigns.copy(schoolYear.id, {
   *   key: 'nguyen-binh-khiem-2023-2024', shift: { years: 1 },
   * });
   */
  copy(id: string, input: CampaignCopyInput, options?: PostOptions): Promise<ProgrammeLoadResult> {
    return this.#http.request(
      { method: 'POST', path: `/v1/campaigns/${segment(id)}/copy`, body: input },
      options,
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

  /** The campaign's activity plan: sections of items with deadlines and responsible entries. */
  plan(id: string, options?: RequestOptions): Promise<Plan> {
    return this.#http.request(
      { method: 'GET', path: `/v1/campaigns/${segment(id)}/plan` },
      options,
    );
  }

  /**
   * Replaces the whole plan by keys, all or nothing: pairs that stay keep their statuses
   * (`plan_invalid` with every problem and its path; `plan_edit_forbidden` once completed).
   *
   * @example
   * await client.campaigns.setPlan(id, { sections: [{ key: 'schools', title: { en: 'Schools' },
   *   items: [{ key: '1', number: '1.', title: { en: 'Class hours' }, completionForm: 'info-to-ministry',
   *     deadline: { kind: 'window', from: '2017-04-10', to: '2017-04-21' },
   *     responsible: [{ allOf: 'school', under: districtId }] }] }] });
   */
  setPlan(id: string, plan: PlanInput, options?: PostOptions): Promise<Plan> {
    return this.#http.request(
      { method: 'PUT', path: `/v1/campaigns/${segment(id)}/plan`, body: plan },
      options,
    );
  }

  /**
   * Records a responsible organisation's status on a plan item (by its keys and people or an
   * ancestor's); `overdue` is computed, never set.
   *
   * @example
   * await client.campaigns.setAssignmentStatus(id, '1', schoolId, { status: 'done', evidenceUrl: 'https://school.kz/news/42' });
   */
  setAssignmentStatus(
    id: string,
    itemKey: string,
    orgId: string,
    patch: PlanAssignmentPatch,
    options?: PostOptions,
  ): Promise<PlanAssignment> {
    return this.#http.request(
      {
        method: 'PATCH',
        path: `/v1/campaigns/${segment(id)}/plan/items/${segment(itemKey)}/assignments/${segment(orgId)}`,
        body: patch,
      },
      options,
    );
  }

  /**
   * The plan's grid: items × responsible organisations of a subtree with statuses and counts;
   * the organisations a page at a time (`nextCursor`).
   *
   * @example
   * const grid = await client.campaigns.grid(id, { orgId: districtId, status: 'overdue' });
   */
  grid(id: string, params: PlanGridParams = {}, options?: RequestOptions): Promise<PlanGrid> {
    const { lineage, ...rest } = params;
    const query = lineage === undefined ? rest : { ...rest, lineage: String(lineage) };
    return this.#http.request(
      { method: 'GET', path: `/v1/campaigns/${segment(id)}/grid`, query },
      options,
    );
  }

  /**
   * The campaign's targets measured over a subtree from the report forms their formulas name:
   * each with its value, goal, `met` and the completeness it stands on (a share counts
   * expected organisations that have not reported as not meeting it). A target without a
   * formula, or whose formula no longer fits its form, comes back `measured: false` (the
   * latter with `unmeasurable.code` and the reason).
   *
   * @example
   * const { items } = await client.campaigns.targets(id, { orgId: districtId, periodKey: '2022-2023' });
   * for (const t of items) if (t.measured) console.log(t.key, t.value, t.completeness?.reportingRate);
   */
  targets(
    id: string,
    params: CampaignTargetsParams = {},
    options?: RequestOptions,
  ): Promise<CampaignTargets> {
    return this.#http.request(
      { method: 'GET', path: `/v1/campaigns/${segment(id)}/targets`, query: params },
      options,
    );
  }

  /**
   * "Our tasks": the (item, organisation) pairs of the caller's subtree (or `orgId`'s) in every
   * campaign neither archived nor cancelled, whoever owns it — a school's ministry and province
   * plans included — sorted by the date they are due (overdue first, ongoing last), a page at
   * a time. Record a status with `setAssignmentStatus(task.campaign.id, task.item.key, task.orgId, …)`.
   *
   * @example
   * const { items } = await client.campaigns.tasks({ status: 'overdue', dueBefore: '2017-05-01' });
   */
  tasks(params: PlanTaskParams = {}, options?: RequestOptions): Promise<Page<PlanTask>> {
    return this.#http.request(
      { method: 'GET', path: '/v1/plan-assignments', query: params },
      options,
    );
  }

  /** Every task matching the filters, fetched page by page. */
  iterateTasks(params: PlanTaskParams = {}, options?: RequestOptions): ItemIterator<PlanTask> {
    return paginate((cursor) => this.tasks({ ...params, cursor }, options), params.cursor);
  }

  /**
   * Adopts a campaign as an organisation's own plan (cascading plans): an organisation strictly
   * beneath its owner (default: yours) gets a draft campaign implementing it, with its window,
   * time zone, phases, title and goal. Its plan then shows the items it inherits
   * (`plan(id).inherited`) and adds its own; its progress counts in the grid above. Once per
   * organisation (`campaign_already_adopted`); not a completed, archived or cancelled campaign
   * (`campaign_adopt_closed`).
   *
   * @example
   * const districtPlan = await client.campaigns.adopt(provincePlanId, { key: 'gia-lam-2022' });
   */
  adopt(id: string, input: CampaignAdoptInput, options?: PostOptions): Promise<Campaign> {
    return this.#http.request(
      { method: 'POST', path: `/v1/campaigns/${segment(id)}/adopt`, body: input },
      options,
    );
  }

  /**
   * The chain of plans above a campaign (nearest first) and those implementing it below (depth
   * first), each with its owner, status and progress over your subtree; campaigns outside
   * your line are left out.
   *
   * @example
   * const { ancestors, descendants } = await client.campaigns.lineage(schoolPlanId);
   */
  lineage(id: string, options?: RequestOptions): Promise<CampaignLineage> {
    return this.#http.request(
      { method: 'GET', path: `/v1/campaigns/${segment(id)}/lineage` },
      options,
    );
  }

  /** The campaign's announcements, each with its version. */
  announcements(id: string, options?: RequestOptions): Promise<CampaignAnnouncements> {
    return this.#http.request(
      { method: 'GET', path: `/v1/campaigns/${segment(id)}/announcements` },
      options,
    );
  }

  /**
   * Replaces every announcement of the campaign by key, all or nothing
   * (`announcement_invalid` with every problem and its path otherwise). A changed template or
   * schedule becomes a new version: what had not fired of the old one never will.
   *
   * @example
   * await client.campaigns.putAnnouncements(id, [{
   *   key: 'opening', segmentId: parents.id, channels: ['whatsapp', 'sms'],
   *   content: { text: { ru: 'Кампания началась', en: 'The campaign has begun' } },
   *   schedule: { when: { kind: 'relative', anchor: { to: 'campaign.start' }, days: 0, time: '09:00' }, zone: 'recipient' },
   * }]);
   */
  putAnnouncements(
    id: string,
    announcements: AnnouncementInput[],
    options?: PostOptions,
  ): Promise<CampaignAnnouncements> {
    return this.#http.request(
      {
        method: 'PUT',
        path: `/v1/campaigns/${segment(id)}/announcements`,
        body: { announcements },
      },
      options,
    );
  }

  /**
   * The campaign's calendar: its phases and every occurrence of its announcements between
   * `from` and `to` (default: the window with a month either side), `scheduled`, `fired`
   * (with its `broadcastId`), `missed` or `cancelled`.
   *
   * @example
   * const { occurrences } = await client.campaigns.calendar(id, { from: '2017-04-01T00:00:00Z' });
   */
  calendar(
    id: string,
    params: CalendarParams = {},
    options?: RequestOptions,
  ): Promise<CampaignCalendarView> {
    return this.#http.request(
      { method: 'GET', path: `/v1/campaigns/${segment(id)}/calendar`, query: params },
      options,
    );
  }

  /** The campaign's reminder rules. */
  reminders(id: string, options?: RequestOptions): Promise<CampaignReminders> {
    return this.#http.request(
      { method: 'GET', path: `/v1/campaigns/${segment(id)}/reminders` },
      options,
    );
  }

  /**
   * Replaces every reminder rule by key, all or nothing (`reminders_invalid` with every problem
   * and its path; `reminders_locked` once the campaign is over). Overdue pairs are escalated on
   * the channels of the first rule that reminds their item.
   *
   * @example
   * await client.campaigns.setReminders(id, { reminders: [{ key: 'deadlines', items: 'all',
   *   daysBefore: [3, 0], time: '10:00', roles: ['school_head'], channels: ['whatsapp', 'sms'] }] });
   */
  setReminders(
    id: string,
    input: CampaignRemindersInput,
    options?: PostOptions,
  ): Promise<CampaignReminders> {
    return this.#http.request(
      { method: 'PUT', path: `/v1/campaigns/${segment(id)}/reminders`, body: input },
      options,
    );
  }

  #move(id: string, move: string, options?: PostOptions): Promise<Campaign> {
    return this.#http.request(
      { method: 'POST', path: `/v1/campaigns/${segment(id)}/${move}` },
      options,
    );
  }
}
