import {
  Broadcast,
  BroadcastInput,
  BroadcastPreview,
  BroadcastProgress,
  Delivery,
  DeliveryListQuery,
  Page,
  PageQuery,
} from '@safenet/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { PgBoss } from 'pg-boss';
import { cancelBroadcast, createBroadcast } from '../dispatch/broadcasts.service.js';
import { previewBroadcast } from '../dispatch/preview.service.js';
import { readProgress } from '../dispatch/progress.js';
import type { Db } from '../store/database.js';
import { findInScope } from '../store/lookups.js';
import { toBroadcast, toDelivery } from '../store/mappers.js';
import { decodeCursor, inSubtree, toPage } from '../store/scope.js';
import { IdParams, problemResponses } from './shared.js';

/** Broadcasts, their progress and their deliveries. */
export const broadcastRoutes: FastifyPluginAsyncZod<{ db: Db; boss: PgBoss }> = async (
  app,
  { db, boss },
) => {
  app.get(
    '/broadcasts',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['broadcasts'],
        querystring: PageQuery,
        response: { 200: Page(Broadcast), ...problemResponses },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      const after = decodeCursor(cursor);
      const rows = await db
        .selectFrom('broadcasts')
        .selectAll()
        .where(inSubtree('broadcasts.org_id', request.auth.orgId))
        .$if(after !== undefined, (q) => q.where('id', '>', after as string))
        .orderBy('id')
        .limit(limit + 1)
        .execute();
      return toPage(rows, limit, toBroadcast);
    },
  );

  app.post(
    '/broadcasts',
    {
      config: { scope: 'send' },
      schema: {
        tags: ['broadcasts'],
        summary: 'Send content to a segment; recipients are planned and sent in the background',
        body: BroadcastInput,
        response: { 202: Broadcast, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await createBroadcast(db, boss, request.auth, request.body)),
  );

  app.post(
    '/broadcasts/preview',
    {
      // Reading only: an operator who may not send can still see what a broadcast would do.
      config: { scope: 'read' },
      schema: {
        tags: ['broadcasts'],
        summary:
          'What a broadcast would do — recipients per channel, languages after fallback, SMS segments — without sending or saving anything',
        body: BroadcastInput,
        response: { 200: BroadcastPreview, ...problemResponses },
      },
    },
    async (request) => previewBroadcast(db, request.auth, request.body),
  );

  app.get(
    '/broadcasts/:id',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['broadcasts'],
        params: IdParams,
        response: { 200: Broadcast, ...problemResponses },
      },
    },
    async (request) =>
      toBroadcast(await findInScope(db, request.auth, 'broadcasts', request.params.id)),
  );

  app.get(
    '/broadcasts/:id/progress',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['broadcasts'],
        params: IdParams,
        response: { 200: BroadcastProgress, ...problemResponses },
      },
    },
    async (request) => {
      const broadcast = await findInScope(db, request.auth, 'broadcasts', request.params.id);
      return readProgress(db, broadcast.id);
    },
  );

  app.post(
    '/broadcasts/:id/cancel',
    {
      config: { scope: 'send' },
      schema: {
        tags: ['broadcasts'],
        params: IdParams,
        response: { 200: Broadcast, ...problemResponses },
      },
    },
    async (request) => cancelBroadcast(db, request.auth, request.params.id),
  );

  app.get(
    '/broadcasts/:id/deliveries',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['broadcasts'],
        params: IdParams,
        querystring: DeliveryListQuery,
        response: { 200: Page(Delivery), ...problemResponses },
      },
    },
    async (request) => {
      const broadcast = await findInScope(db, request.auth, 'broadcasts', request.params.id);
      const { limit, cursor, status } = request.query;
      const after = decodeCursor(cursor);
      const rows = await db
        .selectFrom('deliveries')
        .selectAll()
        .where('broadcast_id', '=', broadcast.id)
        .$if(status !== undefined, (q) => q.where('status', '=', status as Delivery['status']))
        .$if(after !== undefined, (q) => q.where('id', '>', after as string))
        .orderBy('id')
        .limit(limit + 1)
        .execute();
      return toPage(rows, limit, toDelivery);
    },
  );
};
