import type { Scope } from '@safenet/core';
import type { ColumnType, Kysely, Selectable, Transaction } from 'kysely';
import {
  type Executor as ExecutorOf,
  type PlatformTables,
  type Timestamp,
  tablesView,
} from '../../platform/database/schema.js';

export interface OrganisationsTable {
  id: string;
  parent_id: string | null;
  kind: string;
  name: string;
  path: string[];
  time_zone: string;
  default_language: string;
  /** Its own quiet hours, `HH:mm-HH:mm` or `off`; NULL inherits its parent's (migration 018). */
  quiet_hours: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
  /** The code a ministry uses for it, unique within its root's tree (migration 019). */
  code: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ApiKeysTable {
  id: string;
  org_id: string;
  name: string;
  scopes: Scope[];
  prefix: string;
  secret_hash: string;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
  /** The person who created the key while signed in; null otherwise. */
  created_by_user_id: ColumnType<string | null, string | null | undefined, string | null>;
}

/** The tables of the organisations module. */
export interface OrganisationsTables {
  organisations: OrganisationsTable;
  api_keys: ApiKeysTable;
}

export type OrganisationRow = Selectable<OrganisationsTable>;

/** What the organisations module's code sees: the platform's tables and its own. */
type View = PlatformTables & OrganisationsTables;

/** Opens a database handle as the organisations module's view (see `tablesView`). */
export const own = tablesView<OrganisationsTables>();
export type Db = Kysely<View>;
export type Tx = Transaction<View>;
export type Executor = ExecutorOf<View>;
