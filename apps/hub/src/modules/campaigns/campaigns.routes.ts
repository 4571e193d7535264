import {
  Campaign,
  CampaignInput,
  CampaignListQuery,
  CampaignPatch,
  type CampaignStatus,
  Page,
} from '@safenet/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams } from '../../platform/http/schemas.js';
import { requireAuth } from '../../platform/tenancy/auth.js';
import {
  type CampaignsDeps,
  createCampaign,
  getCampaign,
  listCampaigns,
  moveCampaign,
  updateCampaign,
} from './campaigns.service.js';

/** The moves a person asks for, by route; the calendar makes the others. */
const MOVES: ReadonlyArray<{ path: string; to: CampaignStatus; summary: string; from: string }> = [
  { path: 'schedule', to: 'scheduled', summary: 'Schedule a campaign', from: 'a draft' },
  {
    path: 'cancel',
    to: 'cancelled',
    summary: 'Cancel a campaign',
    from: 'a draft, scheduled or active campaign',
  },
  { path: 'archive', to: 'archived', summary: 'Archive a campaign', from: 'a completed campaign' },
];

/**
 * Campaigns: awareness programmes with a window, phases and organisers, and a lifecycle the
 * calendar runs once they are scheduled. Broadcasts can belong to one.
 */
export const campaignRoutes: FastifyPluginAsyncZod<{ deps: CampaignsDeps }> = async (
  app,
  { deps },
) => {
  app.get(
    '/campaigns',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'listCampaigns',
        summary: 'List campaigns',
        description:
          'Campaigns of your subtree (or of `orgId`’s), a page at a time; filtered by status as the calendar has it now, and by a title prefix in any language.',
        tags: ['campaigns'],
        errorCodes: ['not_found'],
        querystring: CampaignListQuery,
        response: { 200: Page(Campaign) },
      },
    },
    async (request) => listCampaigns(deps, requireAuth(request), request.query),
  );

  app.post(
    '/campaigns',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'createCampaign',
        summary: 'Create a campaign',
        description:
          'Creates a draft campaign: a window in a time zone, phases inside it, organisers of the tree, partners, targets. Schedule it to let the calendar run it.',
        tags: ['campaigns'],
        errorCodes: [
          'not_found',
          'conflict',
          'campaign_organiser_outside_tree',
          'campaign_implements_invalid',
        ],
        body: CampaignInput,
        response: { 201: Campaign },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createCampaign(deps, requireAuth(request), request.body)),
  );

  app.get(
    '/campaigns/:id',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'getCampaign',
        summary: 'Get a campaign',
        description: 'One campaign of your subtree, its status as the calendar has it now.',
        tags: ['campaigns'],
        errorCodes: ['not_found'],
        params: IdParams,
        response: { 200: Campaign },
      },
    },
    async (request) => getCampaign(deps, requireAuth(request), request.params.id),
  );

  app.patch(
    '/campaigns/:id',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'updateCampaign',
        summary: 'Change a campaign',
        description:
          'Replaces the fields given. The status limits what may change: a running campaign keeps its start, zone and begun phases; a completed, archived or cancelled one does not change.',
        tags: ['campaigns'],
        errorCodes: [
          'not_found',
          'conflict',
          'campaign_edit_forbidden',
          'campaign_organiser_outside_tree',
          'campaign_implements_invalid',
        ],
        params: IdParams,
        body: CampaignPatch,
        response: { 200: Campaign },
      },
    },
    async (request) => updateCampaign(deps, requireAuth(request), request.params.id, request.body),
  );

  for (const move of MOVES) {
    app.post(
      `/campaigns/:id/${move.path}`,
      {
        config: { scope: 'write' },
        schema: {
          operationId: `${move.path}Campaign`,
          summary: move.summary,
          description: `Moves ${move.from} to \`${move.to}\`, published on the stream as \`campaign.updated\`; a campaign already ${move.to} stays so. Other moves: 409 \`campaign_status_conflict\`.`,
          tags: ['campaigns'],
          errorCodes: ['not_found', 'campaign_status_conflict'],
          params: IdParams,
          response: { 200: Campaign },
        },
      },
      async (request) => moveCampaign(deps, requireAuth(request), request.params.id, move.to),
    );
  }
};
