import { z } from 'zod';
import { configFragment } from '../../platform/config.js';

const optional = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value === '' ? undefined : value));

/**
 * A bot's username as BotFather allows it: 5–32 characters of A–Z, a–z, 0–9 and _, starting
 * with a letter and ending in `bot` (any case), written without the `@`.
 */
const BOT_USERNAME = /^(?=.{5,32}$)[A-Za-z][A-Za-z0-9_]*[Bb][Oo][Tt]$/;

/**
 * The Telegram bot (issue 14's intake; issue 17's delivery channel shares it): its token from
 * BotFather, the secret Telegram sends back on every webhook call, where the Bot API is (a
 * local stand-in in tests), its username (for the deep links that let a contact open it), the
 * pace of its sends, how long a link stays valid, and the organisation code whose intake the
 * bot is (none: the bot delivers only). No token: no bot, and `POST /v1/telegram/webhook` is
 * not registered (404).
 */
export const telegramConfig = configFragment(
  {
    SAFENET_TELEGRAM_BOT_TOKEN: optional.refine(
      (token) => token === undefined || /^\d+:[A-Za-z0-9_-]{20,}$/.test(token),
      { message: 'a bot token as BotFather gives it: <digits>:<35 characters>' },
    ),
    SAFENET_TELEGRAM_WEBHOOK_SECRET: optional.refine(
      (secret) => secret === undefined || /^[A-Za-z0-9_-]{16,256}$/.test(secret),
      { message: '16–256 characters of A–Z, a–z, 0–9, _ and - (what setWebhook takes)' },
    ),
    SAFENET_TELEGRAM_API_ROOT: z.url().default('https://api.telegram.org'),
    SAFENET_TELEGRAM_INTAKE_ORG: optional,
    SAFENET_TELEGRAM_BOT_USERNAME: optional.refine(
      (name) => name === undefined || BOT_USERNAME.test(name),
      { message: 'the bot’s username without @: 5–32 of A–Z, a–z, 0–9 and _, ending in "bot"' },
    ),
    SAFENET_TELEGRAM_PER_SECOND: z.coerce.number().int().min(1).max(1000).default(30),
    SAFENET_TELEGRAM_PER_CHAT_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
    SAFENET_TELEGRAM_LINK_TTL_DAYS: z.coerce.number().int().min(1).max(366).default(30),
  },
  (values, problems) => {
    const token = values.SAFENET_TELEGRAM_BOT_TOKEN;
    const secret = values.SAFENET_TELEGRAM_WEBHOOK_SECRET;
    if (token !== undefined && secret === undefined) {
      problems.add(
        'Telegram',
        'with SAFENET_TELEGRAM_BOT_TOKEN set, set SAFENET_TELEGRAM_WEBHOOK_SECRET too',
      );
    }
    if (
      token === undefined &&
      (values.SAFENET_TELEGRAM_BOT_USERNAME !== undefined ||
        values.SAFENET_TELEGRAM_INTAKE_ORG !== undefined)
    ) {
      problems.add(
        'Telegram',
        'SAFENET_TELEGRAM_BOT_USERNAME and SAFENET_TELEGRAM_INTAKE_ORG need SAFENET_TELEGRAM_BOT_TOKEN',
      );
    }
    return {
      telegram:
        token !== undefined && secret !== undefined
          ? {
              botToken: token,
              webhookSecret: secret,
              apiRoot: values.SAFENET_TELEGRAM_API_ROOT.replace(/\/+$/, ''),
              intakeOrgCode: values.SAFENET_TELEGRAM_INTAKE_ORG ?? null,
              botUsername: values.SAFENET_TELEGRAM_BOT_USERNAME ?? null,
              perSecond: values.SAFENET_TELEGRAM_PER_SECOND,
              perChatIntervalMs: values.SAFENET_TELEGRAM_PER_CHAT_INTERVAL_MS,
              linkTtlDays: values.SAFENET_TELEGRAM_LINK_TTL_DAYS,
            }
          : null,
    };
  },
);

/** The bot's configuration; null when no bot is configured. */
export type TelegramConfig = {
  botToken: string;
  webhookSecret: string;
  apiRoot: string;
  /** The organisation whose intake the bot is; null: the bot delivers only (no intake). */
  intakeOrgCode: string | null;
  /** The bot's username, for deep links; null: contacts cannot be given links. */
  botUsername: string | null;
  /** Messages per second the bot sends in all (Telegram's bulk limit is about 30). */
  perSecond: number;
  /** Least milliseconds between two messages to one chat (Telegram: about one a second). */
  perChatIntervalMs: number;
  /** Days a contact's deep link stays valid. */
  linkTtlDays: number;
};
