import { ApprovalEvent, ApprovalEventQuery, Page } from '@safenet/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireAuth } from '../../platform/tenancy/auth.js';
import { listApprovalEvents } from './approvals.service.js';
import type { Db } from './approvals.tables.js';

/** The approvals audit log, for the organisation's admins. */
export const approvalsRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/approval-events',
    {
      config: { scope: 'admin' },
      schema: {
        operationId: 'listApprovalEvents',
        summary: 'List approval events',
        description:
          'The append-only log of four-eyes approval in your subtree, newest first: every version created, edited, submitted, approved, rejected or archived, and every large broadcast’s approval request, approval, rejection or voiding, with who (and the person behind a key), what and when.',
        tags: ['approvals'],
        errorCodes: ['not_found'],
        querystring: ApprovalEventQuery,
        response: { 200: Page(ApprovalEvent) },
      },
    },
    async (request) => listApprovalEvents(db, requireAuth(request), request.query),
  );
};
