import type { Segment } from '@safenet/core';
import type { Selectable } from 'kysely';
import type { SegmentsTable } from './segments.tables.js';

// Rows become API records here and nowhere else. Casts narrow text columns to the unions
// the hub itself wrote into them.

const iso = (date: Date) => date.toISOString();

export function toSegment(row: Selectable<SegmentsTable>): Segment {
  return {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    query: row.query as Segment['query'],
    createdAt: iso(row.created_at),
  };
}
