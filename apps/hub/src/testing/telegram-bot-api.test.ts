import { Api, GrammyError } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAND_IN_BOT_INFO, startTelegramBotApi, type TelegramBotApi } from './telegram-bot-api.js';

const TOKEN = '7000000001:AAH-stand-in-token-000000000000000';

/** The stand-in answers grammY as api.telegram.org would, error shapes included. */
describe('the Telegram Bot API stand-in', () => {
  let api: TelegramBotApi;
  let bot: Api;
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected the call to fail');
      },
      (error: unknown) => {
        expect(error).toBeInstanceOf(GrammyError);
        const e = error as GrammyError;
        return { code: e.error_code, description: e.description, parameters: e.parameters };
      },
    );

  beforeAll(async () => {
    api = await startTelegramBotApi(TOKEN);
    bot = new Api(TOKEN, { apiRoot: api.apiRoot });
  });
  afterAll(() => api.close());

  it('answers getMe and records setWebhook with its secret token', async () => {
    expect(await bot.getMe()).toEqual(STAND_IN_BOT_INFO);
    await bot.setWebhook('https://hub.example/v1/telegram/webhook', {
      secret_token: 's3cret-token-0123',
    });
    expect(api.webhook).toEqual({
      url: 'https://hub.example/v1/telegram/webhook',
      secretToken: 's3cret-token-0123',
    });
  });

  it('refuses a wrong token with 401 Unauthorized', async () => {
    const other = new Api('7000000001:AAH-another-token-00000000000000', { apiRoot: api.apiRoot });
    expect(await failure(other.getMe())).toEqual({
      code: 401,
      description: 'Unauthorized',
      parameters: {},
    });
  });

  it('knows a chat only once it wrote to the bot: else 400 chat not found', async () => {
    expect(await failure(bot.sendMessage(555, 'hello'))).toMatchObject({
      code: 400,
      description: 'Bad Request: chat not found',
    });
    // A chat becomes known by writing to the bot (the update goes nowhere in particular here).
    await api.update(`${api.apiRoot}/nowhere`, null, { id: 555, firstName: 'A' }, { text: 'hi' });
    const sent = await bot.sendMessage(555, 'Сәлем');
    expect(sent).toMatchObject({ chat: { id: 555 }, text: 'Сәлем' });
    expect(api.textsTo(555)).toEqual(['Сәлем']);
  });

  it('fails the next call as told: blocked (403) and rate-limited (429 with retry_after)', async () => {
    api.failNext({ kind: 'blocked', method: 'sendMessage' });
    expect(await failure(bot.sendMessage(555, 'x'))).toMatchObject({
      code: 403,
      description: 'Forbidden: bot was blocked by the user',
    });
    api.failNext({ kind: 'rate_limited', retryAfter: 3 });
    expect(await failure(bot.sendMessage(555, 'x'))).toEqual({
      code: 429,
      description: 'Too Many Requests: retry after 3',
      parameters: { retry_after: 3 },
    });
    expect((await bot.sendMessage(555, 'again')).text).toBe('again');
  });
});
