import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

const cloud = {
  SAFENET_WHATSAPP_CLOUD_PHONE_NUMBER_ID: '106540352242922',
  SAFENET_WHATSAPP_CLOUD_ACCESS_TOKEN: 'EAAG-test',
  SAFENET_WHATSAPP_CLOUD_APP_SECRET: 'app-secret',
  SAFENET_WHATSAPP_CLOUD_VERIFY_TOKEN: 'verify-token',
};
const ASSOCIATION = '01a23302-b6f2-71b8-aa20-af1d543b5202';

describe('loadConfig: channels', () => {
  it('leaves every provider unset by default, with the documented rates', () => {
    const config = loadConfig({});
    expect(config.twilio).toBeUndefined();
    expect(config.whatsappCloud).toBeUndefined();
    expect(config.whatsappWeb).toBeUndefined();
    const withCloud = loadConfig(cloud);
    expect(withCloud.whatsappCloud).toMatchObject({ messagesPerSecond: 80, templates: {} });
  });

  it('reads per-language Cloud API templates, with WhatsApp Manager’s language codes', () => {
    const config = loadConfig({
      ...cloud,
      SAFENET_WHATSAPP_CLOUD_TEMPLATES: 'ru=safenet_guidance, kk=safenet_guidance,en=memo_v2:en_US',
      SAFENET_WHATSAPP_CLOUD_MODE: 'template',
    });
    expect(config.whatsappCloud?.templates).toEqual({
      ru: { name: 'safenet_guidance', language: 'ru' },
      kk: { name: 'safenet_guidance', language: 'kk' },
      en: { name: 'memo_v2', language: 'en_US' },
    });
    expect(config.whatsappCloud?.mode).toBe('template');
  });

  it('reads a language’s templates with media headers, one per header', () => {
    const config = loadConfig({
      ...cloud,
      SAFENET_WHATSAPP_CLOUD_TEMPLATES:
        'ru=safenet_guidance,ru=safenet_memo@document,en=memo_poster:en_US@image',
    });
    expect(config.whatsappCloud?.templates).toEqual({
      ru: [
        { name: 'safenet_guidance', language: 'ru' },
        { name: 'safenet_memo', language: 'ru', header: 'document' },
      ],
      en: { name: 'memo_poster', language: 'en_US', header: 'image' },
    });
    expect(() =>
      loadConfig({ ...cloud, SAFENET_WHATSAPP_CLOUD_TEMPLATES: 'ru=a@image,ru=b@image' }),
    ).toThrow(/at most one template per header/);
    expect(() => loadConfig({ ...cloud, SAFENET_WHATSAPP_CLOUD_TEMPLATES: 'ru=a@video' })).toThrow(
      /SAFENET_WHATSAPP_CLOUD_TEMPLATES/,
    );
  });

  it('says what is wrong with a template entry', () => {
    expect(() => loadConfig({ ...cloud, SAFENET_WHATSAPP_CLOUD_TEMPLATES: 'de=memo' })).toThrow(
      /SAFENET_WHATSAPP_CLOUD_TEMPLATES: "de=memo" should look like ru=template_name/,
    );
    expect(() =>
      loadConfig({ ...cloud, SAFENET_WHATSAPP_CLOUD_TEMPLATES: 'ru=Memo With Spaces' }),
    ).toThrow(/SAFENET_WHATSAPP_CLOUD_TEMPLATES/);
  });

  it('enables WhatsApp Web with slow defaults, and refuses to send faster than 1 s', () => {
    const config = loadConfig({
      SAFENET_WHATSAPP_WEB: 'true',
      SAFENET_DATA_DIR: '/var/lib/safenet',
    });
    expect(config.whatsappWeb).toEqual({
      orgId: null,
      dataDir: '/var/lib/safenet',
      chromiumPath: '/usr/bin/chromium',
      pacing: {
        minIntervalMs: 4000,
        jitterMs: 3000,
        dailyCap: 200,
        perRecipientIntervalMs: undefined,
      },
    });
    expect(() =>
      loadConfig({ SAFENET_WHATSAPP_WEB: 'true', SAFENET_WHATSAPP_WEB_MIN_INTERVAL_MS: '200' }),
    ).toThrow(/at least 1000 ms/);
  });

  it('lets a paired phone and the Cloud API share WhatsApp only when the phone names its organisation', () => {
    expect(() => loadConfig({ ...cloud, SAFENET_WHATSAPP_WEB: 'true' })).toThrow(
      /SAFENET_WHATSAPP_WEB_ORG_ID/,
    );
    const both = loadConfig({
      ...cloud,
      SAFENET_WHATSAPP_WEB: 'true',
      SAFENET_WHATSAPP_WEB_ORG_ID: ASSOCIATION,
    });
    expect(both.whatsappWeb?.orgId).toBe(ASSOCIATION);
    expect(both.whatsappCloud).toBeDefined();
  });

  it('takes the SMS segment rate', () => {
    const config = loadConfig({
      SAFENET_TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
      SAFENET_TWILIO_AUTH_TOKEN: 'token',
      SAFENET_TWILIO_FROM: 'SafeNet',
      SAFENET_TWILIO_SEGMENTS_PER_SECOND: '25',
    });
    expect(config.twilio?.segmentsPerSecond).toBe(25);
    expect(() =>
      loadConfig({
        SAFENET_TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
        SAFENET_TWILIO_AUTH_TOKEN: 'token',
        SAFENET_TWILIO_FROM: 'SafeNet',
        SAFENET_TWILIO_SEGMENTS_PER_SECOND: '0',
      }),
    ).toThrow(/SAFENET_TWILIO_SEGMENTS_PER_SECOND/);
  });

  it('caps the SMS segment rate at 10,000 per second, as docs/reference/config.md says', () => {
    const twilio = (rate: string) =>
      loadConfig({
        SAFENET_TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
        SAFENET_TWILIO_AUTH_TOKEN: 'token',
        SAFENET_TWILIO_FROM: 'SafeNet',
        SAFENET_TWILIO_SEGMENTS_PER_SECOND: rate,
      });
    expect(twilio('10000').twilio?.segmentsPerSecond).toBe(10_000);
    expect(() => twilio('10001')).toThrow(/SAFENET_TWILIO_SEGMENTS_PER_SECOND/);
    expect(() => twilio('100000')).toThrow(/SAFENET_TWILIO_SEGMENTS_PER_SECOND/);
  });
});

