import { Channel, OutboxMessage, Page, PageQuery } from '@safenet/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { keysetPage } from '../../platform/database/keyset.js';
import { inSubtree } from '../../platform/tenancy/scope.js';
import type { Db } from '../database.js';
import { toOutboxMessage } from './outbox.store.js';

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
      return keysetPage(
        db
          .selectFrom('outbox_messages')
          .selectAll()
          .where(inSubtree('outbox_messages.org_id', request.auth.orgId))
          .$if(channel !== undefined, (q) => q.where('channel', '=', channel as Channel)),
        { cursor, limit },
        toOutboxMessage,
      );
    },
  );
};
