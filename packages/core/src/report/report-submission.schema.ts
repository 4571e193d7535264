import { z } from 'zod';
import { Id, Timestamp } from '../common/common.schema.js';

/**
 * One organisation's answers to a form for one period. Values are keyed by field key; which
 * values are valid depends on the form, so the API checks them with the schema
 * `reportValuesSchema(form)` builds, not with this generic record.
 */

/** The answers of a submission, by field key (checked against the form). */
export const ReportValues = z
  .record(z.string(), z.unknown())
  .describe('Answers by field key; checked against the form’s fields');
export type ReportValues = Record<string, unknown>;

/**
 * A submission's state. `draft`: saved, not submitted (does not count); `submitted`: counts
 * in every roll-up; `returned`: sent back by a level above with a comment (still counts, and
 * may be changed even after the lock); `approved`: approved by a level above (locked).
 */
export const SUBMISSION_STATES = ['draft', 'submitted', 'returned', 'approved'] as const;
export const SubmissionState = z.enum(SUBMISSION_STATES);
export type SubmissionState = z.infer<typeof SubmissionState>;

/**
 * Who wrote a version: a person, an API key, or a contact through a signed link. `hub` is the
 * hub itself, for what it does on a form's behalf (the link a nudge carries): its id is the
 * form's.
 */
export const ReportActor = z.object({
  kind: z.enum(['user', 'key', 'link', 'hub']),
  id: Id.describe('The person’s, the key’s or the link’s id; the form’s for the hub'),
});
export type ReportActor = z.infer<typeof ReportActor>;

/**
 * Writing an organisation's answers for a period: saved as a draft, or submitted (the
 * default). A submission replaces the current one; every earlier version is kept.
 *
 * @example { values: { assemblies: 212, class_hours: 1480 }, state: 'submitted' }
 */
export const ReportSubmissionInput = z
  .strictObject({
    values: ReportValues,
    state: z
      .enum(['draft', 'submitted'])
      .default('submitted')
      .describe('draft: save without submitting; submitted: counts in the roll-up'),
  })
  .describe('An organisation’s answers for one period');
export type ReportSubmissionInput = z.input<typeof ReportSubmissionInput>;

/** The current submission of (form, period, organisation). */
export const ReportSubmission = z.object({
  id: Id,
  formId: Id,
  periodKey: z.string(),
  orgId: Id,
  state: SubmissionState,
  values: ReportValues,
  version: z.int().min(1).describe('1 for the first write; every write adds one'),
  firstSubmittedAt: Timestamp.nullable().describe('When it was first submitted (not drafted)'),
  submittedAt: Timestamp.nullable().describe('When the current version was submitted'),
  onTime: z
    .boolean()
    .nullable()
    .describe('The first submission came before the due date ended in the organisation’s zone'),
  updatedAt: Timestamp,
  updatedBy: ReportActor,
});
export type ReportSubmission = z.infer<typeof ReportSubmission>;

/** One kept version of a submission: who wrote what, when, and which fields changed. */
export const ReportSubmissionVersion = z.object({
  version: z.int().min(1),
  state: SubmissionState,
  values: ReportValues,
  changed: z
    .array(z.string())
    .describe('Keys of the fields whose value differs from the version before'),
  comment: z.string().nullable().describe('A return’s or an approval’s comment'),
  at: Timestamp,
  by: ReportActor,
});
export type ReportSubmissionVersion = z.infer<typeof ReportSubmissionVersion>;