describe('loadConfig: public URL', () => {
  it('defaults to the address the hub binds, as the OpenAPI document’s server', () => {
    expect(loadConfig({}).publicUrl).toBe('http://127.0.0.1:3000');
    expect(loadConfig({ HOST: '0.0.0.0', PORT: '8080' }).publicUrl).toBe('http://127.0.0.1:8080');
    expect(loadConfig({ HOST: '::' }).publicUrl).toBe('http://[::1]:3000');
    expect(loadConfig({ HOST: 'hub.internal' }).publicUrl).toBe('http://hub.internal:3000');
  });

  it('takes SAFENET_PUBLIC_URL as given', () => {
    const publicUrl = 'https://safenet.example.kz';
    expect(loadConfig({ SAFENET_PUBLIC_URL: publicUrl }).publicUrl).toBe(publicUrl);
  });
});

describe('loadConfig: webhooks', () => {
  it('bounds the age of signed webhooks to Meta’s 7 days of retries unless told otherwise', () => {
    expect(loadConfig({}).webhookMaxAgeMs).toBe(7 * 24 * 3_600_000);
    expect(loadConfig({ SAFENET_WEBHOOK_MAX_AGE_HOURS: '24' }).webhookMaxAgeMs).toBe(86_400_000);
    expect(() => loadConfig({ SAFENET_WEBHOOK_MAX_AGE_HOURS: '0' })).toThrow(
      /SAFENET_WEBHOOK_MAX_AGE_HOURS/,
    );
  });
});

