import { BroadcastCost } from '@safenet/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { share } from '../../platform/database/schema.js';
import { IdParams } from '../../platform/http/schemas.js';
import { requireAuth } from '../../platform/tenancy/auth.js';
import { actualCost } from '../delivery/index.js';
import { getBroadcast } from './broadcasts.service.js';
import type { Db } from './broadcasts.tables.js';

/**
 * A broadcast's cost: the estimate it recorded beside what providers reported. A route of its
 * own rather than a field of the progress: progress is read often, from counters, while this
 * sums the deliveries' prices — read when someone asks.
 */
export const broadcastCostRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/broadcasts/:id/cost',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'getBroadcastCost',
        summary: 'Get a broadcast’s estimated and actual cost',
        description:
          'The estimate recorded when the broadcast was created, beside what providers reported: Σ of Twilio’s `price` per currency (positive), WhatsApp messages billable or not (Meta reports no amount), and SMS whose price Twilio has not reported yet.',
        tags: ['costs'],
        errorCodes: ['not_found'],
        params: IdParams,
        response: { 200: BroadcastCost },
      },
    },
    async (request) => {
      const broadcast = await getBroadcast(db, requireAuth(request), request.params.id);
      return {
        broadcastId: broadcast.id,
        estimate: broadcast.estimatedCost,
        ...(await actualCost(share(db), broadcast.id)),
      };
    },
  );
};
