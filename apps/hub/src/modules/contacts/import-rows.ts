import {
  AddressesInput,
  type AgeBand,
  IMPORT_CONSENT_CHANNELS,
  type ImportColumn,
  type ImportField,
  type ImportRowCode,
  type Language,
  parseAgeBandsCell,
  parseConsentCell,
  parseLanguageCell,
  parseRoleCell,
  type Role,
  TimeZone,
} from '@safenet/core';
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { z } from 'zod';

/** A channel a `consent.<channel>` column speaks of. */
export type ConsentColumnChannel = (typeof IMPORT_CONSENT_CHANNELS)[number];

/**
 * A row read as a contact: only what its mapped, non-empty cells say. An empty cell never
 * clears a stored value (a file without emails for some parents keeps their emails).
 */
export interface ParsedRow {
  externalRef?: string;
  displayName?: string;
  role: Role;
  language: Language;
  timeZone?: string;
  /** The organisation cell as written (resolved later, in a batch); absent: the import's. */
  organisation?: string;
  addresses: {
    phone?: string;
    whatsapp?: string;
    email?: string;
    telegram?: string;
    zalo?: string;
  };
  childAgeBands?: AgeBand[];
  /** What the row's `consent.<channel>` columns say. */
  consents: Partial<Record<ConsentColumnChannel, 'granted' | 'revoked'>>;
}

/** One problem of a row: its column (a header), a stable code, and the detail for the message. */
export interface RowProblem {
  column: string | null;
  code: ImportRowCode;
  detail?: string;
}

/** What every row is read with: the import's defaults. */
export interface RowDefaults {
  role: Role | null;
  language: Language;
  country: CountryCode | null;
}

const MAX_TEXT = 200;
const Email = z.email().max(254);
const Telegram = AddressesInput.shape.telegram.unwrap();

/**
 * Reads one row's cells (the mapped columns', in `columns` order) as a contact, or says every
 * problem it has — all of them, so a person fixes the row once.
 */
