import {
  Page,
  ReportApproval,
  ReportApprovals,
  ReportAuditEntry,
  ReportAuditQuery,
  ReportReturnInput,
  ReportSubmission,
} from '@safenet/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams, NoContent } from '../../platform/http/schemas.js';
import { requireAuth } from '../../platform/tenancy/auth.js';
import { approveReports, listApprovals, unapproveReports } from './report-approval.js';
import { type ReturnDeps, returnSubmission } from './report-approval.return.js';
import { listAudit } from './report-audit.js';
import { keyOf, OrgParams, PeriodParams } from './reports.params.js';

/** Approval up the tree, returns, and the audit log of a form. */
export const reportApprovalRoutes: FastifyPluginAsyncZod<{ deps: ReturnDeps }> = async (
  app,
  { deps },
) => {
  app.post(
    '/report-forms/:id/periods/:periodKey/approvals/:orgId',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'approveReports',
        summary: 'Approve a period’s reports of an organisation’s subtree',
        description:
          'By the organisation (of one of the form’s `approvalLevels`) or above. Every approval level beneath it whose subtree has expected organisations must have approved, and every other expected organisation must have a current submission (not a draft, not returned): otherwise 409 `report_approval_blocked`, each one missing in `errors[]`. The approval locks the data below (`report_locked`) until withdrawn. Already approved: 409 `report_approval_conflict`; a kind that is not an approval level: 422 `report_not_approver`.',
        tags: ['reports'],
        errorCodes: [
          'not_found',
          'report_period_unknown',
          'report_approval_blocked',
          'report_approval_conflict',
          'report_not_approver',
        ],
        params: OrgParams,
        response: { 201: ReportApproval },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await approveReports(deps, requireAuth(request), keyOf(request.params))),
  );

  app.delete(
    '/report-forms/:id/periods/:periodKey/approvals/:orgId',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'unapproveReports',
        summary: 'Withdraw an approval',
        description:
          'By the approver or above, unlocking the data below; 409 `report_approval_conflict` when it is not approved or an approval above still covers it (withdraw that first).',
        tags: ['reports'],
        errorCodes: ['not_found', 'report_period_unknown', 'report_approval_conflict'],
        params: OrgParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await unapproveReports(deps, requireAuth(request), keyOf(request.params));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/report-forms/:id/periods/:periodKey/approvals',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'listReportApprovals',
        summary: 'Who approved a period, and when',
        description:
          'The approvals of your subtree and those above you (which lock your data), oldest first.',
        tags: ['reports'],
        errorCodes: ['not_found', 'report_period_unknown'],
        params: PeriodParams,
        response: { 200: ReportApprovals },
      },
    },
    async (request) =>
      listApprovals(deps, requireAuth(request), request.params.id, request.params.periodKey),
  );

  app.post(
    '/report-forms/:id/periods/:periodKey/submissions/:orgId/return',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'returnReportSubmission',
        summary: 'Return a submission with what to fix',
        description:
          'By an organisation strictly above the submitter (422 `report_not_approver` otherwise). The submission becomes `returned` (still counted), a version keeps the comment, and the organisation may change it again, even after the lock, until it submits again. Published as `report.returned` to the organisation’s line. Under an approval: 409 `report_approval_conflict` (withdraw it first); a draft or an already returned submission: 409 `conflict`.',
        tags: ['reports'],
        errorCodes: [
          'not_found',
          'report_period_unknown',
          'report_not_approver',
          'report_approval_conflict',
          'conflict',
        ],
        params: OrgParams,
        body: ReportReturnInput,
        response: { 200: ReportSubmission },
      },
    },
    async (request) =>
      returnSubmission(deps, requireAuth(request), keyOf(request.params), request.body),
  );

  app.get(
    '/report-forms/:id/audit',
    {
      config: { scope: 'admin' },
      schema: {
        operationId: 'listReportAudit',
        summary: 'A report form’s audit log',
        description:
          'Every submission, draft, return, approval and its withdrawal, exception, change of the form and of its assignment, oldest first, a page at a time, with who did it. Append-only. For admins of the form’s owner or above; narrowed by period or organisation.',
        tags: ['reports'],
        errorCodes: ['not_found', 'invalid_cursor'],
        params: IdParams,
        querystring: ReportAuditQuery,
        response: { 200: Page(ReportAuditEntry) },
      },
    },
    async (request) => listAudit(deps, requireAuth(request), request.params.id, request.query),
  );
};
