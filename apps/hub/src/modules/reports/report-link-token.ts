import { createHmac, timingSafeEqual } from 'node:crypto';
import { SafenetError } from '@safenet/core';

/**
 * A report link's token: base64url(payload) "." base64url(MAC). The payload is a version
 * byte and the link's UUID (17 bytes); the MAC is HMAC-SHA-256 cut to 16 bytes (128 bits:
 * far beyond guessing through a rate-limited endpoint) so the whole URL fits an SMS. The
 * token names only the link: its form, period and organisation are read from the stored
 * row, so no edit of the token can point it elsewhere without breaking the signature.
 */
const VERSION = 1;
const PAYLOAD_BYTES = 17;
const MAC_BYTES = 16;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Separates this use of a key from any other (the unsubscribe links sign with their own). */
const CONTEXT = 'safenet report link v1\n';
const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** Longer than any token made here: refused unread. */
const MAX_TOKEN_LENGTH = 128;

/** Signs the link `linkId` into a URL-safe token of 46 characters. */
export function signReportLinkToken(secret: string, linkId: string): string {
  if (!UUID.test(linkId)) throw new TypeError(`A report link is named by UUID, not "${linkId}"`);
  const payload = Buffer.concat([
    Buffer.from([VERSION]),
    Buffer.from(linkId.replaceAll('-', ''), 'hex'),
  ]).toString('base64url');
  return `${payload}.${mac(secret, payload)}`;
}

/** The error of any token this hub did not sign, saying no more than that. */
export function invalidReportLink(): SafenetError {
  return new SafenetError(
    'report_link_invalid',
    'This report link is not valid: open the link from the message again, in full, or ask for a new one',
  );
}

/**
 * The link id a token this secret signed names; anything else (malformed, altered, another
 * key's) throws `report_link_invalid`. The MAC is compared as text in constant time (see
 * unsubscribe-token.ts for why text, not decoded bytes).
 */
export function verifyReportLinkToken(secret: string, token: string): string {
  if (token.length > MAX_TOKEN_LENGTH) throw invalidReportLink();
  const [payload, signature, ...rest] = token.split('.');
  if (!payload || !signature || rest.length > 0) throw invalidReportLink();
  if (!BASE64URL.test(payload) || !BASE64URL.test(signature)) throw invalidReportLink();
  const given = Buffer.from(signature);
  const expected = Buffer.from(mac(secret, payload));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw invalidReportLink();
  }
  const bytes = Buffer.from(payload, 'base64url');
  if (bytes.length !== PAYLOAD_BYTES || bytes[0] !== VERSION) throw invalidReportLink();
  const hex = bytes.subarray(1).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function mac(secret: string, payload: string): string {
  return createHmac('sha256', secret)
    .update(CONTEXT)
    .update(payload)
    .digest()
    .subarray(0, MAC_BYTES)
    .toString('base64url');
}
