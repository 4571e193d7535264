import type { Broadcast } from '@safenet/core';
import type { Selectable } from 'kysely';
import { keysetPage, type Page } from '../../platform/database/keyset.js';
import type { ExecutorHandle } from '../../platform/database/schema.js';
import { inSubtree } from '../../platform/tenancy/scope.js';
import { type BroadcastsTable, type Executor, own } from './broadcasts.tables.js';

// Rows become API records here and nowhere else. Casts narrow text columns to the unions
// the hub itself wrote into them.

const iso = (date: Date) => date.toISOString();

export function toBroadcast(row: Selectable<BroadcastsTable>): Broadcast {
  return {
    id: row.id,
    orgId: row.org_id,
    campaignId: row.campaign_id,
    segmentId: row.segment_id,
    channels: row.channels,
    content: row.content as Broadcast['content'],
    variables: row.variables,
    sendAt: iso(row.send_at),
    fallbackAfterSeconds: row.fallback_after_seconds,
    urgent: row.urgent,
    contentVersion:
      row.content_version_id && row.content_version
        ? { id: row.content_version_id, number: row.content_version }
        : null,
    ignoreTargeting: row.ignore_targeting,
    signposting: row.signposting,
    status: row.status as Broadcast['status'],
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    requestedBy: row.requested_by,
    approvedTerms: row.approved_terms as Broadcast['approvedTerms'],
    estimatedCost: row.estimated_cost,
  };
}

/** One keyset page of the broadcasts in the subtree of `rootOrgId`. */
export function broadcastsPage(
  db: Executor,
  rootOrgId: string,
  page: { cursor?: string | undefined; limit: number },
): Promise<Page<Broadcast>> {
  return keysetPage(
    db.selectFrom('broadcasts').selectAll().where(inSubtree('broadcasts.org_id', rootOrgId)),
    page,
    toBroadcast,
  );
}

/** A broadcast by id, for sending it (the delivery module's send path). */
export async function broadcastById(db: ExecutorHandle | Executor, id: string): Promise<Broadcast> {
  return toBroadcast(
    await own(db)
      .selectFrom('broadcasts')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow(),
  );
}
