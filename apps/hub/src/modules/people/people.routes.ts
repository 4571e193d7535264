import {
  Invitation,
  InvitationCreated,
  InvitationInput,
  Page,
  PageQuery,
  User,
  UserListQuery,
  UserMePatch,
  UserPatch,
} from '@safenet/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams, NoContent } from '../../platform/http/schemas.js';
import { sessionToken } from '../../platform/http/session-cookie.js';
import { requireAuth } from '../../platform/tenancy/auth.js';
import { invite, revokeInvitation } from './invitations.service.js';
import type { PeopleDeps } from './people.deps.js';
import { listPendingInvitations } from './people.store.js';
import { updateMe } from './sign-in.service.js';
import { getUser, listUsersInScope, patchUser } from './users.service.js';

/** People of the tree and their invitations. */
export const peopleRoutes: FastifyPluginAsyncZod<{ deps: PeopleDeps }> = async (app, { deps }) => {
  app.get(
    '/users',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'listUsers',
        summary: 'List people',
        description:
          "The people of your subtree (or of `orgId`'s, within it), disabled ones included, a page at a time.",
        tags: ['users'],
        errorCodes: ['not_found'],
        querystring: UserListQuery,
        response: { 200: Page(User) },
      },
    },
    async (request) => listUsersInScope(deps, requireAuth(request), request.query),
  );

  app.get(
    '/users/:id',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'getUser',
        summary: 'Get a person',
        description: 'One person of your subtree; others answer 404 as if they did not exist.',
        tags: ['users'],
        errorCodes: ['not_found'],
        params: IdParams,
        response: { 200: User },
      },
    },
    async (request) => getUser(deps, requireAuth(request), request.params.id),
  );

  app.patch(
    '/users/me',
    {
      config: { signedIn: true },
      schema: {
        operationId: 'updateMe',
        summary: 'Change your own account',
        description:
          'Your name, language or password (with the current one; your other sessions end). For people signed in only: an API key has no account.',
        tags: ['users'],
        security: [{ session: [] }],
        errorCodes: ['current_password_invalid', 'sign_in_locked'],
        body: UserMePatch,
        response: { 200: User },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      if (auth.actor.kind !== 'user') throw new Error('signedIn routes have a person');
      return updateMe(
        deps,
        {
          userId: auth.actor.userId,
          sessionToken: sessionToken(request) ?? '',
          ip: request.ip,
        },
        request.body,
      );
    },
  );

  app.patch(
    '/users/:id',
    {
      config: { scope: 'admin' },
      schema: {
        operationId: 'updateUser',
        summary: 'Change a person',
        description:
          'Role, organisation (within your subtree) or `disabled` of a person of your subtree. Disabling ends their sessions. The root organisation keeps an active admin, and an admin may not demote, move or disable themself as the last active admin of their organisation (both `409 user_last_admin`).',
        tags: ['users'],
        errorCodes: ['not_found', 'user_last_admin'],
        params: IdParams,
        body: UserPatch,
        response: { 200: User },
      },
    },
    async (request) => patchUser(deps, requireAuth(request), request.params.id, request.body),
  );

  app.post(
    '/invitations',
    {
      config: { scope: 'admin' },
      schema: {
        operationId: 'createInvitation',
        summary: 'Invite a person',
        description:
          'Invites an email address to an organisation of your subtree with a role. The link (valid `SAFENET_INVITATION_DAYS`) is emailed in `language` when email is configured, and is in this answer only, to pass on another way if need be. An active account with the address answers `409 user_exists`.',
        tags: ['invitations'],
        errorCodes: ['not_found', 'user_exists'],
        body: InvitationInput,
        response: { 201: InvitationCreated },
      },
    },
    async (request, reply) => {
      const created = await invite(deps, requireAuth(request), request.body);
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/invitations',
    {
      config: { scope: 'admin' },
      schema: {
        operationId: 'listInvitations',
        summary: 'List pending invitations',
        description:
          'Invitations of your subtree neither accepted nor expired; never their links (the hub keeps a hash).',
        tags: ['invitations'],
        querystring: PageQuery,
        response: { 200: Page(Invitation) },
      },
    },
    async (request) =>
      listPendingInvitations(deps.db, requireAuth(request).orgId, new Date(deps.now()), {
        cursor: request.query.cursor,
        limit: request.query.limit,
      }),
  );

  app.delete(
    '/invitations/:id',
    {
      config: { scope: 'admin' },
      schema: {
        operationId: 'revokeInvitation',
        summary: 'Revoke an invitation',
        description: 'Its link answers 404 from then on.',
        tags: ['invitations'],
        errorCodes: ['not_found'],
        params: IdParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await revokeInvitation(deps, requireAuth(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
