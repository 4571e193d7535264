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
    });
    expect(
      ConfigSchema.parse({
        SAFENET_TELEGRAM_BOT_TOKEN: TOKEN,
        SAFENET_TELEGRAM_WEBHOOK_SECRET: 'a-secret-of-the-hub-123',
        SAFENET_TELEGRAM_INTAKE_ORG: 'KZ-CRC',
      }).telegram?.apiRoot,
    ).toBe('https://api.telegram.org');
  });

  it('refuses a token without its secret and organisation, and a malformed token or secret', () => {
    const problems = (env: Record<string, string>) =>
      ConfigSchema.safeParse(env).error?.issues.map((i) => i.path.join('.'));
    expect(problems({ SAFENET_TELEGRAM_BOT_TOKEN: TOKEN })).toEqual(['Telegram']);
    expect(problems({ SAFENET_TELEGRAM_BOT_TOKEN: 'not-a-token' })).toContain(
      'SAFENET_TELEGRAM_BOT_TOKEN',
    );
    expect(problems({ SAFENET_TELEGRAM_WEBHOOK_SECRET: 'short' })).toContain(
      'SAFENET_TELEGRAM_WEBHOOK_SECRET',
    );
  });
});
