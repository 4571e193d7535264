import type { AgeBand, Consents } from '@safenet/core';
import type { Kysely, Selectable, Transaction } from 'kysely';
import {
  type Executor as ExecutorOf,
  type Json,
  type PlatformTables,
  type Timestamp,
  tablesView,
} from '../../platform/database/schema.js';
import type { ImportTables } from './imports.tables.js';

export interface ContactsTable {
  id: string;
  org_id: string;
  org_path: string[];
  external_ref: string | null;
  display_name: string | null;
  role: string;
  language: string;
  time_zone: string;
  child_age_bands: Json<AgeBand[]>;
  addresses: Json<Record<string, string>>;
  consents: Json<Consents>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** The tables of the contacts module: contacts, and the imports that fill them. */
export interface ContactsTables extends ImportTables {
  contacts: ContactsTable;
}

export type ContactRow = Selectable<ContactsTable>;

/** What the contacts module's code sees: the platform's tables and its own. */
type View = PlatformTables & ContactsTables;

/** Opens a database handle as the contacts module's view (see `tablesView`). */
export const own = tablesView<ContactsTables>();
export type Db = Kysely<View>;
export type Tx = Transaction<View>;
export type Executor = ExecutorOf<View>;
