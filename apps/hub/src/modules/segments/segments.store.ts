import type { Segment, SegmentQuery } from '@safenet/core';
import { type Selectable, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { keysetPage, type Page } from '../../platform/database/keyset.js';
import { inSubtree } from '../../platform/tenancy/scope.js';
import type { Executor, SegmentRow, SegmentsTable } from './segments.tables.js';

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

/** One page of the segments of the subtree of `orgId`. */
export function listSegments(
  db: Executor,
  orgId: string,
  page: { cursor?: string | undefined; limit: number },
): Promise<Page<Segment>> {
  return keysetPage(
    db.selectFrom('segments').selectAll().where(inSubtree('segments.org_id', orgId)),
    page,
    toSegment,
  );
}

/** Stores a segment of `orgId` and returns its row. */
export function insertSegment(
  db: Executor,
  input: { orgId: string; name: string; query: SegmentQuery },
): Promise<SegmentRow> {
  return db
    .insertInto('segments')
    .values({
      id: uuidv7(),
      org_id: input.orgId,
      name: input.name,
      query: JSON.stringify(input.query),
      created_at: new Date(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The id of the segment of `orgId` with exactly this name and query, if there is one. */
export async function segmentNamed(
  db: Executor,
  input: { orgId: string; name: string; query: SegmentQuery },
): Promise<string | undefined> {
  const row = await db
    .selectFrom('segments')
    .select('id')
    .where('org_id', '=', input.orgId)
    .where('name', '=', input.name)
    .where(sql<boolean>`query = ${JSON.stringify(input.query)}::jsonb`)
    .orderBy('id')
    .executeTakeFirst();
  return row?.id;
}

/**
 * True when a broadcast refers to the segment `id`. It reads the broadcasts module's
 * `broadcasts.segment_id`, the reference that keeps a used segment from being deleted.
 */
export async function segmentIsUsed(db: Executor, id: string): Promise<boolean> {
  const used = await db
    .selectFrom('broadcasts')
    .select('id')
    .where('segment_id', '=', id)
    .executeTakeFirst();
  return used !== undefined;
}

/** Deletes the segment `id`. */
export async function deleteSegmentRow(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('segments').where('id', '=', id).execute();
}
