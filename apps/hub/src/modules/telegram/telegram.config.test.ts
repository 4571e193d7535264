import { describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../config.js';

const TOKEN = '123456789:AAH-abcdefghijklmnopqrstuvwxyz0123';

describe('the Telegram configuration', () => {
  it('is null with no token: no bot', () => {
    expect(ConfigSchema.parse({}).telegram).toBeNull();
  });

  it('reads the bot, its secret, its API root and its intake organisation', () => {
    const config = ConfigSchema.parse({
      SAFENET_TELEGRAM_BOT_TOKEN: TOKEN,
      SAFENET_TELEGRAM_WEBHOOK_SECRET: 'a-secret-of-the-hub-123',
      SAFENET_TELEGRAM_API_ROOT: 'http://127.0.0.1:8081/',
      SAFENET_TELEGRAM_INTAKE_ORG: 'KZ-CRC',
    });
    expect(config.telegram).toEqual({
      botToken: TOKEN,
      webhookSecret: 'a-secret-of-the-hub-123',
      apiRoot: 'http://127.0.0.1:8081',
      intakeOrgCode: 'KZ-CRC',
      botUsername: null,
      perSecond: 30,
      perChatIntervalMs: 1000,
      linkTtlDays: 30,
    });
    expect(
      ConfigSchema.parse({
        SAFENET_TELEGRAM_BOT_TOKEN: TOKEN,
        SAFENET_TELEGRAM_WEBHOOK_SECRET: 'a-secret-of-the-hub-123',
        SAFENET_TELEGRAM_INTAKE_ORG: 'KZ-CRC',
      }).telegram?.apiRoot,
    ).toBe('https://api.telegram.org');
  });

  it('reads a delivery-only bot: its username, its pace and its links’ lifetime, no intake', () => {
    const config = ConfigSchema.parse({
      SAFENET_TELEGRAM_BOT_TOKEN: TOKEN,
      SAFENET_TELEGRAM_WEBHOOK_SECRET: 'a-secret-of-the-hub-123',
      SAFENET_TELEGRAM_BOT_USERNAME: 'SafenetSchool_bot',
      SAFENET_TELEGRAM_PER_SECOND: '25',
      SAFENET_TELEGRAM_PER_CHAT_INTERVAL_MS: '1500',
      SAFENET_TELEGRAM_LINK_TTL_DAYS: '90',
    });
    expect(config.telegram).toMatchObject({
      intakeOrgCode: null,
      botUsername: 'SafenetSchool_bot',
      perSecond: 25,
      perChatIntervalMs: 1500,
      linkTtlDays: 90,
    });
  });

  it('refuses a token without its secret, and a malformed token, secret or username', () => {
    const problems = (env: Record<string, string>) =>
      ConfigSchema.safeParse(env).error?.issues.map((i) => i.path.join('.'));
    expect(problems({ SAFENET_TELEGRAM_BOT_TOKEN: TOKEN })).toEqual(['Telegram']);
    expect(problems({ SAFENET_TELEGRAM_BOT_USERNAME: 'safenet_bot' })).toEqual(['Telegram']);
    const secret = 'a-secret-of-the-hub-123';
    for (const name of [
      '@safenet_bot',
      'abot',
      'safenet_school',
      '1safenet_bot',
      `${'a'.repeat(30)}bot`,
    ]) {
      expect(
        problems({
          SAFENET_TELEGRAM_BOT_TOKEN: TOKEN,
          SAFENET_TELEGRAM_WEBHOOK_SECRET: secret,
          SAFENET_TELEGRAM_BOT_USERNAME: name,
        }),
        name,
      ).toContain('SAFENET_TELEGRAM_BOT_USERNAME');
    }
    expect(
      problems({
        SAFENET_TELEGRAM_BOT_TOKEN: TOKEN,
        SAFENET_TELEGRAM_WEBHOOK_SECRET: secret,
        SAFENET_TELEGRAM_BOT_USERNAME: 'kz_bot',
      }),
    ).toBeUndefined();
    expect(problems({ SAFENET_TELEGRAM_BOT_TOKEN: 'not-a-token' })).toContain(
      'SAFENET_TELEGRAM_BOT_TOKEN',
    );
    expect(problems({ SAFENET_TELEGRAM_WEBHOOK_SECRET: 'short' })).toContain(
      'SAFENET_TELEGRAM_WEBHOOK_SECRET',
    );
  });
});
