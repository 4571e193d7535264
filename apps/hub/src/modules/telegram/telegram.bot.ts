import { autoRetry } from '@grammyjs/auto-retry';
import { Bot, type Composer, type Context } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { TelegramConfig } from './telegram.config.js';
import { loggableError } from './telegram.errors.js';

/**
 * The bot's own user as the hub presets it, so the bot handles updates without asking
 * Telegram (`getMe`) at start: the id is the token's first part, the username the configured
 * one — in groups commands come as `/connect@<bot>`, and grammY answers only its own.
 */
export function presetBotInfo(token: string, username: string | null): UserFromGetMe {
  return {
    id: Number(token.split(':')[0]),
    is_bot: true,
    first_name: 'Safenet',
    username: username ?? 'safenet_bot',
    can_join_groups: false,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
    allows_users_to_create_topics: false,
  } as UserFromGetMe;
}

/**
 * The hub's one bot, pointed at the configured Bot API root, with its handlers in order: the
 * delivery channel's deep links and /stop first, then the intake conversation (when the bot
 * has one), on the same bot and webhook. A handler's failure is logged without anything that names the
 * chat or what was written, and the update is answered (Telegram would only send it again).
 */
export function createBot(
  config: TelegramConfig,
  handlers: readonly Composer<Context>[],
  warn: (error: unknown, message: string) => void,
): Bot {
  const bot = new Bot(config.botToken, {
    botInfo: presetBotInfo(config.botToken, config.botUsername),
    client: { apiRoot: config.apiRoot },
  });
  bot.catch((error) => warn(loggableError(error), 'A Telegram update failed'));
  // The bot's answers to an update (a confirmation, a refusal, the intake's questions) are not
  // paced like deliveries: a burst of people opening links meets Telegram's flood control, and
  // an answer waits out its `retry_after` instead of failing the update. Only the update's own
  // API retries: calls made outside one (a reporter's status) leave retrying to their job.
  bot.use((ctx, next) => {
    ctx.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 10 }));
    return next();
  });
  for (const handler of handlers) bot.use(handler);
  return bot;
}
