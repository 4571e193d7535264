import type { StatusUpdate } from '@safenet/channels';
import {
  type Channel,
  type DeliveryReason,
  type DeliveryStatus,
  isDeliveryReason,
} from '@safenet/core';
import { sql } from 'kysely';
import type { DeliveryRow, Executor, ReportedPricing } from './delivery.tables.js';
import type { Outcome } from './settle.js';

/**
 * The order parked receipts are applied in, whatever order they came in: the lifecycle's
 * (a `delivered` after a `sent`), with `failed` last, where a delivery receipt outranks it.
 */
const PARKED_ORDER: Readonly<Record<string, number>> = {
  sent: 0,
  delivered: 1,
  read: 2,
  failed: 3,
};

/** A send whose provider message id its delivery records (or is recording, in this transaction). */
export interface RecordedSend {
  delivery: DeliveryRow;
  orgPath: readonly string[];
  providerMessageId: string;
}

/**
 * The reason a failed receipt ends its delivery with: the provider's when it is one of ours
 * (`opted_out`, `invalid_address`, …), else `provider_rejected`. Other receipts have none.
 */
export function receiptReason(
  status: StatusUpdate['status'],
  reason: string | null | undefined,
): DeliveryReason | undefined {
  if (status !== 'failed') return undefined;
  return isDeliveryReason(reason) ? reason : 'provider_rejected';
}

/**
 * Parks receipts for message ids no delivery has recorded yet (a provider can report before
 * the send batch that caused the message has recorded it), in one statement, committed at
 * once so that the send batch's claim can see them (see {@link claimParkedReceipts}).
 */
export async function parkReceipts(
  db: Executor,
  channel: Channel,
  updates: readonly StatusUpdate[],
): Promise<void> {
  if (updates.length === 0) return;
  await db
    .insertInto('pending_receipts')
    .values(
      updates.map((update) => ({
        channel,
        provider_message_id: update.providerMessageId,
        status: update.status,
        reason: update.reason ?? null,
        received_at: update.at,
        pricing: update.pricing ? JSON.stringify(update.pricing) : null,
      })),
    )
    .onConflict((oc) => oc.columns(['channel', 'provider_message_id', 'status']).doNothing())
    .execute();
}

/** A parked receipt as its claim returns it. */
export interface ClaimedReceipt {
  channel: Channel;
  provider_message_id: string;
  status: string;
  reason: string | null;
  pricing: ReportedPricing | null;
}

/**
 * Claims the parked receipts of these recorded sends and answers them as outcomes, in the
 * order to apply them. The claim deletes what it returns, so of the callers racing for one
 * receipt (the batch that records the send, the webhook that parked it) exactly one applies
 * it; the caller applies them in the same transaction, so a receipt is never claimed and lost.
 */
export async function claimParkedReceipts(
  trx: Executor,
  sends: readonly RecordedSend[],
): Promise<Outcome[]> {
  if (sends.length === 0) return [];
  const claimed = await parkedClaim(sends).execute(trx);
  return parkedOutcomes(sends, claimed.rows);
}

/**
 * The statement of {@link claimParkedReceipts}, to run on its own or inside another one (the
 * send batch's settle claims in the statement that records its sends).
 */
export function parkedClaim(sends: readonly RecordedSend[]) {
  const channels = sends.map((send) => send.delivery.channel);
  const ids = sends.map((send) => send.providerMessageId);
  return sql<ClaimedReceipt>`
    delete from pending_receipts
    where (channel, provider_message_id) in (
      select * from unnest(${channels}::text[], ${ids}::text[]))
    returning channel, provider_message_id, status, reason, pricing`;
}

/** The outcomes of receipts claimed for `sends`, in the order to apply them. */
export function parkedOutcomes(
  sends: readonly RecordedSend[],
  claimed: readonly ClaimedReceipt[],
): Outcome[] {
  const byKey = new Map(
    sends.map((send) => [keyOf(send.delivery.channel, send.providerMessageId), send]),
  );
  return [...claimed]
    .sort((a, b) => (PARKED_ORDER[a.status] ?? 0) - (PARKED_ORDER[b.status] ?? 0))
    .flatMap((receipt) => {
      const send = byKey.get(keyOf(receipt.channel, receipt.provider_message_id));
      if (!send) return [];
      const status = receipt.status as StatusUpdate['status'];
      const reason = receiptReason(status, receipt.reason);
      return [
        {
          delivery: send.delivery,
          orgPath: send.orgPath,
          settlement: {
            status: status satisfies DeliveryStatus,
            ...(reason ? { reason } : {}),
            ...(receipt.pricing ? { pricing: receipt.pricing } : {}),
          },
        },
      ];
    });
}

function keyOf(channel: string, providerMessageId: string): string {
  return `${channel}\u0000${providerMessageId}`;
}

/** How long a parked receipt waits for its send: one no send of ours claimed within a week was never ours. */
const PARKED_RECEIPT_TTL_MS = 7 * 24 * 60 * 60_000;

/** Deletes parked receipts older than {@link PARKED_RECEIPT_TTL_MS}. */
export async function sweepParkedReceipts(db: Executor, now: number): Promise<void> {
  await db
    .deleteFrom('pending_receipts')
    .where('received_at', '<', new Date(now - PARKED_RECEIPT_TTL_MS))
    .execute();
}
