import {
  changedFields,
  type FieldError,
  periodInstants,
  type ReportActor,
  type ReportPeriod,
  type ReportSubmission,
  type ReportSubmissionInput,
  type ReportSubmissionVersion,
  type ReportValues,
  reportValuesSchema,
  SafenetError,
} from '@safenet/core';
import type { z } from 'zod';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { notFound } from '../../platform/tenancy/lookups.js';
import { assertNotApproved } from './report-approval.lock.js';
import { appendAudit } from './report-audit.js';
import { settleOverdue } from './report-nudges.settle.js';
import { orgInSubtree, periodOf, type ReportsDeps, visibleForm } from './reports.access.js';
import { type FormWithOwner, isExpected, type orgOf } from './reports.store.js';
import {
  exceptionRow,
  lockSubmission,
  type SubmissionKey,
  type SubmissionRow,
  submissionRow,
  toSubmission,
  versionsOf,
  writeVersion,
} from './reports.submissions.store.js';
import { type Executor, own } from './reports.tables.js';

/** Writing an organisation's report for a period, and reading it and its versions. */

/** The actor as a report's versions record it. */
export function reportActor(auth: AuthContext): ReportActor {
  return auth.actor.kind === 'user'
    ? { kind: 'user', id: auth.actor.userId }
    : { kind: 'key', id: auth.actor.apiKeyId };
}

