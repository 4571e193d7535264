import type { SubmissionState } from '@safenet/core';
import type { SubtreeOrg } from './report-approval.store.js';

/**
 * DHIS2's approval rule, read over one subtree: what stands between organisation `root` and
 * its approval of a period. Pure: the service loads the picture, this decides (organisations
 * outside `root`'s subtree are not its concern and are left out).
 *
 * - Every organisation strictly beneath `root` of an approving kind whose subtree holds an
 *   expected organisation must have approved (a district with no school to report needs no
 *   approval of its own).
 * - Every expected organisation not beneath (or being) such a lower approver must have a
 *   current submission: submitted, or approved. A draft is not one, nor a returned
 *   submission: it was sent back to be fixed, and approving it would lock it unfixed.
 */
export function approvalGaps(
  rootId: string,
  levels: readonly string[],
  orgs: readonly SubtreeOrg[],
  states: ReadonlyMap<string, SubmissionState>,
  approved: ReadonlySet<string>,
): { unapproved: SubtreeOrg[]; unsubmitted: SubtreeOrg[]; expected: number } {
  const subtree = orgs.filter((o) => o.path.includes(rootId));
  const expected = subtree.filter((o) => o.expected);
  const aboveExpected = new Set(expected.flatMap((e) => e.path));
  const approvers = subtree.filter(
    (o) => o.id !== rootId && levels.includes(o.kind) && aboveExpected.has(o.id),
  );
  const approverIds = new Set(approvers.map((a) => a.id));
  const unapproved = approvers.filter((a) => !approved.has(a.id));
  const unsubmitted = expected.filter((e) => {
    if (e.path.some((id) => approverIds.has(id))) return false;
    const state = states.get(e.id);
    return !(state === 'submitted' || state === 'approved');
  });
  return { unapproved, unsubmitted, expected: expected.length };
}
