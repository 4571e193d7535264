import { Campaign, CampaignInput, Page, PageQuery } from '@safenet/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams } from '../../platform/http/schemas.js';
import { requireAuth } from '../../platform/tenancy/auth.js';
import { createCampaign, getCampaign, listCampaigns } from './campaigns.service.js';
import type { Db } from './campaigns.tables.js';

/** Campaigns: named periods that broadcasts can belong to. */
export const campaignRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/campaigns',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'listCampaigns',
        summary: 'List campaigns',
        description: 'Campaigns of your subtree, a page at a time.',
        tags: ['campaigns'],
        querystring: PageQuery,
        response: { 200: Page(Campaign) },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      return listCampaigns(db, requireAuth(request), { cursor, limit });
    },
  );

  app.post(
    '/campaigns',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'createCampaign',
        summary: 'Create a campaign',
        description:
          'Creates a campaign: a named period in a time zone that broadcasts can belong to.',
        tags: ['campaigns'],
        errorCodes: ['not_found'],
        body: CampaignInput,
        response: { 201: Campaign },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createCampaign(db, requireAuth(request), request.body)),
  );

  app.get(
    '/campaigns/:id',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'getCampaign',
        summary: 'Get a campaign',
        description: 'One campaign of your subtree.',
        tags: ['campaigns'],
        errorCodes: ['not_found'],
        params: IdParams,
        response: { 200: Campaign },
      },
    },
    async (request) => getCampaign(db, requireAuth(request), request.params.id),
  );
};
