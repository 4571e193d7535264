import { z } from 'zod';
import { Channel, Id, Timestamp } from '../common/common.schema.js';
import { LanguageCode } from '../locale/language.schema.js';
import { DeliveryPrice } from '../price/price.schema.js';

/**
 * A delivery's lifecycle: queued → sending → sent → delivered → read, or a terminal
 * `failed` (with a reason), `suppressed` (not sent, with why), `captured` (kept in the
 * hub's outbox because no provider is configured — never reported as delivered) or
 * `cancelled`.
 */
export const DELIVERY_STATUSES = [
  'queued',
  'sending',
  'sent',
  'delivered',
  'read',
  'failed',
  'suppressed',
  'captured',
  'cancelled',
] as const;
export const DeliveryStatus = z.enum(DELIVERY_STATUSES);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

/** Why a delivery was suppressed or failed. Stable, like the error codes. */
export const DELIVERY_REASONS = {
  opted_out:
    'The contact withdrew consent on this channel (a STOP reply, an unsubscribe link, the API, or the provider reports it), whether or not an address is still on file',
  no_consent:
    'The contact has an address on this channel (or it needs none) but never gave consent on it',
  no_address: 'The contact has no address for this channel, and did not withdraw consent on it',
  no_content_in_language:
    'The content has no text in the contact’s language or its fallback languages',
  template_variable_missing: 'The content uses a variable the broadcast did not provide',
  not_on_whatsapp: 'The phone number has no WhatsApp account',
  not_on_zalo:
    'The phone number has no Zalo account that can receive notifications, or the Zalo user does not follow the Official Account',
  invalid_address: 'The provider refused the address as invalid for this channel',
  template_required:
    'The messenger needs an approved template (WhatsApp outside the 24-hour window, Zalo outside the 7-day window and for every phone number) and none is configured for this language',
  provider_rejected: 'The provider permanently refused the message',
  provider_unavailable: 'The provider kept failing temporarily until retries ran out',
  channel_paused:
    'The channel could not send (a WhatsApp phone offline or blocked) within the broadcast’s fallback time',
  contact_deleted: 'The contact was deleted before the message was sent',
  broadcast_cancelled: 'The broadcast was cancelled before the message was sent',
} as const;
export type DeliveryReason = keyof typeof DELIVERY_REASONS;

/**
 * True when `value` is a delivery reason. Adapters are typed to give one, but an adapter
 * written in JavaScript, or a receipt parked by an older hub, may carry any string.
 */
export function isDeliveryReason(value: unknown): value is DeliveryReason {
  return typeof value === 'string' && Object.hasOwn(DELIVERY_REASONS, value);
}

/** Why a queued delivery waits for a later time (more may come: a campaign's own window). */
export const DEFERRAL_REASONS = ['quiet_hours'] as const;
export type DeferralReason = (typeof DEFERRAL_REASONS)[number];

/** One message to one recipient over one channel. */
export const Delivery = z.object({
  id: Id,
  broadcastId: Id,
  orgId: Id,
  contactId: Id,
  channel: Channel,
  language: LanguageCode.describe(
    'The contact’s language when planned; once sent, the language of the text they got (after fallback, e.g. kk → ru)',
  ),
  status: DeliveryStatus,
  reason: z.string().nullable(),
  providerMessageId: z.string().nullable(),
  attempts: z.int(),
  fallbackFrom: Id.nullable().describe('The delivery on an earlier channel this one replaces'),
  contentVersionId: Id.nullable().describe(
    'The recommendation version this recipient got (`GET /v1/recommendations/:id/versions`); null for a broadcast’s own text',
  ),
  deferredUntil: Timestamp.nullable().describe(
    'Set while the delivery waits (still queued, no attempt spent): when it may go next',
  ),
  deferredReason: z
    .enum(DEFERRAL_REASONS)
    .nullable()
    .describe('Why it waits: `quiet_hours` — inside its recipient’s quiet hours'),
  quietHoursOverridden: z
    .boolean()
    .describe('Sent inside its recipient’s quiet hours because the broadcast is urgent'),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  price: DeliveryPrice.nullable().describe(
    'What the provider reported this message cost (Twilio’s `price`) or how it bills it (WhatsApp Cloud’s `pricing`); null until it reports',
  ),
});
export type Delivery = z.infer<typeof Delivery>;

export const DeliveryListQuery = z.strictObject({
  status: DeliveryStatus.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().min(1).max(200).optional(),
});
export type DeliveryListQuery = z.input<typeof DeliveryListQuery>;

/**
 * One move of a delivery, recorded by the database as it happens (migration
 * `015-delivery-history`): its planning (`previousStatus` null; a fallback when the delivery
 * has `fallbackFrom`), and every change of status, attempt count or reason after it.
 */
export const DeliveryEvent = z.object({
  deliveryId: Id,
  channel: Channel.describe('The channel of the delivery that moved'),
  status: DeliveryStatus,
  previousStatus: DeliveryStatus.nullable().describe('Null when the delivery was planned'),
  attempts: z.int(),
  reason: z.string().nullable(),
  providerMessageId: z.string().nullable(),
  at: Timestamp,
});
export type DeliveryEvent = z.infer<typeof DeliveryEvent>;

/**
 * `GET /v1/deliveries/:id`: one delivery, the chain of deliveries of the same recipient and
 * broadcast it belongs to (the first channel tried first, each later one replacing the one
 * before: a fallback), and the moves of every delivery of that chain, oldest first.
 *
 * @example
 * { delivery: { id, channel: 'sms', status: 'delivered', … },
 *   chain: [{ channel: 'whatsapp', status: 'failed', … }, { channel: 'sms', … }],
 *   history: [{ channel: 'whatsapp', status: 'queued', previousStatus: null, … }, …] }
 */
export const DeliveryDetail = z.object({
  delivery: Delivery,
  chain: z.array(Delivery).describe('Earliest channel first; this delivery is one of them'),
  history: z.array(DeliveryEvent).describe('Every move of the chain, oldest first'),
});
export type DeliveryDetail = z.infer<typeof DeliveryDetail>;
