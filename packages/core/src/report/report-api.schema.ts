import { z } from 'zod';
import { IsoDate } from '../campaign/shapes.schema.js';
import { Id, PageQuery, Timestamp } from '../common/common.schema.js';
import { Role } from '../contact/contact.schema.js';
import { Language, LanguageCode } from '../locale/language.schema.js';
import { OrganisationKind } from '../organisation/organisation.schema.js';
import { ReportAssignee, ReportPeriod } from './report-form.schema.js';
import { RollUpNode } from './report-rollup.schema.js';
import { ReportActor } from './report-submission.schema.js';

/**
 * The hub's answers and queries around report forms (issue 13) that are not the form, the
 * submission or the roll-up node themselves: what `/v1/report-forms/…` takes and gives.
 */

/** `GET /v1/report-forms`: the forms you may see, a page at a time. */
export const ReportFormListQuery = PageQuery.extend({
  campaignId: Id.optional().describe('Only the forms of this campaign'),
  orgId: Id.optional().describe('Only the forms this organisation owns'),
});
export type ReportFormListQuery = z.input<typeof ReportFormListQuery>;

/** A form's assignment as stored, with how many organisations it expects in the tree now. */
export const ReportAssignment = z.object({
  formId: Id,
  assignees: z.array(ReportAssignee),
  expected: z
    .int()
    .min(0)
    .describe('Organisations the assignment expects, read against the tree now'),
});
export type ReportAssignment = z.infer<typeof ReportAssignment>;

/** `GET /v1/report-forms/:id/periods`: the dates asked for (default: up to today). */
export const ReportPeriodsQuery = z.strictObject({
  from: IsoDate.optional().describe('First day of the range (default: the schedule’s start)'),
  until: IsoDate.optional().describe(
    'Last day of the range (default: the schedule’s end, or today for an open-ended one)',
  ),
});
export type ReportPeriodsQuery = z.input<typeof ReportPeriodsQuery>;

export const ReportPeriods = z.object({ formId: Id, periods: z.array(ReportPeriod) });
export type ReportPeriods = z.infer<typeof ReportPeriods>;

/** Letting one organisation submit or change its report after the lock, until `until`. */
export const ReportExceptionInput = z
  .strictObject({ until: Timestamp.describe('The instant the exception ends') })
  .describe('An exception to a period’s lock for one organisation');
export type ReportExceptionInput = z.input<typeof ReportExceptionInput>;

export const ReportException = z.object({
  formId: Id,
  periodKey: z.string(),
  orgId: Id,
  until: Timestamp,
  grantedAt: Timestamp,
  grantedBy: ReportActor,
});
export type ReportException = z.infer<typeof ReportException>;

/** `GET …/rollup`: the organisation whose subtree to roll up, and the level of its rows. */
export const ReportRollUpQuery = z.strictObject({
  orgId: Id.optional().describe(
    'The organisation rolled up (default: yours, or the form’s owner when you are above it)',
  ),
  level: OrganisationKind.optional().describe(
    'One row per organisation of this kind in the subtree (default: its children)',
  ),
});
export type ReportRollUpQuery = z.input<typeof ReportRollUpQuery>;

/** A roll-up: the organisation's node and one row per organisation at the level asked. */
export const ReportRollUp = z.object({
  formId: Id,
  period: ReportPeriod,
  node: RollUpNode,
  rows: z.array(RollUpNode),
});
export type ReportRollUp = z.infer<typeof ReportRollUp>;

/** `GET …/missing`: whose subtree. */
export const ReportMissingQuery = ReportRollUpQuery.pick({ orgId: true });
export type ReportMissingQuery = z.input<typeof ReportMissingQuery>;

/** A contact who answers for an organisation's report (never a parent). */
export const ReportContact = z.object({
  id: Id,
  displayName: z.string().nullable(),
  role: Role,
  language: LanguageCode,
  addresses: z.record(z.string(), z.string()),
});
export type ReportContact = z.infer<typeof ReportContact>;

/** Who has not submitted, with the people to ask. */
export const ReportMissing = z.object({
  formId: Id,
  period: ReportPeriod,
  orgId: Id.describe('The organisation whose subtree was read'),
  missing: z.array(
    z.object({
      orgId: Id,
      name: z.string(),
      kind: OrganisationKind,
      code: z.string().nullable(),
      contacts: z.array(ReportContact).describe('Its people, parents excepted'),
    }),
  ),
});
export type ReportMissing = z.infer<typeof ReportMissing>;

/** `GET …/export`: the roll-up as a file. */
export const ReportExportQuery = ReportRollUpQuery.extend({
  format: z.literal('csv').default('csv').describe('csv (XLSX comes later)'),
  language: Language.optional().describe(
    'The language of the headers and statuses (default: the organisation’s)',
  ),
});
export type ReportExportQuery = z.input<typeof ReportExportQuery>;
