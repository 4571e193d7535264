import {
  Campaign,
  CampaignInput,
  Page,
  PageQuery,
  Recommendation,
  RecommendationInput,
  RecommendationPatch,
} from '@safenet/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { v7 as uuidv7 } from 'uuid';
import { keysetPage } from '../../platform/database/keyset.js';
import { IdParams } from '../../platform/http/schemas.js';
import { findInScope, orgInScope } from '../../platform/tenancy/lookups.js';
import { inSubtree } from '../../platform/tenancy/scope.js';
import { toCampaign } from '../campaigns/index.js';
import type { Db } from '../database.js';
import { toRecommendation } from './content.store.js';

/** Recommendations (localized guidance) and campaigns. */
export const contentRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/recommendations',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'listRecommendations',
        summary: 'List recommendations',
        description: 'Recommendations of your subtree, a page at a time.',
        tags: ['recommendations'],
        querystring: PageQuery,
        response: { 200: Page(Recommendation) },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      return keysetPage(
        db
          .selectFrom('recommendations')
          .selectAll()
          .where(inSubtree('recommendations.org_id', request.auth.orgId)),
        { cursor, limit },
        toRecommendation,
      );
    },
  );

  app.post(
    '/recommendations',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'createRecommendation',
        summary: 'Create a recommendation',
        description:
          'Creates guidance written in one or more languages, for roles and children’s age bands.',
        tags: ['recommendations'],
        errorCodes: ['not_found'],
        body: RecommendationInput,
        response: { 201: Recommendation },
      },
    },
    async (request, reply) => {
      const input = request.body;
      await orgInScope(db, request.auth, input.orgId);
      const now = new Date();
      const row = await db
        .insertInto('recommendations')
        .values({
          id: uuidv7(),
          org_id: input.orgId,
          topic: input.topic,
          title: JSON.stringify(input.title),
          body: JSON.stringify(input.body),
          target_roles: input.targetRoles,
          target_age_bands: JSON.stringify(input.targetAgeBands),
          status: input.status,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return reply.status(201).send(toRecommendation(row));
    },
  );

  app.get(
    '/recommendations/:id',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'getRecommendation',
        summary: 'Get a recommendation',
        description: 'One recommendation of your subtree.',
        tags: ['recommendations'],
        errorCodes: ['not_found'],
        params: IdParams,
        response: { 200: Recommendation },
      },
    },
    async (request) =>
      toRecommendation(await findInScope(db, request.auth, 'recommendations', request.params.id)),
  );

  app.patch(
    '/recommendations/:id',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'updateRecommendation',
        summary: 'Update a recommendation',
        description:
          'Changes the fields given; a localized text given replaces the stored one whole.',
        tags: ['recommendations'],
        errorCodes: ['not_found'],
        params: IdParams,
        body: RecommendationPatch,
        response: { 200: Recommendation },
      },
    },
    async (request) => {
      const patch = request.body;
      const current = await findInScope(db, request.auth, 'recommendations', request.params.id);
      const row = await db
        .updateTable('recommendations')
        .set({
          ...(patch.topic ? { topic: patch.topic } : {}),
          ...(patch.title ? { title: JSON.stringify(patch.title) } : {}),
          ...(patch.body ? { body: JSON.stringify(patch.body) } : {}),
          ...(patch.targetRoles ? { target_roles: patch.targetRoles } : {}),
          ...(patch.targetAgeBands
            ? { target_age_bands: JSON.stringify(patch.targetAgeBands) }
            : {}),
          ...(patch.status ? { status: patch.status } : {}),
          updated_at: new Date(),
        })
        .where('id', '=', current.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRecommendation(row);
    },
  );

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
      return keysetPage(
        db
          .selectFrom('campaigns')
          .selectAll()
          .where(inSubtree('campaigns.org_id', request.auth.orgId)),
        { cursor, limit },
        toCampaign,
      );
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
    async (request, reply) => {
      const input = request.body;
      await orgInScope(db, request.auth, input.orgId);
      const row = await db
        .insertInto('campaigns')
        .values({
          id: uuidv7(),
          org_id: input.orgId,
          title: input.title,
          description: input.description ?? null,
          starts_on: input.startsOn,
          ends_on: input.endsOn,
          time_zone: input.timeZone,
          organisers: input.organisers,
          created_at: new Date(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return reply.status(201).send(toCampaign(row));
    },
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
    async (request) =>
      toCampaign(await findInScope(db, request.auth, 'campaigns', request.params.id)),
  );
};
