import type { DeliveryDetail, DeliveryEvent } from '@safenet/core';
import type { ExecutorHandle } from '../../platform/database/schema.js';
import { toDelivery } from './delivery.store.js';
import { type DeliveryRow, own } from './delivery.tables.js';

/**
 * One delivery with its fallback chain and the history of that chain, read through `db` (the
 * service passes one repeatable-read transaction, so the parts agree). The chain is the recipient's deliveries of the same
 * broadcast — a recipient has at most one per channel — ordered by following `fallback_from`;
 * the history is read by the `delivery_events` primary key (delivery, sequence) and ordered
 * by sequence: a fallback is planned after its source failed, in the same transaction, and
 * row locks order one delivery's moves, so the sequence follows what happened even where
 * two clocks' `at` would not.
 */
export async function readDeliveryDetail(
  db: ExecutorHandle,
  row: DeliveryRow,
): Promise<DeliveryDetail> {
  const tables = own(db);
  const siblings = await tables
    .selectFrom('deliveries')
    .selectAll()
    .where('broadcast_id', '=', row.broadcast_id)
    .where('contact_id', '=', row.contact_id)
    .execute();
  const chain = orderChain(siblings);
  const channelOf = new Map(chain.map((d) => [d.id, d.channel]));
  const events = await tables
    .selectFrom('delivery_events')
    .selectAll()
    .where(
      'delivery_id',
      'in',
      chain.map((d) => d.id),
    )
    .orderBy('seq')
    .execute();
  const history = events.map(
    (e): DeliveryEvent => ({
      deliveryId: e.delivery_id,
      channel: channelOf.get(e.delivery_id) ?? row.channel,
      status: e.status,
      previousStatus: e.previous_status,
      attempts: e.attempts,
      reason: e.reason,
      providerMessageId: e.provider_message_id,
      at: e.at.toISOString(),
    }),
  );
  return { delivery: toDelivery(row), chain: chain.map(toDelivery), history };
}

/** The first channel tried first, then each delivery that replaced the one before. */
function orderChain(rows: readonly DeliveryRow[]): DeliveryRow[] {
  const replacedBy = new Map(rows.flatMap((d) => (d.fallback_from ? [[d.fallback_from, d]] : [])));
  const firsts = rows
    .filter((d) => !d.fallback_from || !rows.some((o) => o.id === d.fallback_from))
    .sort((a, b) => a.created_at.getTime() - b.created_at.getTime());
  const ordered: DeliveryRow[] = [];
  for (const first of firsts) {
    for (
      let d: DeliveryRow | undefined = first;
      d && !ordered.includes(d);
      d = replacedBy.get(d.id)
    ) {
      ordered.push(d);
    }
  }
  return ordered;
}
