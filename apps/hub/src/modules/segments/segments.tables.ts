import type { Kysely, Selectable, Transaction } from 'kysely';
import {
  type Executor as ExecutorOf,
  type Json,
  type PlatformTables,
  type Timestamp,
  tablesView,
} from '../../platform/database/schema.js';

export interface SegmentsTable {
  id: string;
  org_id: string;
  name: string;
  query: Json<Record<string, unknown>>;
  created_at: Timestamp;
}

/** The tables of the segments module. */
export interface SegmentsTables {
  segments: SegmentsTable;
}

export type SegmentRow = Selectable<SegmentsTable>;

/**
 * The column of `broadcasts` (the broadcasts module's) that names a segment: a segment a
 * broadcast still names is not deleted. Read only.
 */
type BroadcastSegments = { broadcasts: { id: string; segment_id: string | null } };

/** What the segments module's code sees: the platform's tables and its own. */
type View = PlatformTables & SegmentsTables & BroadcastSegments;

/** Opens a database handle as the segments module's view (see `tablesView`). */
export const own = tablesView<SegmentsTables & BroadcastSegments>();
export type Db = Kysely<View>;
export type Tx = Transaction<View>;
export type Executor = ExecutorOf<View>;
