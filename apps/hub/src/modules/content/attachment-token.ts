import { createHmac, timingSafeEqual } from 'node:crypto';
import { SafenetError } from '@safenet/core';

/**
 * The token of a file's public link (`/a/<token>`): short, since an SMS bills every character
 * of it, and of one fixed length (40 characters), so the preview counts the segments of the
 * links exactly. base64url of 30 bytes: a version byte, the file's UUID (16 bytes) and the
 * first 13 bytes of an HMAC-SHA256 (104 bits: forging one needs ~2^103 tries, each a request
 * to the hub). Never expires: a message keeps its files as long as it is kept.
 */
const VERSION = 1;
const MAC_BYTES = 13;
const TOKEN_BYTES = 1 + 16 + MAC_BYTES;
/** The length of every token: base64url of 30 bytes, no padding. */
export const ATTACHMENT_TOKEN_LENGTH = 40;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TOKEN = /^[A-Za-z0-9_-]{40}$/;
/** Separates this use of the key from any other. */
const CONTEXT = 'safenet attachment link v1\n';

function mac(secret: string, body: Buffer): Buffer {
  return createHmac('sha256', secret).update(CONTEXT).update(body).digest().subarray(0, MAC_BYTES);
}

/** The error of a link this hub did not make, or that was altered. */
export function invalidAttachmentLink(): SafenetError {
  return new SafenetError(
    'attachment_link_invalid',
    'This file link is not valid: open the link from the message again, in full',
  );
}

/** Signs the file `attachmentId` into a 40-character token. */
export function signAttachmentToken(secret: string, attachmentId: string): string {
  if (!UUID.test(attachmentId)) {
    throw new TypeError(`A file link names a file by UUID, not "${attachmentId}"`);
  }
  const body = Buffer.concat([
    Buffer.from([VERSION]),
    Buffer.from(attachmentId.replaceAll('-', ''), 'hex'),
  ]);
  return Buffer.concat([body, mac(secret, body)]).toString('base64url');
}

/**
 * The file a token this secret signed names; anything else throws `attachment_link_invalid`.
 * Compared as text: the last base64url character of 30 bytes carries no unused bits, so one
 * token has one spelling.
 */
export function verifyAttachmentToken(secret: string, token: string): string {
  if (!TOKEN.test(token)) throw invalidAttachmentLink();
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length !== TOKEN_BYTES || bytes[0] !== VERSION) throw invalidAttachmentLink();
  const body = bytes.subarray(0, 17);
  if (!timingSafeEqual(bytes.subarray(17), mac(secret, body))) throw invalidAttachmentLink();
  const hex = body.subarray(1).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
