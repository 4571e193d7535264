import { SafenetError } from '@safenet/core';
import type { FastifyInstance } from 'fastify';
import { type Bot, BotError } from 'grammy';
import type { Update } from 'grammy/types';
import { z } from 'zod';
import { secretTokenMatches } from './telegram.secret.js';

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

const UpdateBody = z
  .looseObject({ update_id: z.number().int().nonnegative() })
  .describe('A Telegram Update, as the Bot API posts it');

/**
 * `POST /v1/telegram/webhook`: the updates Telegram posts to the bot. No API key: the call
 * must carry the secret token given to `setWebhook` (checked in constant time, before the body
 * is read); anything else is `401 telegram_webhook_refused` and nothing of it is processed.
 */
export async function telegramWebhookRoutes(
  app: FastifyInstance,
  options: { bot: Bot; secret: string },
) {
  app.post<{ Body: Update }>(
    '/telegram/webhook',
    {
      schema: {
        operationId: 'receiveTelegramUpdate',
        summary: 'Receive a Telegram update',
        description:
          'Where Telegram posts the bot’s updates (set with `setWebhook`, with `secret_token`). Answered once the bot has handled the update; the bot’s own replies go through the Bot API.',
        tags: ['webhooks'],
        body: UpdateBody,
        errorCodes: ['telegram_webhook_refused', 'validation_failed', 'payload_too_large'],
        response: {
          200: {
            description: 'Handled',
            content: { 'application/json': { schema: z.object({ ok: z.literal(true) }) } },
          },
        },
      },
      onRequest: async (request) => {
        if (!secretTokenMatches(request.headers[SECRET_HEADER], options.secret)) {
          throw new SafenetError(
            'telegram_webhook_refused',
            'Send the secret token given to setWebhook (secret_token) in X-Telegram-Bot-Api-Secret-Token',
          );
        }
      },
    },
    async (request) => {
      // A handler's failure is the bot's to log (`bot.catch`); Telegram is answered anyway, or
      // it would post the same update again and again.
      await options.bot.handleUpdate(request.body).catch(async (error: unknown) => {
        if (!(error instanceof BotError)) throw error;
        await options.bot.errorHandler(error);
      });
      return { ok: true as const };
    },
  );
}
