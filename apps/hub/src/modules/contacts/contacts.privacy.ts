import { sql } from 'kysely';
import type { ErasureStep, RetentionClass } from '../../platform/privacy.js';
import { own } from './contacts.tables.js';

/**
 * The contact itself: its row goes, and with it (by foreign key) its consent history; a
 * report link sent to it keeps no contact (`ON DELETE SET NULL`).
 */
export const contactErasure: ErasureStep = {
  name: 'contact',
  async erase(trx, subject) {
    const result = await own(trx)
      .deleteFrom('contacts')
      .where('id', '=', subject.contactId)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },
};

/**
 * Staged import rows that hold the person: the row an import wrote to the contact, and the
 * rejected rows of the tenant's imports that name one of their identifiers (a cell equal to
 * one, or whose digits are a phone's) — the error report's rows, not yet linked to anyone.
 */
export const importErasure: ErasureStep = {
  name: 'contact_import_rows',
  async erase(trx, subject) {
    const digits = subject.identifiers.filter((id) => /^\d{6,}$/.test(id));
    const result = await sql`
      DELETE FROM contact_import_rows AS r
      USING contact_imports AS i
      WHERE r.import_id = i.id AND (
        r.contact_id = ${subject.contactId}::uuid OR (
          i.org_path @> ARRAY[${subject.rootOrgId}]::uuid[] AND EXISTS (
            SELECT 1 FROM jsonb_array_elements_text(r.cells) AS cell(value)
            WHERE cell.value = ANY(${[...subject.identifiers]}::text[])
              OR regexp_replace(cell.value, '\\D', '', 'g') = ANY(${digits}::text[])
          )
        )
      )
    `.execute(own(trx));
    return Number(result.numAffectedRows ?? 0n);
  },
};

/**
 * Imports are kept 30 days by default (`SAFENET_RETENTION_CONTACT_IMPORT_DAYS`): long enough
 * to fix a file's rejected rows, not a second copy of the contacts for ever. Their staged
 * rows and errors go with them.
 */
export const importRetention: RetentionClass = {
  name: 'contact_import',
  defaultDays: 30,
  async purge(trx, cutoff) {
    const result = await own(trx)
      .deleteFrom('contact_imports')
      .where('created_at', '<', cutoff)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },
};
