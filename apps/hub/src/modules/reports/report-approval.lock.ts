import { SafenetError } from '@safenet/core';
import { type ApprovalRow, approvalsOnPath } from './report-approval.store.js';
import type { SubmissionKey } from './reports.submissions.store.js';
import type { Executor } from './reports.tables.js';

/** The lock an approval puts on the data below it, as a submission's write checks it. */

/** When an approval was given, as messages print it. */
export const when = (row: ApprovalRow) => row.approvedAt.toISOString();

/**
 * 409 `report_locked` when an approval covers `path` (the organisation's or one above): the
 * lock a submission's write checks. The caller holds the form's row in share mode (see
 * `visibleForm`'s `lock`), an approval holds it exclusively: writers never wait on each
 * other, but an approval waits for the writes in flight to commit and then reads them, and a
 * write that comes during an approval reads it once it has committed — never an approved
 * subtree holding a submission written after its approval.
 */
export async function assertNotApproved(
  db: Executor,
  key: SubmissionKey,
  path: readonly string[],
  orgName: string,
): Promise<void> {
  const [approval] = await approvalsOnPath(db, key, path);
  if (approval) {
    throw new SafenetError(
      'report_locked',
      `The reports of ${approval.orgName}'s subtree for ${key.periodKey} were approved by ${approval.orgName} at ${when(approval)}: ${orgName}'s report no longer changes until that approval is withdrawn (DELETE …/approvals/${approval.orgId})`,
    );
  }
}
