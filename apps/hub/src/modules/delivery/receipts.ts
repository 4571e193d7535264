import type { StatusUpdate, WebhookEvents } from '@safenet/channels';
import type { Channel } from '@safenet/core';
import { share } from '../../platform/database/schema.js';
import { withdrawOnProviderOptOut } from '../consent/index.js';
import { applyInboundMessages, type HelpReply } from '../inbound/index.js';
import type { DispatchDeps } from './delivery.deps.js';
import { parkReceipts, receiptReason } from './parked-receipts.js';
import { recordPricing } from './prices.js';
import { applyParkedReceipts, settleDelivery } from './settle.js';

/** What applying provider receipts needs (failed receipts can plan a fallback send). */
export type ReceiptDeps = Pick<
  DispatchDeps,
  'db' | 'bus' | 'progress' | 'orgPathOf' | 'boss' | 'interleave' | 'metrics'
>;

/**
 * Applies what a provider reported: status receipts move their deliveries forward (late,
 * replayed or out-of-order receipts change nothing; unknown message ids are ignored), and
 * replies from contacts go to consent/ (STOP/START/HELP, `applyInboundMessages`). A failure
 * the provider attributes to an opt-out (Twilio 21610) withdraws consent too, once per
 * message.
 */
export async function applyWebhookEvents(
  deps: ReceiptDeps,
  channel: Channel,
  events: WebhookEvents,
): Promise<{
  statuses: number;
  consentChanges: number;
  duplicates: number;
  replies: HelpReply[];
}> {
  let statuses = 0;
  const ids = [...new Set(events.statuses.map((s) => s.providerMessageId))];
  const deliveries =
    ids.length === 0
      ? []
      : await deps.db
          .selectFrom('deliveries')
          .selectAll()
          .where('channel', '=', channel)
          .where('provider_message_id', 'in', ids)
          .execute();
  const byMessageId = new Map(deliveries.map((d) => [d.provider_message_id, d]));
  await deps.interleave?.('receipt:looked-up');
  let consentChanges = 0;
  const unknown: StatusUpdate[] = [];
  for (const update of events.statuses) {
    const delivery = byMessageId.get(update.providerMessageId);
    if (!delivery) {
      unknown.push(update);
      continue;
    }
    const reason = receiptReason(update.status, update.reason);
    const moved = await settleDelivery(deps, delivery, await deps.orgPathOf(delivery.org_id), {
      status: update.status,
      ...(reason ? { reason } : {}),
    });
    deps.metrics.receipts.inc({
      channel,
      status: update.status,
      outcome: moved ? 'applied' : 'stale',
    });
    statuses += 1;
    if (update.pricing) await recordPricing(deps.db, delivery.id, update.pricing);
    if (reason === 'opted_out') {
      consentChanges += await withdrawOnProviderOptOut(
        { db: share(deps.db) },
        { contactId: delivery.contact_id, channel, providerMessageId: update.providerMessageId },
        { errorCode: update.errorCode, at: update.at },
      );
    }
  }
  statuses += await parkUnknown(deps, channel, unknown);
  const inbound = await applyInboundMessages({ db: share(deps.db) }, channel, events.inbound);
  consentChanges += inbound.consentChanges;
  return { statuses, consentChanges, duplicates: inbound.duplicates, replies: inbound.replies };
}

/**
 * Parks receipts for ids no delivery had (not ours yet, or never: swept after a week), then
 * looks again. The send batch that records such an id claims the receipts parked by then in
 * the same transaction, and looks once more after its commit; this second look covers a
 * receipt parked just after the batch's: one of the two always sees the other's write.
 * Answers how many deliveries moved.
 */
async function parkUnknown(
  deps: ReceiptDeps,
  channel: Channel,
  unknown: readonly StatusUpdate[],
): Promise<number> {
  if (unknown.length === 0) return 0;
  await parkReceipts(deps.db, channel, unknown);
  for (const update of unknown) {
    deps.metrics.receipts.inc({ channel, status: update.status, outcome: 'parked' });
  }
  await deps.interleave?.('receipt:parked');
  const recorded = await deps.db
    .selectFrom('deliveries')
    .selectAll()
    .where('channel', '=', channel)
    .where('provider_message_id', 'in', [...new Set(unknown.map((u) => u.providerMessageId))])
    .execute();
  if (recorded.length === 0) return 0;
  const sends = await Promise.all(
    recorded.map(async (delivery) => ({
      delivery,
      orgPath: await deps.orgPathOf(delivery.org_id),
      providerMessageId: delivery.provider_message_id as string,
    })),
  );
  return applyParkedReceipts(deps, sends);
}
