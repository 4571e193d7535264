import { Hotline, HotlineInput, HotlineListQuery, HotlinePatch, Page } from '@safenet/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams, NoContent } from '../../platform/http/schemas.js';
import { requireAuth } from '../../platform/tenancy/auth.js';
import {
  createHotline,
  deleteHotline,
  getHotline,
  listVisibleHotlines,
  patchHotline,
} from './hotlines.service.js';
import type { Db } from './hotlines.tables.js';

/** The hotline directory: the help lines broadcasts signpost. */
export const hotlineRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/hotlines',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'listHotlines',
        summary: 'List hotlines',
        description:
          'Help lines kept in your subtree or serving your organisation or one above it, filtered by purpose, served organisation and language, a page at a time.',
        tags: ['hotlines'],
        errorCodes: ['not_found', 'unsupported_language'],
        querystring: HotlineListQuery,
        response: { 200: Page(Hotline) },
      },
    },
    async (request) => listVisibleHotlines(db, requireAuth(request), request.query),
  );

  app.post(
    '/hotlines',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'createHotline',
        summary: 'Add a hotline',
        description:
          'Adds a help line kept by an organisation of your subtree and serving organisations of it. A number that is not one as dialled locally, or an `e164` that is not a valid international number, answers `400 hotline_number_invalid`.',
        tags: ['hotlines'],
        errorCodes: ['not_found', 'hotline_number_invalid', 'unsupported_language'],
        body: HotlineInput,
        response: { 201: Hotline },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createHotline(db, requireAuth(request), request.body)),
  );

  app.get(
    '/hotlines/:id',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'getHotline',
        summary: 'Get a hotline',
        description: 'One help line you may see (kept in your subtree or serving you).',
        tags: ['hotlines'],
        errorCodes: ['not_found'],
        params: IdParams,
        response: { 200: Hotline },
      },
    },
    async (request) => getHotline(db, requireAuth(request), request.params.id),
  );

  app.patch(
    '/hotlines/:id',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'updateHotline',
        summary: 'Update a hotline',
        description:
          'Changes the fields given of a help line kept in your subtree; `e164` or `hours` set to null are removed.',
        tags: ['hotlines'],
        errorCodes: ['not_found', 'hotline_number_invalid', 'unsupported_language'],
        params: IdParams,
        body: HotlinePatch,
        response: { 200: Hotline },
      },
    },
    async (request) => patchHotline(db, requireAuth(request), request.params.id, request.body),
  );

  app.delete(
    '/hotlines/:id',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'deleteHotline',
        summary: 'Delete a hotline',
        description:
          'Removes a help line kept in your subtree; broadcasts not yet sent stop signposting it.',
        tags: ['hotlines'],
        errorCodes: ['not_found'],
        params: IdParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await deleteHotline(db, requireAuth(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
