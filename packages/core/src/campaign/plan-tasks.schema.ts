import { z } from 'zod';
import { Id, PageQuery, Timestamp } from '../common/common.schema.js';
import { LocalizedText } from '../locale/language.schema.js';
import { CampaignStatus } from './campaign.schema.js';
import { PlanAssignmentState, PlanAssignmentStatus } from './plan.schema.js';
import { Deadline, IsoDate, Key } from './shapes.schema.js';

/**
 * "Our tasks" (issue 12): the (item, organisation) pairs of an organisation's subtree across
 * every campaign that is neither archived nor cancelled — what a school must do, whoever's
 * plan it comes from (its ministry's, its province's, its own).
 */

/**
 * `GET /v1/plan-assignments`: a subtree, filters, a page.
 *
 * @example { status: 'overdue', dueBefore: '2017-05-01', limit: 50 }
 */
export const PlanTaskQuery = PageQuery.extend({
  orgId: Id.optional().describe('Only pairs of organisations in this subtree (default: yours)'),
  status: PlanAssignmentState.optional().describe(
    'Only pairs with this status as shown (`overdue` included)',
  ),
  campaignId: Id.optional().describe('Only pairs of this campaign'),
  dueBefore: IsoDate.optional().describe(
    'Only pairs due before this day (their `dueOn` is earlier); ongoing ones and those with no due date left are left out',
  ),
});
export type PlanTaskQuery = z.input<typeof PlanTaskQuery>;

/**
 * One pair as an organisation's list of tasks shows it: the campaign and item it belongs to,
 * the organisation, its status as shown and recorded, and when it is due.
 */
export const PlanTask = z.object({
  campaign: z
    .object({
      id: Id,
      key: z.string().nullable(),
      title: LocalizedText,
      ownerOrgId: Id,
      status: CampaignStatus.describe('As the calendar has it at the moment of reading'),
    })
    .describe('The campaign whose plan holds the item'),
  item: z.object({
    key: Key,
    number: z.string(),
    title: z.record(z.string(), z.string()),
    deadline: Deadline,
    completionForm: z.string(),
  }),
  orgId: Id,
  orgName: z.string(),
  byAgreement: z.boolean(),
  status: PlanAssignmentState.describe(
    'As shown: `overdue` once a due date’s day has ended in the organisation’s zone without the work done',
  ),
  recordedStatus: PlanAssignmentStatus,
  overdueFor: IsoDate.nullable().describe('The due date missed, when overdue'),
  nextDue: IsoDate.nullable().describe(
    'The first due date whose day has not ended in the organisation’s zone; null for an ongoing item or when none is left',
  ),
  dueOn: IsoDate.nullable().describe(
    'What the list is sorted by: `overdueFor` when overdue, else `nextDue`',
  ),
  note: z.string().nullable(),
  evidenceUrl: z.string().nullable(),
  updatedAt: Timestamp.nullable(),
});
export type PlanTask = z.infer<typeof PlanTask>;
