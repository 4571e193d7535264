import { Channel, OutboxMessage, Page, PageQuery } from '@safenet/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireAuth } from '../../platform/tenancy/auth.js';
import { listOutboxMessages } from './outbox.store.js';
import type { Db } from './outbox.tables.js';

const OutboxQuery = PageQuery.extend({ channel: Channel.optional() });

/** The capture outbox: messages kept instead of sent because no provider is configured. */
export const outboxRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/outbox',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'listOutboxMessages',
        summary: 'List captured messages',
        description:
          'Messages kept instead of sent because no provider is configured for their channel, optionally of one channel.',
        tags: ['outbox'],
        querystring: OutboxQuery,
        response: { 200: Page(OutboxMessage) },
      },
    },
    async (request) => {
      const { limit, cursor, channel } = request.query;
      return listOutboxMessages(db, requireAuth(request).orgId, channel, { cursor, limit });
    },
  );
};
