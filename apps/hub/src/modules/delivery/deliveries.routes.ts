import { DeliveryDetail } from '@safenet/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams } from '../../platform/http/schemas.js';
import { requireAuth } from '../../platform/tenancy/auth.js';
import { getDeliveryDetail } from './deliveries.service.js';
import type { Db } from './delivery.tables.js';

/**
 * One delivery by id. Lists of deliveries stay under their broadcast
 * (`GET /v1/broadcasts/:id/deliveries`).
 */
export const deliveryRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/deliveries/:id',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'getDelivery',
        summary: 'Get a delivery and its history',
        description:
          'One delivery of your subtree, the fallback chain of its recipient in its broadcast (earliest channel first) and every move of that chain — planning, each change of status, attempt count or reason — oldest first, as the database recorded them. Others answer 404 as if they did not exist.',
        tags: ['broadcasts'],
        errorCodes: ['not_found'],
        params: IdParams,
        response: { 200: DeliveryDetail },
      },
    },
    async (request) => getDeliveryDetail(db, requireAuth(request), request.params.id),
  );
};
