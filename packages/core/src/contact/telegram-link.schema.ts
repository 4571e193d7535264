import { z } from 'zod';
import { Timestamp } from '../common/common.schema.js';

/**
 * What Telegram takes as a deep link's start parameter (`t.me/<bot>?start=<this>`): 1–64
 * characters of A–Z, a–z, 0–9, `_` and `-`. The hub's tokens are 40 of them.
 */
export const TelegramStartToken = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, '1–64 characters of A–Z, a–z, 0–9, _ and -');
export type TelegramStartToken = z.infer<typeof TelegramStartToken>;

/**
 * A deep link that lets one contact open the hub's Telegram bot (`POST
 * /v1/contacts/:id/telegram-link`): bots may not message anyone first, so a contact becomes
 * reachable on Telegram once they open it and press Start — which binds their chat to the
 * contact and records their consent. Give it by email or SMS, or print the QR code on a letter
 * to that parent: it is theirs alone, and works once, for one chat, until `expiresAt`.
 *
 * @example
 * {
 *   url: 'https://t.me/SafenetSchool_bot?start=AQGTn1h2c3RhbmQtaW4tdG9rZW4tZXhhbXBsZTA',
 *   token: 'AQGTn1h2c3RhbmQtaW4tdG9rZW4tZXhhbXBsZTA',
 *   expiresAt: '2026-05-12T09:00:00.000Z',
 *   qrSvg: '<svg xmlns="http://www.w3.org/2000/svg" …</svg>',
 * }
 */
export const TelegramLink = z.object({
  url: z.url().describe('`https://t.me/<bot username>?start=<token>`'),
  token: TelegramStartToken.describe('The start parameter alone (40 characters)'),
  expiresAt: Timestamp.describe('When the link stops working if it has not been opened'),
  qrSvg: z.string().describe('The link as a QR code, an SVG document (for a printed letter)'),
});
export type TelegramLink = z.infer<typeof TelegramLink>;
