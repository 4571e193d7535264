import {
  ApiKey,
  ApiKeyCreated,
  ApiKeyInput,
  canNest,
  Organisation,
  OrganisationInput,
  Page,
  PageQuery,
  SafenetError,
} from '@safenet/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { v7 as uuidv7 } from 'uuid';
import { keysetPage } from '../../platform/database/keyset.js';
import { IdParams, NoContent } from '../../platform/http/schemas.js';
import { orgInScope } from '../../platform/tenancy/lookups.js';
import { inSubtree } from '../../platform/tenancy/scope.js';
import type { Db } from '../database.js';
import { generateSecret, insertApiKey } from './api-keys.js';
import { organisationInScope, toApiKey, toOrganisation } from './organisations.store.js';
import { revokeApiKey } from './revoke-api-key.js';

/** Organisations (the tenant tree) and API keys. */
export const organisationRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/organisations',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'listOrganisations',
        summary: 'List organisations',
        description: 'Organisations in your subtree, your own first, a page at a time.',
        tags: ['organisations'],
        querystring: PageQuery,
        response: { 200: Page(Organisation) },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      return keysetPage(
        db
          .selectFrom('organisations')
          .selectAll()
          .where(inSubtree('organisations.id', request.auth.orgId)),
        { cursor, limit },
        toOrganisation,
      );
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
          'One organisation of your subtree; others answer 404 as if they did not exist.',
        tags: ['organisations'],
        errorCodes: ['not_found'],
        params: IdParams,
        response: { 200: Organisation },
      },
    },
    async (request) =>
      toOrganisation(await organisationInScope(db, request.auth, request.params.id)),
  );

  app.post(
    '/organisations',
    {
      config: { scope: 'admin' },
      schema: {
        operationId: 'createOrganisation',
        summary: 'Create an organisation',
        description:
          'Creates an organisation under one in your subtree; its kind must be allowed there (a school under a district, …). Time zone and default language default to the parent’s.',
        tags: ['organisations'],
        errorCodes: ['not_found'],
        body: OrganisationInput,
        response: { 201: Organisation },
      },
    },
    async (request, reply) => {
      const input = request.body;
      const parent = await organisationInScope(db, request.auth, input.parentId);
      if (!canNest(parent.kind as Organisation['kind'], input.kind)) {
        throw new SafenetError(
          'validation_failed',
          `A ${input.kind} cannot sit under a ${parent.kind}`,
          {
            errors: [
              {
                path: 'body.kind',
                code: 'invalid_nesting',
                message: `not allowed under a ${parent.kind}`,
              },
            ],
          },
        );
      }
      const id = uuidv7();
      const row = await db
        .insertInto('organisations')
        .values({
          id,
          parent_id: parent.id,
          kind: input.kind,
          name: input.name,
          path: [...parent.path, id],
          time_zone: input.timeZone ?? parent.time_zone,
          default_language: input.defaultLanguage ?? parent.default_language,
          created_at: new Date(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
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
      return keysetPage(
        db
          .selectFrom('api_keys')
          .selectAll()
          .where(inSubtree('api_keys.org_id', request.auth.orgId)),
        { cursor, limit },
        toApiKey,
      );
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
      await orgInScope(db, request.auth, request.body.orgId);
      const secret = generateSecret();
      const row = await insertApiKey(db, { ...request.body, secret });
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
      await revokeApiKey(db, request.auth, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
