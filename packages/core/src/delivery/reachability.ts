import type { Channel } from '../common/common.schema.js';
import { CHANNEL_ADDRESS, type Contact } from '../contact/contact.schema.js';
import type { DeliveryReason } from './delivery.schema.js';

/**
 * Why a contact cannot be sent to on a channel, strongest first: a withdrawal is the
 * contact's own decision and outranks what the records merely lack.
 */
export const UNREACHABLE_REASONS = [
  'opted_out',
  'no_consent',
  'no_address',
] as const satisfies readonly DeliveryReason[];
export type UnreachableReason = (typeof UNREACHABLE_REASONS)[number];

type Reachability = Pick<Contact, 'addresses' | 'consents'>;

/**
 * Why the contact cannot be sent to on `channel`, or null when they can (`isReachable`).
 * Consent withdrawn is `opted_out` whether or not an address is still on file; otherwise
 * a missing address is `no_address`, and an address without granted consent `no_consent`.
 * Planning and sending both ask this, so a recipient is suppressed for the same reason
 * whenever it is noticed.
 *
 * @example
 * unreachableReason({ addresses: {}, consents: { email: revoked } }, 'email'); // 'opted_out'
 * unreachableReason({ addresses: { phone: '+77011110001' }, consents: {} }, 'sms'); // 'no_consent'
 * unreachableReason({ addresses: {}, consents: {} }, 'sms'); // 'no_address'
 */
export function unreachableReason(
  contact: Reachability,
  channel: Channel,
): UnreachableReason | null {
  const consent = contact.consents[channel]?.status;
  if (consent === 'revoked') return 'opted_out';
  const field = CHANNEL_ADDRESS[channel];
  if (field !== null && !contact.addresses[field]) return 'no_address';
  return consent === 'granted' ? null : 'no_consent';
}

/** The channel a recipient's first delivery is planned on, and why it is not sent, if not. */
export interface FirstChoice {
  channel: Channel;
  /** Null when the message goes; else the delivery is planned `suppressed` with it. */
  reason: UnreachableReason | null;
}

/**
 * Plans a recipient: the first of `channels` (the broadcast's order) they are reachable on.
 * Reachable on none, they get one suppressed delivery that says the most about why — the
 * first channel they withdrew consent on (`opted_out`), else the first with an address but
 * no consent (`no_consent`), else the first channel (`no_address`) — so an operator sees
 * the parent's unsubscribe rather than a missing address on a channel listed before it.
 *
 * @example
 * // No phone, and unsubscribed from email:
 * firstChoice(contact, ['sms', 'email']); // { channel: 'email', reason: 'opted_out' }
 */
export function firstChoice(contact: Reachability, channels: readonly Channel[]): FirstChoice {
  const reasons = channels.map((channel) => ({
    channel,
    reason: unreachableReason(contact, channel),
  }));
  const reachable = reasons.find((choice) => choice.reason === null);
  if (reachable) return reachable;
  for (const strongest of UNREACHABLE_REASONS) {
    const choice = reasons.find((c) => c.reason === strongest);
    if (choice) return choice;
  }
  throw new Error('A broadcast has at least one channel');
}
