import {
  Page,
  PageQuery,
  Recommendation,
  RecommendationInput,
  RecommendationPatch,
} from '@safenet/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams } from '../../platform/http/schemas.js';
import { requireAuth } from '../../platform/tenancy/auth.js';
import {
  createRecommendation,
  getRecommendation,
  listRecommendations,
  updateRecommendation,
} from './content.service.js';
import type { Db } from './content.tables.js';

/** Recommendations (localized guidance). */
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
      return listRecommendations(db, requireAuth(request), { cursor, limit });
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
    async (request, reply) =>
      reply.status(201).send(await createRecommendation(db, requireAuth(request), request.body)),
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
    async (request) => getRecommendation(db, requireAuth(request), request.params.id),
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
    async (request) =>
      updateRecommendation(db, requireAuth(request), request.params.id, request.body),
  );
};
