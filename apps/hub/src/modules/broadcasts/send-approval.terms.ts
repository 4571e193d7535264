import { createHash } from 'node:crypto';
import {
  type Broadcast,
  type Channel,
  SafenetError,
  type SegmentQuery,
  type SendApprovalTerms,
} from '@safenet/core';
import type { ExecutorHandle } from '../../platform/database/schema.js';
import { segmentById } from '../segments/index.js';
import { type ContentTerms, contentTerms } from './broadcasts.service.js';
import type { BroadcastRow } from './broadcasts.tables.js';

/**
 * What a large send's approval is tied to, as it stands now: the recommendation version that
 * would be sent (the published one), the segment's live query narrowed to that version's
 * targets (as creating a broadcast narrows it), and the channels.
 */
export interface LiveTerms {
  content: ContentTerms;
  segmentId: string | null;
  segmentHash: string;
  channels: Channel[];
}

/** The JSON of `value` with every object's keys sorted: equal queries hash alike. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** `sha256:<hex>` of an audience query, key order aside. */
export function queryHash(query: SegmentQuery): string {
  return `sha256:${createHash('sha256').update(canonical(query)).digest('hex')}`;
}

/**
 * The live terms of a broadcast: its segment re-read (a broadcast the hub addressed itself
 * keeps its frozen query), narrowed by the recommendation's published version. Throws
 * `not_found` when the segment was deleted and `recommendation_not_published` when the
 * recommendation has no published version any more.
 */
export async function liveTerms(db: ExecutorHandle, row: BroadcastRow): Promise<LiveTerms> {
  let query = row.segment_query as SegmentQuery;
  if (row.segment_id) {
    const segment = await segmentById(db, row.segment_id);
    if (!segment) throw new SafenetError('not_found', `Segment ${row.segment_id} was deleted`);
    query = segment.query as SegmentQuery;
  }
  const content = await contentTerms(
    db,
    row.content as Broadcast['content'],
    query,
    row.ignore_targeting,
  );
  return {
    content,
    segmentId: row.segment_id,
    segmentHash: queryHash(content.segmentQuery),
    channels: row.channels,
  };
}

/**
 * What changed between the approved terms and the live ones, in words (empty: the approval
 * holds). The audience count is recorded, not compared: contacts join and leave every day.
 */
export function changesSince(approved: SendApprovalTerms, live: LiveTerms): string[] {
  const changes: string[] = [];
  const version = live.content.contentVersion?.id ?? null;
  if (approved.contentVersionId !== version) {
    changes.push(
      `the recommendation's published version is now ${live.content.contentVersion?.number ?? 'none'} (${version}), not the approved ${approved.contentVersionId}`,
    );
  }
  if (approved.segmentId !== live.segmentId || approved.segmentHash !== live.segmentHash) {
    changes.push(`segment ${live.segmentId}'s query changed since it was approved`);
  }
  if (approved.channels.join(',') !== live.channels.join(',')) {
    changes.push(
      `the channels are ${live.channels.join(', ')}, not the approved ${approved.channels.join(', ')}`,
    );
  }
  return changes;
}
