import {
  ApiKey,
  ApiKeyCreated,
  ApiKeyInput,
  Organisation,
  OrganisationDetail,
  OrganisationInput,
  OrganisationListQuery,
  OrganisationPatch,
  Page,
  PageQuery,
  type QuietHours,
} from '@safenet/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams, NoContent } from '../../platform/http/schemas.js';
import { requireAuth } from '../../platform/tenancy/auth.js';
import {
  createApiKey,
  createOrganisation,
  revokeApiKey,
  updateOrganisation,
} from './organisations.service.js';
import {
  listApiKeys,
  listOrganisations,
  organisationInScope,
  toApiKey,
  toOrganisation,
  toOrganisationDetail,
} from './organisations.store.js';
import type { Db } from './organisations.tables.js';

/**
 * Organisations (the tenant tree) and API keys. `quietHours` is the hub's default quiet hours
 * (`SAFENET_QUIET_HOURS`), which an organisation's effective ones fall back to.
 */
export const organisationRoutes: FastifyPluginAsyncZod<{
  db: Db;
  quietHours: QuietHours | null;
}> = async (app, { db, quietHours }) => {
  app.get(
    '/organisations',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'listOrganisations',
        summary: 'List organisations',
        description:
          'Organisations in your subtree, your own first, a page at a time; `code` finds the one with that code.',
        tags: ['organisations'],
        querystring: OrganisationListQuery,
        response: { 200: Page(Organisation) },
      },
    },
    async (request) => {
      const { limit, cursor, code } = request.query;
      return listOrganisations(db, requireAuth(request).orgId, { code }, { cursor, limit });
    },
  );

  app.get(
    '/organisations/:id',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'getOrganisation',
        summary: 'Get an organisation',
        description:
          'One organisation of your subtree, with its own quiet hours (absent: inherited) and the effective ones with where they come from; others answer 404 as if they did not exist.',
        tags: ['organisations'],
        errorCodes: ['not_found'],
        params: IdParams,
        response: { 200: OrganisationDetail },
      },
    },
    async (request) =>
      toOrganisationDetail(
        db,
        await organisationInScope(db, requireAuth(request), request.params.id),
        quietHours,
      ),
  );

  app.patch(
    '/organisations/:id',
    {
      config: { scope: 'admin' },
      schema: {
        operationId: 'updateOrganisation',
        summary: 'Change an organisation',
        description:
          'Sets the code a ministry uses for an organisation of your subtree (`code`, unique within the root’s tree; `null` removes it), and its quiet hours: `{ from, to }` (HH:mm on the recipient’s wall clock; `from` after `to` crosses midnight), `null` for none, or `"inherit"` to take its parent’s again. Its descendants without their own setting follow. Messages planned inside quiet hours wait for the recipient’s morning unless their broadcast is urgent.',
        tags: ['organisations'],
        errorCodes: ['not_found', 'validation_failed', 'organisation_code_taken'],
        params: IdParams,
        body: OrganisationPatch,
        response: { 200: OrganisationDetail },
      },
    },
    async (request) => {
      const row = await updateOrganisation(
        db,
        requireAuth(request),
        request.params.id,
        request.body,
      );
      return toOrganisationDetail(db, row, quietHours);
    },
  );

  app.post(
    '/organisations',
    {
      config: { scope: 'admin' },
      schema: {
        operationId: 'createOrganisation',
        summary: 'Create an organisation',
        description:
          'Creates an organisation under one in your subtree; its kind must be allowed there (a school under a district, …). Time zone and default language default to the parent’s; `code` is the code a ministry uses for it, unique within the root’s tree.',
        tags: ['organisations'],
        errorCodes: ['not_found', 'organisation_code_taken'],
        body: OrganisationInput,
        response: { 201: Organisation },
      },
    },
    async (request, reply) => {
      const row = await createOrganisation(db, requireAuth(request), request.body);
      return reply.status(201).send(toOrganisation(row));
    },
  );

  app.get(
    '/api-keys',
    {
      config: { scope: 'admin' },
      schema: {
        operationId: 'listApiKeys',
        summary: 'List API keys',
        description: 'The keys of your subtree, revoked ones included; never their secrets.',
        tags: ['api-keys'],
        querystring: PageQuery,
        response: { 200: Page(ApiKey) },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      return listApiKeys(db, requireAuth(request).orgId, { cursor, limit });
    },
  );

  app.post(
    '/api-keys',
    {
      config: { scope: 'admin' },
      schema: {
        operationId: 'createApiKey',
        summary: 'Create an API key',
        description:
          'Creates a key for an organisation in your subtree with the scopes given. The secret is in this answer only: it is stored hashed.',
        tags: ['api-keys'],
        errorCodes: ['not_found'],
        body: ApiKeyInput,
        response: { 201: ApiKeyCreated },
      },
    },
    async (request, reply) => {
      const { row, secret } = await createApiKey(db, requireAuth(request), request.body);
      return reply.status(201).send({ ...toApiKey(row), secret });
    },
  );

  app.delete(
    '/api-keys/:id',
    {
      config: { scope: 'admin' },
      schema: {
        operationId: 'revokeApiKey',
        summary: 'Revoke an API key',
        description:
          'Revokes a key of your subtree at once; it answers 401 from then on. The record stays, with `revokedAt`.',
        tags: ['api-keys'],
        errorCodes: ['not_found'],
        params: IdParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await revokeApiKey(db, requireAuth(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
