import {
  Page,
  PageQuery,
  SafenetError,
  Segment,
  SegmentCount,
  SegmentDryRunInput,
  SegmentInput,
  type SegmentQuery,
} from '@safenet/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { v7 as uuidv7 } from 'uuid';
import { keysetPage } from '../../platform/database/keyset.js';
import { IdParams, NoContent } from '../../platform/http/schemas.js';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { findInScope, orgInScope } from '../../platform/tenancy/lookups.js';
import { inSubtree } from '../../platform/tenancy/scope.js';
import type { Db, Executor } from '../database.js';
import { countSegment } from './segment-sql.js';
import { toSegment } from './segments.store.js';

/** Every organisation a query names must be one the caller can see. */
async function checkQueryScope(db: Executor, auth: AuthContext, query: SegmentQuery) {
  for (const orgId of query.underOrgIds ?? []) await orgInScope(db, auth, orgId);
}

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
      return keysetPage(
        db
          .selectFrom('segments')
          .selectAll()
          .where(inSubtree('segments.org_id', request.auth.orgId)),
        { cursor, limit },
        toSegment,
      );
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
      const { orgId, name, query } = request.body;
      await orgInScope(db, request.auth, orgId);
      await checkQueryScope(db, request.auth, query);
      const row = await db
        .insertInto('segments')
        .values({
          id: uuidv7(),
          org_id: orgId,
          name,
          query: JSON.stringify(query),
          created_at: new Date(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
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
    async (request) => {
      const { orgId, query } = request.body;
      await orgInScope(db, request.auth, orgId);
      await checkQueryScope(db, request.auth, query);
      return countSegment(db, orgId, query);
    },
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
      toSegment(await findInScope(db, request.auth, 'segments', request.params.id)),
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
    async (request) => {
      const segment = toSegment(await findInScope(db, request.auth, 'segments', request.params.id));
      return countSegment(db, segment.orgId, segment.query);
    },
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
      const segment = await findInScope(db, request.auth, 'segments', request.params.id);
      const used = await db
        .selectFrom('broadcasts')
        .select('id')
        .where('segment_id', '=', segment.id)
        .executeTakeFirst();
      if (used) {
        // Broadcasts keep a copy of the query, but the row anchors their history.
        throw new SafenetError(
          'conflict',
          'A broadcast used this segment; it is kept for the record',
        );
      }
      await db.deleteFrom('segments').where('id', '=', segment.id).execute();
      return reply.status(204).send(null);
    },
  );
};