describe('loadConfig: rate limits', () => {
  it('limits keys to 600 and addresses to 60 requests a minute by default', () => {
    expect(loadConfig({}).rateLimits).toEqual({ perKeyPerMinute: 600, publicPerMinute: 60 });
  });

  it('reads both limits, 0 turning one off, and refuses a negative one', () => {
    const config = loadConfig({
      SAFENET_RATE_LIMIT_PER_MINUTE: '0',
      SAFENET_RATE_LIMIT_PUBLIC_PER_MINUTE: '20',
    });
    expect(config.rateLimits).toEqual({ perKeyPerMinute: 0, publicPerMinute: 20 });
    expect(() => loadConfig({ SAFENET_RATE_LIMIT_PER_MINUTE: '-1' })).toThrow(
      /SAFENET_RATE_LIMIT_PER_MINUTE/,
    );
  });
});

describe('loadConfig: what a channel adapter refuses, the hub refuses at load', () => {
  const twilio = {
    SAFENET_TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
    SAFENET_TWILIO_AUTH_TOKEN: 'token',
  };
  const MESSAGING_SERVICE = `MG${'0'.repeat(32)}`;

  it('refuses a WhatsApp Cloud phone-number id that is not numeric, naming the variable', () => {
    for (const id of ['+77010000000', '1065-4035', 'my-number']) {
      expect(() => loadConfig({ ...cloud, SAFENET_WHATSAPP_CLOUD_PHONE_NUMBER_ID: id })).toThrow(
        /SAFENET_WHATSAPP_CLOUD_PHONE_NUMBER_ID: must be the numeric phone number id/,
      );
    }
  });

  it('refuses a Twilio sender together with a Messaging Service instead of dropping the service', () => {
    expect(() =>
      loadConfig({
        ...twilio,
        SAFENET_TWILIO_FROM: 'SafeNet',
        SAFENET_TWILIO_MESSAGING_SERVICE_SID: MESSAGING_SERVICE,
      }),
    ).toThrow(
      /Twilio: set one of SAFENET_TWILIO_FROM and SAFENET_TWILIO_MESSAGING_SERVICE_SID, not both/,
    );
    const service = loadConfig({
      ...twilio,
      SAFENET_TWILIO_MESSAGING_SERVICE_SID: MESSAGING_SERVICE,
    });
    expect(service.twilio).toMatchObject({
      from: undefined,
      messagingServiceSid: MESSAGING_SERVICE,
    });
    const sender = loadConfig({ ...twilio, SAFENET_TWILIO_FROM: '+15005550006' });
    expect(sender.twilio).toMatchObject({ from: '+15005550006', messagingServiceSid: undefined });
  });

  it('refuses a sender the Twilio adapter refuses, and an SMTP sender the SMTP adapter refuses', () => {
    expect(() => loadConfig({ ...twilio, SAFENET_TWILIO_FROM: 'Safe Internet KZ' })).toThrow(
      /SAFENET_TWILIO_FROM: must be a phone number in E.164 form/,
    );
    expect(() =>
      loadConfig({ SAFENET_SMTP_URL: 'smtp://mail.example.org', SAFENET_SMTP_FROM: 'nobody' }),
    ).toThrow(/SAFENET_SMTP_FROM: must be one email address/);
  });

  it('lists every problem at once', () => {
    expect(() =>
      loadConfig({
        SAFENET_TWILIO_ACCOUNT_SID: 'AC1',
        SAFENET_TWILIO_AUTH_TOKEN: 'token',
        SAFENET_TWILIO_FROM: 'SafeNet',
        SAFENET_WHATSAPP_WEB_DAILY_CAP: '0',
      }),
    ).toThrow(/SAFENET_TWILIO_ACCOUNT_SID: .*\n {2}SAFENET_WHATSAPP_WEB_DAILY_CAP: /);
  });
});

