import type { Kysely, Selectable, Transaction } from 'kysely';
import {
  type Executor as ExecutorOf,
  type PlatformTables,
  type Timestamp,
  tablesView,
} from '../../platform/database/schema.js';

/** One erasure (migration 035): what was erased, by whom and when; no personal data. */
export interface ContactErasuresTable {
  id: string;
  org_id: string;
  contact_id: string;
  actor_kind: 'user' | 'key';
  actor_id: string;
  rows_scrubbed: number;
  erased_at: Timestamp;
}

/** The tables of the privacy module. */
export interface PrivacyTables {
  contact_erasures: ContactErasuresTable;
}

export type ContactErasureRow = Selectable<ContactErasuresTable>;

/** What the privacy module's code sees: the platform's tables and its own. */
type View = PlatformTables & PrivacyTables;

/** Opens a database handle as the privacy module's view (see `tablesView`). */
export const own = tablesView<PrivacyTables>();
export type Db = Kysely<View>;
export type Tx = Transaction<View>;
export type Executor = ExecutorOf<View>;
