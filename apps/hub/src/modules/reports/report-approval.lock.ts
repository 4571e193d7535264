import { SafenetError } from '@safenet/core';
import { type ApprovalRow, approvalsOnPath, holdFormForWrite } from './report-approval.store.js';
import type { SubmissionKey } from './reports.store.js';
import type { Executor } from './reports.tables.js';

/** The lock an approval puts on the data below it, as a submission's write checks it. */

/** When an approval was given, as messages print it. */
export const when = (row: ApprovalRow) => row.approvedAt.toISOString();

/**
 * 409 `report_locked` when an approval covers `path` (the organisation's or one above): the
 * lock a submission's write checks, holding the form so no approval commits in between.
 */
export async function assertNotApproved(
  db: Executor,
  key: SubmissionKey,
  path: readonly string[],
  orgName: string,
): Promise<void> {
  await holdFormForWrite(db, key.formId);
  const [approval] = await approvalsOnPath(db, key, path);
  if (approval) {
    throw new SafenetError(
      'report_locked',
      `The reports of ${approval.orgName}'s subtree for ${key.periodKey} were approved by ${approval.orgName} at ${when(approval)}: ${orgName}'s report no longer changes until that approval is withdrawn (DELETE …/approvals/${approval.orgId})`,
    );
  }
}
