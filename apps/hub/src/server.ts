import cookie from '@fastify/cookie';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Registry } from 'prom-client';
import type { HubConfig } from './config.js';
import type { Db } from './modules/database.js';
import { authPlugin } from './platform/http/auth.plugin.js';
import { consolePages, defaultConsoleDir } from './platform/http/console.plugin.js';
import { errorsPlugin } from './platform/http/errors.plugin.js';
import { healthRoutes } from './platform/http/health.routes.js';
import { idempotencyPlugin } from './platform/http/idempotency.plugin.js';
import { methodsPlugin } from './platform/http/methods.plugin.js';
import { metricsPlugin } from './platform/http/metrics.plugin.js';
import { openapiPlugin } from './platform/http/openapi.plugin.js';
import { rateLimitPlugin } from './platform/http/rate-limit.plugin.js';
import { loggerOptions } from './platform/logging.js';
import type { HubModule } from './platform/module.js';
import type { Authenticate, AuthenticateSession } from './platform/tenancy/auth.js';

/** What the HTTP layer needs from the rest of the hub. */
export interface ServerDeps {
  db: Db;
  /** The modules, in order: each one's routes register under `/v1`. */
  modules: readonly HubModule[];
  /** How an API key's secret resolves to who is calling. */
  authenticate: Authenticate;
  /** How a session cookie's token resolves to who is signed in. */
  authenticateSession: AuthenticateSession;
  /** Where log lines go instead of stdout (tests read them). */
  logStream?: NodeJS.WritableStream;
  /** The clock of the rate limits' counters (tests move it by hand). */
  now?: () => number;
  /** The hub's metrics registry: served at `/metrics`, with the requests' durations. */
  metrics?: Registry;
}

export const API_VERSION = '0.1.0';

/**
 * Builds the Fastify app: the platform's plugins, then every module's routes. It never
 * listens: `main.ts` does, tests use `inject` or listen on port 0 themselves.
 */
export async function buildServer(
  config: Pick<HubConfig, 'publicUrl' | 'maxBodyBytes' | 'logLevel'> &
    Partial<Pick<HubConfig, 'rateLimits' | 'metrics' | 'consoleDir'>>,
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

  // The console (apps/console) at `/`; the API's 404s stay problem+json.
  const consoleApp = consolePages(config.consoleDir ?? defaultConsoleDir());
  await app.register(errorsPlugin);
  await app.register(methodsPlugin, { pageFallback: consoleApp.fallback });
  // Before every route it times; after the methods plugin, which must learn /metrics (405).
  if (deps.metrics) {
    await app.register(metricsPlugin, { registry: deps.metrics, token: config.metrics?.token });
  }
  await app.register(openapiPlugin, { publicUrl: config.publicUrl, version: API_VERSION });
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  // Before auth: addresses that send refused keys are stopped before any key is looked up.
  await app.register(rateLimitPlugin, {
    // Servers built for the OpenAPI document alone have no limits.
    limits: config.rateLimits ?? { perKeyPerMinute: 0, publicPerMinute: 0 },
    ...(deps.now ? { now: deps.now } : {}),
  });
  // Cookies are parsed (onRequest) before auth reads the session's; none is signed by the
  // plugin: the session token is random and looked up, not trusted for its content.
  await app.register(cookie);
  await app.register(authPlugin, {
    authenticate: deps.authenticate,
    authenticateSession: deps.authenticateSession,
    publicUrl: config.publicUrl,
  });
  await app.register(idempotencyPlugin, { db: deps.db });

  await app.register(healthRoutes);
  await app.register(consoleApp.plugin);
  await app.register(
    async (v1) => {
      for (const module of deps.modules) if (module.routes) await v1.register(module.routes);
    },
    { prefix: '/v1' },
  );
  for (const module of deps.modules) if (module.pages) await app.register(module.pages);
  return app;
}
