import {
  Id,
  Key,
  Plan,
  PlanAssignment,
  PlanAssignmentPatch,
  PlanGrid,
  PlanGridQuery,
  PlanInput,
} from '@safenet/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../platform/http/schemas.js';
import { requireAuth } from '../../platform/tenancy/auth.js';
import { getGrid, getPlan, type PlansDeps, putPlan, setAssignmentStatus } from './plans.service.js';

const AssignmentParams = z.strictObject({ id: Id, itemKey: Key, orgId: Id });

/**
 * The activity plan of a campaign: its items and responsible organisations, each pair's
 * status, and the grid a ministry watches.
 */
export const planRoutes: FastifyPluginAsyncZod<{ deps: PlansDeps }> = async (app, { deps }) => {
  app.get(
    '/campaigns/:id/plan',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'getCampaignPlan',
        summary: 'Get a campaign’s plan',
        description:
          'The activity plan: sections of items, each with its deadline, phase and responsible entries (a rule with how many organisations it covered when last written). Visible to the owner, those above it and those beneath it.',
        tags: ['plans'],
        errorCodes: ['not_found'],
        params: IdParams,
        response: { 200: Plan },
      },
    },
    async (request) => getPlan(deps, requireAuth(request), request.params.id),
  );

  app.put(
    '/campaigns/:id/plan',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'putCampaignPlan',
        summary: 'Replace a campaign’s plan',
        description:
          'Replaces the whole plan by keys, all or nothing: pairs whose item and organisation stay keep their statuses, what is gone is deleted, assignment rules are expanded against the tree as it is now. Every problem is reported at once (400 `plan_invalid`, each with its path); a completed, archived or cancelled campaign answers 409 `plan_edit_forbidden`.',
        tags: ['plans'],
        errorCodes: ['not_found', 'plan_invalid', 'plan_edit_forbidden'],
        params: IdParams,
        body: PlanInput,
        response: { 200: Plan },
      },
    },
    async (request) =>
      putPlan(deps, requireAuth(request), request.params.id, request.body.sections),
  );

  app.patch(
    '/campaigns/:id/plan/items/:itemKey/assignments/:orgId',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'setPlanAssignmentStatus',
        summary: 'Record a responsible organisation’s status on an item',
        description:
          'By the organisation’s own keys and people or an ancestor’s; others 404. `overdue` is computed, never set. Published as `plan.assignment.updated`.',
        tags: ['plans'],
        errorCodes: ['not_found', 'plan_edit_forbidden'],
        params: AssignmentParams,
        body: PlanAssignmentPatch,
        response: { 200: PlanAssignment },
      },
    },
    async (request) => {
      const { id, itemKey, orgId } = request.params;
      return setAssignmentStatus(
        deps,
        requireAuth(request),
        { campaignId: id, itemKey, orgId },
        request.body,
      );
    },
  );

  app.get(
    '/campaigns/:id/grid',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'getCampaignGrid',
        summary: 'The plan’s grid of statuses',
        description:
          'Items × responsible organisations of a subtree, statuses as shown (overdue computed in each organisation’s zone), counts per item over the whole subtree and per organisation; the organisations a page at a time.',
        tags: ['plans'],
        errorCodes: ['not_found', 'invalid_cursor'],
        params: IdParams,
        querystring: PlanGridQuery,
        response: { 200: PlanGrid },
      },
    },
    async (request) => getGrid(deps, requireAuth(request), request.params.id, request.query),
  );
};
