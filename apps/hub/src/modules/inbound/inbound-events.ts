import type { Channel } from '@safenet/core';
import { sql } from 'kysely';
import type { ExecutorHandle } from '../../platform/database/schema.js';
import { own, type Tx } from './inbound.tables.js';

/**
 * Records that the hub acts on the provider event `eventId` now; false when it already did
 * (a replayed or retried webhook), and then the caller must change nothing. Call it in the
 * transaction that applies the event: on PostgreSQL a concurrent copy of the same event
 * waits on the unique key until this transaction ends, then finds it taken.
 */
export async function firstTime(
  trx: ExecutorHandle | Tx,
  channel: Channel,
  eventId: string,
): Promise<boolean> {
  const inserted = await own(trx)
    .insertInto('inbound_events')
    .values({ channel, provider_event_id: eventId, received_at: sql<Date>`now()` })
    .onConflict((oc) => oc.columns(['channel', 'provider_event_id']).doNothing())
    .returning('provider_event_id')
    .executeTakeFirst();
  return inserted !== undefined;
}
