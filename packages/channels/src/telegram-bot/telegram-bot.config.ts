import { z } from 'zod';

/**
 * A bot token as BotFather gives it: the bot's numeric id, a colon, then a secret of 35
 * characters of `A–Z a–z 0–9 _ -`. The secret part is checked as the hub's bot configuration
 * checks it (20 or more of those characters), so one token serves both the intake bot and
 * this channel.
 */
const TelegramBotToken = z
  .string()
  .trim()
  .regex(
    /^\d{1,20}:[A-Za-z0-9_-]{20,}$/,
    'must be a bot token as BotFather gives it: <digits>:<35 characters>',
  );

/**
 * Configuration of the Telegram channel: one bot, reached through the Bot API.
 *
 * The limits are Telegram's published ones (Bots FAQ, "My bot is hitting limits, how do I
 * avoid this?", https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this):
 * about 30 messages per second to different chats for bulk notifications, and no more than
 * one message per second in one chat (20 per minute in one group). Above them the Bot API
 * answers `429 Too Many Requests: retry after N`.
 *
 * @example
 * TelegramBotConfig.parse({ botToken: '110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1' });
 */
export const TelegramBotConfig = z.object({
  /** The bot's token from BotFather; it is the credential, so it never appears in messages. */
  botToken: TelegramBotToken,
  /** The Bot API's root, without `/bot<token>`; a local Bot API server or a test stand-in. */
  apiRoot: z
    .url({ protocol: /^https?$/ })
    .default('https://api.telegram.org')
    // grammY refuses a root with a trailing slash.
    .transform((url) => url.replace(/\/+$/, '')),
  /**
   * Messages per second to different chats: 30 is the FAQ's bulk limit. Up to 1,000 with
   * paid broadcasts (`allow_paid_broadcast`, charged in Telegram Stars), which this adapter
   * does not use.
   */
  perSecond: z.number().positive().max(1_000).default(30),
  /**
   * Milliseconds between two messages to one chat: 1,000 is the FAQ's one message per second
   * in a chat. Groups and channels allow 20 a minute, which a broadcast posting once to each
   * stays well within.
   */
  perChatIntervalMs: z.number().int().nonnegative().max(3_600_000).default(1_000),
});

/** The Telegram configuration as written, before defaults. */
export type TelegramBotConfigInput = z.input<typeof TelegramBotConfig>;
/** The Telegram configuration after parsing, defaults applied. */
export type TelegramBotConfig = z.output<typeof TelegramBotConfig>;