/** The answers as the form reads them, or 400 `report_values_invalid` with every problem. */
export function checkValues(
  fields: Parameters<typeof reportValuesSchema>[0],
  values: ReportValues,
  draft: boolean,
): ReportValues {
  const parsed = reportValuesSchema(fields, { draft }).safeParse(values);
  if (parsed.success) return parsed.data;
  const errors: FieldError[] = parsed.error.issues.map((issue) => {
    const own = (issue as { params?: { code?: unknown } }).params?.code;
    return {
      path: ['values', ...issue.path.map(String)].join('.'),
      code: typeof own === 'string' ? own : 'report_values_invalid',
      message: issue.message,
    };
  });
  throw new SafenetError(
    'report_values_invalid',
    `Fix the answers: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
    { errors },
  );
}

/**
 * Whether the period is locked for this organisation at `now`: its lock date has ended in the
 * organisation's zone and it holds no live exception. A returned submission may be changed
 * after the lock (that is what a return is for).
 */
export async function lockedAt(
  db: Executor,
  key: SubmissionKey,
  period: ReportPeriod,
  timeZone: string,
  now: Date,
): Promise<Date | null> {
  const { locksAt } = periodInstants(period, timeZone);
  if (locksAt === null || now < locksAt) return null;
  const exception = await exceptionRow(db, key);
  if (exception && now < exception.until) return null;
  return locksAt;
}

/**
 * `PUT …/periods/:periodKey/submissions/:orgId`: the organisation's answers, saved as a
 * draft or submitted, by its keys and people or an ancestor's. All or nothing, under the
 * submission's row lock: the current row is replaced and the version it became appended, so
 * two writers get versions n+1 and n+2. On time is decided once, by the first submission
 * (not a draft) against the due date in the organisation's zone. Published as
 * `report.submitted`.
 *
 * A draft over a submitted (or returned) report answers 409 `conflict`: it would take counted
 * answers out of every roll-up until submitted again. Submit the change instead; every
 * earlier version is kept.
 */
export async function submitReport(
  deps: ReportsDeps,
  auth: AuthContext,
  key: SubmissionKey,
  input: z.output<typeof ReportSubmissionInput>,
): Promise<ReportSubmission> {
  return writeSubmission(deps, key, input, reportActor(auth), async (trx) => ({
    form: await visibleForm(trx, auth, key.formId, { lock: 'share' }),
    org: await orgInSubtree(trx, auth, key.orgId),
  }));
}

/** The organisation a submission is for, as its checks read it. */
export type SubmittingOrg = NonNullable<Awaited<ReturnType<typeof orgOf>>>;

/**
 * The write behind {@link submitReport}, for any way in: `access` finds the form and the
 * organisation inside the transaction and refuses whoever may not write them (an API key's
 * subtree, or a report link's row). Everything else — expected, values, lock, versions, the
 * event — is checked and done here, once.
 */
export async function writeSubmission(
  deps: ReportsDeps,
  key: SubmissionKey,
  input: z.output<typeof ReportSubmissionInput>,
  by: ReportActor,
  access: (trx: Executor) => Promise<{ form: FormWithOwner; org: SubmittingOrg }>,
): Promise<ReportSubmission> {
  const now = new Date(deps.now());
  const draft = input.state === 'draft';
  return own(deps.db)
    .transaction()
    .execute(async (trx) => {
      const { form, org } = await access(trx);
      const period = periodOf(form, key.periodKey);
      if (!(await isExpected(trx, key.formId, key.orgId))) {
        throw new SafenetError(
          'report_not_expected',
          `${org.name} is not assigned the form "${form.key}": the form's owner assigns it (PUT /v1/report-forms/${form.id}/assignment)`,
        );
      }
      await assertNotApproved(trx, key, org.path, org.name);
      const { row, fresh } = await lockSubmission(trx, key, now, by);
      if (row.state === 'approved') {
        throw new SafenetError(
          'report_locked',
          `The report of ${org.name} for ${period.key} is approved: it no longer changes unless a level above returns it`,
        );
      }
      const locksAt =
        row.state === 'returned' ? null : await lockedAt(trx, key, period, org.time_zone, now);
      if (locksAt) {
        throw new SafenetError(
          'report_locked',
          `The period ${period.key} locked at ${locksAt.toISOString()} (the end of ${period.locksOn} in ${org.time_zone}): ask the form's owner for an exception`,
        );
      }
      // Checked once the lock is known: a locked period says so whatever the answers.
      const values = checkValues(form.fields, input.values, draft);
      if (draft && (row.state === 'submitted' || row.state === 'returned')) {
        throw new SafenetError(
          'conflict',
          `The report of ${org.name} for ${period.key} is already submitted: a draft would take it out of the roll-up. Submit the change instead (state "submitted"); earlier versions are kept`,
        );
      }
      const firstSubmittedAt = row.first_submitted_at ?? (draft ? null : now);
      const { dueAt } = periodInstants(period, org.time_zone);
      const written = await writeVersion(trx, row, {
        state: draft ? 'draft' : 'submitted',
        values,
        changed: changedFields(fresh ? {} : row.values, values),
        firstSubmittedAt,
        submittedAt: draft ? null : now,
        onTime: row.on_time ?? (firstSubmittedAt ? firstSubmittedAt < dueAt : null),
        at: now,
        by,
      });
      await appendAudit(trx, {
        ...key,
        action: draft ? 'drafted' : 'submitted',
        actor: by,
        at: now,
        detail: {
          version: written.version,
          changed: changedFields(fresh ? {} : row.values, values),
        },
      });
      // The last missing child of a parent told by a digest settles the parent's alert.
      if (!draft) await settleOverdue(deps, trx, key);
      await deps.bus.publish(
        {
          orgPath: org.path,
          event: {
            type: 'report.submitted',
            orgId: key.orgId,
            at: now.toISOString(),
            data: {
              formId: key.formId,
              periodKey: key.periodKey,
              orgId: key.orgId,
              state: written.state,
              version: written.version,
            },
          },
        },
        trx,
      );
      return toSubmission(written);
    });
}

/** The submission of (form, period, organisation) the caller may read, or 404. */
async function readable(
  deps: ReportsDeps,
  auth: AuthContext,
  key: SubmissionKey,
): Promise<SubmissionRow> {
  const db = own(deps.db);
  const form = await visibleForm(db, auth, key.formId);
  periodOf(form, key.periodKey);
  await orgInSubtree(db, auth, key.orgId);
  const row = await submissionRow(db, key);
  if (!row || row.version === 0) {
    throw notFound('report submission', `${key.periodKey}/${key.orgId}`);
  }
  return row;
}

/** `GET …/submissions/:orgId`: the current submission. */
export async function getSubmission(
  deps: ReportsDeps,
  auth: AuthContext,
  key: SubmissionKey,
): Promise<ReportSubmission> {
  return toSubmission(await readable(deps, auth, key));
}

/** `GET …/submissions/:orgId/versions`: every version, oldest first. */
export async function listVersions(
  deps: ReportsDeps,
  auth: AuthContext,
  key: SubmissionKey,
): Promise<{ items: ReportSubmissionVersion[] }> {
  const row = await readable(deps, auth, key);
  return { items: await versionsOf(own(deps.db), row.id) };
}
