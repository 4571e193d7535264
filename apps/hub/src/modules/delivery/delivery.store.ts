import type { Delivery } from '@safenet/core';
import type { Selectable } from 'kysely';
import { keysetPage, type Page } from '../../platform/database/keyset.js';
import type { Executor } from '../database.js';
import type { DeliveriesTable } from './delivery.tables.js';

// Rows become API records here and nowhere else. Casts narrow text columns to the unions
// the hub itself wrote into them.

const iso = (date: Date) => date.toISOString();

export function toDelivery(row: Selectable<DeliveriesTable>): Delivery {
  return {
    id: row.id,
    broadcastId: row.broadcast_id,
    orgId: row.org_id,
    contactId: row.contact_id,
    channel: row.channel,
    language: row.language as Delivery['language'],
    status: row.status,
    reason: row.reason,
    providerMessageId: row.provider_message_id,
    attempts: row.attempts,
    fallbackFrom: row.fallback_from,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** One keyset page of the deliveries of broadcast `broadcastId`, of one status when given. */
export function listDeliveries(
  db: Executor,
  broadcastId: string,
  page: { status?: Delivery['status'] | undefined; cursor?: string | undefined; limit: number },
): Promise<Page<Delivery>> {
  const { status, cursor, limit } = page;
  return keysetPage(
    db
      .selectFrom('deliveries')
      .selectAll()
      .where('broadcast_id', '=', broadcastId)
      .$if(status !== undefined, (q) => q.where('status', '=', status as Delivery['status'])),
    { cursor, limit },
    toDelivery,
  );
}
