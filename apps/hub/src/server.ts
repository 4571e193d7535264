import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { PgBoss } from 'pg-boss';
import type { HubConfig } from './config.js';
import type { UnsubscribeLinks } from './consent/unsubscribe-links.js';
import type { ChannelRegistry } from './dispatch/channel-registry.js';
import type { ReceiptDeps } from './dispatch/receipts.js';
import type { EventBus } from './events/event-bus.js';
import { loggerOptions } from './logging.js';
import { authPlugin } from './plugins/auth.plugin.js';
import { errorsPlugin } from './plugins/errors.plugin.js';
import { idempotencyPlugin } from './plugins/idempotency.plugin.js';
import { methodsPlugin } from './plugins/methods.plugin.js';
import { openapiPlugin } from './plugins/openapi.plugin.js';
import { rateLimitPlugin } from './plugins/rate-limit.plugin.js';
import { broadcastRoutes } from './routes/broadcasts.routes.js';
import { channelRoutes } from './routes/channels.routes.js';
import { contactRoutes } from './routes/contacts.routes.js';
import { contentRoutes } from './routes/content.routes.js';
import { healthRoutes } from './routes/health.routes.js';
import { organisationRoutes } from './routes/organisations.routes.js';
import { outboxRoutes } from './routes/outbox.routes.js';
import { segmentRoutes } from './routes/segments.routes.js';
import { streamRoutes } from './routes/stream.routes.js';
import { unsubscribeRoutes } from './routes/unsubscribe.routes.js';
import { webhookRoutes } from './routes/webhooks.routes.js';
import type { Db } from './store/database.js';
import { rootOrgId } from './store/org-paths.js';

/** What the HTTP layer needs from the rest of the hub. */
export interface ServerDeps {
  db: Db;
  boss: PgBoss;
  bus: EventBus;
  /** The channel adapters: webhooks go to the one whose provider they name. */
  channels: ChannelRegistry;
  /** What applying a webhook's receipts needs. */
  receipts: ReceiptDeps;
  /**
   * Checks the tokens of `/v1/unsubscribe/:token`. `createHub` always sets it; without it
   * (servers built for the OpenAPI document alone) those routes are not registered.
   */
  unsubscribe?: UnsubscribeLinks;
  /** Where log lines go instead of stdout (tests read them). */
  logStream?: NodeJS.WritableStream;
  /** The clock of the rate limits' counters (tests move it by hand). */
  now?: () => number;
}

export const API_VERSION = '0.1.0';

/**
 * Builds the Fastify app. It never listens: `main.ts` does, tests use `inject` or listen on
 * port 0 themselves.
 */
export async function buildServer(
  config: Pick<HubConfig, 'publicUrl' | 'webhookMaxAgeMs' | 'maxBodyBytes' | 'logLevel'> &
    Partial<Pick<HubConfig, 'rateLimits'>>,
  deps: ServerDeps,
): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: config.maxBodyBytes,
    logger: loggerOptions(config.logLevel, deps.logStream),
    requestIdHeader: 'x-request-id',
    genReqId: () => crypto.randomUUID(),
  }).withTypeProvider<ZodTypeProvider>();
  // JSON only: Fastify's default text/plain parser would hand the schema a string, answering
  // 400 validation_failed where the client needs 415 unsupported_media_type.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('request-id', request.id);
    return payload;
  });

  await app.register(errorsPlugin);
  await app.register(methodsPlugin);
  await app.register(openapiPlugin, { publicUrl: config.publicUrl, version: API_VERSION });
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  // Before auth: addresses that send refused keys are stopped before any key is looked up.
  await app.register(rateLimitPlugin, {
    // Servers built for the OpenAPI document alone have no limits.
    limits: config.rateLimits ?? { perKeyPerMinute: 0, publicPerMinute: 0 },
    ...(deps.now ? { now: deps.now } : {}),
  });
  await app.register(authPlugin, { db: deps.db });
  await app.register(idempotencyPlugin, { db: deps.db });

  await app.register(healthRoutes);
  await app.register(
    async (v1) => {
      await v1.register(organisationRoutes, { db: deps.db });
      await v1.register(contactRoutes, { db: deps.db });
      await v1.register(segmentRoutes, { db: deps.db });
      await v1.register(contentRoutes, { db: deps.db });
      await v1.register(broadcastRoutes, { db: deps.db, boss: deps.boss });
      await v1.register(outboxRoutes, { db: deps.db });
      await v1.register(channelRoutes, {
        channels: deps.channels,
        orgPathOf: deps.receipts.orgPathOf,
        rootOrgId: () => rootOrgId(deps.db),
      });
      await v1.register(streamRoutes, { db: deps.db, bus: deps.bus });
      await v1.register(webhookRoutes, {
        channels: deps.channels,
        receipts: deps.receipts,
        publicUrl: config.publicUrl,
        maxAgeMs: config.webhookMaxAgeMs,
      });
      if (deps.unsubscribe) {
        await v1.register(unsubscribeRoutes, { db: deps.db, links: deps.unsubscribe });
      }
    },
    { prefix: '/v1' },
  );
  return app;
}
