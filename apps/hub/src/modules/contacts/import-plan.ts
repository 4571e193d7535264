import { type AgeBand, type Consent, type Consents, IMPORT_CONSENT_CHANNELS } from '@safenet/core';
import { sql } from 'kysely';
import type { ContactRow, Executor } from './contacts.tables.js';
import type { ParsedRow } from './import-rows.js';
import type { ContactImportRow } from './imports.tables.js';

/** A valid row as validation leaves it: the contact it reads as, in its resolved organisation. */
export interface ResolvedRow extends ParsedRow {
  orgId: string;
  orgPath: string[];
  orgTimeZone: string;
}

/** What an import does with one valid row. */
export type RowPlan =
  | { action: 'create'; consents: Consents }
  | { action: 'update'; contact: ContactRow; fields: boolean; consents: Consents }
  | { action: 'unchanged'; contact: ContactRow }
  | { action: 'reject'; code: 'duplicate_key' | 'no_address'; detail: string };

/**
 * The contacts the rows' keys find, within the import's organisation and beneath it (an
 * external reference within the row's own organisation, where it is unique). `lock` takes
 * them `FOR UPDATE`, as the writing does.
 */
export async function existingByKey(
  db: Executor,
  imp: Pick<ContactImportRow, 'org_id' | 'key'>,
  rows: readonly { key: string; row: ResolvedRow }[],
  lock: boolean,
): Promise<Map<string, ContactRow[]>> {
  const found = new Map<string, ContactRow[]>();
  if (rows.length === 0) return found;
  const keys = [...new Set(rows.map((r) => r.key))];
  let query = db
    .selectFrom('contacts')
    .selectAll()
    .where(sql<boolean>`contacts.org_path @> ARRAY[${imp.org_id}]::uuid[]`);
  if (imp.key === 'externalRef') query = query.where('external_ref', 'in', keys);
  else if (imp.key === 'email') {
    query = query.where(sql<string>`lower(contacts.addresses ->> 'email')`, 'in', keys);
  } else {
    query = query.where((eb) =>
      eb.or([
        eb(sql<string>`contacts.addresses ->> 'phone'`, 'in', keys),
        eb(sql<string>`contacts.addresses ->> 'whatsapp'`, 'in', keys),
      ]),
    );
  }
  const contacts = await (lock ? query.orderBy('id').forUpdate() : query).execute();
  for (const contact of contacts) {
    const keysOf =
      imp.key === 'externalRef'
        ? [contact.external_ref]
        : imp.key === 'email'
          ? [contact.addresses.email?.toLowerCase()]
          : [contact.addresses.phone, contact.addresses.whatsapp];
    for (const key of new Set(keysOf)) {
      if (key) found.set(key, [...(found.get(key) ?? []), contact]);
    }
  }
  return found;
}

/**
 * What to do with one row given the contacts its key finds: create, update (its fields, its
 * consents, or both), leave unchanged, or reject (its key finds several contacts; a new
 * contact without any address). An external reference matches in the row's organisation when
 * the row names one, anywhere beneath the import's otherwise; a row naming no organisation
 * leaves an existing contact where it is.
 *
 * Consents: a channel the import's statement names, or a row's `consent.<channel>` cell says
 * `granted`, is granted where the contact never had consent there — never over a withdrawal
 * (a parent's STOP outlives any spreadsheet); a cell saying `revoked` withdraws it.
 */
export function planRow(
  imp: Pick<ContactImportRow, 'key' | 'consent' | 'file_name'>,
  row: ResolvedRow,
  matches: readonly ContactRow[],
): RowPlan {
  // A reference is unique within an organisation: with one named, it matches there only.
  const candidates =
    imp.key === 'externalRef' && row.organisation !== undefined
      ? matches.filter((c) => c.org_id === row.orgId)
      : matches;
  if (candidates.length > 1) {
    return { action: 'reject', code: 'duplicate_key', detail: `${candidates.length} contacts` };
  }
  const contact = candidates[0];
  const consents = consentChanges(imp, row, contact?.consents ?? {});
  if (!contact) {
    if (Object.keys(row.addresses).length === 0) {
      return { action: 'reject', code: 'no_address', detail: '' };
    }
    return { action: 'create', consents };
  }
  const fields = fieldsChange(row, contact);
  if (!fields && Object.keys(consents).length === 0) return { action: 'unchanged', contact };
  return { action: 'update', contact, fields, consents };
}

function consentChanges(
  imp: Pick<ContactImportRow, 'consent' | 'file_name'>,
  row: ResolvedRow,
  stored: Consents,
): Consents {
  const changes: Consents = {};
  const statement = imp.consent;
  const source = `${statement.source} (${statement.basis}; import of ${imp.file_name})`.slice(
    0,
    200,
  );
  for (const channel of IMPORT_CONSENT_CHANNELS) {
    const wanted =
      row.consents[channel] ??
      (statement.channels.includes(channel) ? ('granted' as const) : undefined);
    const current = stored[channel]?.status;
    if (wanted === undefined) continue;
    if (wanted === 'granted' && current !== undefined) continue;
    if (wanted === 'revoked' && current === 'revoked') continue;
    changes[channel] = { status: wanted, source, at: statement.at } satisfies Consent;
  }
  return changes;
}

/** Whether the row says anything of the contact that differs from what is stored. */
function fieldsChange(row: ResolvedRow, contact: ContactRow): boolean {
  if (row.role !== contact.role || row.language !== contact.language) return true;
  if (row.organisation !== undefined && row.orgId !== contact.org_id) return true;
  if (row.externalRef !== undefined && row.externalRef !== contact.external_ref) return true;
  if (row.displayName !== undefined && row.displayName !== contact.display_name) return true;
  if (row.timeZone !== undefined && row.timeZone !== contact.time_zone) return true;
  for (const [field, value] of Object.entries(row.addresses)) {
    if (contact.addresses[field] !== value) return true;
  }
  return row.childAgeBands !== undefined && !sameBands(row.childAgeBands, contact.child_age_bands);
}

function sameBands(a: readonly AgeBand[], b: readonly AgeBand[]): boolean {
  return (
    a.length === b.length && a.every((band, i) => band.min === b[i]?.min && band.max === b[i]?.max)
  );
}
