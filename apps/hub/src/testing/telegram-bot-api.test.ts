import { Api, GrammyError, InputFile } from 'grammy';
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

/** What issue 17's delivery channel relies on: HTML, the length limit, documents, faults, rates. */
describe('the Telegram Bot API stand-in, for sending', () => {
  let api: TelegramBotApi;
  let bot: Api;
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => expect.unreachable('expected the call to fail'),
      (error: unknown) => {
        expect(error).toBeInstanceOf(GrammyError);
        const e = error as GrammyError;
        return { code: e.error_code, description: e.description, parameters: e.parameters };
      },
    );

  beforeAll(async () => {
    api = await startTelegramBotApi(TOKEN);
    bot = new Api(TOKEN, { apiRoot: api.apiRoot });
    api.knowChat(700);
    api.knowChat('@safenet_news');
  });
  afterAll(() => api.close());

  it('knows a chat it was told about, and parses HTML as Telegram does', async () => {
    const sent = await bot.sendMessage(700, '<b>Памятка</b>\n\n1 &lt; 2 &amp; &quot;3&quot;', {
      parse_mode: 'HTML',
    });
    expect(sent).toMatchObject({
      chat: { id: 700, type: 'private' },
      text: 'Памятка\n\n1 < 2 & "3"',
      entities: [{ type: 'bold', offset: 0, length: 7 }],
    });
    expect(api.textsTo(700).at(-1)).toBe('Памятка\n\n1 < 2 & "3"');
    const post = await bot.sendMessage('@safenet_news', 'Жаңалық');
    expect(post.chat.type).toBe('channel');
  });

  it.each([
    ['1 < 2 > 0', 'Unsupported start tag "" at byte offset 2'],
    ['<script>x</script>', 'Unsupported start tag "script" at byte offset 0'],
    ['<b>жирный', 'Can\'t find end tag corresponding to start tag "b"'],
    ['<b>x</i>', 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'],
    ['x</b>', 'Unexpected end tag at byte offset 1'],
    ['<b', 'Unclosed start tag at byte offset 0'],
  ])('refuses %j in HTML mode: %s', async (text, why) => {
    expect(await failure(bot.sendMessage(700, text, { parse_mode: 'HTML' }))).toMatchObject({
      code: 400,
      description: `Bad Request: can't parse entities: ${why}`,
    });
  });

  it('counts 4,096 characters after parsing: escapes are one, tags none', async () => {
    const full = `<b>${'&lt;'.repeat(4000)}</b>${'я'.repeat(96)}`;
    expect((await bot.sendMessage(700, full, { parse_mode: 'HTML' })).text).toHaveLength(4096);
    expect(await failure(bot.sendMessage(700, 'я'.repeat(4097)))).toMatchObject({
      code: 400,
      description: 'Bad Request: message is too long',
    });
    expect(await failure(bot.sendMessage(700, '  '))).toMatchObject({
      description: 'Bad Request: message text is empty',
    });
  });

  it('takes documents by URL, by a file id it gave, or uploaded; refuses an unknown id', async () => {
    const byUrl = await bot.sendDocument(700, 'https://hub.example/a/tok123', {
      caption: 'Памятка.pdf',
    });
    const fileId = byUrl.document?.file_id ?? '';
    await bot.sendDocument(700, fileId, { caption: 'Памятка.pdf' });
    await bot.sendDocument(700, new InputFile(Buffer.from('PNG'), 'Плакат.png'));
    expect(api.documentsTo(700)).toEqual([
      {
        chatId: 700,
        source: 'url',
        value: 'https://hub.example/a/tok123',
        caption: 'Памятка.pdf',
        fileId,
      },
      { chatId: 700, source: 'file_id', value: fileId, caption: 'Памятка.pdf', fileId },
      expect.objectContaining({ source: 'upload', value: 'Плакат.png', caption: undefined }),
    ]);
    expect(await failure(bot.sendDocument(700, 'no-such-file-id'))).toMatchObject({
      code: 400,
      description: 'Bad Request: wrong file identifier/HTTP URL specified',
    });
  });

  it.each([
    ['blocked', 403, 'Forbidden: bot was blocked by the user'],
    ['deactivated', 403, 'Forbidden: user is deactivated'],
    ['kicked', 403, 'Forbidden: bot was kicked from the group chat'],
  ] as const)('refuses every message to a chat that %s it, for good', async (kind, code, d) => {
    const chat = 800 + code + kind.length;
    api.knowChat(chat);
    api.failChat(chat, { kind });
    for (let i = 0; i < 2; i += 1) {
      expect(await failure(bot.sendMessage(chat, 'x'))).toMatchObject({ code, description: d });
    }
    expect(await failure(bot.sendDocument(chat, 'https://hub.example/a/t'))).toMatchObject({
      code,
    });
  });
});

describe('the Telegram Bot API stand-in with limits', () => {
  it('refuses what goes over the per-chat and overall rates with 429 retry_after', async () => {
    let now = 0;
    await using api = await startTelegramBotApi(TOKEN, {
      limits: { perSecond: 3, perChatPerSecond: 1 },
      now: () => now,
    });
    const bot = new Api(TOKEN, { apiRoot: api.apiRoot });
    for (const chat of [1, 2, 3, 4]) api.knowChat(chat);

    await bot.sendMessage(1, 'a');
    now = 400;
    expect(await bot.sendMessage(2, 'b').catch((e: GrammyError) => e.parameters)).toMatchObject({
      text: 'b',
    });
    const perChat = await bot.sendMessage(1, 'again').catch((e: GrammyError) => e);
    expect(perChat).toMatchObject({
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    });
    await bot.sendMessage(3, 'c');
    const overall = await bot.sendMessage(4, 'd').catch((e: GrammyError) => e);
    expect(overall).toMatchObject({ error_code: 429 });
    expect(api.throttled).toBe(2);

    now = 1000;
    await bot.sendMessage(1, 'a second later');
    now = 1400;
    await bot.sendMessage(4, 'd');
    expect(api.throttled).toBe(2);
    expect(api.textsTo(1)).toEqual(['a', 'a second later']);
  });
});
