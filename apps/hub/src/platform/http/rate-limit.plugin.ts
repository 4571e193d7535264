import rateLimit from '@fastify/rate-limit';
import { SafenetError } from '@safenet/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { actorId, requireAuth } from '../tenancy/auth.js';
import { clockedStore } from './rate-limit.store.js';

/** Requests per minute; 0 turns that limit off. */
export interface RateLimits {
  /** Per API key or signed-in person, on every route that takes one. */
  perKeyPerMinute: number;
  /**
   * Per client IP, on routes without a key (unsubscribe pages, the stream's handshake, docs,
   * health) and for requests whose key was refused (401), so keys cannot be guessed fast.
   */
  publicPerMinute: number;
}

export interface RateLimitOptions {
  limits: RateLimits;
  /** The clock of the counters; tests pass their own. */
  now?: () => number;
}

const MINUTE = 60_000;

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * A file of the console (its page at `/`, its scripts and styles): not counted against
     * the per-address limit, since opening the console fetches a score of them at once and a
     * school's or ministry's people share one address. Page paths served by the not-found
     * fallback are counted, one per page load.
     */
    consoleFile?: true;
  }
}

/**
 * Not limited: provider webhooks — their traffic follows the hub's own sending (thousands of
 * receipts a minute from one provider address), a dropped receipt is not always sent again,
 * and a forged one costs one HMAC check — one-click unsubscribes (`POST`), which mail
 * providers send from a few addresses of their own: a withdrawal of consent must never be
 * lost to a limit — and file links (`/a/…`), which WhatsApp's Cloud API fetches from Meta's
 * few addresses for every message it sends with a file. The unsubscribe page (`GET`) is
 * limited.
 */
function unlimited(method: string, url: string): boolean {
  return (
    url.startsWith('/v1/webhooks/') ||
    (method === 'POST' && url.startsWith('/v1/unsubscribe/')) ||
    url.startsWith('/a/')
  );
}

function refuse(what: string, ttlInSeconds: number): SafenetError {
  const wait = Math.max(1, ttlInSeconds);
  return new SafenetError(
    'rate_limited',
    `Too many requests ${what}; retry after ${wait} s (Retry-After), and spread requests out or use the bulk endpoints`,
    { retryAfterSeconds: wait },
  );
}

/**
 * Per-key and per-IP request limits (`@fastify/rate-limit`'s counters, fixed one-minute
 * windows). Registered before `auth`: public routes and refused keys (and sessions) are counted
 * by IP before any key is looked up; after `auth`, each actor — a key, or a signed-in person
 * whatever their sessions — is counted by its id.
 */
export const rateLimitPlugin = fp(
  async (app: FastifyInstance, options: RateLimitOptions) => {
    const { perKeyPerMinute, publicPerMinute } = options.limits;
    await app.register(rateLimit, {
      global: false,
      store: clockedStore(options.now ?? Date.now),
      timeWindow: MINUTE,
    });
    const byIp = (request: FastifyRequest) => `ip:${request.ip}`;
    const publicLimit = app.createRateLimit({ max: publicPerMinute, keyGenerator: byIp });
    const refusedKeys = app.createRateLimit({ max: publicPerMinute, keyGenerator: byIp });
    const keyLimit = app.createRateLimit({
      max: perKeyPerMinute,
      keyGenerator: (request) => actorId(requireAuth(request).actor),
    });
    const limited = (request: FastifyRequest) =>
      !request.routeOptions.config.consoleFile &&
      !unlimited(request.method, request.routeOptions.url ?? request.url);

    const authenticated = (request: FastifyRequest) => {
      const { scope, signedIn } = request.routeOptions.config;
      return Boolean(scope || signedIn);
    };

    app.addHook('onRequest', async (request) => {
      if (publicPerMinute === 0 || !limited(request)) return;
      if (!authenticated(request)) {
        const state = await publicLimit(request);
        if (!state.isAllowed && state.isExceeded) {
          throw refuse('from this address', state.ttlInSeconds);
        }
        return;
      }
      // Before the key is checked: an address that sent too many refused keys is refused.
      const state = await refusedKeys(request, { increment: false });
      if (!state.isAllowed && state.remaining === 0) {
        throw refuse('with refused API keys from this address', state.ttlInSeconds);
      }
    });

    app.addHook('onResponse', async (request, reply) => {
      if (publicPerMinute === 0 || reply.statusCode !== 401) return;
      if (authenticated(request)) await refusedKeys(request);
    });

    // After every onRequest hook, so after `auth`: the key is known; before the body is read.
    app.addHook('preParsing', async (request, _reply, payload) => {
      if (perKeyPerMinute === 0 || !request.auth) return payload;
      const state = await keyLimit(request);
      if (!state.isAllowed && state.isExceeded) {
        const who = request.auth.actor.kind === 'user' ? 'by you' : 'with this API key';
        throw refuse(who, state.ttlInSeconds);
      }
      return payload;
    });
  },
  { name: 'safenet-rate-limit', dependencies: ['safenet-errors'] },
);
