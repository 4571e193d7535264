import { type Channel, isReachable, nextChannel } from '@safenet/core';
import { sql } from 'kysely';
import { fromKysely, type PgBoss } from 'pg-boss';
import { v7 as uuidv7 } from 'uuid';
import { share } from '../../platform/database/schema.js';
import { contactsByIds } from '../contacts/index.js';
import type { DispatchDeps } from './delivery.deps.js';
import { countHandovers } from './delivery.metrics.js';
import { insertSendJobs } from './delivery.queues.js';
import type { DeliveryRow, Executor, NewDelivery, Tx } from './delivery.tables.js';

/** The parts of a delivery that deciding its fallback needs. */
export type FallbackSource = Pick<
  DeliveryRow,
  'id' | 'broadcast_id' | 'org_id' | 'contact_id' | 'channel'
>;

/** A source delivery that was claimed for a handover, and the channel it went to. */
export interface PlannedFallback {
  sourceId: string;
  from: Channel;
  /** Null: no channel was left, or the recipient already had a message on it. */
  to: Channel | null;
}

/**
 * Hands recipients over to the broadcast's next channel, inside the caller's transaction
 * (the one that ended their deliveries, so a broadcast never looks finished in between).
 * Each source delivery hands over at most once, whoever asks first — a failure, a failed
 * receipt or the receipt timeout — and the unique (broadcast, contact, channel) key keeps a
 * recipient to one message per channel. A completed broadcast that gains a fallback (a
 * failure reported late) is sending again until that one ends.
 *
 * With `receiptTimeout`, the sources were selected as overdue before this transaction: the
 * claim hands over only those still `sent` and past their deadline, so one that a receipt
 * moved in between (`delivered`) is not followed by a second message.
 *
 * Returns one entry per source it claimed: the channel it was handed to, or null when no
 * channel was left (or the recipient already had a message on it).
 */
export async function planFallbacks(
  trx: Tx,
  boss: PgBoss,
  sources: readonly FallbackSource[],
  { receiptTimeout = false }: { receiptTimeout?: boolean } = {},
): Promise<PlannedFallback[]> {
  if (sources.length === 0) return [];
  const now = new Date();
  let claim = trx
    .updateTable('deliveries')
    .set({ fallback_at: now })
    .where(
      'id',
      'in',
      sources.map((s) => s.id),
    )
    .where('fallback_at', 'is', null);
  if (receiptTimeout) {
    claim = claim.where('status', '=', 'sent').where('receipt_due_at', '<=', sql<Date>`now()`);
  }
  const claimed = await claim
    .returning(['id', 'broadcast_id', 'org_id', 'contact_id', 'channel', 'content_version_id'])
    .execute();
  if (claimed.length === 0) return [];

  const broadcasts = new Map(
    (
      await trx
        .selectFrom('broadcasts')
        .select(['id', 'channels', 'status'])
        .where('id', 'in', unique(claimed.map((d) => d.broadcast_id)))
        .execute()
    ).map((b) => [b.id, b]),
  );
  const contacts = new Map(
    (await contactsByIds(share(trx), unique(claimed.map((d) => d.contact_id)))).map((c) => [
      c.id,
      c,
    ]),
  );

  const planned: NewDelivery[] = [];
  for (const from of claimed) {
    const broadcast = broadcasts.get(from.broadcast_id);
    const contact = contacts.get(from.contact_id);
    if (!broadcast || broadcast.status === 'cancelled' || !contact) continue;
    const channel = nextChannel(broadcast.channels, from.channel, (c: Channel) =>
      isReachable(contact, c),
    );
    if (!channel) continue;
    planned.push({
      id: uuidv7(),
      broadcast_id: from.broadcast_id,
      org_id: from.org_id,
      contact_id: from.contact_id,
      channel,
      language: contact.language,
      status: 'queued',
      reason: null,
      attempts: 0,
      fallback_from: from.id,
      content_version_id: from.content_version_id,
      created_at: now,
      updated_at: now,
    });
  }
  const inserted =
    planned.length === 0
      ? []
      : await trx
          .insertInto('deliveries')
          .values(planned)
          .onConflict((oc) => oc.columns(['broadcast_id', 'contact_id', 'channel']).doNothing())
          .returning(['id', 'broadcast_id', 'org_id', 'channel', 'fallback_from'])
          .execute();
  if (inserted.length > 0) {
    await insertSendJobs(boss, inserted, fromKysely(trx));
    await trx
      .updateTable('broadcasts')
      .set({ status: 'sending', updated_at: now })
      .where('id', 'in', unique(inserted.map((row) => row.broadcast_id)))
      .where('status', '=', 'completed')
      .execute();
  }
  const handedTo = new Map(inserted.map((row) => [row.fallback_from, row.channel]));
  return claimed.map((from) => ({
    sourceId: from.id,
    from: from.channel,
    to: handedTo.get(from.id) ?? null,
  }));
}

/**
 * Deliveries that were sent but got no receipt before their `receipt_due_at`: the receipt
 * timeout of `fallbackAfterSeconds`. They stay `sent` (a late receipt still moves them) while
 * the next channel is planned.
 */
export async function overdueReceipts(db: Executor, limit: number): Promise<FallbackSource[]> {
  return db
    .selectFrom('deliveries')
    .select(['id', 'broadcast_id', 'org_id', 'contact_id', 'channel'])
    .where('status', '=', 'sent')
    .where('fallback_at', 'is', null)
    .where('receipt_due_at', 'is not', null)
    .where('receipt_due_at', '<=', sql<Date>`now()`)
    .orderBy('receipt_due_at')
    .limit(limit)
    .execute();
}

/**
 * One pass of the receipt-timeout sweep: plans the next channel for overdue deliveries and
 * tells progress. Any hub process may run it; the handover claim keeps it to once.
 */
export async function sweepOverdueReceipts(
  deps: Pick<DispatchDeps, 'db' | 'boss' | 'progress' | 'orgPathOf' | 'interleave' | 'metrics'>,
  limit = 500,
): Promise<number> {
  const overdue = await overdueReceipts(deps.db, limit);
  if (overdue.length === 0) return 0;
  await deps.interleave?.('sweep:selected');
  const planned = await deps.db
    .transaction()
    .execute((trx) => planFallbacks(trx, deps.boss, overdue, { receiptTimeout: true }));
  countHandovers(
    deps.metrics,
    planned.map(({ from, to }) => ({ channel: from, to, trigger: 'receipt_timeout' })),
  );
  for (const row of overdue) {
    deps.progress.touch(row.broadcast_id, await deps.orgPathOf(row.org_id));
  }
  return planned.filter((p) => p.to !== null).length;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
