import type { Contact, ContactInputParsed, ContactPatch } from '@safenet/core';
import { type Selectable, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import { keysetPage, type Page } from '../../platform/database/keyset.js';
import type { ExecutorHandle } from '../../platform/database/schema.js';
import { inSubtree } from '../../platform/tenancy/scope.js';
import { mergeConsents } from '../consent/index.js';
import type { OrganisationRow } from '../organisations/index.js';
import { type ContactRow, type ContactsTable, type Executor, own } from './contacts.tables.js';

// Rows become API records here and nowhere else. Casts narrow text columns to the unions
// the hub itself wrote into them.

const iso = (date: Date) => date.toISOString();

export function toContact(row: Selectable<ContactsTable>): Contact {
  return {
    id: row.id,
    orgId: row.org_id,
    orgPath: row.org_path,
    externalRef: row.external_ref,
    displayName: row.display_name,
    role: row.role as Contact['role'],
    language: row.language as Contact['language'],
    timeZone: row.time_zone,
    childAgeBands: row.child_age_bands,
    addresses: row.addresses,
    consents: row.consents,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

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

/** One page of the contacts of the subtree of `orgId`. */
export function listContacts(
  db: Executor,
  orgId: string,
  page: { cursor?: string | undefined; limit: number },
): Promise<Page<Contact>> {
  return keysetPage(
    db
      .selectFrom('contacts')
      .selectAll()
      .where(sql<boolean>`${orgId}::uuid = any(contacts.org_path)`),
    page,
    toContact,
  );
}

/** Stores a new contact of `org` and returns its row. */
export function insertContact(
  db: Executor,
  input: ContactInputParsed,
  org: OrganisationRow,
  now: Date,
): Promise<ContactRow> {
  return db
    .insertInto('contacts')
    .values({
      id: uuidv7(),
      ...contactValues(input, org),
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Inserts the contacts in one statement, or updates the one of the same organisation and
 * `externalRef`: consents merge per channel, the other fields are replaced. Returns each
 * one's id and `externalRef`, and whether it was inserted.
 */
export function upsertContacts(
  db: Executor,
  contacts: { input: ContactInputParsed; org: OrganisationRow }[],
  now: Date,
) {
  return db
    .insertInto('contacts')
    .values(
      contacts.map(({ input, org }) => ({
        id: uuidv7(),
        ...contactValues(input, org),
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
}

/**
 * Applies `patch` to the contact `current`: the fields given change, addresses merge per
 * field with the current ones, consents merge per channel. Returns the updated row.
 */
export function updateContact(
  db: Executor,
  current: ContactRow,
  patch: z.output<typeof ContactPatch>,
): Promise<ContactRow> {
  return db
    .updateTable('contacts')
    .set({
      ...(patch.externalRef !== undefined ? { external_ref: patch.externalRef } : {}),
      ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
      ...(patch.role ? { role: patch.role } : {}),
      ...(patch.language ? { language: patch.language } : {}),
      ...(patch.timeZone ? { time_zone: patch.timeZone } : {}),
      ...(patch.childAgeBands ? { child_age_bands: JSON.stringify(patch.childAgeBands) } : {}),
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
}

/** Deletes the contact `id` if it is in the subtree of `orgId`; its id, or undefined if not. */
export function deleteContactInSubtree(db: Executor, orgId: string, id: string) {
  return db
    .deleteFrom('contacts')
    .where('id', '=', id)
    .where(inSubtree('contacts.org_id', orgId))
    .returning('id')
    .executeTakeFirst();
}

/** The contacts with these ids, all their columns (the send path reads a batch at once). */
export async function contactsByIds(
  db: ExecutorHandle | Executor,
  ids: readonly string[],
): Promise<ContactRow[]> {
  if (ids.length === 0) return [];
  return own(db).selectFrom('contacts').selectAll().where('id', 'in', ids).execute();
}

/**
 * The first contact (by creation) with `value` at `field` of its addresses, e.g. the phone a
 * reply came from: its language and organisation. Undefined for an unknown sender.
 */
export function firstContactByAddress(
  db: ExecutorHandle | Executor,
  field: string,
  value: string,
): Promise<{ language: string; org_id: string } | undefined> {
  return own(db)
    .selectFrom('contacts')
    .select(['language', 'org_id'])
    .where(sql<boolean>`contacts.addresses ->> ${field} = ${value}`)
    .orderBy('created_at')
    .executeTakeFirst();
}
