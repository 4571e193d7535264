import { z } from 'zod';
import { Key } from '../campaign/shapes.schema.js';
import { TargetFormula } from '../campaign/target.schema.js';
import { Id } from '../common/common.schema.js';
import { LocalizedText } from '../locale/language.schema.js';

/**
 * A campaign's targets as a report measures them for one organisation's subtree (issue 13):
 * each with its value, goal, whether it is met, and the completeness it stands on, so a share
 * can never read as 100 % while schools have not reported.
 */

/** Why a target with a formula could not be measured; `docs/reference/campaign-file.md` lists them. */
export const UNMEASURABLE_CODES = [
  'form_not_found',
  'form_ambiguous',
  'unknown_field',
  'wrong_field_type',
  'unknown_option',
  'no_period',
  'nobody_expected',
  'zero_denominator',
] as const;
export const UnmeasurableCode = z.enum(UNMEASURABLE_CODES);
export type UnmeasurableCode = z.infer<typeof UnmeasurableCode>;

/** The completeness a measure stands on: the expected set it reads and who of it reported. */
export const TargetCompleteness = z.object({
  expected: z.int().describe('Expected organisations of the subtree (of `measure.of` for a share)'),
  submitted: z.int().describe('Of them, those with a current submission (not a draft)'),
  reportingRate: z.number().min(0).max(1).nullable().describe('submitted ÷ expected; null: none'),
});
export type TargetCompleteness = z.infer<typeof TargetCompleteness>;

/** One target, measured or not. */
export const TargetMeasure = z.object({
  key: Key,
  title: LocalizedText,
  formula: TargetFormula.nullable().describe('null: the target has no formula'),
  measured: z.boolean().describe('false: no formula, or the formula could not be measured'),
  unmeasurable: z
    .object({ code: UnmeasurableCode, message: z.string() })
    .nullable()
    .describe('Why a formula could not be measured; null when measured or without formula'),
  formId: Id.nullable().describe('The form the formula read'),
  periodKey: z.string().nullable().describe('The period read, e.g. "2022-2023" or "once"'),
  value: z
    .number()
    .nullable()
    .describe('share and ratio: 0–1 (a ratio is above 1 when the answers say so); total: the sum'),
  goal: z
    .number()
    .nullable()
    .describe('share and ratio: measure.percent ÷ 100; total: goal; null without one'),
  met: z.boolean().nullable().describe('value ≥ goal; null when not measured or without goal'),
  completeness: TargetCompleteness.nullable(),
});
export type TargetMeasure = z.infer<typeof TargetMeasure>;

/** `GET /v1/campaigns/:id/targets` query. */
export const CampaignTargetsQuery = z.strictObject({
  orgId: Id.optional().describe('Whose subtree is measured; default: your organisation'),
  periodKey: z
    .string()
    .min(1)
    .max(20)
    .optional()
    .describe(
      'The period of every form read; default: each form’s period containing today (its latest before today), or `once`',
    ),
});
export type CampaignTargetsQuery = z.input<typeof CampaignTargetsQuery>;

/** `GET /v1/campaigns/:id/targets` response. */
export const CampaignTargets = z.object({
  campaignId: Id,
  orgId: Id.describe('The organisation whose subtree was measured'),
  items: z.array(TargetMeasure).describe('The campaign’s targets in the file’s order'),
});
export type CampaignTargets = z.infer<typeof CampaignTargets>;
