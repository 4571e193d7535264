import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { PgBoss } from 'pg-boss';
import type { HubConfig } from './config.js';
import { broadcastRoutes } from './modules/broadcasts/broadcasts.routes.js';
import type { ChannelRegistry } from './modules/channels/channel-registry.js';
import { channelRoutes } from './modules/channels/channels.routes.js';
import { webhookRoutes } from './modules/channels/webhooks.routes.js';
import { unsubscribeRoutes } from './modules/consent/unsubscribe.routes.js';
import type { UnsubscribeLinks } from './modules/consent/unsubscribe-links.js';
import { contactRoutes } from './modules/contacts/contacts.routes.js';
import { contentRoutes } from './modules/content/content.routes.js';
import type { Db } from './modules/database.js';
import type { ReceiptDeps } from './modules/delivery/receipts.js';
import { organisationRoutes } from './modules/organisations/organisations.routes.js';
import { authenticate } from './modules/organisations/organisations.service.js';
import { outboxRoutes } from './modules/outbox/outbox.routes.js';
import { segmentRoutes } from './modules/segments/segments.routes.js';
import { streamRoutes } from './modules/stream/stream.routes.js';
import type { EventBus } from './platform/events/event-bus.js';
import { authPlugin } from './platform/http/auth.plugin.js';
import { errorsPlugin } from './platform/http/errors.plugin.js';
import { healthRoutes } from './platform/http/health.routes.js';
import { idempotencyPlugin } from './platform/http/idempotency.plugin.js';
import { methodsPlugin } from './platform/http/methods.plugin.js';
import { openapiPlugin } from './platform/http/openapi.plugin.js';
import { rateLimitPlugin } from './platform/http/rate-limit.plugin.js';
import { loggerOptions } from './platform/logging.js';
import { rootOrgId } from './platform/tenancy/org-paths.js';

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
  await app.register(authPlugin, { authenticate: (secret) => authenticate(deps.db, secret) });
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
      await v1.register(streamRoutes, { bus: deps.bus });
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
