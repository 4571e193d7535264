import { z } from 'zod';
import { Id, PageQuery, Timestamp, TimeZone } from '../common/common.schema.js';
import type { FieldError } from '../errors.js';
import { LocalizedText } from '../locale/language.schema.js';
import { formatPath, programmeProblems } from './programme.checks.js';
import { IsoDate, Key, Phase } from './shapes.schema.js';
import { Target } from './target.schema.js';

/** The statuses of a campaign's lifecycle (`lifecycle.ts` says which moves are allowed). */
export const CAMPAIGN_STATUSES = [
  'draft',
  'scheduled',
  'active',
  'completed',
  'archived',
  'cancelled',
] as const;
export const CampaignStatus = z
  .enum(CAMPAIGN_STATUSES)
  .describe(
    'draft → scheduled → active → completed → archived; cancelled from draft, scheduled or active',
  );
export type CampaignStatus = z.infer<typeof CampaignStatus>;

/**
 * An organiser of a campaign: an organisation of the tree, in the owner's subtree or above
 * it (a ministry campaign names the ministry itself; a school's plan may name its district).
 */
export const CampaignOrganiser = z
  .strictObject({
    orgId: Id.describe('The organising organisation: the owner, one beneath it or one above it'),
    byAgreement: z
      .boolean()
      .default(false)
      .describe('Takes part "by agreement" ("по согласованию"): not under the owner’s authority'),
  })
  .describe('An organiser of the campaign, an organisation of the tree');
export type CampaignOrganiser = z.infer<typeof CampaignOrganiser>;

/** The document a campaign comes from, e.g. Đắk Lắk's plan 160/KH-UBND of 16 August 2022. */
export const CampaignDocument = z
  .strictObject({
    number: z.string().trim().min(1).max(100).optional().describe('e.g. "160/KH-UBND"'),
    date: IsoDate.optional().describe('The document’s date'),
    url: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional()
      .describe('Where to read it'),
  })
  .describe('The document the campaign comes from');
export type CampaignDocument = z.infer<typeof CampaignDocument>;

const title = z
  .union([z.string().trim().min(1).max(300), LocalizedText])
  .describe(
    'The title per language, e.g. { "ru": "Безопасный интернет", "en": "Safe Internet" }; a plain string is stored in the owner organisation’s default language',
  );

/** The fields of a campaign a client writes, each as create and PATCH take it. */
const fields = {
  key: Key.describe('The programme file’s stable key, unique in the owner organisation'),
  title,
  goal: LocalizedText.describe('The campaign’s goal per language'),
  description: z.string().trim().max(5000),
  startsOn: IsoDate.describe('The first day, in the campaign’s time zone'),
  endsOn: IsoDate.describe('The last day, in the campaign’s time zone'),
  timeZone: TimeZone.describe('The IANA zone the campaign’s days are read in, e.g. Asia/Almaty'),
  phases: z
    .array(Phase)
    .max(20)
    .describe('The phases, in date order, inside the window, not overlapping'),
  organisers: z.array(CampaignOrganiser).max(50).describe('Organisers: organisations of the tree'),
  partners: z
    .array(z.string().trim().min(1).max(300))
    .max(50)
    .describe('Partners outside the tree, as free text (NGOs, media)'),
  targets: z.array(Target).max(50).describe('Named targets, stored and shown'),
  document: CampaignDocument,
  implementsCampaignId: Id.describe(
    'The campaign of an organisation above the owner that this one carries out (cascading plans)',
  ),
};

/**
 * The rules across a campaign's fields, as the programme file checks them
 * (`programme.checks.ts`): the window not inverted, phases inside it, in order and not
 * overlapping, phase and target keys unique; each organiser named once. Field codes:
 * `dates_inverted`, `outside_window`, `phases_out_of_order`, `phases_overlap`, `duplicate_key`.
 */
export function campaignProblems(campaign: CampaignShape): FieldError[] {
  const { startsOn, endsOn, phases, targets } = campaign;
  const problems = programmeProblems({ startsOn, endsOn, phases, targets }).map((problem) => ({
    path: formatPath(problem.path).replace(/\[(\d+)\]/g, '.$1'),
    code: problem.code,
    message: problem.message,
  }));
  const seen = new Set<unknown>();
  (Array.isArray(campaign.organisers) ? campaign.organisers : []).forEach((organiser, index) => {
    const orgId = (organiser as { orgId?: unknown } | null)?.orgId;
    if (typeof orgId !== 'string') return;
    if (seen.has(orgId)) {
      problems.push({
        path: `organisers.${index}.orgId`,
        code: 'duplicate_key',
        message: `the organisation ${orgId} is already an organiser: name each organiser once`,
      });
    }
    seen.add(orgId);
  });
  return problems;
}

