import type { Kysely } from 'kysely';
import { type PlatformTables, type Timestamp, tablesView } from '../../platform/database/schema.js';

/** A spent token of the public report form (migration 032). */
export interface CaseFormNoncesTable {
  nonce: string;
  expires_at: Timestamp;
}

/** The tables of the public report form. */
export interface CaseFormTables {
  case_form_nonces: CaseFormNoncesTable;
}

/** Opens a database handle as the form's view (see `tablesView`). */
export const formDb = tablesView<CaseFormTables>();
export type FormDb = Kysely<PlatformTables & CaseFormTables>;
