import { z } from 'zod';
import { Id, Timestamp } from '../common/common.schema.js';
import { OrganisationKind } from '../organisation/organisation.schema.js';
import { Deadline, IsoDate, Key, LocalizedText } from './shapes.schema.js';

/**
 * The activity plan of a campaign as the API carries it (issue 12): sections of numbered
 * items, each with its responsible organisations, and a status per (item, organisation)
 * pair. The programme file names organisations by `{ id }`, `{ code }` or `{ path }`
 * ({@link OrgRef}); the API takes ids only — the file's loader resolves the others first.
 */

/** The completion forms programme documents use most; the vocabulary is free. */
export const COMPLETION_FORMS = ['info-to-ministry', 'media-publications', 'info-to-minister'];

const byAgreement = z
  .boolean()
  .default(false)
  .describe('Takes part "by agreement" ("по согласованию"): not under the owner’s authority');

/**
 * A responsible executor of a plan item: one organisation by id, or an assignment rule —
 * every organisation of a kind beneath `under` — that the hub expands when the plan is
 * written (and again each time it is written: the stored pairs follow the tree as it was then).
 *
 * @example { allOf: 'school', under: districtId }
 */
export const PlanResponsibleInput = z
  .union([
    z
      .strictObject({
        orgId: Id.describe('The responsible organisation (the owner or one beneath it)'),
        byAgreement,
      })
      .describe('One responsible organisation'),
    z
      .strictObject({
        allOf: OrganisationKind.describe('The kind of organisation, e.g. "school"'),
        under: Id.describe('Every organisation of that kind beneath this one is responsible'),
        byAgreement,
      })
      .describe('An assignment rule: every organisation of a kind beneath one'),
  ])
  .describe('A responsible executor: { orgId } or { allOf, under }');
export type PlanResponsibleInput = z.input<typeof PlanResponsibleInput>;
export type PlanResponsible = z.output<typeof PlanResponsibleInput>;

/** One numbered activity of the plan, its executors by id. */
export const PlanItemInput = z
  .strictObject({
    key: Key.describe('Stable key of the item, unique across the whole plan, e.g. "12a"'),
    number: z.string().trim().min(1).max(20).describe('The number as the document writes it'),
    title: LocalizedText.describe('The activity’s name per language'),
    completionForm: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .describe(
        'How completion is shown; free vocabulary, commonly info-to-ministry, media-publications, info-to-minister',
      ),
    deadline: Deadline,
    responsible: z
      .array(PlanResponsibleInput)
      .min(1, { error: 'name at least one responsible executor' })
      .max(50)
      .describe('The responsible executors (at least one)'),
    phase: Key.optional().describe('Key of one of the campaign’s phases'),
  })
  .describe('An activity of the plan');
export type PlanItemInput = z.input<typeof PlanItemInput>;

/** A section of the plan grouping items. */
export const PlanSectionInput = z
  .strictObject({
    key: Key.describe('The section’s stable key'),
    title: LocalizedText.describe('The section’s heading per language'),
    items: z.array(PlanItemInput).max(500).describe('The section’s items in document order'),
  })
  .describe('A section of the activity plan');
export type PlanSectionInput = z.input<typeof PlanSectionInput>;

/**
 * The whole plan, as `PUT /v1/campaigns/:id/plan` replaces it: by keys, so an item whose key
 * stays keeps its pairs' statuses.
 *
 * @example
 * { sections: [{ key: 'results', title: { en: 'Results' }, items: [{ key: '25', number: '25.',
 *   title: { en: 'Final report' }, completionForm: 'info-to-minister',
 *   deadline: { kind: 'date', by: '2017-04-30' }, responsible: [{ orgId: ministryId }] }] }] }
 */
export const PlanInput = z
  .strictObject({
    sections: z.array(PlanSectionInput).max(100).describe('The plan’s sections in order'),
  })
  .describe('An activity plan: sections of items');
export type PlanInput = z.input<typeof PlanInput>;

/** A stored executor: as given, with the organisations a rule expanded to. */
export const PlanResponsibleEntry = z.union([
  z.object({ orgId: Id, byAgreement: z.boolean() }),
  z.object({
    allOf: OrganisationKind,
    under: Id,
    byAgreement: z.boolean(),
    expandedTo: z
      .int()
      .describe('How many organisations the rule covered when the plan was last written'),
  }),
]);
export type PlanResponsibleEntry = z.infer<typeof PlanResponsibleEntry>;

/** A stored plan item. */
export const PlanItemView = z.object({
  key: Key,
  number: z.string(),
  title: z.record(z.string(), z.string()),
  completionForm: z.string(),
  deadline: Deadline,
  phase: Key.nullable(),
  responsible: z.array(PlanResponsibleEntry),
  /** How many (item, organisation) pairs it has. */
  assignmentCount: z.int(),
});
export type PlanItemView = z.infer<typeof PlanItemView>;

/** A stored plan section. */
export const PlanSectionView = z.object({
  key: Key,
  title: z.record(z.string(), z.string()),
  items: z.array(PlanItemView),
});
export type PlanSectionView = z.infer<typeof PlanSectionView>;

/** What a responsible organisation records of its work on an item. */
export const PLAN_ASSIGNMENT_STATUSES = ['planned', 'in_progress', 'done'] as const;
/** …and what a read shows: `overdue` is computed, never recorded. */
export const PLAN_ASSIGNMENT_STATES = [...PLAN_ASSIGNMENT_STATUSES, 'overdue'] as const;
export const PlanAssignmentStatus = z.enum(PLAN_ASSIGNMENT_STATUSES, {
  error: 'status must be planned, in_progress or done ("overdue" is computed from the deadline)',
});
export type PlanAssignmentStatus = z.infer<typeof PlanAssignmentStatus>;
export const PlanAssignmentState = z.enum(PLAN_ASSIGNMENT_STATES);
export type PlanAssignmentState = z.infer<typeof PlanAssignmentState>;

