import type { Selectable } from 'kysely';
import type { Json, Timestamp } from '../../platform/database/schema.js';

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
