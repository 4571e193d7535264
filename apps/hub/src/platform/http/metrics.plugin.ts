import { createHash, timingSafeEqual } from 'node:crypto';
import { SafenetError } from '@safenet/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Histogram, type Registry } from 'prom-client';
import { SCRAPE_CONTENT_TYPE, scrape } from '../metrics/registry.js';
import { bearerSecret } from '../tenancy/auth.js';

export interface MetricsPluginOptions {
  /** The hub's registry: what `/metrics` answers, where the request histogram goes. */
  registry: Registry;
  /** `SAFENET_METRICS_TOKEN`: required as a bearer token when set. */
  token: string | undefined;
}

/** Methods kept as themselves in the method label; any other is `other`. */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** The route label of requests no route matched (404s, unknown methods). */
export const UNMATCHED_ROUTE = 'unmatched';

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6. */
export function isLoopback(ip: string): boolean {
  const v4 = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  return v4.startsWith('127.') || ip === '::1';
}

function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Who may scrape: with a token, whoever sends it; without, clients on this machine only. A
 * loopback request that a proxy forwarded (it says so in `Forwarded` or `X-Forwarded-For`)
 * is not from this machine: without this, a proxy on the same host would serve everyone.
 */
function checkAccess(request: FastifyRequest, token: string | undefined): void {
  if (token !== undefined) {
    const given = bearerSecret(request.headers.authorization);
    if (given === undefined || !sameSecret(given, token)) {
      throw new SafenetError(
        'metrics_token_invalid',
        'Send the metrics token as "Authorization: Bearer <SAFENET_METRICS_TOKEN>" (in Prometheus: `authorization: { credentials: … }` or `bearer_token_file`)',
      );
    }
    return;
  }
  const forwarded =
    request.headers.forwarded !== undefined || request.headers['x-forwarded-for'] !== undefined;
  if (!isLoopback(request.ip) || forwarded) {
    throw new SafenetError(
      'metrics_loopback_only',
      'Without SAFENET_METRICS_TOKEN the hub serves /metrics to clients on its own machine only (127.0.0.1, ::1), not through a proxy; set the token to scrape from elsewhere',
    );
  }
}

/**
 * Prometheus metrics: `GET /metrics` (outside `/v1`, in Prometheus text format), and the
 * duration of every request by method, route pattern and status — the pattern
 * (`/v1/broadcasts/:id/progress`), never the URL, so ids and tokens never become labels.
 * Register it before the routes it measures.
 */
export const metricsPlugin = fp(
  async (app: FastifyInstance, { registry, token }: MetricsPluginOptions) => {
    const duration = new Histogram({
      name: 'safenet_http_request_duration_seconds',
      help: 'Time from a request’s arrival to its answer, by method, route pattern and status code.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    app.addHook('onResponse', async (request, reply) => {
      duration.observe(
        {
          method: METHODS.has(request.method) ? request.method : 'other',
          route: request.routeOptions.url ?? UNMATCHED_ROUTE,
          status_code: String(reply.statusCode),
        },
        reply.elapsedTime / 1000,
      );
    });

    app.get(
      '/metrics',
      {
        // Not part of the JSON API: docs/reference/metrics.md describes it.
        schema: { hide: true },
        onRequest: async (request) => checkAccess(request, token),
      },
      async (_request, reply) => reply.type(SCRAPE_CONTENT_TYPE).send(await scrape(registry)),
    );
  },
  { name: 'safenet-metrics', dependencies: ['safenet-errors'] },
);
