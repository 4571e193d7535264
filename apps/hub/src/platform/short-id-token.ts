import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Short signed tokens naming one UUID, for links a message carries (the SMS opt-out link
 * `/u/<token>`, a file's link `/a/<token>`): short, since an SMS bills every character, and of
 * one fixed length, so the preview counts a link's segments exactly. base64url of 30 bytes: a
 * version byte, the UUID (16 bytes) and the first 13 bytes of an HMAC-SHA256 over a context
 * that separates one use of the key from another (104 bits: forging one needs ~2^103 tries,
 * each a request to the hub). They never expire.
 */
const VERSION = 1;
const MAC_BYTES = 13;
const BODY_BYTES = 1 + 16;
const TOKEN_BYTES = BODY_BYTES + MAC_BYTES;
/** The length of every token: base64url of 30 bytes, no padding. */
export const SHORT_ID_TOKEN_LENGTH = 40;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TOKEN = /^[A-Za-z0-9_-]{40}$/;

/** Signs and reads the tokens of one use. */
export interface ShortIdTokens {
  /** Signs `id` (a UUID; anything else is a programming error) into a 40-character token. */
  sign(secret: string, id: string): string;
  /**
   * The UUID a token this secret signed names, or undefined for anything else. Compared as
   * text: the last base64url character of 30 bytes carries no unused bits, so one token has
   * one spelling.
   */
  read(secret: string, token: string): string | undefined;
}

/**
 * The tokens of one use: `context` (e.g. `safenet attachment link v1\n`) is signed with each,
 * so a token of one use never passes as another's; `names` says what a token names, for the
 * error of signing something that is not a UUID (e.g. `A file link names a file`).
 */
export function shortIdTokens(context: string, names: string): ShortIdTokens {
  const mac = (secret: string, body: Buffer) =>
    createHmac('sha256', secret).update(context).update(body).digest().subarray(0, MAC_BYTES);
  return {
    sign(secret, id) {
      if (!UUID.test(id)) throw new TypeError(`${names} by UUID, not "${id}"`);
      const body = Buffer.concat([
        Buffer.from([VERSION]),
        Buffer.from(id.replaceAll('-', ''), 'hex'),
      ]);
      return Buffer.concat([body, mac(secret, body)]).toString('base64url');
    },
    read(secret, token) {
      if (!TOKEN.test(token)) return undefined;
      const bytes = Buffer.from(token, 'base64url');
      if (bytes.length !== TOKEN_BYTES || bytes[0] !== VERSION) return undefined;
      const body = bytes.subarray(0, BODY_BYTES);
      if (!timingSafeEqual(bytes.subarray(BODY_BYTES), mac(secret, body))) return undefined;
      const hex = body.subarray(1).toString('hex');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    },
  };
}
