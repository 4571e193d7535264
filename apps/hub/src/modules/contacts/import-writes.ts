import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { ContactRow, Executor } from './contacts.tables.js';
import type { ResolvedRow } from './import-plan.js';

/** Inserts new contacts from rows; returns their ids in the rows' order. */
export async function insertImported(
  db: Executor,
  rows: readonly ResolvedRow[],
  at: Date,
): Promise<string[]> {
  if (rows.length === 0) return [];
  const ids = rows.map(() => uuidv7());
  await db
    .insertInto('contacts')
    .values(
      rows.map((row, i) => ({
        id: ids[i] as string,
        org_id: row.orgId,
        org_path: row.orgPath,
        external_ref: row.externalRef ?? null,
        display_name: row.displayName ?? null,
        role: row.role,
        language: row.language,
        time_zone: row.timeZone ?? row.orgTimeZone,
        child_age_bands: JSON.stringify(row.childAgeBands ?? []),
        addresses: JSON.stringify(row.addresses),
        // The consent module merges consents in afterwards, recording each in the history.
        consents: JSON.stringify({}),
        created_at: at,
        updated_at: at,
      })),
    )
    .execute();
  return ids;
}

/**
 * Applies rows to the contacts they update, in one statement: the fields a row gives replace
 * the stored ones, addresses merge field by field, and a row naming no organisation leaves
 * the contact in its own.
 */
export async function updateImported(
  db: Executor,
  updates: readonly { contact: ContactRow; row: ResolvedRow }[],
  at: Date,
): Promise<void> {
  if (updates.length === 0) return;
  const values = updates.map(({ contact, row }) => {
    const moves = row.organisation !== undefined;
    return {
      id: contact.id,
      org_id: moves ? row.orgId : contact.org_id,
      org_path: moves ? row.orgPath : contact.org_path,
      external_ref: row.externalRef ?? null,
      display_name: row.displayName ?? null,
      role: row.role,
      language: row.language,
      time_zone: row.timeZone ?? null,
      child_age_bands: row.childAgeBands ?? null,
      addresses: row.addresses,
    };
  });
  await sql`
    UPDATE contacts AS c SET
      org_id = v.org_id,
      org_path = v.org_path,
      external_ref = coalesce(v.external_ref, c.external_ref),
      display_name = coalesce(v.display_name, c.display_name),
      role = v.role,
      language = v.language,
      time_zone = coalesce(v.time_zone, c.time_zone),
      child_age_bands = coalesce(v.child_age_bands, c.child_age_bands),
      addresses = c.addresses || v.addresses,
      updated_at = ${at}::timestamptz
    FROM jsonb_to_recordset(${JSON.stringify(values)}::jsonb) AS v(
      id uuid, org_id uuid, org_path uuid[], external_ref text, display_name text, role text,
      language text, time_zone text, child_age_bands jsonb, addresses jsonb
    )
    WHERE c.id = v.id
  `.execute(db);
}
