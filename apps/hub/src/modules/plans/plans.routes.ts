import {
  Campaign,
  CampaignAdoptInput,
  CampaignLineage,
  Id,
  Key,
  Page,
  Plan,
  PlanAssignment,
  PlanAssignmentPatch,
  PlanGrid,
  PlanGridQuery,
  PlanInput,
  PlanTask,
  PlanTaskQuery,
} from '@safenet/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../platform/http/schemas.js';
import { requireAuth } from '../../platform/tenancy/auth.js';
import type { PlansDeps } from './plans.access.js';
import { adoptCampaign } from './plans.adopt.js';
import { getLineage } from './plans.lineage.js';
import { getGrid, getPlan, putPlan, setAssignmentStatus } from './plans.service.js';
import { listTasks } from './plans.tasks.js';

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
          'The activity plan: sections of items, each with its deadline, phase and responsible entries (a rule with how many organisations it covered when last written), and `inherited`: the items of the campaigns it implements (up the chain, nearest first) that have pairs in its owner’s subtree, read only, with those pairs’ statuses (recorded on the campaign they come from). Visible to the owner, those above it and those beneath it.',
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
          'Items × responsible organisations of a subtree, statuses as shown (overdue computed in each organisation’s zone), counts per item over the whole subtree and per organisation; the organisations a page at a time. By default the items of the campaigns implementing this one (transitively, those you may see) follow its own, where they have pairs in the subtree, each tagged with its campaign and counted in the totals; `lineage=false` shows its own items only.',
        tags: ['plans'],
        errorCodes: ['not_found', 'invalid_cursor'],
        params: IdParams,
        querystring: PlanGridQuery,
        response: { 200: PlanGrid },
      },
    },
    async (request) => getGrid(deps, requireAuth(request), request.params.id, request.query),
  );

  app.get(
    '/plan-assignments',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'listPlanAssignments',
        summary: 'An organisation’s tasks across campaigns',
        description:
          'The (item, organisation) pairs of your subtree (or `orgId`’s, inside it) in every campaign neither archived nor cancelled, whoever owns it: a school finds its ministry’s and province’s items here. Each with its campaign, item, status as shown (overdue computed in the organisation’s zone, as the grid does) and due dates; filtered by status, campaign and `dueBefore`; sorted by `dueOn` (ongoing and none left last), then campaign, item and organisation, a page at a time.',
        tags: ['plans'],
        errorCodes: ['not_found', 'invalid_cursor'],
        querystring: PlanTaskQuery,
        response: { 200: Page(PlanTask) },
      },
    },
    async (request) => listTasks(deps, requireAuth(request), request.query),
  );

  app.post(
    '/campaigns/:id/adopt',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'adoptCampaign',
        summary: 'Adopt a campaign as an organisation’s own plan',
        description:
          'An organisation strictly beneath the campaign’s owner (default: yours) creates its own draft campaign implementing it: window, time zone, phases, title (unless given) and goal copied. Its plan then shows the items it inherits and adds its own. Once per organisation and campaign (409 `campaign_already_adopted`); a completed, archived or cancelled campaign answers 409 `campaign_adopt_closed`; an organisation not beneath the owner 422 `campaign_adopt_outside_tree`.',
        tags: ['plans'],
        errorCodes: [
          'not_found',
          'conflict',
          'campaign_already_adopted',
          'campaign_adopt_closed',
          'campaign_adopt_outside_tree',
        ],
        params: IdParams,
        body: CampaignAdoptInput,
        response: { 201: Campaign },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await adoptCampaign(deps, requireAuth(request), request.params.id, request.body)),
  );

  app.get(
    '/campaigns/:id/lineage',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'getCampaignLineage',
        summary: 'The chain of plans above a campaign and the tree below',
        description:
          'The campaigns it implements (nearest first) and those implementing it, recursively (depth first), each with its owner, status and progress: its own pairs in your subtree, recorded done and all. Campaigns whose owner is neither above you nor in your subtree are left out, with those beneath them.',
        tags: ['plans'],
        errorCodes: ['not_found'],
        params: IdParams,
        response: { 200: CampaignLineage },
      },
    },
    async (request) => getLineage(deps, requireAuth(request), request.params.id),
  );
};
