import { describe, expect, it } from 'vitest';
import { TWILIO_API_BASE_URL, TwilioSmsConfig } from './twilio.config.js';

const ACCOUNT = { accountSid: `AC${'0a'.repeat(16)}`, authToken: 'token' };

describe('TwilioSmsConfig', () => {
  it('fills in defaults', () => {
    expect(TwilioSmsConfig.parse({ ...ACCOUNT, from: '+15005550006' })).toEqual({
      ...ACCOUNT,
      from: '+15005550006',
      apiBaseUrl: TWILIO_API_BASE_URL,
      segmentsPerSecond: 10,
      maxConnections: 100,
    });
  });

  it.each(['+77012345678', 'SafeNet', 'Bilim KZ', 'Edu2025'])('accepts the sender %j', (from) => {
    expect(TwilioSmsConfig.safeParse({ ...ACCOUNT, from }).success).toBe(true);
  });

  it.each(['87012345678', '+0123456789', 'SafeInternet', '12345', 'Safe-Net', ''])(
    'refuses the sender %j',
    (from) => {
      expect(TwilioSmsConfig.safeParse({ ...ACCOUNT, from }).success).toBe(false);
    },
  );

  it('takes a Messaging Service instead of a sender', () => {
    const messagingServiceSid = `MG${'ff'.repeat(16)}`;
    expect(TwilioSmsConfig.parse({ ...ACCOUNT, messagingServiceSid })).toMatchObject({
      messagingServiceSid,
    });
    expect(TwilioSmsConfig.safeParse({ ...ACCOUNT, messagingServiceSid: 'MG123' }).success).toBe(
      false,
    );
  });

  it('wants exactly one of from and messagingServiceSid', () => {
    const neither = TwilioSmsConfig.safeParse(ACCOUNT);
    const both = TwilioSmsConfig.safeParse({
      ...ACCOUNT,
      from: '+15005550006',
      messagingServiceSid: `MG${'ff'.repeat(16)}`,
    });
    expect(neither.success).toBe(false);
    expect(both.success).toBe(false);
    expect(neither.error?.issues[0]?.message).toContain(
      'exactly one of from and messagingServiceSid',
    );
  });

  it.each([
    { accountSid: 'AC123' },
    { accountSid: `SK${'0a'.repeat(16)}` },
    { authToken: '' },
    { statusCallbackUrl: 'ftp://hub.example.org/twilio' },
    { apiBaseUrl: 'not a url' },
    { segmentsPerSecond: 0 },
    { segmentsPerSecond: 10_001 },
    { maxConnections: 0 },
    { maxConnections: 1.5 },
  ])('refuses %j', (override) => {
    expect(
      TwilioSmsConfig.safeParse({ ...ACCOUNT, from: '+15005550006', ...override }).success,
    ).toBe(false);
  });
});
