import { describe, expect, it } from 'vitest';
import { WhatsAppCloudConfig } from './cloud.config.js';

const REQUIRED = {
  phoneNumberId: '106540352242922',
  accessToken: 'EAAG…',
  appSecret: 'secret',
  verifyToken: 'verify',
};

describe('WhatsAppCloudConfig', () => {
  it('applies the Graph URL, no templates and 80 messages/s', () => {
    expect(WhatsAppCloudConfig.parse(REQUIRED)).toEqual({
      ...REQUIRED,
      graphUrl: 'https://graph.facebook.com/v21.0',
      templates: {},
      messagesPerSecond: 80,
    });
  });

  it('keeps templates per language and drops a trailing slash from the Graph URL', () => {
    const config = WhatsAppCloudConfig.parse({
      ...REQUIRED,
      graphUrl: 'http://127.0.0.1:8080/v21.0/',
      templates: { en: { name: 'safenet_guidance', language: 'en_US' } },
      mode: 'template',
    });
    expect(config.graphUrl).toBe('http://127.0.0.1:8080/v21.0');
    expect(config.templates).toEqual({ en: { name: 'safenet_guidance', language: 'en_US' } });
    expect(config.mode).toBe('template');
  });

  it('keeps a language’s templates with and without a media header', () => {
    const ru = [
      { name: 'safenet_guidance', language: 'ru' },
      { name: 'safenet_memo', language: 'ru', header: 'document' as const },
    ];
    expect(WhatsAppCloudConfig.parse({ ...REQUIRED, templates: { ru } }).templates).toEqual({ ru });
  });

  it.each([
    { phoneNumberId: '+7 701 000 00 00' },
    {
      templates: {
        ru: [
          { name: 'a', language: 'ru', header: 'image' },
          { name: 'b', language: 'ru', header: 'image' },
        ],
      },
    },
    { templates: { ru: { name: 'a', language: 'ru', header: 'video' } } },
    { templates: { ru: [] } },
    { accessToken: '' },
    { graphUrl: 'graph.facebook.com' },
    { templates: { de: { name: 'x', language: 'de' } } },
    { templates: { ru: { name: 'Safenet Guidance', language: 'ru' } } },
    { templates: { en: { name: 'safenet', language: 'english' } } },
    { mode: 'session' },
    { messagesPerSecond: 0 },
  ])('refuses %o', (override) => {
    expect(WhatsAppCloudConfig.safeParse({ ...REQUIRED, ...override }).success).toBe(false);
  });
});
