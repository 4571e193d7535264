import type { ReportException, ReportExceptionInput } from '@safenet/core';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { notFound } from '../../platform/tenancy/lookups.js';
import { appendAudit } from './report-audit.js';
import { orgInSubtree, periodOf, type ReportsDeps, visibleForm } from './reports.access.js';
import { reportActor } from './reports.submissions.js';
import {
  deleteException,
  type SubmissionKey,
  upsertException,
} from './reports.submissions.store.js';
import { own, type ReportExceptionsTable } from './reports.tables.js';

/** Exceptions to a period's lock: one organisation may still submit, until a given instant. */

function toException(row: Selectable<ReportExceptionsTable>): ReportException {
  return {
    formId: row.form_id,
    periodKey: row.period_key,
    orgId: row.org_id,
    until: row.until.toISOString(),
    grantedAt: row.granted_at.toISOString(),
    grantedBy: row.granted_by,
  };
}

/**
 * `PUT …/exceptions/:orgId`, by the form's owner or above: the organisation may submit and
 * change its report after the lock until `until`.
 */
export async function setException(
  deps: ReportsDeps,
  auth: AuthContext,
  key: SubmissionKey,
  input: z.output<typeof ReportExceptionInput>,
): Promise<ReportException> {
  const now = new Date(deps.now());
  const by = reportActor(auth);
  return own(deps.db)
    .transaction()
    .execute(async (trx) => {
      const form = await visibleForm(trx, auth, key.formId, { write: true });
      periodOf(form, key.periodKey);
      await orgInSubtree(trx, auth, key.orgId);
      const row = await upsertException(trx, key, new Date(input.until), now, by);
      await appendAudit(trx, {
        ...key,
        action: 'exception_granted',
        actor: by,
        at: now,
        detail: { until: row.until.toISOString() },
      });
      return toException(row);
    });
}

/** `DELETE …/exceptions/:orgId`: 404 when there is none. */
export async function removeException(
  deps: ReportsDeps,
  auth: AuthContext,
  key: SubmissionKey,
): Promise<void> {
  await own(deps.db)
    .transaction()
    .execute(async (trx) => {
      const form = await visibleForm(trx, auth, key.formId, { write: true });
      periodOf(form, key.periodKey);
      await orgInSubtree(trx, auth, key.orgId);
      if (!(await deleteException(trx, key))) {
        throw notFound('report exception', `${key.periodKey}/${key.orgId}`);
      }
      await appendAudit(trx, {
        ...key,
        action: 'exception_removed',
        actor: reportActor(auth),
        at: new Date(deps.now()),
      });
    });
}
