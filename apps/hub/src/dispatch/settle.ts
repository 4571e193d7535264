import type { DeliveryReason, DeliveryStatus, Language } from '@safenet/core';
import { statusesBefore, triggersFallback } from '@safenet/core';
import { sql } from 'kysely';
import type { DeliveryRow, Executor } from '../store/database.js';
import type { DispatchDeps } from './dispatcher.js';
import { planFallbacks } from './fallback.js';

type SettleDeps = Pick<DispatchDeps, 'db' | 'bus' | 'progress' | 'boss'>;

/** How a delivery ends this attempt. */
export interface Settlement {
  status: DeliveryStatus;
  reason?: DeliveryReason;
  providerMessageId?: string | null;
  language?: Language;
  /** Sent: when the next channel is tried if no delivery receipt has come by then. */
  receiptDueAt?: Date;
}

export interface Outcome {
  delivery: DeliveryRow;
  orgPath: readonly string[];
  settlement: Settlement;
}

/**
 * Moves a delivery forward (never back) and tells the stream. A move the lifecycle does not
 * allow from the stored status changes nothing.
 */
export function settleDelivery(
  deps: SettleDeps,
  delivery: DeliveryRow,
  orgPath: readonly string[],
  settlement: Settlement,
): Promise<void> {
  return settleMany(deps, [{ delivery, orgPath, settlement }]);
}

/**
 * Settles many deliveries: one conditional UPDATE per target status. Failures that another
 * channel could avoid hand their recipients over to it in the same transaction as the
 * UPDATE, so the broadcast never looks finished between the two.
 */
export async function settleMany(deps: SettleDeps, outcomes: readonly Outcome[]): Promise<void> {
  const byStatus = new Map<DeliveryStatus, Outcome[]>();
  for (const outcome of outcomes) {
    const group = byStatus.get(outcome.settlement.status) ?? [];
    group.push(outcome);
    byStatus.set(outcome.settlement.status, group);
  }
  for (const [status, group] of byStatus) {
    const handsOver = group.some((o) => triggersFallback(status, o.settlement.reason ?? null));
    const moved = handsOver
      ? await deps.db.transaction().execute(async (trx) => {
          const ids = await moveGroup(trx, status, group);
          const sources = group
            .filter((o) => ids.has(o.delivery.id))
            .filter((o) => triggersFallback(status, o.settlement.reason ?? null))
            .map((o) => o.delivery);
          await planFallbacks(trx, deps.boss, sources);
          return ids;
        })
      : await moveGroup(deps.db, status, group);
    const at = new Date().toISOString();
    for (const { delivery, orgPath, settlement } of group) {
      if (!moved.has(delivery.id)) continue;
      deps.bus.publish({
        orgPath,
        event: {
          type: 'delivery.updated',
          orgId: delivery.org_id,
          at,
          data: {
            deliveryId: delivery.id,
            broadcastId: delivery.broadcast_id,
            contactId: delivery.contact_id,
            channel: delivery.channel,
            status,
            reason: settlement.reason ?? null,
          },
        },
      });
      deps.progress.touch(delivery.broadcast_id, orgPath);
    }
  }
  await applyPendingReceipts(
    deps,
    outcomes.filter((o) => o.settlement.providerMessageId),
  );
}

/** Moves the deliveries the lifecycle lets reach `status`; returns the ids that moved. */
async function moveGroup(
  db: Executor,
  status: DeliveryStatus,
  group: readonly Outcome[],
): Promise<Set<string>> {
  const from = statusesBefore(status);
  // Nothing moves to `queued`; and `in ()` is not valid SQL.
  if (from.length === 0) return new Set();
  const rows = sql.join(
    group.map(
      ({ delivery, settlement }) =>
        sql`(${delivery.id}::uuid, ${settlement.reason ?? null}::text, ${settlement.providerMessageId ?? null}::text, ${settlement.language ?? null}::text, ${settlement.receiptDueAt ?? null}::timestamptz)`,
    ),
  );
  const updated = await sql<{ id: string }>`
    update deliveries set
      status = ${status},
      reason = v.reason,
      provider_message_id = coalesce(v.provider_message_id, deliveries.provider_message_id),
      language = coalesce(v.language, deliveries.language),
      receipt_due_at = coalesce(v.receipt_due_at, deliveries.receipt_due_at),
      updated_at = now()
    from (values ${rows}) as v(id, reason, provider_message_id, language, receipt_due_at)
    where deliveries.id = v.id and deliveries.status = any(${from}::text[])
    returning deliveries.id`.execute(db);
  return new Set(updated.rows.map((row) => row.id));
}

/**
 * A provider may report on a message before the hub has written down its id (a fast
 * webhook racing the end of a send batch). Such receipts are parked in `pending_receipts`
 * and applied here, once the deliveries that own those ids are settled.
 */
async function applyPendingReceipts(deps: SettleDeps, sent: readonly Outcome[]): Promise<void> {
  if (sent.length === 0) return;
  const byMessageId = new Map(sent.map((o) => [o.settlement.providerMessageId as string, o]));
  const pending = await deps.db
    .deleteFrom('pending_receipts')
    .where('provider_message_id', 'in', [...byMessageId.keys()])
    .returningAll()
    .execute();
  const order: Record<string, number> = { sent: 0, delivered: 1, read: 2, failed: 3 };
  pending.sort((a, b) => (order[a.status] ?? 0) - (order[b.status] ?? 0));
  for (const receipt of pending) {
    const outcome = byMessageId.get(receipt.provider_message_id);
    if (!outcome || outcome.delivery.channel !== receipt.channel) continue;
    await settleMany(deps, [
      {
        delivery: outcome.delivery,
        orgPath: outcome.orgPath,
        settlement: {
          status: receipt.status as DeliveryStatus,
          ...(receipt.reason ? { reason: receipt.reason as DeliveryReason } : {}),
        },
      },
    ]);
  }
}
