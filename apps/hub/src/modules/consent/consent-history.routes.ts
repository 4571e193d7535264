import { ConsentEvent, ConsentHistoryQuery, Page } from '@safenet/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams } from '../../platform/http/schemas.js';
import { requireAuth } from '../../platform/tenancy/auth.js';
import { findInScope } from '../../platform/tenancy/lookups.js';
import type { Db } from './consent.tables.js';
import { consentHistory } from './consent-history.store.js';

/** `GET /v1/contacts/:id/consent-history`: every change of a contact's consents. */
export const consentHistoryRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/contacts/:id/consent-history',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'getConsentHistory',
        summary: 'A contact’s consent history',
        description:
          'Every change of the contact’s consent, on one channel or all, newest first, a page at a time: the consent as it became (status, source, `at`), when the hub recorded it and who acted (a person, an API key, the contact by a link or a reply, the provider, the hub). Erased with the contact.',
        tags: ['contacts'],
        errorCodes: ['not_found'],
        params: IdParams,
        querystring: ConsentHistoryQuery,
        response: { 200: Page(ConsentEvent) },
      },
    },
    async (request) => {
      const contact = await findInScope(db, requireAuth(request), 'contacts', request.params.id);
      return consentHistory(db, contact.id, request.query);
    },
  );
};
