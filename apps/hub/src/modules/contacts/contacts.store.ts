import type { Contact } from '@safenet/core';
import type { Selectable } from 'kysely';
import type { ContactsTable } from './contacts.tables.js';

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
