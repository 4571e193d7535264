import { Erasure, Page, PageQuery } from '@safenet/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams, NoContent } from '../../platform/http/schemas.js';
import { requireAuth } from '../../platform/tenancy/auth.js';
import { type ErasureDeps, eraseContact, listErasures } from './privacy.service.js';
import { own } from './privacy.tables.js';

/**
 * Erasure of a contact on request, and the record of erasures. A plain DELETE of a contact
 * is the same erasure: deleting a contact and leaving its phone number in the outbox would
 * surprise whoever asked for it.
 */
export const privacyRoutes: FastifyPluginAsyncZod<{ deps: ErasureDeps }> = async (
  app,
  { deps },
) => {
  app.post(
    '/contacts/:id/erase',
    {
      config: { scope: 'admin' },
      schema: {
        operationId: 'eraseContact',
        summary: 'Erase a contact',
        description:
          'Erases a contact of your subtree and every trace of its personal data, in one transaction: its addresses and name are replaced by `erased:<erasure id>` wherever the hub copied them (captured messages, whose text is cleared too; events; webhook messages; stored responses; alerts), its consent history goes, deliveries keep only its id so broadcast counts stay right. Returns the erasure record, which holds no personal data. See docs/guides/privacy.md.',
        tags: ['contacts'],
        errorCodes: ['not_found'],
        params: IdParams,
        response: { 200: Erasure },
      },
    },
    async (request) => eraseContact(deps, requireAuth(request), request.params.id),
  );

  app.delete(
    '/contacts/:id',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'deleteContact',
        summary: 'Delete (erase) a contact',
        description:
          'The same erasure as `POST /v1/contacts/:id/erase`, recorded alike; answers no content.',
        tags: ['contacts'],
        errorCodes: ['not_found'],
        params: IdParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await eraseContact(deps, requireAuth(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/erasures',
    {
      config: { scope: 'admin' },
      schema: {
        operationId: 'listErasures',
        summary: 'List erasures',
        description:
          'The erasures of contacts of your subtree, newest first, a page at a time: who erased which contact id, when, and how many rows were scrubbed.',
        tags: ['contacts'],
        querystring: PageQuery,
        response: { 200: Page(Erasure) },
      },
    },
    async (request) => listErasures(own(deps.db), requireAuth(request).orgId, request.query),
  );
};