/** What {@link campaignProblems} reads of a campaign, raw. */
interface CampaignShape {
  startsOn: unknown;
  endsOn: unknown;
  phases?: unknown;
  targets?: unknown;
  organisers?: unknown;
}

function refineCampaign(campaign: CampaignShape, ctx: z.RefinementCtx): void {
  for (const problem of campaignProblems(campaign)) {
    ctx.addIssue({
      code: 'custom',
      path: problem.path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part)),
      message: problem.message,
      params: { code: problem.code },
    });
  }
}

/**
 * An awareness campaign such as Kazakhstan's "Safe Internet" (10–21 April 2017), created as a
 * draft. Broadcasts may belong to one.
 *
 * @example
 * { orgId, key: 'safe-internet-2017', title: { ru: 'Безопасный интернет', en: 'Safe Internet' },
 *   startsOn: '2017-04-10', endsOn: '2017-04-21', timeZone: 'Asia/Almaty',
 *   phases: [{ key: 'main', title: { en: 'Main' }, startsOn: '2017-04-10', endsOn: '2017-04-21' }],
 *   organisers: [{ orgId: ministryId }], partners: ['National Parents’ Association'] }
 */
export const CampaignInput = z
  .strictObject({
    orgId: Id.describe('The owner organisation'),
    key: fields.key.optional(),
    title: fields.title,
    goal: fields.goal.optional(),
    description: fields.description.optional(),
    startsOn: fields.startsOn,
    endsOn: fields.endsOn,
    timeZone: fields.timeZone,
    phases: fields.phases.default([]),
    organisers: fields.organisers.default([]),
    partners: fields.partners.default([]),
    targets: fields.targets.default([]),
    document: fields.document.optional(),
    implementsCampaignId: fields.implementsCampaignId.nullable().optional(),
  })
  .superRefine(refineCampaign);
export type CampaignInput = z.input<typeof CampaignInput>;

/**
 * A change to a campaign: the fields given replace the stored ones (`null` clears an optional
 * one). What may change depends on the status (core's `editProblems`); the whole record after
 * the change must still hold together (dates, phases).
 *
 * @example
 * { endsOn: '2017-04-28', phases: [{ key: 'results', title: { en: 'Results' }, startsOn: '2017-04-22', endsOn: '2017-04-28' }] }
 */
export const CampaignPatch = z
  .strictObject({
    key: fields.key.nullable().optional(),
    title: fields.title.optional(),
    goal: fields.goal.nullable().optional(),
    description: fields.description.nullable().optional(),
    startsOn: fields.startsOn.optional(),
    endsOn: fields.endsOn.optional(),
    timeZone: fields.timeZone.optional(),
    phases: fields.phases.optional(),
    organisers: fields.organisers.optional(),
    partners: fields.partners.optional(),
    targets: fields.targets.optional(),
    document: fields.document.nullable().optional(),
    implementsCampaignId: fields.implementsCampaignId.nullable().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, {
    message: 'change at least one field',
  });
export type CampaignPatch = z.input<typeof CampaignPatch>;

/** `GET /v1/campaigns`: a page, filtered. */
export const CampaignListQuery = PageQuery.extend({
  status: CampaignStatus.optional().describe(
    'Only campaigns in this status, as the calendar has it now',
  ),
  orgId: Id.optional().describe('Only campaigns of this organisation’s subtree; default: yours'),
  q: z
    .string()
    .trim()
    .min(1)
    .max(300)
    .optional()
    .describe('Only campaigns whose title starts with this, in any language, ignoring case'),
});
export type CampaignListQuery = z.input<typeof CampaignListQuery>;
export type CampaignListFilters = Omit<z.output<typeof CampaignListQuery>, 'limit' | 'cursor'>;

/** A campaign as the API returns it. */
export const Campaign = z.object({
  id: Id,
  orgId: Id,
  key: z.string().nullable(),
  title: LocalizedText,
  goal: LocalizedText.nullable(),
  description: z.string().nullable(),
  startsOn: z.string(),
  endsOn: z.string(),
  timeZone: z.string(),
  status: CampaignStatus.describe(
    'As the calendar has it at the moment of reading, in the campaign’s time zone',
  ),
  phases: z.array(Phase),
  organisers: z.array(z.object({ orgId: Id, byAgreement: z.boolean() })),
  partners: z.array(z.string()),
  targets: z.array(Target),
  document: CampaignDocument.nullable(),
  implementsCampaignId: Id.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  createdBy: Id.nullable().describe('The person who created it; null when an API key did'),
});
export type Campaign = z.infer<typeof Campaign>;
