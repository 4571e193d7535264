import {
  InvitationAccept,
  PasswordResetComplete,
  PasswordResetRequest,
  SafenetError,
  Session,
  SignInInput,
} from '@safenet/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NoContent } from '../../platform/http/schemas.js';
import {
  clearSessionCookie,
  csrfMatches,
  notCrossSite,
  sessionToken,
  setSessionCookie,
} from '../../platform/http/session-cookie.js';
import { acceptInvitation } from './invitations.service.js';
import { completePasswordReset, requestPasswordReset } from './password-resets.service.js';
import type { PeopleDeps } from './people.deps.js';
import type { NewSession, SignedIn } from './sessions.js';
import { signIn } from './sign-in.service.js';

/** The answer of a sign-in and of `GET /v1/session`. */
function sessionAnswer(session: SignedIn): Session {
  return {
    user: session.user,
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt.toISOString(),
  };
}

/**
 * Sign-in, sign-out, accepting an invitation and password resets. The routes that sign in
 * are public (rate-limited per address, and the lock-out counts failures), refuse requests a
 * page of another site sent (login CSRF), and set the `safenet_session` cookie.
 */
export const sessionRoutes: FastifyPluginAsyncZod<{ deps: PeopleDeps }> = async (app, { deps }) => {
  /** Refuses a request a page of another site made the browser send. */
  const refuseCrossSite = (request: FastifyRequest) => {
    if (!notCrossSite(request, deps.publicUrl)) {
      throw new SafenetError(
        'csrf_token_invalid',
        'This request came from a page of another site: sign in from the hub’s own console',
      );
    }
  };
  /** Sets the cookie of a new session (ending the one the browser held) and answers it. */
  const signedIn = async (request: FastifyRequest, reply: FastifyReply, session: NewSession) => {
    const previous = sessionToken(request);
    if (previous) await deps.sessions.end(deps.db, previous);
    setSessionCookie(reply, session.token, {
      maxAgeSeconds: deps.sessions.cookieMaxAgeSeconds,
      publicUrl: deps.publicUrl,
    });
    return sessionAnswer(session);
  };

  app.post(
    '/session',
    {
      schema: {
        operationId: 'signIn',
        summary: 'Sign in',
        description:
          'Checks an email and password and sets the `safenet_session` cookie (httpOnly, SameSite=Lax). The answer carries the CSRF token to send as `X-CSRF-Token` on writes. A wrong address or password answers `401 invalid_credentials` alike; after `SAFENET_SIGN_IN_MAX_FAILURES` failures within `SAFENET_SIGN_IN_LOCK_MINUTES` the account is locked that long (`429 sign_in_locked`, `Retry-After`).',
        tags: ['session'],
        errorCodes: [
          'invalid_credentials',
          'user_disabled',
          'sign_in_locked',
          'csrf_token_invalid',
        ],
        body: SignInInput,
        response: { 200: Session },
      },
    },
    async (request, reply) => {
      refuseCrossSite(request);
      return signedIn(request, reply, await signIn(deps, request.body, request.ip));
    },
  );

  app.get(
    '/session',
    {
      config: { signedIn: true },
      schema: {
        operationId: 'getSession',
        summary: 'Who is signed in',
        description:
          'The person the session cookie signs in, a fresh CSRF token and when the session ends if idle; `401 unauthenticated` without a valid session.',
        tags: ['session'],
        security: [{ session: [] }],
        response: { 200: Session },
      },
    },
    async (request) => {
      const token = sessionToken(request);
      if (!token) throw new SafenetError('unauthenticated', 'Sign in first: POST /v1/session');
      return sessionAnswer(await deps.sessions.authenticate(deps.db, token));
    },
  );

  app.delete(
    '/session',
    {
      schema: {
        operationId: 'signOut',
        summary: 'Sign out',
        description:
          'Ends the session and clears its cookie. Needs `X-CSRF-Token` like every write made with the cookie; without a valid session it only clears the cookie.',
        tags: ['session'],
        errorCodes: ['csrf_token_invalid'],
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      const token = sessionToken(request);
      if (token) {
        const session = await deps.sessions.authenticate(deps.db, token).catch(() => undefined);
        if (session) {
          if (!csrfMatches(request, session.csrfToken)) {
            throw new SafenetError(
              'csrf_token_invalid',
              'Send the session’s csrfToken as X-CSRF-Token to sign out',
            );
          }
          await deps.sessions.end(deps.db, token);
        }
      }
      clearSessionCookie(reply, deps.publicUrl);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/invitations/accept',
    {
      schema: {
        operationId: 'acceptInvitation',
        summary: 'Accept an invitation',
        description:
          'With the token of an invitation link: sets your name and password, and signs you in (like `POST /v1/session`). Unknown or revoked token: 404; used: `410 invitation_used`; too old: `410 invitation_expired`.',
        tags: ['session'],
        errorCodes: [
          'not_found',
          'invitation_used',
          'invitation_expired',
          'user_exists',
          'csrf_token_invalid',
        ],
        body: InvitationAccept,
        response: { 200: Session },
      },
    },
    async (request, reply) => {
      refuseCrossSite(request);
      return signedIn(request, reply, await acceptInvitation(deps, request.body));
    },
  );

  app.post(
    '/password-resets',
    {
      schema: {
        operationId: 'requestPasswordReset',
        summary: 'Ask for a password reset link',
        description:
          'Emails a reset link (valid `SAFENET_PASSWORD_RESET_MINUTES`, once) when the address has an active account and email is configured. Always answers 202: the answer says nothing of whether the address has an account.',
        tags: ['session'],
        body: PasswordResetRequest,
        response: { 202: z.null().describe('Accepted') },
      },
    },
    async (request, reply) => {
      await requestPasswordReset(deps, request.body.email);
      return reply.status(202).send(null);
    },
  );

  app.post(
    '/password-resets/complete',
    {
      schema: {
        operationId: 'completePasswordReset',
        summary: 'Set a new password with a reset link',
        description:
          'With the token of a reset link: sets the new password and ends every session of the account. Unknown token: 404; used: `410 reset_token_used`; too old: `410 reset_token_expired`.',
        tags: ['session'],
        errorCodes: ['not_found', 'reset_token_used', 'reset_token_expired'],
        body: PasswordResetComplete,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await completePasswordReset(deps, request.body);
      return reply.status(204).send(null);
    },
  );
};
