import type { Channel, Delivery } from '@safenet/core';
import type { Selectable } from 'kysely';
import { fromKysely, type PgBoss } from 'pg-boss';
import { keysetPage, type Page } from '../../platform/database/keyset.js';
import type { ExecutorHandle } from '../../platform/database/schema.js';
import { insertSendJobs } from './delivery.queues.js';
import { type DeliveriesTable, type Executor, type NewDelivery, own } from './delivery.tables.js';

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
    contentVersionId: row.content_version_id,
    // A delivery settled while it waited (cancelled, say) waits no more, whatever the gate set.
    ...(row.deferred_until && (row.status === 'queued' || row.status === 'sending')
      ? { deferredUntil: iso(row.deferred_until), deferredReason: row.deferred_reason }
      : { deferredUntil: null, deferredReason: null }),
    quietHoursOverridden: row.quiet_hours_overridden,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    price:
      row.price === null && row.pricing === null
        ? null
        : { price: row.price, unit: row.price_unit, pricing: row.pricing },
  };
}

/** One keyset page of the deliveries of broadcast `broadcastId`, of one status when given. */
export function listDeliveries(
  db: ExecutorHandle | Executor,
  broadcastId: string,
  page: { status?: Delivery['status'] | undefined; cursor?: string | undefined; limit: number },
): Promise<Page<Delivery>> {
  const { status, cursor, limit } = page;
  return keysetPage(
    own(db)
      .selectFrom('deliveries')
      .selectAll()
      .where('broadcast_id', '=', broadcastId)
      .$if(status !== undefined, (q) => q.where('status', '=', status as Delivery['status'])),
    { cursor, limit },
    toDelivery,
  );
}

/**
 * Plans deliveries, in the caller's transaction: inserts them (a delivery already planned
 * for the same broadcast, contact and channel is left as it is) and queues a send job for
 * each new `queued` one, in the same transaction. Returns the rows inserted.
 */
export async function planDeliveries(
  trx: ExecutorHandle,
  boss: PgBoss,
  deliveries: readonly NewDelivery[],
): Promise<{ id: string; status: string; channel: Channel }[]> {
  if (deliveries.length === 0) return [];
  const db = own(trx);
  const inserted = await db
    .insertInto('deliveries')
    .values([...deliveries])
    .onConflict((oc) => oc.columns(['broadcast_id', 'contact_id', 'channel']).doNothing())
    .returning(['id', 'status', 'channel'])
    .execute();
  await insertSendJobs(
    boss,
    inserted.filter((row) => row.status === 'queued'),
    fromKysely(db),
  );
  return inserted;
}

/** Ends a broadcast's deliveries that are still `queued` as cancelled, in the caller's transaction. */
export async function cancelQueuedDeliveries(
  trx: ExecutorHandle,
  broadcastId: string,
  now: Date,
): Promise<void> {
  await own(trx)
    .updateTable('deliveries')
    .set({ status: 'cancelled', reason: 'broadcast_cancelled', updated_at: now })
    .where('broadcast_id', '=', broadcastId)
    .where('status', '=', 'queued')
    .execute();
}
