import { SafenetError, type Scope } from '@safenet/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import {
  type AuthContext,
  type Authenticate,
  type AuthenticateSession,
  bearerSecret,
  requireScope,
} from '../tenancy/auth.js';
import { csrfMatches, isWrite, sameOrigin, sessionToken } from './session-cookie.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The scope a route needs (from a key, or a person's role). */
    scope?: Scope;
    /**
     * The route is for a signed-in person, whatever their role (their session, their
     * password): API keys are refused. Routes with neither this nor a scope are public.
     */
    signedIn?: true;
  }
  interface FastifyInstance {
    /** Who an API key's secret belongs to; throws `unauthenticated` for an unknown one. */
    authenticate: Authenticate;
    /** Who a session cookie's token signs in; throws `unauthenticated` for no valid session. */
    authenticateSession: AuthenticateSession;
    /** Whether the request's `Origin` is the hub's own (see `sameOrigin`). */
    isSameOrigin(request: FastifyRequest): boolean;
  }
  interface FastifyRequest {
    /** Set on every authenticated route; null on public ones: read it with `requireAuth`. */
    auth: AuthContext | null;
  }
}

export interface AuthOptions {
  authenticate: Authenticate;
  authenticateSession: AuthenticateSession;
  /** The hub's public URL: its origin is the hub's own (stream and sign-in checks). */
  publicUrl: string;
}

/**
 * Authenticates every route that declares a scope (or `signedIn`), before its body is read:
 * a request without a valid key or session learns nothing else, not even whether its body
 * was valid. An `Authorization` header wins: with one, the session cookie is not looked at.
 * With the cookie, every write (`POST`, `PUT`, `PATCH`, `DELETE`) must carry the session's
 * CSRF token in `X-CSRF-Token` (403 `csrf_token_invalid`): a page of another site can make
 * the browser send the cookie, but cannot read the token.
 */
export const authPlugin = fp(
  async (app: FastifyInstance, options: AuthOptions) => {
    app.decorate('authenticate', options.authenticate);
    app.decorate('authenticateSession', options.authenticateSession);
    app.decorate('isSameOrigin', (request: FastifyRequest) =>
      sameOrigin(request, options.publicUrl),
    );
    app.decorateRequest('auth', null);
    app.addHook('onRequest', async (request) => {
      const { scope, signedIn } = request.routeOptions.config;
      if (!scope && !signedIn) return;
      const header = request.headers.authorization;
      const token = sessionToken(request);
      if (header !== undefined || token === undefined) {
        request.auth = await options.authenticate(bearerSecret(header));
        if (signedIn) {
          throw new SafenetError(
            'unauthenticated',
            'This route is for a signed-in person (POST /v1/session): an API key has no session',
          );
        }
      } else {
        const session = await options.authenticateSession(token);
        if (isWrite(request.method) && !csrfMatches(request, session.csrfToken)) {
          throw new SafenetError(
            'csrf_token_invalid',
            'Send the csrfToken of the sign-in (or GET /v1/session) answer as X-CSRF-Token with every POST, PATCH and DELETE made with the session cookie',
          );
        }
        request.auth = session.auth;
      }
      if (scope) requireScope(request.auth, scope);
    });
  },
  { name: 'safenet-auth' },
);
