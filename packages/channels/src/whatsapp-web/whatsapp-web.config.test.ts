import { describe, expect, it } from 'vitest';
import { WhatsAppWebPacing } from './whatsapp-web.config.js';

describe('WhatsAppWebPacing', () => {
  it('is slow by default: 4 s plus up to 3 s jitter between messages, 200 a day', () => {
    expect(WhatsAppWebPacing.parse({})).toEqual({
      minIntervalMs: 4000,
      jitterMs: 3000,
      dailyCap: 200,
    });
  });

  it('takes other values', () => {
    expect(
      WhatsAppWebPacing.parse({ minIntervalMs: 10_000, dailyCap: 50, perRecipientIntervalMs: 0 }),
    ).toEqual({ minIntervalMs: 10_000, jitterMs: 3000, dailyCap: 50, perRecipientIntervalMs: 0 });
  });

  it('refuses less than a second between messages, saying why', () => {
    const result = WhatsAppWebPacing.safeParse({ minIntervalMs: 999 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('banned');
  });

  it.each([{ jitterMs: -1 }, { dailyCap: 0 }, { dailyCap: 1.5 }, { perRecipientIntervalMs: -5 }])(
    'refuses %o',
    (input) => {
      expect(WhatsAppWebPacing.safeParse(input).success).toBe(false);
    },
  );
});
