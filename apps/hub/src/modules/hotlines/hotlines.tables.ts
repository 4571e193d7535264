import type { HotlinePurpose, Language } from '@safenet/core';
import type { Kysely, Selectable, Transaction } from 'kysely';
import {
  type Executor as ExecutorOf,
  type Json,
  type PlatformTables,
  type Timestamp,
  tablesView,
} from '../../platform/database/schema.js';

/** A help line of the directory (migration 038). */
export interface HotlinesTable {
  id: string;
  org_id: string;
  /** As dialled locally: `111`, `02623.951.567`. */
  number: string;
  e164: string | null;
  name: Json<Partial<Record<Language, string>>>;
  purposes: HotlinePurpose[];
  languages: Language[];
  hours: string | null;
  /** The organisations whose subtrees it serves. */
  serves: string[];
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** The tables of the hotlines module. */
export interface HotlinesTables {
  hotlines: HotlinesTable;
}

export type HotlineRow = Selectable<HotlinesTable>;

/** What the hotlines module's code sees: the platform's tables and its own. */
type View = PlatformTables & HotlinesTables;

/** Opens a database handle as the hotlines module's view (see `tablesView`). */
export const own = tablesView<HotlinesTables>();
export type Db = Kysely<View>;
export type Tx = Transaction<View>;
export type Executor = ExecutorOf<View>;
