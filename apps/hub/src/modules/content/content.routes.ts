import {
  CoverageQuery,
  Page,
  Recommendation,
  RecommendationCoverage,
  RecommendationInput,
  RecommendationPatch,
  RecommendationQuery,
  RecommendationVersion,
  RejectionInput,
} from '@safenet/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../platform/http/schemas.js';
import { requireAuth } from '../../platform/tenancy/auth.js';
import {
  approveVersion,
  archiveVersion,
  createRecommendation,
  getRecommendation,
  getVersion,
  listRecommendations,
  listVersions,
  recommendationCoverage,
  rejectVersion,
  submitVersion,
  updateRecommendation,
} from './content.service.js';
import type { Db } from './content.tables.js';

const VersionParams = IdParams.extend({
  number: z.coerce.number().int().min(1).describe('The version number'),
});

/** The recommendation library: versions, review and four-eyes approval, language coverage. */
export const contentRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/recommendations',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'listRecommendations',
        summary: 'Search the library',
        description:
          'Recommendations of your subtree, a page at a time, filtered by topic, tag, role, children’s age, language and status; each shows its published version (else its newest).',
        tags: ['recommendations'],
        querystring: RecommendationQuery,
        response: { 200: Page(Recommendation) },
      },
    },
    async (request) => listRecommendations(db, requireAuth(request), request.query),
  );

  app.post(
    '/recommendations',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'createRecommendation',
        summary: 'Create a recommendation',
        description:
          'Creates guidance written in one or more languages, for roles and children’s age bands: its version 1, a draft. It is sent once submitted and approved by another person.',
        tags: ['recommendations'],
        errorCodes: ['not_found'],
        body: RecommendationInput,
        response: { 201: Recommendation },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createRecommendation(db, requireAuth(request), request.body)),
  );

  app.get(
    '/recommendations/:id',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'getRecommendation',
        summary: 'Get a recommendation',
        description: 'One recommendation of your subtree, as its published (else newest) version.',
        tags: ['recommendations'],
        errorCodes: ['not_found'],
        params: IdParams,
        response: { 200: Recommendation },
      },
    },
    async (request) => getRecommendation(db, requireAuth(request), request.params.id),
  );

  app.patch(
    '/recommendations/:id',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'updateRecommendation',
        summary: 'Edit a recommendation',
        description:
          'Writes the fields given into the open draft (a version in review goes back to draft), or into a new draft copied from the published version. The published version is sent until the new one is approved. A localized text given replaces the stored one whole.',
        tags: ['recommendations'],
        errorCodes: ['not_found'],
        params: IdParams,
        body: RecommendationPatch,
        response: { 200: Recommendation },
      },
    },
    async (request) =>
      updateRecommendation(db, requireAuth(request), request.params.id, request.body),
  );

  app.get(
    '/recommendations/:id/versions',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'listRecommendationVersions',
        summary: 'List a recommendation’s versions',
        description: 'Every version, newest first, with its status, authors and review.',
        tags: ['recommendations'],
        errorCodes: ['not_found'],
        params: IdParams,
        response: { 200: z.object({ items: z.array(RecommendationVersion) }) },
      },
    },
    async (request) => ({
      items: await listVersions(db, requireAuth(request), request.params.id),
    }),
  );

  app.get(
    '/recommendations/:id/versions/:number',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'getRecommendationVersion',
        summary: 'Get a version',
        description: 'One version of a recommendation of your subtree.',
        tags: ['recommendations'],
        errorCodes: ['not_found'],
        params: VersionParams,
        response: { 200: RecommendationVersion },
      },
    },
    async (request) =>
      getVersion(db, requireAuth(request), request.params.id, request.params.number),
  );

  app.post(
    '/recommendations/:id/versions/:number/submit',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'submitRecommendationVersion',
        summary: 'Submit a version for review',
        description: 'A draft goes in review: another person with the `approve` scope decides.',
        tags: ['recommendations'],
        errorCodes: ['not_found', 'recommendation_status_conflict'],
        params: VersionParams,
        response: { 200: RecommendationVersion },
      },
    },
    async (request) =>
      submitVersion(db, requireAuth(request), request.params.id, request.params.number),
  );

  app.post(
    '/recommendations/:id/versions/:number/approve',
    {
      config: { scope: 'approve' },
      schema: {
        operationId: 'approveRecommendationVersion',
        summary: 'Approve a version',
        description:
          'Publishes a version in review (archiving the published one): broadcasts created from now on send it. Refused to its authors and to keys they created (`approval_self`), and to what is not in review (`approval_not_pending`). Recorded in the approvals log.',
        tags: ['recommendations'],
        errorCodes: ['not_found', 'approval_self', 'approval_not_pending'],
        params: VersionParams,
        response: { 200: RecommendationVersion },
      },
    },
    async (request) =>
      approveVersion(db, requireAuth(request), request.params.id, request.params.number),
  );

  app.post(
    '/recommendations/:id/versions/:number/reject',
    {
      config: { scope: 'approve' },
      schema: {
        operationId: 'rejectRecommendationVersion',
        summary: 'Reject a version',
        description:
          'Sends a version in review back to draft with a comment saying what to change. The same four-eyes rule as approving.',
        tags: ['recommendations'],
        errorCodes: ['not_found', 'approval_self', 'approval_not_pending'],
        params: VersionParams,
        body: RejectionInput,
        response: { 200: RecommendationVersion },
      },
    },
    async (request) =>
      rejectVersion(
        db,
        requireAuth(request),
        request.params.id,
        request.params.number,
        request.body.comment,
      ),
  );

  app.post(
    '/recommendations/:id/versions/:number/archive',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'archiveRecommendationVersion',
        summary: 'Archive a version',
        description:
          'Withdraws a published version (nothing of the recommendation is sent until another version is approved) or abandons a draft. Broadcasts already created keep their version.',
        tags: ['recommendations'],
        errorCodes: ['not_found', 'recommendation_status_conflict'],
        params: VersionParams,
        response: { 200: RecommendationVersion },
      },
    },
    async (request) =>
      archiveVersion(db, requireAuth(request), request.params.id, request.params.number),
  );

  app.get(
    '/recommendations/:id/coverage',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'getRecommendationCoverage',
        summary: 'Language coverage against a segment',
        description:
          'The languages a version is written in, and for each language of a segment’s contacts how many there are and which language they read after fallback.',
        tags: ['recommendations'],
        errorCodes: ['not_found'],
        params: IdParams,
        querystring: CoverageQuery,
        response: { 200: RecommendationCoverage },
      },
    },
    async (request) =>
      recommendationCoverage(db, requireAuth(request), request.params.id, request.query),
  );
};
