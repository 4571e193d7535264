import {
  type ContactBulkInput,
  type ContactBulkResult,
  type ContactInputParsed,
  type ContactPatch,
  SafenetError,
} from '@safenet/core';
import type { z } from 'zod';
import { share } from '../../platform/database/schema.js';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { findInScope } from '../../platform/tenancy/lookups.js';
import { consentByActor, mergeConsents } from '../consent/index.js';
import type { OrganisationRow } from '../organisations/index.js';
import { organisationInScope } from '../organisations/index.js';
import { contactsByIds, insertContact, updateContact, upsertContacts } from './contacts.store.js';
import type { ContactRow, Db } from './contacts.tables.js';

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string })?.code === '23505';
}

/** The clock contact changes are stamped with (epoch milliseconds; the platform's). */
export type Clock = () => number;

/**
 * Creates a contact of an organisation of the caller's subtree (404 otherwise); `conflict`
 * when its `externalRef` is taken in that organisation. Its consents are merged in by the
 * consent module in the same transaction, which records them in the contact's history.
 */
export async function createContact(
  db: Db,
  auth: AuthContext,
  input: ContactInputParsed,
  now: Clock,
): Promise<ContactRow> {
  const org = await organisationInScope(share(db), auth, input.orgId);
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await insertContact(trx, input, org, new Date(now()));
      const changed = await mergeConsents(
        { db: share(trx), now },
        [{ contactId: row.id, consents: input.consents }],
        consentByActor(auth.actor),
      );
      if (changed === 0) return row;
      return (await contactsByIds(trx, [row.id]))[0] as ContactRow;
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new SafenetError(
      'conflict',
      `A contact with externalRef "${input.externalRef}" already exists in this organisation: update it, or use POST /v1/contacts/bulk to upsert`,
    );
  }
}

/**
 * Creates or updates contacts matched by organisation and `externalRef`, all in one
 * transaction, 200 to a statement. An `externalRef` given twice for one organisation fails
 * the request before anything is written, as does an organisation outside the caller's subtree.
 */
export async function upsertContactsInBulk(
  db: Db,
  auth: AuthContext,
  contacts: z.output<typeof ContactBulkInput>['contacts'],
  now: Clock,
): Promise<ContactBulkResult> {
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
    orgs.set(orgId, await organisationInScope(share(db), auth, orgId));
  }
  const by = consentByActor(auth.actor);
  const items = await db.transaction().execute(async (trx) => {
    const at = new Date(now());
    const results: { externalRef: string; id: string; created: boolean }[] = [];
    for (let start = 0; start < contacts.length; start += 200) {
      const chunk = contacts.slice(start, start + 200);
      const rows = await upsertContacts(
        trx,
        chunk.map((c) => ({ input: c, org: orgs.get(c.orgId) as OrganisationRow })),
        at,
      );
      const ids = new Map(rows.map((row) => [`${row.org_id}/${row.external_ref}`, row.id]));
      await mergeConsents(
        { db: share(trx), now },
        chunk.map((c) => ({
          contactId: ids.get(`${c.orgId}/${c.externalRef}`) as string,
          consents: c.consents,
        })),
        by,
      );
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
}

/**
 * Applies a patch to a contact of the caller's subtree (404 otherwise), reading and updating
 * it in one transaction; `conflict` when the new `externalRef` is taken. Its consents are
 * merged by the consent module, which records each change in the contact's history.
 */
export async function patchContact(
  db: Db,
  auth: AuthContext,
  id: string,
  patch: z.output<typeof ContactPatch>,
  now: Clock,
): Promise<ContactRow> {
  return db
    .transaction()
    .execute(async (trx) => {
      const current = await findInScope(trx, auth, 'contacts', id);
      if (patch.consents) {
        await mergeConsents(
          { db: share(trx), now },
          [{ contactId: current.id, consents: patch.consents }],
          consentByActor(auth.actor),
        );
      }
      return updateContact(trx, current, patch, new Date(now()));
    })
    .catch((error: unknown) => {
      if (!isUniqueViolation(error)) throw error;
      throw new SafenetError(
        'conflict',
        `Another contact already has externalRef "${patch.externalRef}"`,
      );
    });
}
