import {
  Broadcast,
  BroadcastInput,
  BroadcastPreview,
  BroadcastProgress,
  Delivery,
  DeliveryListQuery,
  type Language,
  Page,
  PageQuery,
} from '@safenet/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { PgBoss } from 'pg-boss';
import { IdParams } from '../../platform/http/schemas.js';
import { requireAuth } from '../../platform/tenancy/auth.js';
import type { UnsubscribeLinks } from '../consent/index.js';
import type { AttachmentFiles } from '../content/index.js';
import type { Pricing } from '../costs/index.js';
import {
  cancelBroadcast,
  createBroadcast,
  getBroadcast,
  getBroadcastProgress,
  listBroadcastDeliveries,
  listBroadcasts,
} from './broadcasts.service.js';
import type { Db } from './broadcasts.tables.js';
import { previewBroadcast } from './preview.service.js';

/** Broadcasts, their progress and their deliveries. */
export const broadcastRoutes: FastifyPluginAsyncZod<{
  db: Db;
  boss: PgBoss;
  defaultThreshold: number | null;
  unsubscribe: Pick<UnsubscribeLinks, 'smsOptOutUrlFor'>;
  files: Pick<AttachmentFiles, 'sampleUrl'>;
  pricing: Pricing;
  zaloTemplates: readonly Language[];
}> = async (app, { db, boss, defaultThreshold, unsubscribe, files, pricing, zaloTemplates }) => {
  const services = { unsubscribe, files, pricing, zaloTemplates };
  app.get(
    '/broadcasts',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'listBroadcasts',
        summary: 'List broadcasts',
        description: 'Broadcasts of your subtree, a page at a time.',
        tags: ['broadcasts'],
        querystring: PageQuery,
        response: { 200: Page(Broadcast) },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      return listBroadcasts(db, requireAuth(request), { cursor, limit });
    },
  );

  app.post(
    '/broadcasts',
    {
      config: { scope: 'send' },
      schema: {
        operationId: 'createBroadcast',
        summary: 'Create a broadcast',
        description:
          'Sends content to a segment over the channels given, in order of preference; recipients are planned and sent in the background (follow `getBroadcastProgress` or the stream). An audience over the organisation’s send-approval threshold waits in `awaiting_approval` for another person to approve it.',
        tags: ['broadcasts'],
        errorCodes: ['not_found', 'segment_empty', 'template_variable_missing'],
        body: BroadcastInput,
        response: { 202: Broadcast },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      // The estimate it records: what the preview would answer now (null without prices).
      const { cost } = await previewBroadcast(db, auth, request.body, services);
      return reply.status(202).send(
        await createBroadcast(db, boss, auth, request.body, {
          defaultThreshold,
          estimatedCost: cost,
        }),
      );
    },
  );

  app.post(
    '/broadcasts/preview',
    {
      // Reading only: an operator who may not send can still see what a broadcast would do.
      config: { scope: 'read' },
      schema: {
        operationId: 'previewBroadcast',
        summary: 'Preview a broadcast',
        description:
          'What a broadcast would do now — recipients per channel, languages after fallback, SMS segments (with the files’ links), how each channel carries the version’s files, the estimated cost (`cost`, null without a price table) — without sending or saving anything. `sendAt` is accepted and ignored; the `read` scope is enough.',
        tags: ['broadcasts'],
        errorCodes: ['not_found', 'template_variable_missing'],
        body: BroadcastInput,
        response: { 200: BroadcastPreview },
      },
    },
    async (request) => previewBroadcast(db, requireAuth(request), request.body, services),
  );

  app.get(
    '/broadcasts/:id',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'getBroadcast',
        summary: 'Get a broadcast',
        description: 'One broadcast of your subtree.',
        tags: ['broadcasts'],
        errorCodes: ['not_found'],
        params: IdParams,
        response: { 200: Broadcast },
      },
    },
    async (request) => getBroadcast(db, requireAuth(request), request.params.id),
  );

  app.get(
    '/broadcasts/:id/progress',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'getBroadcastProgress',
        summary: 'Get broadcast progress',
        description: 'Deliveries of a broadcast counted by status and channel, with fallbacks.',
        tags: ['broadcasts'],
        errorCodes: ['not_found'],
        params: IdParams,
        response: { 200: BroadcastProgress },
      },
    },
    async (request) => getBroadcastProgress(db, requireAuth(request), request.params.id),
  );

  app.post(
    '/broadcasts/:id/cancel',
    {
      config: { scope: 'send' },
      schema: {
        operationId: 'cancelBroadcast',
        summary: 'Cancel a broadcast',
        description:
          'Cancels a broadcast still sending: its queued deliveries become `cancelled`; sent ones stay sent.',
        tags: ['broadcasts'],
        errorCodes: ['not_found', 'broadcast_not_cancellable'],
        params: IdParams,
        response: { 200: Broadcast },
      },
    },
    async (request) => cancelBroadcast(db, requireAuth(request), request.params.id),
  );

  app.get(
    '/broadcasts/:id/deliveries',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'listBroadcastDeliveries',
        summary: 'List deliveries of a broadcast',
        description:
          'One delivery per recipient and channel tried, optionally of one status, a page at a time.',
        tags: ['broadcasts'],
        errorCodes: ['not_found'],
        params: IdParams,
        querystring: DeliveryListQuery,
        response: { 200: Page(Delivery) },
      },
    },
    async (request) => {
      const { limit, cursor, status } = request.query;
      return listBroadcastDeliveries(db, requireAuth(request), request.params.id, {
        status,
        cursor,
        limit,
      });
    },
  );
};
