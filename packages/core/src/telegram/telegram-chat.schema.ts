import { z } from 'zod';
import { Id, Timestamp } from '../common/common.schema.js';
import { TelegramStartToken } from '../contact/telegram-link.schema.js';
import { TELEGRAM_CHAT_STATUSES, TELEGRAM_CHAT_TYPES } from '../vocabulary.js';

export { TELEGRAM_CHAT_STATUSES, TELEGRAM_CHAT_TYPES };

import { Language, LanguageCode } from '../locale/language.schema.js';

/**
 * A Telegram group or channel an organisation administers, connected to the hub's bot (the
 * Kazakh child-rights committee's chat of teachers and officials is one): a target of
 * {@link TelegramPost}s, apart from the contacts broadcasts reach one by one. `active` while
 * the bot may post there; `no_rights` when it is in the chat but may not post (a channel's
 * admin took its right to post, a group muted it); `removed` once it was removed or left.
 *
 * @example
 * { id, orgId, telegramChatId: '-1001234567890', type: 'channel', title: 'Балаларды бірге қорғайық',
 *   username: 'bala_qorgau', language: 'kk', status: 'active',
 *   connectedAt: '2026-04-10T04:00:00.000Z', updatedAt: '2026-04-10T04:00:00.000Z' }
 */
export const TelegramChat = z.object({
  id: Id,
  orgId: Id.describe('The organisation the chat was connected for'),
  telegramChatId: z
    .string()
    .regex(/^-\d+$/)
    .describe('Telegram’s id of the chat (negative for groups and channels), as a string'),
  type: z.enum(TELEGRAM_CHAT_TYPES),
  title: z.string().describe('The chat’s title as Telegram last reported it'),
  username: z.string().nullable().describe('The public `@username` of the chat, if it has one'),
  language: LanguageCode.describe('The language posts are written in for this chat'),
  status: z.enum(TELEGRAM_CHAT_STATUSES),
  connectedAt: Timestamp,
  updatedAt: Timestamp,
});
export type TelegramChat = z.infer<typeof TelegramChat>;

/** What a chat connection link is made for: the organisation, and the language of its posts. */
export const TelegramChatLinkInput = z.strictObject({
  orgId: Id,
  language: Language.describe('The language the hub posts in this chat, and answers it in'),
});
export type TelegramChatLinkInput = z.input<typeof TelegramChatLinkInput>;

/**
 * How an administrator connects a group or channel to the hub's bot (`POST
 * /v1/telegram/chat-links`). A group: open `groupUrl`, pick the group — Telegram adds the bot
 * and sends `/start <token>` there. A channel: add the bot as an administrator allowed to post
 * (`channelUrl` does it), then post `command` in the channel; the bot deletes that post. It
 * works once, until `expiresAt`, and only from an administrator of the chat.
 *
 * @example
 * { token: 'AQGTn1h2c3RhbmQtaW4tdG9rZW4tZXhhbXBsZTA',
 *   groupUrl: 'https://t.me/SafenetSchool_bot?startgroup=AQGTn1h2c3RhbmQtaW4tdG9rZW4tZXhhbXBsZTA',
 *   channelUrl: 'https://t.me/SafenetSchool_bot?startchannel&admin=post_messages+delete_messages',
 *   command: '/connect@SafenetSchool_bot AQGTn1h2c3RhbmQtaW4tdG9rZW4tZXhhbXBsZTA',
 *   expiresAt: '2026-04-11T04:00:00.000Z' }
 */
export const TelegramChatLink = z.object({
  token: TelegramStartToken,
  groupUrl: z.url().describe('`https://t.me/<bot>?startgroup=<token>`: adds the bot to a group'),
  channelUrl: z
    .url()
    .describe('`https://t.me/<bot>?startchannel&admin=…`: adds the bot to a channel as an admin'),
  command: z
    .string()
    .describe('`/connect@<bot> <token>`, to post in a channel (or send in a group)'),
  expiresAt: Timestamp,
});
export type TelegramChatLink = z.infer<typeof TelegramChatLink>;

/** A chat's settings an organisation may change. */
export const TelegramChatUpdate = z.strictObject({
  language: Language.describe('The language the hub posts in this chat'),
});
export type TelegramChatUpdate = z.input<typeof TelegramChatUpdate>;

/** `GET /v1/telegram/chats`: an organisation's subtree's chats, optionally of one status. */
export const TelegramChatListQuery = z.strictObject({
  orgId: Id.optional().describe('Chats of this organisation’s subtree; the caller’s by default'),
  status: z.enum(TELEGRAM_CHAT_STATUSES).optional(),
});
export type TelegramChatListQuery = z.input<typeof TelegramChatListQuery>;
