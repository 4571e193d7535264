import type { Channel, CostEstimate } from '@safenet/core';
import type { ColumnType, Generated, Kysely, Selectable, Transaction } from 'kysely';
import {
  type Executor as ExecutorOf,
  type Json,
  type PlatformTables,
  type Timestamp,
  tablesView,
} from '../../platform/database/schema.js';

export interface BroadcastsTable {
  id: string;
  org_id: string;
  campaign_id: string | null;
  /** Null for an audience the hub chose (a plan's reminder or escalation): see `segment_query`. */
  segment_id: string | null;
  /** The segment's query when the broadcast was created: later edits do not change it. */
  segment_query: Json<Record<string, unknown>>;
  channels: Channel[];
  content: Json<Record<string, unknown>>;
  variables: Json<Record<string, string>>;
  send_at: Timestamp;
  status: string;
  /** The last contact id planned: expansion resumes after it. */
  expand_cursor: string | null;
  expanded: boolean;
  /** Seconds a sent message may go without a delivery receipt before the next channel. */
  fallback_after_seconds: Generated<number | null>;
  /** Sends inside recipients' quiet hours (migration 018). */
  urgent: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** The cost estimate when it was created; null without a price table (migration 039). */
  estimated_cost: ColumnType<CostEstimate | null, string | null | undefined, string | null>;
}

/** The tables of the broadcasts module. */
export interface BroadcastsTables {
  broadcasts: BroadcastsTable;
}

export type BroadcastRow = Selectable<BroadcastsTable>;

/** What the broadcasts module's code sees: the platform's tables and its own. */
type View = PlatformTables & BroadcastsTables;

/** Opens a database handle as the broadcasts module's view (see `tablesView`). */
export const own = tablesView<BroadcastsTables>();
export type Db = Kysely<View>;
export type Tx = Transaction<View>;
export type Executor = ExecutorOf<View>;
