import type { Channel, CostEstimate, Signposting } from '@safenet/core';
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
  /** The recommendation version it sends, fixed when created (migration 036). */
  content_version_id: Generated<string | null>;
  content_version: Generated<number | null>;
  /** The sender sent past the version's target roles and age bands (recorded). */
  ignore_targeting: Generated<boolean>;
  /** The help-line footer: on/off and which purposes (migration 038); off when not given. */
  signposting: ColumnType<Signposting, string | undefined, string>;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** The person whose broadcast waits for approval (migration 037): not its approver. */
  requested_by: Generated<string | null>;
  /** What a second person approved (`SendApprovalTerms`), while the approval holds. */
  approved_terms: ColumnType<
    Record<string, unknown> | null,
    string | null | undefined,
    string | null
  >;
  /** The cost estimate when it was created; null without a price table (migration 039). */
  estimated_cost: ColumnType<CostEstimate | null, string | null | undefined, string | null>;
}

/** An organisation's send-approval threshold (migration 037): its subtree inherits it. */
export interface SendApprovalThresholdsTable {
  org_id: string;
  threshold: number;
  updated_at: Timestamp;
}

/** The tables of the broadcasts module. */
export interface BroadcastsTables {
  broadcasts: BroadcastsTable;
  send_approval_thresholds: SendApprovalThresholdsTable;
}

export type BroadcastRow = Selectable<BroadcastsTable>;

/** What the broadcasts module's code sees: the platform's tables and its own. */
type View = PlatformTables & BroadcastsTables;

/** Opens a database handle as the broadcasts module's view (see `tablesView`). */
export const own = tablesView<BroadcastsTables>();
export type Db = Kysely<View>;
export type Tx = Transaction<View>;
export type Executor = ExecutorOf<View>;
