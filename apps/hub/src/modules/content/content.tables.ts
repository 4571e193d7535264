import type { AgeBand } from '@safenet/core';
import type { Kysely, Transaction } from 'kysely';
import {
  type Executor as ExecutorOf,
  type Json,
  type PlatformTables,
  type Timestamp,
  tablesView,
} from '../../platform/database/schema.js';

export interface RecommendationsTable {
  id: string;
  org_id: string;
  topic: string;
  title: Json<Record<string, string>>;
  body: Json<Record<string, string>>;
  target_roles: string[];
  target_age_bands: Json<AgeBand[]>;
  status: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** The tables of the content module. */
export interface ContentTables {
  recommendations: RecommendationsTable;
}

/** What the content module's code sees: the platform's tables and its own. */
type View = PlatformTables & ContentTables;

/** Opens a database handle as the content module's view (see `tablesView`). */
export const own = tablesView<ContentTables>();
export type Db = Kysely<View>;
export type Tx = Transaction<View>;
export type Executor = ExecutorOf<View>;
