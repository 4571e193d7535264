import {
  CreatedReportLink,
  Id,
  ReportLink,
  ReportLinkInput,
  ReportLinkListQuery,
  ReportLinkSendInput,
  SentReportLink,
} from '@safenet/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth } from '../../platform/tenancy/auth.js';
import { createLink, listLinks, revokeLink } from './report-links.js';
import { type SendLinkDeps, sendLink } from './report-links.send.js';
import { PeriodParams } from './reports.params.js';

/** `/v1/report-forms/:id/periods/:periodKey/links` and `/v1/report-links/:id/revoke`. */
export const reportLinkRoutes: FastifyPluginAsyncZod<{ deps: SendLinkDeps }> = async (
  app,
  { deps },
) => {
  app.post(
    '/report-forms/:id/periods/:periodKey/links',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'createReportLink',
        summary: 'Make a signed no-login link to an organisation’s report',
        description:
          'By the organisation’s keys or an ancestor’s: a link (`<public URL>/r/<token>`, short enough for an SMS) to a page that fills in the organisation’s report for the period, in `language` (default: the contact’s, else the organisation’s), until `expiresInDays` (1–60, default 14) pass, the period locks or it is revoked. The organisation must be expected (422 `report_not_expected`); `contactId` must be one of its contacts, not a parent (400 `validation_failed`). The token is shown in this answer only.',
        tags: ['reports'],
        errorCodes: ['not_found', 'report_period_unknown', 'report_not_expected'],
        params: PeriodParams,
        body: ReportLinkInput,
        response: { 201: CreatedReportLink },
      },
    },
    async (request, reply) => {
      const { id, periodKey } = request.params;
      const link = await createLink(deps, requireAuth(request), id, periodKey, request.body);
      return reply.status(201).send(link);
    },
  );

  app.post(
    '/report-forms/:id/periods/:periodKey/links/send',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'sendReportLink',
        summary: 'Send an organisation its report link',
        description:
          'By the organisation’s keys or an ancestor’s: makes the organisation’s own link (its language, 14 days; the period’s lock still ends it) and sends it to its people — every role but parents — on the form’s nudge channels (email when it has none), asking for the report by its due date. Link and message are made together or not at all. The organisation must be expected (422 `report_not_expected`).',
        tags: ['reports'],
        errorCodes: ['not_found', 'report_period_unknown', 'report_not_expected'],
        params: PeriodParams,
        body: ReportLinkSendInput,
        response: { 202: SentReportLink },
      },
    },
    async (request, reply) => {
      const { id, periodKey } = request.params;
      const sent = await sendLink(deps, requireAuth(request), id, periodKey, request.body);
      return reply.status(202).send(sent);
    },
  );

  app.get(
    '/report-forms/:id/periods/:periodKey/links',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'listReportLinks',
        summary: 'The report links of a period',
        description:
          'The links made for organisations of your subtree (`orgId`: one of them), newest first, revoked and expired ones included; never their tokens.',
        tags: ['reports'],
        errorCodes: ['not_found', 'report_period_unknown'],
        params: PeriodParams,
        querystring: ReportLinkListQuery,
        response: { 200: z.object({ items: z.array(ReportLink) }) },
      },
    },
    async (request) => {
      const { id, periodKey } = request.params;
      return listLinks(deps, requireAuth(request), id, periodKey, request.query);
    },
  );

  app.post(
    '/report-links/:id/revoke',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'revokeReportLink',
        summary: 'Revoke a report link',
        description:
          'The link stops working at once (its page answers 410 `report_link_revoked`); what was submitted through it stays. Revoking again changes nothing.',
        tags: ['reports'],
        errorCodes: ['not_found'],
        params: z.strictObject({ id: Id }),
        response: { 200: ReportLink },
      },
    },
    async (request) => revokeLink(deps, requireAuth(request), request.params.id),
  );
};
