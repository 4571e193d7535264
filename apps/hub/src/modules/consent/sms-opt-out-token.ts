import { createHmac, timingSafeEqual } from 'node:crypto';
import { SafenetError } from '@safenet/core';

/**
 * The token of an SMS opt-out link (`/u/<token>`): short, since every character is billed
 * in every SMS, and of one fixed length (40 characters), so the preview counts the segments
 * of the link exactly. base64url of 30 bytes: a version byte, the contact's UUID (16 bytes)
 * and the first 13 bytes of an HMAC-SHA256 (104 bits: forging one needs ~2^103 tries, each
 * a request to the hub). The channel is always SMS, so it takes no byte. Never expires.
 */
const VERSION = 1;
const MAC_BYTES = 13;
const TOKEN_BYTES = 1 + 16 + MAC_BYTES;
/** The length of every token: base64url of 30 bytes, no padding. */
export const SMS_OPT_OUT_TOKEN_LENGTH = 40;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TOKEN = /^[A-Za-z0-9_-]{40}$/;
/** Separates this use of the key from the email links' (`safenet unsubscribe link v1`). */
const CONTEXT = 'safenet sms opt-out link v1\n';

function mac(secret: string, body: Buffer): Buffer {
  return createHmac('sha256', secret).update(CONTEXT).update(body).digest().subarray(0, MAC_BYTES);
}

/** Signs the contact `contactId` into a 40-character token. */
export function signSmsOptOutToken(secret: string, contactId: string): string {
  if (!UUID.test(contactId)) {
    throw new TypeError(`An opt-out link names a contact by UUID, not "${contactId}"`);
  }
  const body = Buffer.concat([
    Buffer.from([VERSION]),
    Buffer.from(contactId.replaceAll('-', ''), 'hex'),
  ]);
  return Buffer.concat([body, mac(secret, body)]).toString('base64url');
}

/**
 * The contact a token this secret signed names; anything else throws
 * `unsubscribe_link_invalid`. Compared as text: the last base64url character of 30 bytes
 * carries no unused bits, so one token has one spelling.
 */
export function verifySmsOptOutToken(secret: string, token: string): string {
  const invalid = () =>
    new SafenetError(
      'unsubscribe_link_invalid',
      'This opt-out link is not valid: open the link from the SMS again, in full',
    );
  if (!TOKEN.test(token)) throw invalid();
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length !== TOKEN_BYTES || bytes[0] !== VERSION) throw invalid();
  const body = bytes.subarray(0, 17);
  const given = bytes.subarray(17);
  if (!timingSafeEqual(given, mac(secret, body))) throw invalid();
  const hex = body.subarray(1).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
