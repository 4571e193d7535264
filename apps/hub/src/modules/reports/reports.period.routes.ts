import {
  ReportException,
  ReportExceptionInput,
  ReportExportQuery,
  ReportMissing,
  ReportMissingQuery,
  ReportRollUp,
  ReportRollUpQuery,
  ReportSubmission,
  ReportSubmissionInput,
  ReportSubmissionVersion,
} from '@safenet/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NoContent } from '../../platform/http/schemas.js';
import { requireAuth } from '../../platform/tenancy/auth.js';
import type { ReportsDeps } from './reports.access.js';
import { removeException, setException } from './reports.exceptions.js';
import { keyOf, OrgParams, PeriodParams } from './reports.params.js';
import { exportRollUp, getMissing, getRollUp } from './reports.rollup.js';
import { getSubmission, listVersions, submitReport } from './reports.submissions.js';

/** One period of a form: submissions, their versions, exceptions, roll-up, missing, export. */
export const reportPeriodRoutes: FastifyPluginAsyncZod<{ deps: ReportsDeps }> = async (
  app,
  { deps },
) => {
  app.put(
    '/report-forms/:id/periods/:periodKey/submissions/:orgId',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'submitReport',
        summary: 'Submit (or save a draft of) an organisation’s report',
        description:
          'By the organisation’s keys and people or an ancestor’s. Replaces the current submission and keeps every earlier version (who, when, which fields changed). The answers are checked against the form (400 `report_values_invalid`, each problem with its `values.<field>` path; a draft may leave required fields out). An organisation the assignment does not expect answers 422 `report_not_expected`; after the lock date in the organisation’s zone (without an exception) or once approved, 409 `report_locked`; a draft over a submitted report 409 `conflict` (it would take counted answers out of the roll-up: submit the change instead). On time: the first submission came before the due date ended in the organisation’s zone. Published as `report.submitted`.',
        tags: ['reports'],
        errorCodes: [
          'not_found',
          'report_period_unknown',
          'report_values_invalid',
          'report_not_expected',
          'report_locked',
          'conflict',
        ],
        params: OrgParams,
        body: ReportSubmissionInput,
        response: { 200: ReportSubmission },
      },
    },
    async (request) =>
      submitReport(deps, requireAuth(request), keyOf(request.params), request.body),
  );

  app.get(
    '/report-forms/:id/periods/:periodKey/submissions/:orgId',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'getReportSubmission',
        summary: 'An organisation’s current submission',
        description: '404 when it has none (drafts included: a saved draft is its submission).',
        tags: ['reports'],
        errorCodes: ['not_found', 'report_period_unknown'],
        params: OrgParams,
        response: { 200: ReportSubmission },
      },
    },
    async (request) => getSubmission(deps, requireAuth(request), keyOf(request.params)),
  );

  app.get(
    '/report-forms/:id/periods/:periodKey/submissions/:orgId/versions',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'listReportVersions',
        summary: 'Every version of an organisation’s submission',
        description: 'Oldest first: who wrote it, when, its state, answers and the fields changed.',
        tags: ['reports'],
        errorCodes: ['not_found', 'report_period_unknown'],
        params: OrgParams,
        response: { 200: z.object({ items: z.array(ReportSubmissionVersion) }) },
      },
    },
    async (request) => listVersions(deps, requireAuth(request), keyOf(request.params)),
  );

  app.put(
    '/report-forms/:id/periods/:periodKey/exceptions/:orgId',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'setReportException',
        summary: 'Let an organisation submit after the lock',
        description:
          'By the form’s owner or above: the organisation may submit and change its report for the period until `until`, lock or not. Replaces an earlier exception.',
        tags: ['reports'],
        errorCodes: ['not_found', 'report_period_unknown'],
        params: OrgParams,
        body: ReportExceptionInput,
        response: { 200: ReportException },
      },
    },
    async (request) =>
      setException(deps, requireAuth(request), keyOf(request.params), request.body),
  );

  app.delete(
    '/report-forms/:id/periods/:periodKey/exceptions/:orgId',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'removeReportException',
        summary: 'End an organisation’s exception to the lock',
        description:
          'By the form’s owner or above: the organisation is held to the period’s lock again. 404 when it had no exception.',
        tags: ['reports'],
        errorCodes: ['not_found', 'report_period_unknown'],
        params: OrgParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await removeException(deps, requireAuth(request), keyOf(request.params));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/report-forms/:id/periods/:periodKey/rollup',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'getReportRollUp',
        summary: 'The live roll-up of a period',
        description:
          'For `orgId` (default: yours, or the form’s owner when you are above it): the sums of its subtree’s current submissions per field (drafts never count), its own status, and completeness — expected, submitted, on time, reporting and on-time rates (of the expected set, never over 1) and who is missing; with one row per organisation of kind `level` in the subtree (default: its children), by name.',
        tags: ['reports'],
        errorCodes: ['not_found', 'report_period_unknown'],
        params: PeriodParams,
        querystring: ReportRollUpQuery,
        response: { 200: ReportRollUp },
      },
    },
    async (request) => {
      const { id, periodKey } = request.params;
      return getRollUp(deps, requireAuth(request), id, periodKey, request.query);
    },
  );

  app.get(
    '/report-forms/:id/periods/:periodKey/missing',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'listReportMissing',
        summary: 'Who has not submitted, with the people to ask',
        description:
          'The expected organisations of `orgId`’s subtree without a submission (a draft is not one), by name, each with its contacts in every role but parent.',
        tags: ['reports'],
        errorCodes: ['not_found', 'report_period_unknown'],
        params: PeriodParams,
        querystring: ReportMissingQuery,
        response: { 200: ReportMissing },
      },
    },
    async (request) => {
      const { id, periodKey } = request.params;
      return getMissing(deps, requireAuth(request), id, periodKey, request.query);
    },
  );

  app.get(
    '/report-forms/:id/periods/:periodKey/export',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'exportReportRollUp',
        summary: 'The roll-up as a CSV or XLSX file',
        description:
          'One row per organisation at `level` (default: the children), then the totals row: status, each field (choices one column per option, listed answers joined), reporting and on-time rates. CSV: UTF-8 with a BOM (Excel opens Cyrillic and Vietnamese), the roll-up or with `part=missing` the missing list; XLSX: both as sheets, numbers as numbers. Headers in `language` (default: the organisation’s); named `<form key>-<period>-<level>.csv` (or `-missing.csv`, `.xlsx`).',
        tags: ['reports'],
        errorCodes: ['not_found', 'report_period_unknown'],
        params: PeriodParams,
        querystring: ReportExportQuery,
        response: { 200: z.any().describe('The CSV (text/csv) or XLSX file') },
      },
    },
    async (request, reply) => {
      const { id, periodKey } = request.params;
      const file = await exportRollUp(deps, requireAuth(request), id, periodKey, request.query);
      return reply
        .type(file.type)
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .send(file.body);
    },
  );
};
