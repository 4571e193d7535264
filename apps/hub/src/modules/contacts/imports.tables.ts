import type { ImportColumn, ImportCounts } from '@safenet/core';
import type { Generated, Selectable } from 'kysely';
import type { Json, Timestamp } from '../../platform/database/schema.js';

/** An import's consent statement as stored (`at` is always set). */
export interface StoredImportConsent {
  basis: string;
  channels: string[];
  source: string;
  at: string;
}

export interface ContactImportsTable {
  id: string;
  org_id: string;
  org_path: string[];
  file_name: string;
  format: string;
  encoding: string | null;
  delimiter: string | null;
  columns: Json<ImportColumn[]>;
  key: string;
  mode: string;
  consent: Json<StoredImportConsent>;
  default_country: string | null;
  default_role: string | null;
  default_language: string | null;
  status: string;
  processed: Generated<number>;
  counts: Json<ImportCounts>;
  committed_from: string | null;
  committed_through: Generated<number>;
  created_by: string;
  created_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface ContactImportRowsTable {
  import_id: string;
  row: number;
  cells: Json<string[]>;
  key: string | null;
  parsed: Json<Record<string, unknown>> | null;
  rejected: Generated<boolean>;
  action: string | null;
  contact_id: string | null;
}

export interface ContactImportErrorsTable {
  import_id: string;
  row: number;
  position: number;
  column_header: string | null;
  code: string;
  detail: string | null;
}

export interface ContactImportMappingsTable {
  org_id: string;
  mapping: Json<Record<string, string | null>>;
  updated_at: Timestamp;
}

/** The tables of contact imports. */
export interface ImportTables {
  contact_imports: ContactImportsTable;
  contact_import_rows: ContactImportRowsTable;
  contact_import_errors: ContactImportErrorsTable;
  contact_import_mappings: ContactImportMappingsTable;
}

export type ContactImportRow = Selectable<ContactImportsTable>;
