import { z } from 'zod';
import { Channel, Id, PageQuery, Timestamp } from '../common/common.schema.js';
import { Language } from '../locale/language.schema.js';
import {
  IMPORT_CONSENT_CHANNELS,
  IMPORT_ENCODINGS,
  IMPORT_FIELDS,
  IMPORT_FORMATS,
  IMPORT_KEYS,
  IMPORT_MODES,
  LEGAL_BASES,
} from '../vocabulary.js';
import { Role } from './contact.schema.js';
import { ContactListQuery } from './contact-search.js';

export {
  IMPORT_CONSENT_CHANNELS,
  IMPORT_ENCODINGS,
  IMPORT_FIELDS,
  IMPORT_FORMATS,
  IMPORT_KEYS,
  IMPORT_MODES,
  LEGAL_BASES,
};

export const ImportField = z.enum(IMPORT_FIELDS);
export type ImportField = z.infer<typeof ImportField>;

export const ImportEncoding = z.enum(IMPORT_ENCODINGS);
export type ImportEncoding = z.infer<typeof ImportEncoding>;

export const ImportFormat = z.enum(IMPORT_FORMATS);
export type ImportFormat = z.infer<typeof ImportFormat>;

export const ImportKey = z.enum(IMPORT_KEYS);
export type ImportKey = z.infer<typeof ImportKey>;

export const ImportMode = z.enum(IMPORT_MODES);
export type ImportMode = z.infer<typeof ImportMode>;

export const LegalBasis = z.enum(LEGAL_BASES);
export type LegalBasis = z.infer<typeof LegalBasis>;

/**
 * An import's consent statement: the legal basis, the channels it covers, and where the
 * consent was collected. Nothing imported is sendable on a channel it does not name (or that
 * a row's `consent.<channel>` column does not grant).
 *
 * @example
 * { basis: 'consent', channels: ['whatsapp', 'sms'], source: 'Parent meeting, 10 April 2017: signed forms' }
 */
export const ImportConsent = z.strictObject({
  basis: LegalBasis,
  channels: z
    .array(z.enum(IMPORT_CONSENT_CHANNELS))
    .max(IMPORT_CONSENT_CHANNELS.length)
    .refine((list) => new Set(list).size === list.length, { message: 'a channel appears twice' })
    .describe('Channels the basis covers; [] imports contacts sendable on no channel'),
  source: z
    .string()
    .trim()
    .min(1)
    .max(120)
    .describe('Where and how consent was collected, e.g. "parent meeting form, 10 April 2017"'),
  at: Timestamp.optional().describe('When it was given; default: when the import starts'),
});
export type ImportConsent = z.infer<typeof ImportConsent>;

/** How one column of the file is read: the field it fills, or `null` (not read). */
export const ImportColumn = z.object({
  header: z.string(),
  field: ImportField.nullable(),
  /**
   * Why: `given` in the request, `saved` from the organisation's last import, `guessed`
   * from the header's words, `child_data` (a child's name or birth date: never read), or
   * `unknown`.
   */
  source: z.enum(['given', 'saved', 'guessed', 'child_data', 'unknown']),
});
export type ImportColumn = z.infer<typeof ImportColumn>;

/** Column header → field (or `null` to leave the column out). */
export const ImportMapping = z.record(z.string().min(1).max(200), ImportField.nullable());
export type ImportMapping = z.infer<typeof ImportMapping>;

const boolish = z
  .enum(['true', 'false'])
  .transform((value) => value === 'true')
  .optional();

/**
 * `POST /v1/contact-imports`: the file is the request body; these are its query parameters.
 *
 * @example
 * { orgId, fileName: 'parents-5A.csv', key: 'phone', mode: 'dry_run', consentBasis: 'consent', consentChannels: 'whatsapp,sms', consentSource: 'parent meeting form' }
 */
export const ContactImportQuery = z.strictObject({
  orgId: Id.optional().describe(
    'The organisation rows belong to unless an `organisation` column names another in its subtree; default: yours',
  ),
  fileName: z.string().trim().min(1).max(200).describe('The file’s name, for people'),
  format: ImportFormat.optional().describe('Default: read from the bytes'),
  encoding: ImportEncoding.optional().describe(
    'A CSV’s text encoding; default: detected (a BOM, else UTF-8 if it decodes, else Windows-1251)',
  ),
  delimiter: z
    .enum([',', ';', '\t', '|'])
    .optional()
    .describe('A CSV’s delimiter; default: detected from the header row'),
  mapping: z
    .string()
    .max(10_000)
    .optional()
    .describe(
      'JSON object: column header → field or null; columns left out are guessed or taken from the saved mapping',
    ),
  saveMapping: boolish.describe('Save this file’s mapping as the organisation’s default'),
  key: ImportKey.default('externalRef').describe('What finds the contact a row updates'),
  mode: ImportMode.default('dry_run'),
  defaultCountry: z
    .string()
    .regex(/^[A-Z]{2}$/, 'an ISO 3166 country code such as KZ or VN')
    .optional()
    .describe(
      'Country of numbers written without +: default from the organisation’s time zone (KZ, VN)',
    ),
  defaultRole: Role.optional().describe(
    'The role of rows without one (a school’s list of parents has no role column)',
  ),
  defaultLanguage: Language.optional().describe(
    'The language of rows without one; default: the organisation’s default language',
  ),
  consentBasis: LegalBasis,
  consentChannels: z
    .string()
    .regex(/^$|^[a-z]+(,[a-z]+)*$/, 'channels separated by commas, e.g. whatsapp,sms')
    .describe('Channels the basis covers, separated by commas; empty for none'),
  consentSource: ImportConsent.shape.source,
  consentAt: Timestamp.optional(),
});
export type ContactImportQuery = z.input<typeof ContactImportQuery>;

