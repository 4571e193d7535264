import type { InboundMessage, OutgoingMessage, StatusUpdate } from '../channel.js';
import { WHATSAPP_ACK, type WhatsAppMessage } from './whatsapp-web.client.js';

/**
 * The text WhatsApp receives: the title in bold (WhatsApp's `*…*`) on its own line, a blank
 * line, then the body. Without a title, just the body.
 */
export function textOf(message: Pick<OutgoingMessage, 'title' | 'body'>): string {
  const title = (message.title ?? '').replace(/\s+/g, ' ').trim();
  return title ? `*${title}*\n\n${message.body}` : message.body;
}

/** The digits whatsapp-web.js wants for an E.164 number (`+77011234567` → `77011234567`). */
export function digitsOf(e164: string): string | null {
  const digits = e164.trim().replace(/^\+/, '');
  return /^[1-9]\d{6,14}$/.test(digits) ? digits : null;
}

/** What each whatsapp-web.js ack means for a delivery; `PENDING` (still on the phone) means nothing yet. */
const ACK_STATUS: Readonly<Record<number, StatusUpdate['status']>> = {
  [WHATSAPP_ACK.ERROR]: 'failed',
  [WHATSAPP_ACK.SERVER]: 'sent',
  [WHATSAPP_ACK.DEVICE]: 'delivered',
  [WHATSAPP_ACK.READ]: 'read',
  [WHATSAPP_ACK.PLAYED]: 'read',
};

/**
 * A `message_ack` as a status update, or null when it says nothing the hub tracks: a pending
 * ack, or an ack for a message someone received on the paired phone (only messages sent from
 * it, `fromMe`, can be Safenet's).
 */
export function statusOfAck(message: WhatsAppMessage, ack: number, at: Date): StatusUpdate | null {
  const status = ACK_STATUS[ack];
  if (!status || !message.id.fromMe) return null;
  return {
    providerMessageId: message.id._serialized,
    status,
    ...(status === 'failed' ? { reason: 'provider_rejected', errorCode: String(ack) } : {}),
    at,
  };
}

/**
 * A received `message` as an inbound message from an E.164 number, or null when it is not
 * from one person's phone number: groups (`@g.us`), status updates (`status@broadcast`),
 * channels, and senders WhatsApp hides behind a linked id (`@lid`) have no number to match
 * a contact with.
 */
export function inboundOf(message: WhatsAppMessage, now: Date): InboundMessage | null {
  const match = /^([1-9]\d{6,14})@c\.us$/.exec(message.from);
  if (!match || message.fromMe) return null;
  const at = message.timestamp > 0 ? new Date(message.timestamp * 1000) : now;
  return {
    from: `+${match[1]}`,
    body: message.body,
    providerMessageId: message.id._serialized,
    at,
  };
}
