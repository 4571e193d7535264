import type {
  ReportActor,
  ReportSubmission,
  ReportSubmissionVersion,
  ReportValues,
  SubmissionState,
} from '@safenet/core';
import type { Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type {
  Executor,
  ReportSubmissionsTable,
  ReportSubmissionVersionsTable,
} from './reports.tables.js';

/** Submissions, their versions and lock exceptions: the module's SQL. */

export type SubmissionRow = Selectable<ReportSubmissionsTable>;

// Rows become API records here and nowhere else.
export function toSubmission(row: SubmissionRow): ReportSubmission {
  return {
    id: row.id,
    formId: row.form_id,
    periodKey: row.period_key,
    orgId: row.org_id,
    state: row.state,
    values: row.values,
    version: row.version,
    firstSubmittedAt: row.first_submitted_at?.toISOString() ?? null,
    submittedAt: row.submitted_at?.toISOString() ?? null,
    onTime: row.on_time,
    updatedAt: row.updated_at.toISOString(),
    updatedBy: row.updated_by,
  };
}

export function toVersion(row: Selectable<ReportSubmissionVersionsTable>): ReportSubmissionVersion {
  return {
    version: row.version,
    state: row.state,
    values: row.values,
    changed: row.changed,
    comment: row.comment,
    at: row.at.toISOString(),
    by: row.by,
  };
}

export type SubmissionKey = { formId: string; periodKey: string; orgId: string };

/** The current submission of (form, period, organisation), or undefined. */
export function submissionRow(
  db: Executor,
  key: SubmissionKey,
): Promise<SubmissionRow | undefined> {
  return db
    .selectFrom('report_submissions')
    .selectAll()
    .where('form_id', '=', key.formId)
    .where('period_key', '=', key.periodKey)
    .where('org_id', '=', key.orgId)
    .executeTakeFirst();
}

/**
 * The current submission of (form, period, organisation), created empty (version 0, never
 * seen outside this transaction unless written) when there is none, and locked until the
 * transaction ends: two writers of one submission take turns, the second reading what the
 * first wrote. `fresh` when it was just created.
 */
export async function lockSubmission(
  db: Executor,
  key: SubmissionKey,
  now: Date,
  by: ReportActor,
): Promise<{ row: SubmissionRow; fresh: boolean }> {
  const inserted = await db
    .insertInto('report_submissions')
    .values({
      id: uuidv7(),
      form_id: key.formId,
      period_key: key.periodKey,
      org_id: key.orgId,
      state: 'draft',
      values: JSON.stringify({}),
      version: 0,
      updated_at: now,
      updated_by: JSON.stringify(by),
    })
    .onConflict((oc) => oc.columns(['form_id', 'period_key', 'org_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  const row = await db
    .selectFrom('report_submissions')
    .selectAll()
    .where('form_id', '=', key.formId)
    .where('period_key', '=', key.periodKey)
    .where('org_id', '=', key.orgId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return { row, fresh: inserted !== undefined };
}

/** Writes a submission's next version: the current row, and the version appended. */
export async function writeVersion(
  db: Executor,
  current: SubmissionRow,
  next: {
    state: SubmissionState;
    values: ReportValues;
    changed: string[];
    firstSubmittedAt: Date | null;
    submittedAt: Date | null;
    onTime: boolean | null;
    at: Date;
    by: ReportActor;
    comment?: string | null;
  },
): Promise<SubmissionRow> {
  const version = current.version + 1;
  const row = await db
    .updateTable('report_submissions')
    .set({
      state: next.state,
      values: JSON.stringify(next.values),
      version,
      first_submitted_at: next.firstSubmittedAt,
      submitted_at: next.submittedAt,
      on_time: next.onTime,
      updated_at: next.at,
      updated_by: JSON.stringify(next.by),
    })
    .where('id', '=', current.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await db
    .insertInto('report_submission_versions')
    .values({
      submission_id: current.id,
      version,
      state: next.state,
      values: JSON.stringify(next.values),
      changed: next.changed,
      comment: next.comment ?? null,
      at: next.at,
      by: JSON.stringify(next.by),
    })
    .execute();
  return row;
}

/** A submission's versions, oldest first. */
export async function versionsOf(db: Executor, submissionId: string) {
  const rows = await db
    .selectFrom('report_submission_versions')
    .selectAll()
    .where('submission_id', '=', submissionId)
    .orderBy('version')
    .execute();
  return rows.map(toVersion);
}

// --- Exceptions ---

export function exceptionRow(db: Executor, key: SubmissionKey) {
  return db
    .selectFrom('report_exceptions')
    .selectAll()
    .where('form_id', '=', key.formId)
    .where('period_key', '=', key.periodKey)
    .where('org_id', '=', key.orgId)
    .executeTakeFirst();
}

export function upsertException(
  db: Executor,
  key: SubmissionKey,
  until: Date,
  now: Date,
  by: ReportActor,
) {
  return db
    .insertInto('report_exceptions')
    .values({
      form_id: key.formId,
      period_key: key.periodKey,
      org_id: key.orgId,
      until,
      granted_at: now,
      granted_by: JSON.stringify(by),
    })
    .onConflict((oc) =>
      oc.columns(['form_id', 'period_key', 'org_id']).doUpdateSet({
        until,
        granted_at: now,
        granted_by: JSON.stringify(by),
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteException(db: Executor, key: SubmissionKey): Promise<boolean> {
  const result = await db
    .deleteFrom('report_exceptions')
    .where('form_id', '=', key.formId)
    .where('period_key', '=', key.periodKey)
    .where('org_id', '=', key.orgId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
