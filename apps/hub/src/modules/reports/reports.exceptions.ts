import type { ReportException, ReportExceptionInput } from '@safenet/core';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { notFound } from '../../platform/tenancy/lookups.js';
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
  const db = own(deps.db);
  const form = await visibleForm(db, auth, key.formId, { write: true });
  periodOf(form, key.periodKey);
  await orgInSubtree(db, auth, key.orgId);
  const now = new Date(deps.now());
  return toException(await upsertException(db, key, new Date(input.until), now, reportActor(auth)));
}

/** `DELETE …/exceptions/:orgId`: 404 when there is none. */
export async function removeException(
  deps: ReportsDeps,
  auth: AuthContext,
  key: SubmissionKey,
): Promise<void> {
  const db = own(deps.db);
  const form = await visibleForm(db, auth, key.formId, { write: true });
  periodOf(form, key.periodKey);
  await orgInSubtree(db, auth, key.orgId);
  if (!(await deleteException(db, key))) {
    throw notFound('report exception', `${key.periodKey}/${key.orgId}`);
  }
}