/** Where an import stands. */
export const IMPORT_STATUSES = [
  'validating',
  'validated',
  'importing',
  'completed',
  'rejected',
  'failed',
] as const;
export const ImportStatus = z.enum(IMPORT_STATUSES);
export type ImportStatus = z.infer<typeof ImportStatus>;

/** Row counts of an import: what was (or, in a dry run, would be) done with each row. */
export const ImportCounts = z.object({
  rows: z.int().describe('Data rows read from the file'),
  valid: z.int(),
  rejected: z.int(),
  created: z.int(),
  updated: z.int(),
  unchanged: z.int(),
});
export type ImportCounts = z.infer<typeof ImportCounts>;

/** A contact import: the file read, how its columns map, and what became of its rows. */
export const ContactImport = z.object({
  id: Id,
  orgId: Id,
  fileName: z.string(),
  format: ImportFormat,
  encoding: ImportEncoding.nullable().describe('null for XLSX'),
  delimiter: z.string().nullable().describe('null for XLSX'),
  columns: z.array(ImportColumn),
  key: ImportKey,
  mode: ImportMode,
  consent: z.object({
    basis: LegalBasis,
    channels: z.array(Channel),
    source: z.string(),
    at: Timestamp,
  }),
  defaultCountry: z.string().nullable(),
  defaultRole: Role.nullable(),
  defaultLanguage: z.string().nullable(),
  status: ImportStatus,
  processed: z.int().describe('Rows handled so far by the current step'),
  counts: ImportCounts,
  /** After a dry run: what the dry run found, kept when it is committed. */
  committedFrom: z.enum(['dry_run']).nullable(),
  createdBy: z.string(),
  createdAt: Timestamp,
  finishedAt: Timestamp.nullable(),
});
export type ContactImport = z.infer<typeof ContactImport>;

/** What a `contact_import.progress` event carries: where an import stands. */
export const ContactImportProgress = ContactImport.pick({
  id: true,
  fileName: true,
  mode: true,
  status: true,
  processed: true,
  counts: true,
});
export type ContactImportProgress = z.infer<typeof ContactImportProgress>;

/** `POST /v1/contact-imports/:id/commit`: write a dry run's rows. */
export const ContactImportCommit = z.strictObject({
  mode: z.enum(['all_or_nothing', 'valid_rows']),
});
export type ContactImportCommit = z.infer<typeof ContactImportCommit>;

/**
 * Why a row was rejected: stable codes, with a message in the reader's language.
 * `organisation_unknown` also covers an organisation outside the importer's subtree.
 */
export const IMPORT_ROW_CODES = [
  'key_missing',
  'duplicate_key',
  'role_invalid',
  'language_invalid',
  'invalid_phone_number',
  'email_invalid',
  'telegram_invalid',
  'zalo_invalid',
  'time_zone_invalid',
  'age_band_invalid',
  'consent_value_invalid',
  'organisation_unknown',
  'value_too_long',
  'no_address',
] as const;
export const ImportRowCode = z.enum(IMPORT_ROW_CODES);
export type ImportRowCode = z.infer<typeof ImportRowCode>;

/** One rejected cell (or row) of an import. */
export const ImportRowError = z.object({
  row: z.int().describe('The row as a spreadsheet numbers it: the header is row 1'),
  column: z.string().nullable().describe('The column header; null for the whole row'),
  code: ImportRowCode,
  message: z.string(),
});
export type ImportRowError = z.infer<typeof ImportRowError>;

/** `GET /v1/contact-imports/:id/errors`: a page of rejected rows' errors, in row order. */
export const ImportErrorsQuery = PageQuery.extend({
  lang: z.enum(['ru', 'kk', 'vi', 'en']).optional().describe('Language of the messages'),
});

/** `GET /v1/contact-imports`: imports of your subtree, newest first. */
export const ContactImportListQuery = PageQuery.extend({
  orgId: Id.optional(),
});

/**
 * `GET /v1/contacts/export`: the contacts `GET /v1/contacts` would list with the same filters,
 * all of them, as a CSV (UTF-8 with a BOM) or XLSX file with the import's columns.
 */
export const ContactExportQuery = ContactListQuery.omit({ limit: true, cursor: true }).extend({
  format: ImportFormat.default('csv'),
});
export type ContactExportQuery = z.input<typeof ContactExportQuery>;
