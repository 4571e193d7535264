import type { WebhookEvents } from '@safenet/channels';
import { type Channel, DELIVERY_REASONS, type DeliveryReason } from '@safenet/core';
import { withdrawOnProviderOptOut } from '../consent/consent.service.js';
import { applyInboundMessages, type HelpReply } from '../consent/inbound.js';
import type { DispatchDeps } from './dispatcher.js';
import { settleDelivery } from './settle.js';

/** What applying provider receipts needs (failed receipts can plan a fallback send). */
export type ReceiptDeps = Pick<DispatchDeps, 'db' | 'bus' | 'progress' | 'orgPathOf' | 'boss'>;

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
  let consentChanges = 0;
  for (const update of events.statuses) {
    const delivery = byMessageId.get(update.providerMessageId);
    if (!delivery) {
      // Not ours yet, or never: parked until a send of ours records this id (swept later).
      await deps.db
        .insertInto('pending_receipts')
        .values({
          channel,
          provider_message_id: update.providerMessageId,
          status: update.status,
          reason: update.reason ?? null,
          received_at: update.at,
        })
        .onConflict((oc) => oc.columns(['channel', 'provider_message_id', 'status']).doNothing())
        .execute();
      continue;
    }
    const reason =
      update.status === 'failed'
        ? update.reason && Object.hasOwn(DELIVERY_REASONS, update.reason)
          ? (update.reason as DeliveryReason)
          : 'provider_rejected'
        : undefined;
    await settleDelivery(deps, delivery, await deps.orgPathOf(delivery.org_id), {
      status: update.status,
      ...(reason ? { reason } : {}),
    });
    statuses += 1;
    if (reason === 'opted_out') {
      consentChanges += await withdrawOnProviderOptOut(
        deps,
        { contactId: delivery.contact_id, channel, providerMessageId: update.providerMessageId },
        { errorCode: update.errorCode, at: update.at },
      );
    }
  }
  const inbound = await applyInboundMessages(deps, channel, events.inbound);
  consentChanges += inbound.consentChanges;
  return { statuses, consentChanges, duplicates: inbound.duplicates, replies: inbound.replies };
}
