import { z } from 'zod';
import { OrganisationKind } from '../organisation/organisation.schema.js';
import { Key, LocalizedText } from './shapes.schema.js';

/**
 * How a report measures a campaign's target (issue 13): a formula over one report form of the
 * campaign, named by the form's key, and the form's expected set. The form may be created
 * after the campaign, so a file only checks the formula's own sense (a goal of the right kind:
 * `programme.checks.ts`); whether the form, its fields and options exist and fit is read when
 * the target is measured, and a formula that does not fit measures as `unmeasurable` with the
 * reason.
 */

/** The answer an organisation must give for a share target to count it. */
export const TargetCondition = z
  .union([
    z
      .strictObject({
        atLeast: z.number().describe('The answer is at least this (count and number fields)'),
      })
      .describe('A count or number at least n, e.g. { atLeast: 1 }'),
    z
      .strictObject({ is: z.boolean().describe('The yes/no answer') })
      .describe('A yes/no answer, e.g. { is: true }'),
    z
      .strictObject({
        oneOf: z
          .array(Key)
          .min(1)
          .max(50)
          .describe('Option keys; any of them chosen meets it (choice fields)'),
      })
      .describe('A choice of one of these options'),
  ])
  .describe('When an organisation’s answer meets the target: { atLeast }, { is } or { oneOf }');
export type TargetCondition = z.infer<typeof TargetCondition>;

const formKey = Key.describe('The key of a report form of the campaign');
const fieldKey = (what: string) => Key.describe(what);

/**
 * @example { kind: 'share', form: 'nguyen-binh-khiem-2022-2023', field: 'extracurricular_sessions', when: { atLeast: 1 } }
 * @example { kind: 'ratio', form: 'nguyen-binh-khiem-2022-2023', numerator: 'students_reached', denominator: 'students_enrolled' }
 * @example { kind: 'total', form: 'nguyen-binh-khiem-2022-2023', field: 'staff_trained' }
 */
export const TargetFormula = z
  .discriminatedUnion(
    'kind',
    [
      z
        .strictObject({
          kind: z.literal('share'),
          form: formKey,
          field: fieldKey('The field read of each organisation’s submission'),
          when: TargetCondition,
        })
        .describe(
          'The share of the EXPECTED organisations (of `measure.of` when given) whose answer meets `when`; one that has not reported does not meet it. Goal: `measure.percent`',
        ),
      z
        .strictObject({
          kind: z.literal('ratio'),
          form: formKey,
          numerator: fieldKey('The count or number field summed above the line'),
          denominator: fieldKey('The count or number field summed below the line'),
        })
        .describe(
          'The sum of one field ÷ the sum of another over the subtree’s submissions, e.g. pupils reached ÷ enrolled. Goal: `measure.percent`',
        ),
      z
        .strictObject({
          kind: z.literal('total'),
          form: formKey,
          field: fieldKey('The count or number field summed'),
        })
        .describe('The sum of a field over the subtree’s submissions. Goal: `goal`'),
    ],
    {
      error: (issue: { code: string }) =>
        issue.code === 'invalid_union' ? '"kind" must be one of share, ratio, total' : undefined,
    },
  )
  .describe('How a report measures the target');
export type TargetFormula = z.infer<typeof TargetFormula>;

/**
 * A named target, e.g. "100% of schools run awareness programmes", measured by a report when
 * it has a `formula`: a share or ratio against `measure.percent`, a total against `goal`.
 *
 * @example { key: 'schools-run-programmes', title: { en: '100% of schools run programmes' }, measure: { percent: 100, of: 'school' }, formula: { kind: 'share', form: 'school-report', field: 'sessions_held', when: { atLeast: 1 } } }
 */
export const Target = z
  .strictObject({
    key: Key.describe('The target’s stable key'),
    title: LocalizedText.describe('The target as the document states it'),
    measure: z
      .strictObject({
        percent: z.number().min(0).max(100).describe('The share to reach, 0–100'),
        of: OrganisationKind.optional().describe(
          'Of which organisations, e.g. "school"; a share formula counts only expected organisations of this kind',
        ),
      })
      .optional()
      .describe(
        'What is measured: a percentage (of organisations of a kind); the goal of a share or ratio',
      ),
    formula: TargetFormula.optional(),
    goal: z
      .number()
      .min(0)
      .optional()
      .describe('The number a total formula must reach, e.g. 500 staff trained'),
  })
  .describe(
    'A target of the programme, stored and shown, measured by a report when it has a formula',
  );
export type Target = z.infer<typeof Target>;
