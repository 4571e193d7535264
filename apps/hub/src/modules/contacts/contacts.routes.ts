import {
  Contact,
  ContactBulkInput,
  ContactBulkResult,
  ContactInput,
  type ContactInputParsed,
  ContactPatch,
  Id,
  Page,
  PageQuery,
  SafenetError,
} from '@safenet/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { keysetPage } from '../../platform/database/keyset.js';
import { IdParams, NoContent } from '../../platform/http/schemas.js';
import { findInScope, notFound, orgInScope } from '../../platform/tenancy/lookups.js';
import { inSubtree } from '../../platform/tenancy/scope.js';
import { mergeConsents } from '../consent/index.js';
import type { Db, OrganisationRow } from '../database.js';
import { organisationInScope } from '../organisations/index.js';
import { toContact } from './contacts.store.js';

const ContactListQuery = PageQuery.extend({
  orgId: Id.optional().describe('Contacts of this organisation and beneath it; default: yours'),
});

function contactValues(input: ContactInputParsed, org: OrganisationRow) {
  return {
    org_id: org.id,
    org_path: org.path,
    external_ref: input.externalRef ?? null,
    display_name: input.displayName ?? null,
    role: input.role,
    language: input.language,
    time_zone: input.timeZone ?? org.time_zone,
    child_age_bands: JSON.stringify(input.childAgeBands),
    addresses: JSON.stringify(input.addresses),
    consents: JSON.stringify(input.consents),
  };
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string })?.code === '23505';
}

/** Contacts: the parents, teachers and officials messages go to. */
export const contactRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/contacts',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'listContacts',
        summary: 'List contacts',
        description:
          'Contacts of your organisation and beneath it, or of the subtree of `orgId`, a page at a time.',
        tags: ['contacts'],
        errorCodes: ['not_found'],
        querystring: ContactListQuery,
        response: { 200: Page(Contact) },
      },
    },
    async (request) => {
      const { limit, cursor, orgId } = request.query;
      const root = orgId ? (await orgInScope(db, request.auth, orgId)).id : request.auth.orgId;
      return keysetPage(
        db
          .selectFrom('contacts')
          .selectAll()
          .where(sql<boolean>`${root}::uuid = any(contacts.org_path)`),
        { cursor, limit },
        toContact,
      );
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
      const org = await organisationInScope(db, request.auth, request.body.orgId);
      const now = new Date();
      try {
        const row = await db
          .insertInto('contacts')
          .values({
            id: uuidv7(),
            ...contactValues(request.body, org),
            created_at: now,
            updated_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return reply.status(201).send(toContact(row));
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        throw new SafenetError(
          'conflict',
          `A contact with externalRef "${request.body.externalRef}" already exists in this organisation: update it, or use POST /v1/contacts/bulk to upsert`,
        );
      }
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
    async (request) => {
      const { contacts } = request.body;
      const refs = new Set<string>();
      for (const [index, contact] of contacts.entries()) {
        const key = `${contact.orgId}/${contact.externalRef}`;
        if (refs.has(key)) {
          throw new SafenetError(
            'validation_failed',
            `externalRef "${contact.externalRef}" appears twice`,
            {
              errors: [
                {
                  path: `body.contacts.${index}.externalRef`,
                  code: 'duplicate',
                  message: 'appears twice in this request',
                },
              ],
            },
          );
        }
        refs.add(key);
      }
      const orgs = new Map<string, OrganisationRow>();
      for (const orgId of new Set(contacts.map((c) => c.orgId))) {
        orgs.set(orgId, await organisationInScope(db, request.auth, orgId));
      }
      const items = await db.transaction().execute(async (trx) => {
        const now = new Date();
        const results: { externalRef: string; id: string; created: boolean }[] = [];
        for (let start = 0; start < contacts.length; start += 200) {
          const chunk = contacts.slice(start, start + 200);
          const rows = await trx
            .insertInto('contacts')
            .values(
              chunk.map((c) => ({
                id: uuidv7(),
                ...contactValues(c, orgs.get(c.orgId) as OrganisationRow),
                created_at: now,
                updated_at: now,
              })),
            )
            .onConflict((oc) =>
              oc.columns(['org_id', 'external_ref']).doUpdateSet((eb) => ({
                display_name: eb.ref('excluded.display_name'),
                role: eb.ref('excluded.role'),
                language: eb.ref('excluded.language'),
                time_zone: eb.ref('excluded.time_zone'),
                child_age_bands: eb.ref('excluded.child_age_bands'),
                addresses: eb.ref('excluded.addresses'),
                consents: mergeConsents(sql.ref('excluded.consents')),
                updated_at: now,
              })),
            )
            .returning(['id', 'external_ref', sql<boolean>`(xmax = 0)`.as('inserted')])
            .execute();
          for (const row of rows) {
            results.push({
              externalRef: row.external_ref as string,
              id: row.id,
              created: row.inserted,
            });
          }
        }
        return results;
      });
      const created = items.filter((i) => i.created).length;
      return { created, updated: items.length - created, items };
    },
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
      toContact(await findInScope(db, request.auth, 'contacts', request.params.id)),
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
      const patch = request.body;
      const row = await db
        .transaction()
        .execute(async (trx) => {
          const current = await findInScope(trx, request.auth, 'contacts', request.params.id);
          return trx
            .updateTable('contacts')
            .set({
              ...(patch.externalRef !== undefined ? { external_ref: patch.externalRef } : {}),
              ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
              ...(patch.role ? { role: patch.role } : {}),
              ...(patch.language ? { language: patch.language } : {}),
              ...(patch.timeZone ? { time_zone: patch.timeZone } : {}),
              ...(patch.childAgeBands
                ? { child_age_bands: JSON.stringify(patch.childAgeBands) }
                : {}),
              ...(patch.addresses
                ? { addresses: JSON.stringify({ ...current.addresses, ...patch.addresses }) }
                : {}),
              ...(patch.consents
                ? { consents: mergeConsents(sql`${JSON.stringify(patch.consents)}::jsonb`) }
                : {}),
              updated_at: new Date(),
            })
            .where('id', '=', current.id)
            .returningAll()
            .executeTakeFirstOrThrow();
        })
        .catch((error: unknown) => {
          if (!isUniqueViolation(error)) throw error;
          throw new SafenetError(
            'conflict',
            `Another contact already has externalRef "${patch.externalRef}"`,
          );
        });
      return toContact(row);
    },
  );

  app.delete(
    '/contacts/:id',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'deleteContact',
        summary: 'Erase a contact',
        description: 'Erases a contact; delivery history keeps only its id.',
        tags: ['contacts'],
        errorCodes: ['not_found'],
        params: IdParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      const deleted = await db
        .deleteFrom('contacts')
        .where('id', '=', request.params.id)
        .where(inSubtree('contacts.org_id', request.auth.orgId))
        .returning('id')
        .executeTakeFirst();
      if (!deleted) throw notFound('contact', request.params.id);
      return reply.status(204).send(null);
    },
  );
};