export function readRow(
  columns: readonly ImportColumn[],
  cells: readonly string[],
  defaults: RowDefaults,
): { row: ParsedRow } | { problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const value = new Map<ImportField, { header: string; cell: string }>();
  columns.forEach((column, index) => {
    const cell = (cells[index] ?? '').trim();
    if (column.field !== null && cell !== '')
      value.set(column.field, { header: column.header, cell });
  });
  const text = (field: 'externalRef' | 'displayName'): string | undefined => {
    const got = value.get(field);
    if (!got) return undefined;
    if (got.cell.length > MAX_TEXT) {
      problems.push({ column: got.header, code: 'value_too_long', detail: String(MAX_TEXT) });
    }
    return got.cell;
  };

  const externalRef = text('externalRef');
  const displayName = text('displayName');

  let role = defaults.role;
  const roleCell = value.get('role');
  if (roleCell) {
    const parsed = parseRoleCell(roleCell.cell);
    if ('code' in parsed)
      problems.push({ column: roleCell.header, code: parsed.code, detail: roleCell.cell });
    else role = parsed.value ?? role;
  } else if (role === null) {
    problems.push({ column: null, code: 'role_invalid', detail: '' });
  }

  let language = defaults.language;
  const languageCell = value.get('language');
  if (languageCell) {
    const parsed = parseLanguageCell(languageCell.cell);
    if ('code' in parsed) {
      problems.push({ column: languageCell.header, code: parsed.code, detail: languageCell.cell });
    } else language = parsed.value ?? language;
  }

  let timeZone: string | undefined;
  const zoneCell = value.get('timeZone');
  if (zoneCell) {
    if (TimeZone.safeParse(zoneCell.cell).success) timeZone = zoneCell.cell;
    else
      problems.push({ column: zoneCell.header, code: 'time_zone_invalid', detail: zoneCell.cell });
  }

  const addresses: ParsedRow['addresses'] = {};
  for (const field of ['phone', 'whatsapp'] as const) {
    const got = value.get(field);
    if (!got) continue;
    const number = phoneNumber(got.cell, defaults.country);
    if (number === null) {
      problems.push({ column: got.header, code: 'invalid_phone_number', detail: got.cell });
    } else addresses[field] = number;
  }
  const emailCell = value.get('email');
  if (emailCell) {
    const email = emailCell.cell.toLowerCase();
    if (Email.safeParse(email).success) addresses.email = email;
    else problems.push({ column: emailCell.header, code: 'email_invalid', detail: emailCell.cell });
  }
  const telegramCell = value.get('telegram');
  if (telegramCell) {
    if (Telegram.safeParse(telegramCell.cell).success) addresses.telegram = telegramCell.cell;
    else {
      problems.push({
        column: telegramCell.header,
        code: 'telegram_invalid',
        detail: telegramCell.cell,
      });
    }
  }

  const zaloCell = value.get('zalo');
  if (zaloCell) {
    const zalo = zaloAddress(zaloCell.cell);
    if (zalo === null) {
      problems.push({ column: zaloCell.header, code: 'zalo_invalid', detail: zaloCell.cell });
    } else addresses.zalo = zalo;
  }

  let childAgeBands: AgeBand[] | undefined;
  const bandsCell = value.get('childAgeBands');
  if (bandsCell) {
    const parsed = parseAgeBandsCell(bandsCell.cell);
    if ('code' in parsed)
      problems.push({ column: bandsCell.header, code: parsed.code, detail: bandsCell.cell });
    else childAgeBands = parsed.value;
  }

  const consents: ParsedRow['consents'] = {};
  for (const channel of IMPORT_CONSENT_CHANNELS) {
    const got = value.get(`consent.${channel}`);
    if (!got) continue;
    const parsed = parseConsentCell(got.cell);
    if ('code' in parsed)
      problems.push({ column: got.header, code: parsed.code, detail: got.cell });
    else if (parsed.value !== null) consents[channel] = parsed.value;
  }

  if (problems.length > 0 || role === null) return { problems };
  return {
    row: {
      ...(externalRef === undefined ? {} : { externalRef }),
      ...(displayName === undefined ? {} : { displayName }),
      role,
      language,
      ...(timeZone === undefined ? {} : { timeZone }),
      ...(value.has('organisation') ? { organisation: value.get('organisation')?.cell } : {}),
      addresses,
      ...(childAgeBands === undefined ? {} : { childAgeBands }),
      consents,
    } as ParsedRow,
  };
}

/**
 * A phone number as E.164, or null: written with `+` in any spelling, or nationally (a trunk
 * `8` in Kazakhstan, `0` in Vietnam) when the import has a default country. A number stored
 * by a spreadsheet as a number comes without its `+`: `77012345678` is read as `+7…` when
 * it is valid so and not valid nationally.
 */
export function phoneNumber(cell: string, country: CountryCode | null): string | null {
  const national = country ? parsePhoneNumberFromString(cell, country) : undefined;
  if (national?.isValid()) return national.number;
  const compact = cell.replace(/[\s().-]/g, '');
  const international = parsePhoneNumberFromString(
    compact.startsWith('+') ? compact : `+${compact}`,
  );
  return international?.isValid() ? international.number : null;
}

/** A Zalo user id: 16 to 24 digits — more than any phone number has (E.164: at most 15). */
const ZALO_USER_ID = /^\d{16,24}$/;

/**
 * A Zalo cell as `addresses.zalo`, or null: a follower's Zalo user id (16 to 24 digits, kept
 * as written), else a Vietnamese phone number in any spelling — nationally (`0912 345 678`),
 * with `+84`, or as a spreadsheet stores it without its `0` or `+` — as E.164. Vietnamese
 * whatever the import's country: ZNS reaches Vietnamese numbers only.
 */
export function zaloAddress(cell: string): string | null {
  if (ZALO_USER_ID.test(cell)) return cell;
  const number = phoneNumber(cell, 'VN');
  return number?.startsWith('+84') ? number : null;
}

/** The key value a row is matched on (E.164 for `phone`: the phone, else the WhatsApp number). */
export function rowKey(row: ParsedRow, key: 'externalRef' | 'phone' | 'email'): string | null {
  if (key === 'externalRef') return row.externalRef ?? null;
  if (key === 'email') return row.addresses.email ?? null;
  return row.addresses.phone ?? row.addresses.whatsapp ?? null;
}
