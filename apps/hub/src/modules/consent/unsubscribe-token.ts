import { createHmac, timingSafeEqual } from 'node:crypto';
import { type Channel, SafenetError } from '@safenet/core';

/** What an unsubscribe token names: whose consent, on which channel. */
export interface UnsubscribeTarget {
  contactId: string;
  channel: Channel;
}

/**
 * Channels as one byte of the payload. Fixed here, not taken from the order of `CHANNELS`:
 * links already in inboxes never expire, so a number must keep its meaning. A new channel
 * fails to compile until it gets a number.
 */
const CHANNEL_BYTES = {
  email: 1,
  sms: 2,
  whatsapp: 3,
  telegram: 4,
  websocket: 5,
  zalo: 6,
} as const satisfies Record<Channel, number>;
const CHANNEL_OF = new Map<number, Channel>(
  Object.entries(CHANNEL_BYTES).map(([channel, byte]) => [byte, channel as Channel]),
);

/**
 * The payload's format: a version byte (a later format can coexist with the links already
 * sent), the contact's UUID as 16 bytes, the channel byte. Binary keeps the whole token
 * under 70 characters, within Fastify's default limit of 100 for a path parameter.
 */
const VERSION = 1;
const PAYLOAD_BYTES = 18;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Separates this use of the key from any other the same secret might get later. */
const CONTEXT = 'safenet unsubscribe link v1\n';
const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** Longer than any token this module makes: anything longer is refused unread. */
const MAX_TOKEN_LENGTH = 256;

/**
 * Signs `target` into a URL-safe token: base64url(payload) "." base64url(HMAC-SHA256). No
 * expiry: the link in an old email must keep working. Only the hub's secret makes one.
 */
export function signUnsubscribeToken(secret: string, target: UnsubscribeTarget): string {
  if (!UUID.test(target.contactId)) {
    throw new TypeError(`An unsubscribe link names a contact by UUID, not "${target.contactId}"`);
  }
  const payload = Buffer.concat([
    Buffer.from([VERSION]),
    Buffer.from(target.contactId.replaceAll('-', ''), 'hex'),
    Buffer.from([CHANNEL_BYTES[target.channel]]),
  ]).toString('base64url');
  return `${payload}.${mac(secret, payload).toString('base64url')}`;
}

/**
 * The target of a token this secret signed. Anything else — malformed, tampered, signed with
 * another secret — throws `unsubscribe_link_invalid`, saying no more than that.
 */
export function verifyUnsubscribeToken(secret: string, token: string): UnsubscribeTarget {
  const invalid = () =>
    new SafenetError(
      'unsubscribe_link_invalid',
      'This unsubscribe link is not valid: open the link from the email again, in full',
    );
  if (token.length > MAX_TOKEN_LENGTH) throw invalid();
  const [payload, signature, ...rest] = token.split('.');
  if (!payload || !signature || rest.length > 0) throw invalid();
  if (!BASE64URL.test(payload) || !BASE64URL.test(signature)) throw invalid();
  // Compared as text, not as decoded bytes: the last character of 32 bytes in base64url carries
  // two unused bits, so four spellings decode alike and a byte comparison would let three
  // altered links pass. The MAC covers the payload's text, so the same holds there.
  const given = Buffer.from(signature);
  const expected = Buffer.from(mac(secret, payload).toString('base64url'));
  // timingSafeEqual needs equal lengths; the length of a MAC is no secret.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
  const bytes = Buffer.from(payload, 'base64url');
  // Signed by us, yet not a format this hub knows (a newer hub's): refused, not guessed at.
  const channel = CHANNEL_OF.get(bytes[PAYLOAD_BYTES - 1] ?? 0);
  if (bytes.length !== PAYLOAD_BYTES || bytes[0] !== VERSION || !channel) throw invalid();
  return { contactId: uuidOf(bytes.subarray(1, 17).toString('hex')), channel };
}

/** 32 hex digits in the 8-4-4-4-12 form PostgreSQL prints. */
function uuidOf(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function mac(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(CONTEXT).update(payload).digest();
}
