import { z } from 'zod';
import { configFragment } from '../../platform/config.js';

const optional = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value === '' ? undefined : value));

/**
 * The Telegram bot (issue 14's intake; issue 17's channel will share it): its token from
 * BotFather, the secret Telegram sends back on every webhook call, where the Bot API is (a
 * local stand-in in tests), and the organisation code whose intake the bot is. No token: no
 * bot, and `POST /v1/telegram/webhook` is not registered (404).
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
  },
  (values, problems) => {
    const token = values.SAFENET_TELEGRAM_BOT_TOKEN;
    const secret = values.SAFENET_TELEGRAM_WEBHOOK_SECRET;
    const org = values.SAFENET_TELEGRAM_INTAKE_ORG;
    if (token !== undefined && (secret === undefined || org === undefined)) {
      problems.add(
        'Telegram',
        'with SAFENET_TELEGRAM_BOT_TOKEN set, set SAFENET_TELEGRAM_WEBHOOK_SECRET and SAFENET_TELEGRAM_INTAKE_ORG too',
      );
    }
    return {
      telegram:
        token !== undefined && secret !== undefined && org !== undefined
          ? {
              botToken: token,
              webhookSecret: secret,
              apiRoot: values.SAFENET_TELEGRAM_API_ROOT.replace(/\/+$/, ''),
              intakeOrgCode: org,
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
  intakeOrgCode: string;
};