/**
 * An item of a plan above, as the plan of a campaign implementing it shows it (cascading
 * plans): read only — its deadline comes from above, and its statuses are recorded on the
 * campaign it comes from — with only the pairs of the implementing campaign's owner and the
 * organisations beneath it.
 */
export const InheritedPlanItem = z.object({
  campaign: z
    .object({ id: Id, key: z.string().nullable(), title: z.record(z.string(), z.string()) })
    .describe('The campaign up the `implements` chain the item belongs to'),
  key: Key,
  number: z.string(),
  title: z.record(z.string(), z.string()),
  completionForm: z.string(),
  deadline: Deadline,
  phase: Key.nullable(),
  assignments: z
    .array(
      z.object({
        orgId: Id,
        status: PlanAssignmentState,
        recordedStatus: PlanAssignmentStatus,
        overdueFor: IsoDate.nullable(),
      }),
    )
    .describe('Its pairs inside the implementing campaign owner’s subtree, by organisation id'),
});
export type InheritedPlanItem = z.infer<typeof InheritedPlanItem>;

/** A campaign's activity plan. */
export const Plan = z.object({
  campaignId: Id,
  sections: z.array(PlanSectionView),
  inherited: z
    .array(InheritedPlanItem)
    .describe(
      'Items of the campaigns it implements (nearest first) with pairs in its owner’s subtree; not part of what PUT replaces',
    ),
});
export type Plan = z.infer<typeof Plan>;

const EvidenceUrl = z
  .url({ protocol: /^https?$/, error: 'give an http(s) link, e.g. https://example.org/report' })
  .max(2000);

/**
 * A responsible organisation's report on one item: its status, and optionally a note and a
 * link to the evidence (text and links only, never media).
 *
 * @example { status: 'done', note: 'Leaflets given to 420 parents', evidenceUrl: 'https://school-17.kz/news/42' }
 */
export const PlanAssignmentPatch = z
  .strictObject({
    status: PlanAssignmentStatus,
    note: z.string().trim().max(2000).nullable().optional().describe('What was done'),
    evidenceUrl: EvidenceUrl.nullable().optional().describe('A link to the evidence'),
  })
  .describe('A status change of one (item, organisation) pair');
export type PlanAssignmentPatch = z.input<typeof PlanAssignmentPatch>;

/** One (item, organisation) pair. */
export const PlanAssignment = z.object({
  campaignId: Id,
  itemKey: Key,
  orgId: Id,
  byAgreement: z.boolean(),
  /** As shown: `overdue` when the deadline has passed in the organisation's zone and not done. */
  status: PlanAssignmentState,
  /** As recorded. */
  recordedStatus: PlanAssignmentStatus,
  /** The due date missed, in the organisation's zone, when overdue. */
  overdueFor: IsoDate.nullable(),
  note: z.string().nullable(),
  evidenceUrl: z.string().nullable(),
  updatedAt: Timestamp.nullable(),
  /** Who recorded the status: `user:<id>` or `key:<id>`; null while never changed. */
  updatedBy: z.string().nullable(),
});
export type PlanAssignment = z.infer<typeof PlanAssignment>;

/** The grid's query: a subtree, a status, a page of the organisations axis, the lineage. */
export const PlanGridQuery = z.strictObject({
  orgId: Id.optional().describe('Only organisations in this subtree (default: yours)'),
  status: PlanAssignmentState.optional().describe('Only pairs with this status as shown'),
  lineage: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value !== 'false')
    .describe(
      'Default "true": the items of the campaigns implementing this one (transitively) too, after its own; "false": its own items only',
    ),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().min(1).max(200).optional(),
});
export type PlanGridQuery = z.input<typeof PlanGridQuery>;

/** Pairs counted by status as shown. */
export const PlanCounts = z.object({
  planned: z.int(),
  in_progress: z.int(),
  done: z.int(),
  overdue: z.int(),
});
export type PlanCounts = z.infer<typeof PlanCounts>;

/** One cell of the grid. */
export const PlanGridCell = z.object({
  campaignId: Id.describe('The campaign the item belongs to (this one, or one implementing it)'),
  itemKey: Key,
  status: PlanAssignmentState,
  overdueFor: IsoDate.nullable(),
  byAgreement: z.boolean(),
  updatedAt: Timestamp.nullable(),
});
export type PlanGridCell = z.infer<typeof PlanGridCell>;

/**
 * Items × responsible organisations. Item counts cover the whole filtered subtree; the
 * organisations come a page at a time (`nextCursor`), each with its cells and counts. With
 * the lineage, the campaign's own items come first, then those of the campaigns implementing
 * it that have pairs in the subtree (nearest first, then by campaign), each tagged with its
 * campaign; an item is known by (campaign, key).
 */
export const PlanGrid = z.object({
  campaignId: Id,
  items: z.array(
    z.object({
      campaign: z
        .object({ id: Id, key: z.string().nullable(), orgId: Id })
        .describe('The campaign the item belongs to: this one, or one implementing it'),
      key: Key,
      number: z.string(),
      sectionKey: Key,
      counts: PlanCounts,
    }),
  ),
  totals: PlanCounts,
  organisations: z.array(
    z.object({
      orgId: Id,
      name: z.string(),
      kind: z.string(),
      timeZone: z.string(),
      counts: PlanCounts,
      cells: z.array(PlanGridCell),
    }),
  ),
  nextCursor: z.string().nullable(),
});
export type PlanGrid = z.infer<typeof PlanGrid>;
