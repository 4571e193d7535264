import {
  type ReportApproval,
  type ReportApprovals,
  type RollUpNode,
  SafenetError,
} from '@safenet/core';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { notFound } from '../../platform/tenancy/lookups.js';
import { when } from './report-approval.lock.js';
import { approvalGaps } from './report-approval.rules.js';
import {
  approvalsOnPath,
  approvalsSeenFrom,
  deleteApproval,
  insertApproval,
  subtreePicture,
  toApproval,
} from './report-approval.store.js';
import { appendAudit } from './report-audit.js';
import { orgInSubtree, periodOf, type ReportsDeps, visibleForm } from './reports.access.js';
import { reportActor } from './reports.submissions.js';
import type { SubmissionKey } from './reports.submissions.store.js';
import { type Executor, own } from './reports.tables.js';

/**
 * Approval up the tree and returns (issue 13), as DHIS2's data approval does it: an
 * organisation of one of the form's approval levels approves a period's reports of its
 * subtree once the levels beneath it have approved and every other expected organisation has
 * submitted; the approval locks the data below until it is withdrawn, which only the approver
 * (or above) may do while no approval above covers it. A level above may return a
 * submission with a comment while no approval covers it (report-approval.return.ts).
 */

/** Test seams: a barrier to hold an approval between its check and its write. */
export interface ApprovalHooks {
  afterApprovalCheck?: () => Promise<void>;
}

/** The approver `orgId`, of the caller's subtree and the form's owner's, of a level. */
async function approverOf(
  db: Executor,
  auth: AuthContext,
  form: { org_id: string; approval_levels: string[]; key: string },
  orgId: string,
) {
  const org = await orgInSubtree(db, auth, orgId);
  if (!org.path.includes(form.org_id)) throw notFound('organisation of the form’s tree', orgId);
  if (!form.approval_levels.includes(org.kind)) {
    throw new SafenetError(
      'report_not_approver',
      form.approval_levels.length === 0
        ? `The form "${form.key}" has no approval levels: set approvalLevels (PATCH the form) to approve its reports`
        : `${org.name} is a ${org.kind}; the form "${form.key}" is approved by ${form.approval_levels.join(', ')}`,
    );
  }
  return org;
}

/**
 * `POST …/periods/:periodKey/approvals/:orgId`: the organisation approves the period's
 * reports of its subtree. 409 `report_approval_blocked` names each lower approver that has
 * not approved and each expected organisation without a current submission; 409
 * `report_approval_conflict` when already approved. Under the form's row lock (exclusive):
 * the submissions it read are the ones it approves.
 */
export async function approveReports(
  deps: ReportsDeps & { hooks?: ApprovalHooks },
  auth: AuthContext,
  key: SubmissionKey,
): Promise<ReportApproval> {
  const now = new Date(deps.now());
  const by = reportActor(auth);
  return own(deps.db)
    .transaction()
    .execute(async (trx) => {
      const form = await visibleForm(trx, auth, key.formId, { lock: 'update' });
      periodOf(form, key.periodKey);
      const org = await approverOf(trx, auth, form, key.orgId);
      const above = await approvalsOnPath(trx, key, org.path);
      const mine = above.find((a) => a.orgId === org.id);
      if (mine) {
        throw new SafenetError(
          'report_approval_conflict',
          `${org.name} already approved ${key.periodKey} at ${when(mine)}`,
        );
      }
      const { orgs, states, approved } = await subtreePicture(
        trx,
        key,
        org.id,
        form.approval_levels,
      );
      const gaps = approvalGaps(org.id, form.approval_levels, orgs, states, approved);
      if (gaps.expected === 0 || gaps.unapproved.length + gaps.unsubmitted.length > 0) {
        const errors = [
          ...gaps.unapproved.map((o) => ({
            path: o.id,
            code: 'report_approval_blocked',
            message: `${o.name} (${o.kind}) has not approved`,
          })),
          ...gaps.unsubmitted.map((o) => ({
            path: o.id,
            code: 'report_approval_blocked',
            message: `${o.name} has no current submission${states.get(o.id) ? ` (its report is ${states.get(o.id)})` : ''}`,
          })),
        ];
        throw new SafenetError(
          'report_approval_blocked',
          gaps.expected === 0
            ? `No organisation of ${org.name}'s subtree is expected to report on "${form.key}": there is nothing to approve`
            : `${org.name} cannot approve ${key.periodKey} yet: ${errors.map((e) => e.message).join('; ')}`,
          { errors },
        );
      }
      await deps.hooks?.afterApprovalCheck?.();
      await insertApproval(trx, key, now, by);
      await appendAudit(trx, {
        ...key,
        action: 'approved',
        actor: by,
        at: now,
        detail: { expected: gaps.expected },
      });
      return {
        formId: key.formId,
        periodKey: key.periodKey,
        orgId: org.id,
        approvedAt: now.toISOString(),
        approvedBy: by,
      };
    });
}

