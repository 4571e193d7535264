import type { Readable } from 'node:stream';
import {
  type Contact,
  type ContactListFilters,
  IMPORT_FIELDS,
  type ImportField,
  type ImportFormat,
} from '@safenet/core';
import { share } from '../../platform/database/schema.js';
import { organisationsByIds } from '../organisations/index.js';
import { listContacts } from './contacts.store.js';
import type { Executor } from './contacts.tables.js';
import { writeTable } from './table-writer.js';

const PAGE = 1_000;

/** An age band list as the import reads it: `6-10; 11-14`. */
export function formatAgeBands(bands: readonly { min: number; max: number }[]): string {
  return bands.map((b) => (b.min === b.max ? `${b.min}` : `${b.min}-${b.max}`)).join('; ');
}

/**
 * The contacts of a subtree matching the filters, as a spreadsheet whose columns are the
 * import's fields by their own names — so importing the export into the same organisation
 * changes nothing, and into another hub recreates the contacts. The organisation column holds
 * an organisation's code, or its path of names from the export's organisation down (empty for
 * that organisation itself). Streamed a page at a time.
 */
export function exportContacts(
  db: Executor,
  root: { id: string; path: readonly string[] },
  filters: Omit<ContactListFilters, 'orgId'>,
  format: ImportFormat,
): Readable {
  const names = new Map<string, { name: string; code: string | null }>();
  const organisationCell = (contact: Contact): string => {
    if (contact.orgId === root.id) return '';
    const own = names.get(contact.orgId);
    if (own?.code) return own.code;
    const below = contact.orgPath.slice(contact.orgPath.indexOf(root.id) + 1);
    return below.map((id) => names.get(id)?.name ?? id).join(' / ');
  };
  const cell = (contact: Contact, field: ImportField): string => {
    switch (field) {
      case 'externalRef':
        return contact.externalRef ?? '';
      case 'displayName':
        return contact.displayName ?? '';
      case 'role':
        return contact.role;
      case 'language':
        return contact.language;
      case 'timeZone':
        return contact.timeZone;
      case 'organisation':
        return organisationCell(contact);
      case 'childAgeBands':
        return formatAgeBands(contact.childAgeBands);
      case 'phone':
      case 'whatsapp':
      case 'email':
      case 'telegram':
      case 'zalo':
        return contact.addresses[field] ?? '';
      default: {
        const channel = field.slice('consent.'.length) as keyof Contact['consents'];
        return contact.consents[channel]?.status ?? '';
      }
    }
  };
  async function* rows(): AsyncGenerator<string[]> {
    for (let cursor: string | undefined; ; ) {
      const page = await listContacts(db, root.id, { cursor, limit: PAGE }, filters);
      const unknown = [...new Set(page.items.flatMap((c) => c.orgPath))].filter(
        (id) => !names.has(id),
      );
      for (const org of await organisationsByIds(share(db), unknown)) {
        names.set(org.id, { name: org.name, code: org.code });
      }
      for (const contact of page.items) yield IMPORT_FIELDS.map((field) => cell(contact, field));
      if (page.nextCursor === null) return;
      cursor = page.nextCursor;
    }
  }
  return writeTable(format, [...IMPORT_FIELDS], rows());
}
