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
import { generateSecret, insertApiKey } from '../auth/api-keys.js';
import { revokeApiKey } from '../auth/revoke-api-key.js';
import type { Db } from '../store/database.js';
import { orgInScope } from '../store/lookups.js';
import { toApiKey, toOrganisation } from '../store/mappers.js';
import { decodeCursor, inSubtree, toPage } from '../store/scope.js';
import { IdParams, NoContent, problemResponses } from './shared.js';

/** Organisations (the tenant tree) and API keys. */
export const organisationRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/organisations',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['organisations'],
        summary: 'Organisations in your subtree, your own first',
        querystring: PageQuery,
        response: { 200: Page(Organisation), ...problemResponses },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      const after = decodeCursor(cursor);
      const rows = await db
        .selectFrom('organisations')
        .selectAll()
        .where(inSubtree('organisations.id', request.auth.orgId))
        .$if(after !== undefined, (q) => q.where('id', '>', after as string))
        .orderBy('id')
        .limit(limit + 1)
        .execute();
      return toPage(rows, limit, toOrganisation);
    },
  );

  app.get(
    '/organisations/:id',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['organisations'],
        params: IdParams,
        response: { 200: Organisation, ...problemResponses },
      },
    },
    async (request) => toOrganisation(await orgInScope(db, request.auth, request.params.id)),
  );

  app.post(
    '/organisations',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['organisations'],
        summary: 'Create an organisation under one in your subtree',
        body: OrganisationInput,
        response: { 201: Organisation, ...problemResponses },
      },
    },
    async (request, reply) => {
      const input = request.body;
      const parent = await orgInScope(db, request.auth, input.parentId);
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
        tags: ['api keys'],
        querystring: PageQuery,
        response: { 200: Page(ApiKey), ...problemResponses },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      const after = decodeCursor(cursor);
      const rows = await db
        .selectFrom('api_keys')
        .selectAll()
        .where(inSubtree('api_keys.org_id', request.auth.orgId))
        .$if(after !== undefined, (q) => q.where('id', '>', after as string))
        .orderBy('id')
        .limit(limit + 1)
        .execute();
      return toPage(rows, limit, toApiKey);
    },
  );

  app.post(
    '/api-keys',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['api keys'],
        summary: 'Create an API key for an organisation in your subtree; the secret is shown once',
        body: ApiKeyInput,
        response: { 201: ApiKeyCreated, ...problemResponses },
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
        tags: ['api keys'],
        params: IdParams,
        response: { 204: NoContent, ...problemResponses },
      },
    },
    async (request, reply) => {
      await revokeApiKey(db, request.auth, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