/**
 * `DELETE …/approvals/:orgId`, by the approver or above: withdraws the approval, unlocking
 * the data below it; 409 `report_approval_conflict` when it is not there or an approval above
 * still covers it (withdraw that first).
 */
export async function unapproveReports(
  deps: ReportsDeps,
  auth: AuthContext,
  key: SubmissionKey,
): Promise<void> {
  const now = new Date(deps.now());
  const by = reportActor(auth);
  await own(deps.db)
    .transaction()
    .execute(async (trx) => {
      const form = await visibleForm(trx, auth, key.formId, { lock: 'update' });
      periodOf(form, key.periodKey);
      const org = await orgInSubtree(trx, auth, key.orgId);
      const onPath = await approvalsOnPath(trx, key, org.path);
      const mine = onPath.find((a) => a.orgId === org.id);
      if (!mine) {
        throw new SafenetError(
          'report_approval_conflict',
          `${org.name} has not approved ${key.periodKey}: there is no approval to withdraw`,
        );
      }
      const cover = onPath.find((a) => a.orgId !== org.id);
      if (cover) {
        throw new SafenetError(
          'report_approval_conflict',
          `${cover.orgName} approved ${key.periodKey} above ${org.name} at ${when(cover)}: withdraw that approval first`,
        );
      }
      await deleteApproval(trx, key);
      await appendAudit(trx, {
        ...key,
        action: 'unapproved',
        actor: by,
        at: now,
        detail: { approvedAt: when(mine), approvedBy: mine.approvedBy },
      });
    });
}

/**
 * `GET …/periods/:periodKey/approvals`: the approvals the caller may see — of its subtree,
 * and those above it that lock its data — oldest first.
 */
export async function listApprovals(
  deps: ReportsDeps,
  auth: AuthContext,
  formId: string,
  periodKey: string,
): Promise<ReportApprovals> {
  const db = own(deps.db);
  const form = await visibleForm(db, auth, formId);
  periodOf(form, periodKey);
  const key = { formId, periodKey };
  const rows = await approvalsSeenFrom(db, key, auth.orgPath);
  return { items: rows.map((row) => toApproval(key, row)) };
}

/**
 * The roll-up's nodes with the approval covering each (its own, or the nearest above it):
 * one more query, the approvals of the root's path and subtree, whatever the nodes' number.
 */
export async function markApprovals(
  db: Executor,
  key: { formId: string; periodKey: string },
  rootPath: readonly string[],
  orgs: readonly { id: string; parentId: string | null }[],
  nodes: readonly RollUpNode[],
): Promise<RollUpNode[]> {
  const approvals = new Map(
    (await approvalsSeenFrom(db, key, rootPath)).map((a) => [a.orgId, a] as const),
  );
  if (approvals.size === 0) return nodes.map((n) => ({ ...n, approved: null }));
  const parentOf = new Map(orgs.map((o) => [o.id, o.parentId] as const));
  const above = [...rootPath].reverse().slice(1); // the root's ancestors, nearest first
  const covering = (id: string) => {
    for (let at: string | null | undefined = id; at; at = parentOf.get(at)) {
      const approval = approvals.get(at);
      if (approval) return approval;
    }
    return above.map((a) => approvals.get(a)).find((a) => a !== undefined);
  };
  return nodes.map((node) => {
    const approval = covering(node.orgId);
    return {
      ...node,
      approved: approval
        ? { orgId: approval.orgId, at: when(approval), by: approval.approvedBy }
        : null,
    };
  });
}
