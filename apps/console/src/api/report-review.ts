import {
  type OrganisationKind,
  type RollUpNode,
  SafenetApiError,
  type TargetMeasure,
} from '@safenet/sdk';

/*
 * Reviewing a period's reports in the console (issue 13): approval up the tree, returns and
 * targets, as pure functions from the hub's answers to what the roll-up page draws.
 */

/** What a person may do about one roll-up node's approval. */
export type ApprovalAction = 'approve' | 'withdraw' | 'none';

/**
 * The approval button a node shows: "Approve" for an organisation of one of the form's
 * approval levels that nothing covers yet, "Withdraw" for its own approval; nothing for a
 * reader without write scope, a kind that does not approve, or a node covered by an approval
 * above (that one is withdrawn first).
 */
export function approvalAction(
  node: Pick<RollUpNode, 'orgId' | 'kind' | 'approved'>,
  levels: readonly OrganisationKind[],
  writer: boolean,
): ApprovalAction {
  if (!writer || !levels.includes(node.kind)) return 'none';
  if (node.approved === null) return 'approve';
  return node.approved.orgId === node.orgId ? 'withdraw' : 'none';
}

/**
 * Whether "Return" is offered on a node: its own report is submitted (not a draft, not
 * returned already), nothing approved covers it, and the reader writes from an organisation
 * strictly above it (the hub refuses the organisation returning its own report).
 */
export function canReturn(
  node: Pick<RollUpNode, 'orgId' | 'own' | 'approved'>,
  readerOrgId: string,
  writer: boolean,
): boolean {
  return writer && node.own === 'submitted' && node.approved === null && node.orgId !== readerOrgId;
}

/** One reason an approval was refused: a lower level that has not approved, or a report missing. */
export interface ApprovalBlocker {
  orgId: string;
  /** The organisation's name from the reader's tree, else the id the hub gave. */
  name: string;
  reason: 'notApproved' | 'notSubmitted';
}

/**
 * The reasons of a `report_approval_blocked` refusal, one per `errors[]` entry (its `path` is
 * the organisation's id): an organisation of an approval level other than the approver has
 * not approved; any other has no current submission (missing, a draft, or returned). The
 * hub's messages are English; the console says them in the reader's language from this.
 * Null for any other error; an empty list when nobody beneath is expected at all.
 */
export function approvalBlockers(
  error: unknown,
  approverId: string,
  levels: readonly OrganisationKind[],
  orgs: readonly { id: string; name: string; kind: OrganisationKind }[],
): ApprovalBlocker[] | null {
  if (!(error instanceof SafenetApiError) || error.code !== 'report_approval_blocked') return null;
  return error.errors.map((entry) => {
    const orgId = String(entry.path);
    const org = orgs.find((o) => o.id === orgId);
    const approver = org !== undefined && org.id !== approverId && levels.includes(org.kind);
    return { orgId, name: org?.name ?? orgId, reason: approver ? 'notApproved' : 'notSubmitted' };
  });
}

/** A target's state in words: an i18n key under `targets.state` and its values. */
export type TargetState =
  | { key: 'noFormula' }
  | { key: 'unmeasurable'; code: string }
  | { key: 'met' | 'notMet' | 'noGoal' };

/** Whether a target is met, not met, without a goal, or not measured (and why). */
export function targetState(target: TargetMeasure): TargetState {
  if (!target.measured) {
    return target.unmeasurable
      ? { key: 'unmeasurable', code: target.unmeasurable.code }
      : { key: 'noFormula' };
  }
  if (target.met === null) return { key: 'noGoal' };
  return { key: target.met ? 'met' : 'notMet' };
}

/** Whether a target's value and goal are shares (shown as percentages) or a total. */
export function targetIsShare(target: TargetMeasure): boolean {
  return target.formula?.kind !== 'total';
}
