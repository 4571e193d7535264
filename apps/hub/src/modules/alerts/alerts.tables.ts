import type { Generated, Kysely, Selectable, Transaction } from 'kysely';
import {
  type Executor as ExecutorOf,
  type PlatformTables,
  type Timestamp,
  tablesView,
} from '../../platform/database/schema.js';

/** A stored alert (migration 022). */
export interface AlertsTable {
  id: string;
  org_id: string;
  code: string;
  severity: string;
  subject_type: string;
  subject_id: string;
  message: string;
  /** Names the fact raised, where the raiser can: a second raise of it inserts nothing. */
  dedupe_key: string | null;
  /** `open` when raised. */
  state: Generated<string>;
  created_at: Timestamp;
  acknowledged_at: Timestamp | null;
  acknowledged_by_kind: string | null;
  acknowledged_by_id: string | null;
  resolved_at: Timestamp | null;
  resolved_by_kind: string | null;
  resolved_by_id: string | null;
}

/** The tables of the alerts module. */
export interface AlertsTables {
  alerts: AlertsTable;
}

export type AlertRow = Selectable<AlertsTable>;

type View = PlatformTables & AlertsTables;

/** Opens a database handle as the alerts module's view (see `tablesView`). */
export const own = tablesView<AlertsTables>();
export type Db = Kysely<View>;
export type Tx = Transaction<View>;
export type Executor = ExecutorOf<View>;
