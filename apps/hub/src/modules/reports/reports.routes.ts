import {
  Page,
  ReportAssignment,
  ReportAssignmentInput,
  ReportForm,
  ReportFormInput,
  ReportFormListQuery,
  ReportFormPatch,
  ReportPeriods,
  ReportPeriodsQuery,
} from '@safenet/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams } from '../../platform/http/schemas.js';
import { requireAuth } from '../../platform/tenancy/auth.js';
import type { ReportsDeps } from './reports.access.js';
import {
  createForm,
  getAssignment,
  getForm,
  listForms,
  listPeriods,
  patchForm,
  putAssignment,
} from './reports.forms.js';

/** Report forms: the columns, who must report, and the periods. */
export const reportFormRoutes: FastifyPluginAsyncZod<{ deps: ReportsDeps }> = async (
  app,
  { deps },
) => {
  app.post(
    '/report-forms',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'createReportForm',
        summary: 'Create a report form',
        description:
          'A form of typed fields owned by an organisation of your subtree, optionally of a campaign of that organisation or beneath it, with its schedule (once, or every school year, quarter or month; due and lock dates read in each reporting organisation’s zone). Its key is unique in the owner (409 `report_form_key_taken`); a due date before the period starts answers 400 `report_schedule_invalid`.',
        tags: ['reports'],
        errorCodes: [
          'not_found',
          'report_form_invalid',
          'report_schedule_invalid',
          'report_form_key_taken',
        ],
        body: ReportFormInput,
        response: { 201: ReportForm },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createForm(deps, requireAuth(request), request.body)),
  );

  app.get(
    '/report-forms',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'listReportForms',
        summary: 'List report forms',
        description:
          'The forms owned in your subtree and those of the organisations above you (the forms you may be asked to fill in), oldest first, a page at a time; filtered by campaign or owner.',
        tags: ['reports'],
        errorCodes: ['invalid_cursor'],
        querystring: ReportFormListQuery,
        response: { 200: Page(ReportForm) },
      },
    },
    async (request) => listForms(deps, requireAuth(request), request.query),
  );

  app.get(
    '/report-forms/:id',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'getReportForm',
        summary: 'Get a report form',
        description: 'Visible to its owner, the organisations above it and those beneath it.',
        tags: ['reports'],
        errorCodes: ['not_found'],
        params: IdParams,
        response: { 200: ReportForm },
      },
    },
    async (request) => getForm(deps, requireAuth(request), request.params.id),
  );

  app.patch(
    '/report-forms/:id',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'updateReportForm',
        summary: 'Change a report form',
        description:
          'Its title, description, fields or schedule, by its owner or above. Relabelling, reordering, new fields and new options are fine; dropping or retyping a field (or removing an option) that submissions answer, or a schedule without a period submissions are filed under, answers 409 `report_form_in_use`. Due and lock dates may move (on time stays as decided at each first submission).',
        tags: ['reports'],
        errorCodes: [
          'not_found',
          'report_form_invalid',
          'report_schedule_invalid',
          'report_form_in_use',
        ],
        params: IdParams,
        body: ReportFormPatch,
        response: { 200: ReportForm },
      },
    },
    async (request) => patchForm(deps, requireAuth(request), request.params.id, request.body),
  );

  app.put(
    '/report-forms/:id/assignment',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'setReportAssignment',
        summary: 'Set who must report on a form',
        description:
          'Replaces the assignment: organisations listed, or every organisation of a kind beneath one (`{ allOf, under }`), read against the tree at every roll-up (a school opened later is expected). Each must be the form’s owner or beneath it (422 `report_assignee_outside_tree`, nothing written).',
        tags: ['reports'],
        errorCodes: ['not_found', 'report_assignee_outside_tree'],
        params: IdParams,
        body: ReportAssignmentInput,
        response: { 200: ReportAssignment },
      },
    },
    async (request) => putAssignment(deps, requireAuth(request), request.params.id, request.body),
  );

  app.get(
    '/report-forms/:id/assignment',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'getReportAssignment',
        summary: 'Who must report on a form',
        description: 'The assignees as written, and how many organisations they expect now.',
        tags: ['reports'],
        errorCodes: ['not_found'],
        params: IdParams,
        response: { 200: ReportAssignment },
      },
    },
    async (request) => getAssignment(deps, requireAuth(request), request.params.id),
  );

  app.get(
    '/report-forms/:id/periods',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'listReportPeriods',
        summary: 'A form’s periods',
        description:
          'The periods of its schedule overlapping `from`–`until` (an open-ended schedule: until today in the owner’s zone), each with its key, dates, due date and lock date.',
        tags: ['reports'],
        errorCodes: ['not_found'],
        params: IdParams,
        querystring: ReportPeriodsQuery,
        response: { 200: ReportPeriods },
      },
    },
    async (request) => listPeriods(deps, requireAuth(request), request.params.id, request.query),
  );
};
