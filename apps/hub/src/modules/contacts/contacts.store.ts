import {
  CHANNEL_ADDRESS,
  type Contact,
  type ContactInputParsed,
  type ContactListFilters,
  type ContactPatch,
  contactSearchTerms,
} from '@safenet/core';
import { type Expression, type Selectable, type SqlBool, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import { keysetPage, type Page } from '../../platform/database/keyset.js';
import type { ExecutorHandle } from '../../platform/database/schema.js';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { notFound } from '../../platform/tenancy/lookups.js';
import { inSubtree } from '../../platform/tenancy/scope.js';
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
    // Consents are the consent module's: it merges them in after the row is written, and
    // records each in the contact's consent history.
    consents: JSON.stringify({}),
  };
}

/** `LIKE` pattern for values starting with `prefix` (its own `%`, `_` and `\` taken literally). */
function startsWith(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The conditions of the filters given, all of which must hold. `q` matches the start of
 * lower-cased fields (`lower(…) LIKE 'text%'`) and of phone numbers: exactly the
 * expressions migration 013 indexes, so a rare match is found through an index.
 */
function filterConditions(filters: Omit<ContactListFilters, 'orgId'>): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [];
  if (filters.q !== undefined) {
    const { text, phonePrefixes } = contactSearchTerms(filters.q);
    const pattern = startsWith(text);
    const matches: Expression<SqlBool>[] = [
      sql<SqlBool>`lower(contacts.external_ref) LIKE ${pattern}`,
      sql<SqlBool>`lower(contacts.display_name) LIKE ${pattern}`,
      sql<SqlBool>`lower(contacts.addresses ->> 'email') LIKE ${pattern}`,
      sql<SqlBool>`lower(contacts.addresses ->> 'telegram') LIKE ${pattern}`,
    ];
    for (const prefix of phonePrefixes) {
      matches.push(sql<SqlBool>`(contacts.addresses ->> 'phone') LIKE ${startsWith(prefix)}`);
      matches.push(sql<SqlBool>`(contacts.addresses ->> 'whatsapp') LIKE ${startsWith(prefix)}`);
    }
    conditions.push(sql<SqlBool>`(${sql.join(matches, sql` OR `)})`);
  }
  if (filters.language) conditions.push(sql<SqlBool>`contacts.language = ${filters.language}`);
  if (filters.role) conditions.push(sql<SqlBool>`contacts.role = ${filters.role}`);
  const withAddress = (channel: keyof typeof CHANNEL_ADDRESS) => {
    const field = CHANNEL_ADDRESS[channel];
    return field === null ? sql<SqlBool>`true` : sql<SqlBool>`contacts.addresses ? ${field}::text`;
  };
  if (filters.channel) conditions.push(withAddress(filters.channel));
  if (filters.reachableOn) {
    conditions.push(withAddress(filters.reachableOn));
    conditions.push(
      sql<SqlBool>`contacts.consents -> ${filters.reachableOn}::text ->> 'status' = 'granted'`,
    );
  }
  for (const { channel, status } of filters.consent ?? []) {
    conditions.push(
      status === 'none'
        ? sql<SqlBool>`NOT (contacts.consents ? ${channel}::text)`
        : sql<SqlBool>`contacts.consents -> ${channel}::text ->> 'status' = ${status}`,
    );
  }
  if (filters.age !== undefined) {
    conditions.push(sql<SqlBool>`EXISTS (
      SELECT 1 FROM jsonb_array_elements(contacts.child_age_bands) AS band
      WHERE (band ->> 'min')::int <= ${filters.age} AND (band ->> 'max')::int >= ${filters.age}
    )`);
  }
  return conditions;
}

/** One page of the contacts of the subtree of `orgId` that match every filter given. */
export function listContacts(
  db: Executor,
  orgId: string,
  page: { cursor?: string | undefined; limit: number },
  filters: Omit<ContactListFilters, 'orgId'> = {},
): Promise<Page<Contact>> {
  return keysetPage(
    db
      .selectFrom('contacts')
      .selectAll()
      .where(sql<boolean>`${orgId}::uuid = any(contacts.org_path)`)
      .where((eb) => eb.and(filterConditions(filters))),
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
 * `externalRef`: the fields are replaced, except consents, which the consent module merges
 * in afterwards. Returns each one's id, organisation and `externalRef`, and whether it was
 * inserted.
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
        updated_at: now,
      })),
    )
    .returning(['id', 'org_id', 'external_ref', sql<boolean>`(xmax = 0)`.as('inserted')])
    .execute();
}

/**
 * Applies `patch` to the contact `current`: the fields given change, addresses merge per
 * field with the current ones. Consents are not written here (the consent module merges
 * them). Returns the updated row.
 */
export function updateContact(
  db: Executor,
  current: ContactRow,
  patch: z.output<typeof ContactPatch>,
  now: Date,
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
      updated_at: now,
    })
    .where('id', '=', current.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * The contact `id` of the caller's subtree, locked for the rest of the transaction (an
 * erasure reads its addresses, then deletes it); 404 `not_found` otherwise.
 */
export async function contactInScope(
  db: ExecutorHandle,
  auth: AuthContext,
  id: string,
): Promise<ContactRow> {
  const row = await own(db)
    .selectFrom('contacts')
    .selectAll()
    .where('id', '=', id)
    .where(inSubtree('contacts.org_id', auth.orgId))
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw notFound('contact', id);
  return row;
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

/**
 * Sets the contact's address `field` to `value`, the other addresses kept: what binds a
 * Telegram chat to the contact who opened its deep link. In the caller's transaction.
 */
export async function setContactAddress(
  db: ExecutorHandle | Executor,
  contactId: string,
  field: keyof Contact['addresses'],
  value: string,
  now: Date,
): Promise<void> {
  await own(db)
    .updateTable('contacts')
    .set({
      addresses: sql`contacts.addresses || jsonb_build_object(${field}::text, ${value}::text)`,
      updated_at: now,
    })
    .where('id', '=', contactId)
    .execute();
}

/**
 * Every contact with `value` at `field` of its addresses (one Telegram chat may be the address
 * of a parent in two schools' lists): their ids and languages, oldest first.
 */
export function contactsByAddress(
  db: ExecutorHandle | Executor,
  field: keyof Contact['addresses'],
  value: string,
): Promise<{ id: string; language: string }[]> {
  return (
    own(db)
      .selectFrom('contacts')
      .select(['id', 'language'])
      // As migration 013 indexes it: lower(), and the field's name written in the statement.
      .where(sql<boolean>`lower(contacts.addresses ->> ${sql.lit(field)}) = lower(${value})`)
      .orderBy('created_at')
      .orderBy('id')
      .execute()
  );
}
