import { z } from 'zod';
import { Id, PageQuery, Timestamp } from '../common/common.schema.js';
import { ReportActor } from './report-submission.schema.js';

/**
 * Approval up the tree, returns and the audit log of results reports (issue 13), as DHIS2's
 * data approval does it: the form names its approval levels (kinds of organisation, lowest
 * first); an organisation of a level approves a period's reports of its subtree once every
 * level beneath it has approved and every other expected organisation has submitted; the
 * approval locks the data below until it is withdrawn.
 */

/** One organisation's approval of a period's reports of its subtree. */
export const ReportApproval = z
  .object({
    formId: Id,
    periodKey: z.string(),
    orgId: Id.describe('The approving organisation: its whole subtree is approved'),
    approvedAt: Timestamp,
    approvedBy: ReportActor,
  })
  .describe('An approval of a period’s reports of a subtree');
export type ReportApproval = z.infer<typeof ReportApproval>;

/** `GET …/periods/:periodKey/approvals`: who approved what, oldest first. */
export const ReportApprovals = z.object({ items: z.array(ReportApproval) });
export type ReportApprovals = z.infer<typeof ReportApprovals>;

/**
 * Sending a submission back to its organisation with what to fix: it may be changed again
 * (even after the lock) until it is submitted again.
 *
 * @example { comment: 'Охват детей больше числа учащихся области: проверьте' }
 */
export const ReportReturnInput = z
  .strictObject({
    comment: z.string().trim().min(1).max(2_000).describe('What to fix; kept with the version'),
  })
  .describe('A return of a submission, with the reason');
export type ReportReturnInput = z.input<typeof ReportReturnInput>;

/** What the audit log records: every write of the reports module. */
export const REPORT_AUDIT_ACTIONS = [
  'submitted',
  'drafted',
  'returned',
  'approved',
  'unapproved',
  'exception_granted',
  'exception_removed',
  'form_changed',
  'assignment_changed',
] as const;
export const ReportAuditAction = z.enum(REPORT_AUDIT_ACTIONS);
export type ReportAuditAction = z.infer<typeof ReportAuditAction>;

/** One line of a form's append-only audit log. */
export const ReportAuditEntry = z
  .object({
    id: Id.describe('Increasing in the order the actions were written'),
    formId: Id,
    periodKey: z.string().nullable().describe('null for changes of the form or its assignment'),
    orgId: Id.describe('The organisation acted on (the form’s owner for form changes)'),
    action: ReportAuditAction,
    actor: ReportActor,
    at: Timestamp,
    detail: z
      .record(z.string(), z.unknown())
      .describe('What the action was: version, comment, fields changed, until…'),
  })
  .describe('An entry of a report form’s audit log');
export type ReportAuditEntry = z.infer<typeof ReportAuditEntry>;

/** `GET /v1/report-forms/:id/audit`: a page of the log, oldest first, optionally narrowed. */
export const ReportAuditQuery = PageQuery.extend({
  periodKey: z.string().min(1).max(20).optional().describe('Only this period’s entries'),
  orgId: Id.optional().describe('Only the entries about this organisation'),
});
export type ReportAuditQuery = z.input<typeof ReportAuditQuery>;
