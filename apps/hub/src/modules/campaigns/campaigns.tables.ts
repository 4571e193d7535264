import type { Kysely, Transaction } from 'kysely';
import {
  type Executor as ExecutorOf,
  type PlatformTables,
  type Timestamp,
  tablesView,
} from '../../platform/database/schema.js';

export interface CampaignsTable {
  id: string;
  org_id: string;
  title: string;
  description: string | null;
  starts_on: string;
  ends_on: string;
  time_zone: string;
  organisers: string[];
  created_at: Timestamp;
}

/** The tables of the campaigns module. */
export interface CampaignsTables {
  campaigns: CampaignsTable;
}

/** What the campaigns module's code sees: the platform's tables and its own. */
type View = PlatformTables & CampaignsTables;

/** Opens a database handle as the campaigns module's view (see `tablesView`). */
export const own = tablesView<CampaignsTables>();
export type Db = Kysely<View>;
export type Tx = Transaction<View>;
export type Executor = ExecutorOf<View>;
