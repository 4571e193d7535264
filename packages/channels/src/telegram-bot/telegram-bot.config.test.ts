import { describe, expect, it } from 'vitest';
import { TelegramBotConfig } from './telegram-bot.config.js';

const TOKEN = '110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1';

describe('TelegramBotConfig', () => {
  it("applies api.telegram.org and Telegram's published limits", () => {
    expect(TelegramBotConfig.parse({ botToken: TOKEN })).toEqual({
      botToken: TOKEN,
      apiRoot: 'https://api.telegram.org',
      perSecond: 30,
      perChatIntervalMs: 1000,
    });
  });

  it('drops a trailing slash from the API root (grammY refuses one)', () => {
    const config = TelegramBotConfig.parse({ botToken: TOKEN, apiRoot: 'http://127.0.0.1:8081/' });
    expect(config.apiRoot).toBe('http://127.0.0.1:8081');
  });

  it.each([
    'AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1',
    '110201543:',
    '110201543:short',
    'bot110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1',
    '110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1/sendMessage',
  ])('refuses a token not shaped as BotFather gives it: %s', (botToken) => {
    expect(() => TelegramBotConfig.parse({ botToken })).toThrow(/BotFather/);
  });

  it('refuses rates Telegram does not allow', () => {
    expect(() => TelegramBotConfig.parse({ botToken: TOKEN, perSecond: 0 })).toThrow();
    expect(() => TelegramBotConfig.parse({ botToken: TOKEN, perSecond: 5000 })).toThrow();
    expect(() => TelegramBotConfig.parse({ botToken: TOKEN, perChatIntervalMs: -1 })).toThrow();
  });
});
