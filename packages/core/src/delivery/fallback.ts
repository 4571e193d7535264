import type { Channel } from '../common/common.schema.js';
import type { DeliveryReason, DeliveryStatus } from './delivery.schema.js';

/**
 * Why a delivery may be followed by one on the broadcast's next channel: the message did not
 * reach the contact on this channel, but could on another. Reasons that would repeat on every
 * channel (no text in the contact's language, a missing variable) or that stop the broadcast
 * for this contact (cancelled, contact erased) do not fall back.
 */
export const FALLBACK_REASONS: ReadonlySet<DeliveryReason> = new Set<DeliveryReason>([
  'opted_out',
  'no_consent',
  'no_address',
  'not_on_whatsapp',
  'not_on_zalo',
  'invalid_address',
  'template_required',
  'provider_rejected',
  'provider_unavailable',
  'channel_paused',
]);

/**
 * Whether a delivery that ended with `status` and `reason` hands the recipient over to the
 * next channel. Only terminal failures do; a message that was accepted (`sent`) falls back
 * only when its receipt does not come in time, which the hub decides on its own clock.
 *
 * @example
 * triggersFallback('failed', 'not_on_whatsapp'); // true
 * triggersFallback('suppressed', 'broadcast_cancelled'); // false
 */
export function triggersFallback(status: DeliveryStatus, reason: DeliveryReason | null): boolean {
  return (status === 'failed' || status === 'suppressed') && reason !== null
    ? FALLBACK_REASONS.has(reason)
    : false;
}

/**
 * The channel to try after `current`: the first one later in the broadcast's preference
 * order that the contact can be reached on, or null when none is left.
 *
 * @example
 * nextChannel(['whatsapp', 'sms', 'email'], 'whatsapp', (c) => c === 'email'); // 'email'
 */
export function nextChannel(
  channels: readonly Channel[],
  current: Channel,
  reachable: (channel: Channel) => boolean,
): Channel | null {
  const at = channels.indexOf(current);
  if (at < 0) return null;
  return channels.slice(at + 1).find(reachable) ?? null;
}
