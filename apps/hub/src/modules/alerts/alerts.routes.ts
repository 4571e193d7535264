import { Alert, AlertListQuery, Page } from '@safenet/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams } from '../../platform/http/schemas.js';
import { requireAuth } from '../../platform/tenancy/auth.js';
import { type AlertsDeps, getAlert, listAlerts, moveAlert } from './alerts.service.js';

const MOVES = [
  {
    path: 'acknowledge',
    to: 'acknowledged',
    summary: 'Acknowledge an alert',
    what: 'Says someone is on it: the alert moves from `open` to `acknowledged`, recording who and when.',
  },
  {
    path: 'resolve',
    to: 'resolved',
    summary: 'Resolve an alert',
    what: 'Says the cause is gone: the alert moves to `resolved`, recording who and when.',
  },
] as const;

/**
 * Alerts: stored records of what needs a person's attention, raised by the hub's modules for
 * the organisation whose people must act, and moved by them.
 */
export const alertRoutes: FastifyPluginAsyncZod<{ deps: AlertsDeps }> = async (app, { deps }) => {
  app.get(
    '/alerts',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'listAlerts',
        summary: 'List alerts',
        description:
          'Alerts of your subtree (or of `orgId`’s), newest first, a page at a time; filtered by state, code and severity. Codes: docs/reference/alerts.md.',
        tags: ['alerts'],
        errorCodes: ['not_found'],
        querystring: AlertListQuery,
        response: { 200: Page(Alert) },
      },
    },
    async (request) => listAlerts(deps, requireAuth(request), request.query),
  );

  app.get(
    '/alerts/:id',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'getAlert',
        summary: 'Get an alert',
        description: 'One alert of your subtree.',
        tags: ['alerts'],
        errorCodes: ['not_found'],
        params: IdParams,
        response: { 200: Alert },
      },
    },
    async (request) => getAlert(deps, requireAuth(request), request.params.id),
  );

  for (const move of MOVES) {
    app.post(
      `/alerts/:id/${move.path}`,
      {
        // `write` or `cases`, checked once the alert is found (a specialist has no `write`).
        config: { scope: 'read' },
        schema: {
          operationId: `${move.path}Alert`,
          summary: move.summary,
          description: `${move.what} Needs the \`write\` or the \`cases\` scope. Repeating it changes nothing; acknowledging a resolved alert: 409 \`alert_state_conflict\`.`,
          tags: ['alerts'],
          errorCodes: ['not_found', 'insufficient_scope', 'alert_state_conflict'],
          params: IdParams,
          response: { 200: Alert },
        },
      },
      async (request) => moveAlert(deps, requireAuth(request), request.params.id, move.to),
    );
  }
};
