import { type ReportReturnInput, type ReportSubmission, SafenetError } from '@safenet/core';
import type { z } from 'zod';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { notFound } from '../../platform/tenancy/lookups.js';
import { when } from './report-approval.lock.js';
import { approvalsOnPath } from './report-approval.store.js';
import { appendAudit } from './report-audit.js';
import { orgInSubtree, periodOf, type ReportsDeps, visibleForm } from './reports.access.js';
import { reportActor } from './reports.submissions.js';
import { type SubmissionKey, toSubmission, writeVersion } from './reports.submissions.store.js';
import { own } from './reports.tables.js';

/**
 * Returns: a level above sends a submission back to its organisation with what to fix. The
 * organisation changes it again — even after the lock — until it submits it again; the
 * return is refused under an approval, which would otherwise be approving something sent
 * back.
 */

/**
 * `POST …/submissions/:orgId/return`, by an organisation strictly above the submitter: the
 * submission becomes `returned` with the comment kept in the version it becomes; its values
 * still count, and the organisation may change them (even after the lock) until it submits
 * again. Refused under an approval (409 `report_approval_conflict`: withdraw it first).
 * Published as `report.returned` to the organisation's line, which its people watch.
 */
export async function returnSubmission(
  deps: ReportsDeps,
  auth: AuthContext,
  key: SubmissionKey,
  input: z.output<typeof ReportReturnInput>,
): Promise<ReportSubmission> {
  const now = new Date(deps.now());
  const by = reportActor(auth);
  return own(deps.db)
    .transaction()
    .execute(async (trx) => {
      const form = await visibleForm(trx, auth, key.formId, { lock: 'share' });
      periodOf(form, key.periodKey);
      const org = await orgInSubtree(trx, auth, key.orgId);
      if (org.id === auth.orgId) {
        throw new SafenetError(
          'report_not_approver',
          `Only an organisation above ${org.name} returns its report: ${org.name} changes it by submitting again`,
        );
      }
      const [approval] = await approvalsOnPath(trx, key, org.path);
      if (approval) {
        throw new SafenetError(
          'report_approval_conflict',
          `${approval.orgName} approved ${key.periodKey} at ${when(approval)}: withdraw that approval before returning ${org.name}'s report`,
        );
      }
      const row = await trx
        .selectFrom('report_submissions')
        .selectAll()
        .where('form_id', '=', key.formId)
        .where('period_key', '=', key.periodKey)
        .where('org_id', '=', key.orgId)
        .forUpdate()
        .executeTakeFirst();
      if (!row || row.version === 0) {
        throw notFound('report submission', `${key.periodKey}/${key.orgId}`);
      }
      if (row.state !== 'submitted') {
        throw new SafenetError(
          'conflict',
          `The report of ${org.name} for ${key.periodKey} is ${row.state === 'draft' ? 'a draft: there is nothing submitted to return' : 'already returned: it waits for its resubmission'}`,
        );
      }
      const written = await writeVersion(trx, row, {
        state: 'returned',
        values: row.values,
        changed: [],
        firstSubmittedAt: row.first_submitted_at,
        submittedAt: row.submitted_at,
        onTime: row.on_time,
        at: now,
        by,
        comment: input.comment,
      });
      await appendAudit(trx, {
        ...key,
        action: 'returned',
        actor: by,
        at: now,
        detail: { version: written.version, comment: input.comment, returnedBy: auth.orgId },
      });
      await deps.bus.publish(
        {
          orgPath: org.path,
          event: {
            type: 'report.returned',
            orgId: key.orgId,
            at: now.toISOString(),
            data: {
              formId: key.formId,
              periodKey: key.periodKey,
              orgId: key.orgId,
              version: written.version,
              comment: input.comment,
              returnedBy: auth.orgId,
            },
          },
        },
        trx,
      );
      return toSubmission(written);
    });
}