describe('loadConfig: Zalo', () => {
  const zalo = {
    SAFENET_ZALO_APP_ID: '1234567890123456789',
    SAFENET_ZALO_APP_SECRET: 'app-secret',
    SAFENET_ZALO_OA_SECRET_KEY: 'oa-secret-key',
    SAFENET_ZALO_ACCESS_TOKEN: 'access-token',
    SAFENET_ZALO_REFRESH_TOKEN: 'refresh-token',
    SAFENET_ZALO_ACCESS_TOKEN_EXPIRES_AT: '2026-12-08T09:00:00+07:00',
  };

  it('turns Zalo on with all six, with Zalo’s servers and 10 messages a second', () => {
    expect(loadConfig({}).zalo).toBeUndefined();
    expect(loadConfig(zalo).zalo).toEqual({
      appId: '1234567890123456789',
      appSecret: 'app-secret',
      oaSecretKey: 'oa-secret-key',
      accessToken: 'access-token',
      refreshToken: 'refresh-token',
      accessTokenExpiresAt: new Date('2026-12-08T02:00:00Z'),
      templates: {},
      openApiUrl: 'https://openapi.zalo.me',
      businessApiUrl: 'https://business.openapi.zalo.me',
      oauthUrl: 'https://oauth.zaloapp.com',
      messagesPerSecond: 10,
    });
  });

  it('reads ZNS templates per language: title, body and constant parameters', () => {
    const config = loadConfig({
      ...zalo,
      SAFENET_ZALO_TEMPLATES:
        'vi=318822:tieu_de=title;noi_dung=body;truong=const:THCS Ea Kao (Đắk Lắk), en=318900:content=body',
    });
    expect(config.zalo?.templates).toEqual({
      vi: {
        templateId: '318822',
        params: {
          tieu_de: 'title',
          noi_dung: 'body',
          truong: { constant: 'THCS Ea Kao (Đắk Lắk)' },
        },
      },
      en: { templateId: '318900', params: { content: 'body' } },
    });
  });

  it('says what is wrong with a template entry, naming the variable', () => {
    const templates = (value: string) => () =>
      loadConfig({ ...zalo, SAFENET_ZALO_TEMPLATES: value });
    expect(templates('de=318822:noi_dung=body')).toThrow(
      /SAFENET_ZALO_TEMPLATES: "de=318822:noi_dung=body" should look like vi=318822:/,
    );
    expect(templates('vi=318822')).toThrow(/SAFENET_ZALO_TEMPLATES: "vi=318822" should look like/);
    expect(templates('vi=318822:noi_dung=text')).toThrow(/SAFENET_ZALO_TEMPLATES/);
    expect(templates('vi=abc:noi_dung=body')).toThrow(
      /SAFENET_ZALO_TEMPLATES.vi.templateId: must be the numeric ZNS template id/,
    );
    expect(templates('vi=318822:tieu_de=title')).toThrow(
      /SAFENET_ZALO_TEMPLATES.vi.params: one parameter must take the body/,
    );
    expect(templates('vi=1:a=body,vi=2:a=body')).toThrow(/vi has two templates/);
  });

  it('refuses part of the six, a bad app id, expiry or rate, naming the variable', () => {
    const { SAFENET_ZALO_REFRESH_TOKEN: _, ...fiveOfSix } = zalo;
    expect(() => loadConfig(fiveOfSix)).toThrow(
      /Zalo: set all of SAFENET_ZALO_APP_ID, .*SAFENET_ZALO_ACCESS_TOKEN_EXPIRES_AT \(or none\)/,
    );
    expect(() => loadConfig({ ...zalo, SAFENET_ZALO_APP_ID: 'my-app' })).toThrow(
      /SAFENET_ZALO_APP_ID: must be the numeric Zalo app id/,
    );
    expect(() => loadConfig({ ...zalo, SAFENET_ZALO_ACCESS_TOKEN_EXPIRES_AT: 'tomorrow' })).toThrow(
      /SAFENET_ZALO_ACCESS_TOKEN_EXPIRES_AT: must be a date and time/,
    );
    expect(() => loadConfig({ ...zalo, SAFENET_ZALO_MESSAGES_PER_SECOND: '1001' })).toThrow(
      /SAFENET_ZALO_MESSAGES_PER_SECOND/,
    );
  });
});
