import {
  Contact,
  ContactBulkInput,
  ContactBulkResult,
  ContactInput,
  ContactListQuery,
  ContactPatch,
  Page,
} from '@safenet/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams } from '../../platform/http/schemas.js';
import { requireAuth } from '../../platform/tenancy/auth.js';
import { findInScope, orgInScope } from '../../platform/tenancy/lookups.js';
import {
  type Clock,
  createContact,
  patchContact,
  upsertContactsInBulk,
} from './contacts.service.js';
import { listContacts, toContact } from './contacts.store.js';
import type { Db } from './contacts.tables.js';

/** Contacts: the parents, teachers and officials messages go to. */
export const contactRoutes: FastifyPluginAsyncZod<{ db: Db; now: Clock }> = async (
  app,
  { db, now },
) => {
  app.get(
    '/contacts',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'listContacts',
        summary: 'List contacts',
        description:
          'Contacts of your organisation and beneath it, or of the subtree of `orgId`, that match every filter given, a page at a time in a stable order. `q` matches the start of the external reference, display name, email or Telegram name (case-insensitive), or a phone number (or its beginning) written in any common way.',
        tags: ['contacts'],
        errorCodes: ['not_found'],
        querystring: ContactListQuery,
        response: { 200: Page(Contact) },
      },
    },
    async (request) => {
      const { limit, cursor, orgId, ...filters } = request.query;
      const auth = requireAuth(request);
      const root = orgId ? (await orgInScope(db, auth, orgId)).id : auth.orgId;
      return listContacts(db, root, { cursor, limit }, filters);
    },
  );

  app.post(
    '/contacts',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'createContact',
        summary: 'Create a contact',
        description:
          'Creates one contact. Phone numbers are normalised to E.164, the language code to lower case; the time zone defaults to the organisation’s. `externalRef` is unique per organisation (409 `conflict`).',
        tags: ['contacts'],
        errorCodes: ['not_found', 'conflict', 'invalid_phone_number', 'unsupported_language'],
        body: ContactInput,
        response: { 201: Contact },
      },
    },
    async (request, reply) => {
      const row = await createContact(db, requireAuth(request), request.body, now);
      return reply.status(201).send(toContact(row));
    },
  );

  app.post(
    '/contacts/bulk',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'upsertContacts',
        summary: 'Create or update contacts in bulk',
        description:
          'Creates or updates up to 1,000 contacts matched by `externalRef`, all or nothing. Consents merge per channel; each item says whether it was created.',
        tags: ['contacts'],
        errorCodes: ['not_found', 'invalid_phone_number', 'unsupported_language'],
        body: ContactBulkInput,
        response: { 200: ContactBulkResult },
      },
    },
    async (request) => upsertContactsInBulk(db, requireAuth(request), request.body.contacts, now),
  );

  app.get(
    '/contacts/:id',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'getContact',
        summary: 'Get a contact',
        description: 'One contact of your subtree.',
        tags: ['contacts'],
        errorCodes: ['not_found'],
        params: IdParams,
        response: { 200: Contact },
      },
    },
    async (request) =>
      toContact(await findInScope(db, requireAuth(request), 'contacts', request.params.id)),
  );

  app.patch(
    '/contacts/:id',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'updateContact',
        summary: 'Update a contact',
        description:
          'Changes the fields given: consents merge per channel (a consent older than the stored one is ignored), addresses per field, `null` clears an optional field.',
        tags: ['contacts'],
        errorCodes: ['not_found', 'conflict', 'invalid_phone_number', 'unsupported_language'],
        params: IdParams,
        body: ContactPatch,
        response: { 200: Contact },
      },
    },
    async (request) => {
      const row = await patchContact(
        db,
        requireAuth(request),
        request.params.id,
        request.body,
        now,
      );
      return toContact(row);
    },
  );
};
