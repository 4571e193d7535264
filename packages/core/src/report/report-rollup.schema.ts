import { z } from 'zod';
import { Id } from '../common/common.schema.js';
import { OrganisationKind } from '../organisation/organisation.schema.js';

/**
 * A roll-up: for an organisation, the sum of its subtree's current submissions (itself
 * included) per field, and its subtree's completeness against the expected set. Drafts never
 * count; submissions of organisations that were not expected count in the totals (they are
 * data) but not in the rates.
 */

/** One answer of one organisation, for the fields that are listed rather than summed. */
const Listed = z.object({ orgId: Id, value: z.unknown() });

/** The roll-up of one field, by its type. */
export const FieldTotal = z.discriminatedUnion('type', [
  z.object({
    type: z.enum(['count', 'number']),
    sum: z.number().describe('The sum of the answers'),
    answered: z.int().describe('How many submissions answered it'),
  }),
  z.object({
    type: z.literal('yesNo'),
    yes: z.int().describe('How many answered yes'),
    answered: z.int().describe('How many answered at all'),
  }),
  z.object({
    type: z.literal('choice'),
    counts: z.record(z.string(), z.int()).describe('How many chose each option, by option key'),
    answered: z.int(),
  }),
  z.object({
    type: z.enum(['date', 'text', 'longText']),
    values: z.array(Listed).describe('Every answer, with who gave it'),
  }),
  z.object({
    type: z.literal('group'),
    rows: z
      .array(z.object({ orgId: Id, row: z.record(z.string(), z.unknown()) }))
      .describe('Every row of every submission, with who gave it'),
  }),
]);
export type FieldTotal = z.infer<typeof FieldTotal>;

/**
 * Completeness of a subtree: who was expected, who submitted, who on time. Rates are shares
 * of the expected set (0–1, never above 1); null when nobody is expected.
 */
export const Completeness = z.object({
  expected: z.int().describe('Organisations of the subtree the assignment expects'),
  submitted: z.int().describe('Expected organisations with a current submission (not a draft)'),
  onTime: z
    .int()
    .describe('Expected organisations whose first submission came before the due date'),
  reportingRate: z.number().min(0).max(1).nullable().describe('submitted ÷ expected'),
  onTimeRate: z.number().min(0).max(1).nullable().describe('onTime ÷ expected'),
  missing: z.array(Id).describe('Expected organisations without a current submission'),
});
export type Completeness = z.infer<typeof Completeness>;

/** What an organisation itself stands at: expected or not, and its own submission's state. */
export const OwnReportStatus = z.enum([
  'not_expected',
  'missing',
  'draft',
  'submitted',
  'returned',
  'approved',
]);
export type OwnReportStatus = z.infer<typeof OwnReportStatus>;

/** The roll-up of one organisation's subtree. */
export const RollUpNode = z.object({
  orgId: Id,
  name: z.string(),
  kind: OrganisationKind,
  parentId: Id.nullable(),
  own: OwnReportStatus,
  ownOnTime: z
    .boolean()
    .nullable()
    .describe(
      'Whether the organisation’s own first submission came before the due date; null without a counted submission',
    ),
  totals: z.record(z.string(), FieldTotal).describe('By field key'),
  completeness: Completeness,
});
export type RollUpNode = z.infer<typeof RollUpNode>;
