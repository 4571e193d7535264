import type { Scope } from '@safenet/core';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import {
  type AuthContext,
  type Authenticate,
  bearerSecret,
  requireScope,
} from '../tenancy/auth.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The scope a route needs. Routes without one are public (health, docs). */
    scope?: Scope;
  }
  interface FastifyInstance {
    /** Who an API key's secret belongs to; throws `unauthenticated` for an unknown one. */
    authenticate: Authenticate;
  }
  interface FastifyRequest {
    /** Set on every route with a scope; null on public ones: read it with `requireAuth`. */
    auth: AuthContext | null;
  }
}

/**
 * Authenticates every route that declares a scope, before its body is read: a request
 * without a valid key learns nothing else, not even whether its body was valid.
 */
export const authPlugin = fp(
  async (app: FastifyInstance, options: { authenticate: Authenticate }) => {
    app.decorate('authenticate', options.authenticate);
    app.decorateRequest('auth', null);
    app.addHook('onRequest', async (request) => {
      const scope = request.routeOptions.config.scope;
      if (!scope) return;
      request.auth = await options.authenticate(bearerSecret(request.headers.authorization));
      requireScope(request.auth, scope);
    });
  },
  { name: 'safenet-auth' },
);
