import { AlertEscalation, EscalationPolicies, EscalationPoliciesView } from '@safenet/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../platform/http/schemas.js';
import { requireAuth } from '../../platform/tenancy/auth.js';
import type { AlertsDeps } from './alerts.service.js';
import {
  getEscalationPolicies,
  listEscalations,
  putEscalationPolicies,
} from './escalation.service.js';

/**
 * Escalation: an organisation's policies per severity (inherited down the tree), and the steps
 * an alert's escalation took. docs/reference/alerts.md, "Escalation".
 */
export const escalationRoutes: FastifyPluginAsyncZod<{ deps: AlertsDeps }> = async (
  app,
  { deps },
) => {
  app.get(
    '/organisations/:id/escalation-policies',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'getEscalationPolicies',
        summary: 'Get an organisation’s escalation policies',
        description:
          'What the organisation set per alert severity (`null`: no escalation; left out: inherited) and what applies to it: its own setting, the nearest organisation’s above, or the hub’s default.',
        tags: ['alerts'],
        errorCodes: ['not_found'],
        params: IdParams,
        response: { 200: EscalationPoliciesView },
      },
    },
    async (request) => getEscalationPolicies(deps, requireAuth(request), request.params.id),
  );

  app.put(
    '/organisations/:id/escalation-policies',
    {
      config: { scope: 'admin' },
      schema: {
        operationId: 'putEscalationPolicies',
        summary: 'Set an organisation’s escalation policies',
        description:
          'Replaces the organisation’s policies: per severity a policy, `null` for none, or left out to inherit. Applies to alerts raised from now on, here and beneath; open alerts keep the policy frozen when they opened. A policy with no steps, negative minutes or an unknown channel: 400 `validation_failed`.',
        tags: ['alerts'],
        errorCodes: ['not_found', 'validation_failed'],
        params: IdParams,
        body: EscalationPolicies,
        response: { 200: EscalationPoliciesView },
      },
    },
    async (request) =>
      putEscalationPolicies(deps, requireAuth(request), request.params.id, request.body),
  );

  app.get(
    '/alerts/:id/escalations',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'listAlertEscalations',
        summary: 'List an alert’s escalation steps',
        description:
          'The steps its escalation took, in order: whose on-call people were told, on which channels, by which broadcast.',
        tags: ['alerts'],
        errorCodes: ['not_found'],
        params: IdParams,
        response: { 200: z.object({ items: z.array(AlertEscalation) }) },
      },
    },
    async (request) => ({
      items: await listEscalations(deps, requireAuth(request), request.params.id),
    }),
  );
};
