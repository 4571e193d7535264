import {
  Page,
  PageQuery,
  Segment,
  SegmentCount,
  SegmentDryRunInput,
  SegmentInput,
  SegmentPatch,
} from '@safenet/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams, NoContent } from '../../platform/http/schemas.js';
import { requireAuth } from '../../platform/tenancy/auth.js';
import { findInScope } from '../../platform/tenancy/lookups.js';
import {
  countSavedSegment,
  countSegmentQuery,
  createSegment,
  deleteSegment,
  updateSegment,
} from './segments.service.js';
import { listSegments, toSegment } from './segments.store.js';
import type { Db } from './segments.tables.js';

/** Segments: saved queries over contacts, with dry-run counts. */
export const segmentRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/segments',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'listSegments',
        summary: 'List segments',
        description: 'Saved segments of your subtree, a page at a time.',
        tags: ['segments'],
        querystring: PageQuery,
        response: { 200: Page(Segment) },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      return listSegments(db, requireAuth(request).orgId, { cursor, limit });
    },
  );

  app.post(
    '/segments',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'createSegment',
        summary: 'Create a segment',
        description:
          'Saves a query over contacts (roles, languages, age bands, organisations, channels) under a name.',
        tags: ['segments'],
        errorCodes: ['not_found', 'unsupported_language'],
        body: SegmentInput,
        response: { 201: Segment },
      },
    },
    async (request, reply) => {
      const row = await createSegment(db, requireAuth(request), request.body);
      return reply.status(201).send(toSegment(row));
    },
  );

  app.post(
    '/segments/count',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'countSegmentQuery',
        summary: 'Count a query',
        description: 'Counts who a query would reach, per channel, without saving it (a dry run).',
        tags: ['segments'],
        errorCodes: ['not_found', 'unsupported_language'],
        body: SegmentDryRunInput,
        response: { 200: SegmentCount },
      },
    },
    async (request) => countSegmentQuery(db, requireAuth(request), request.body),
  );

  app.get(
    '/segments/:id',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'getSegment',
        summary: 'Get a segment',
        description: 'One saved segment of your subtree.',
        tags: ['segments'],
        errorCodes: ['not_found'],
        params: IdParams,
        response: { 200: Segment },
      },
    },
    async (request) =>
      toSegment(await findInScope(db, requireAuth(request), 'segments', request.params.id)),
  );

  app.patch(
    '/segments/:id',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'updateSegment',
        summary: 'Change a segment',
        description:
          'Renames a segment or replaces its query. Broadcasts already sending keep the audience they froze; a large send approved for the old query, not yet sending, loses its approval and waits for another.',
        tags: ['segments'],
        errorCodes: ['not_found', 'unsupported_language'],
        params: IdParams,
        body: SegmentPatch,
        response: { 200: Segment },
      },
    },
    async (request) =>
      toSegment(await updateSegment(db, requireAuth(request), request.params.id, request.body)),
  );

  app.get(
    '/segments/:id/count',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'countSegment',
        summary: 'Count a segment',
        description: 'Counts who a saved segment reaches now, per channel.',
        tags: ['segments'],
        errorCodes: ['not_found'],
        params: IdParams,
        response: { 200: SegmentCount },
      },
    },
    async (request) => countSavedSegment(db, requireAuth(request), request.params.id),
  );

  app.delete(
    '/segments/:id',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'deleteSegment',
        summary: 'Delete a segment',
        description:
          'Deletes a segment no broadcast used (409 `conflict` otherwise: it is kept for the record).',
        tags: ['segments'],
        errorCodes: ['not_found', 'conflict'],
        params: IdParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await deleteSegment(db, requireAuth(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
