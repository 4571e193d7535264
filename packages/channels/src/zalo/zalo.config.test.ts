import { describe, expect, it } from 'vitest';
import { ZaloConfig } from './zalo.config.js';

const REQUIRED = {
  appId: '1234567890123456789',
  appSecret: 'app-secret',
  oaSecretKey: 'oa-secret',
  accessToken: 'access',
  refreshToken: 'refresh',
  accessTokenExpiresAt: '2026-12-08T09:00:00Z',
};

describe('ZaloConfig', () => {
  it('applies Zalo’s URLs, no templates and 10 messages/s', () => {
    expect(ZaloConfig.parse(REQUIRED)).toEqual({
      ...REQUIRED,
      accessTokenExpiresAt: new Date('2026-12-08T09:00:00Z'),
      templates: {},
      openApiUrl: 'https://openapi.zalo.me',
      businessApiUrl: 'https://business.openapi.zalo.me',
      oauthUrl: 'https://oauth.zaloapp.com',
      messagesPerSecond: 10,
    });
  });

  it('keeps templates per language with title, body and constant parameters', () => {
    const vi = {
      templateId: '318822',
      params: { tieu_de: 'title', noi_dung: 'body', truong: { constant: 'THCS Gia Lâm' } },
    };
    expect(ZaloConfig.parse({ ...REQUIRED, templates: { vi } }).templates).toEqual({ vi });
  });

  it.each([
    { appId: 'app' },
    { accessTokenExpiresAt: 'tomorrow' },
    { templates: { vi: { templateId: 'abc', params: { a: 'body' } } } },
    { templates: { vi: { templateId: '1', params: { a: 'title' } } } },
    { templates: { vi: { templateId: '1', params: { a: 'url' } } } },
    { templates: { de: { templateId: '1', params: { a: 'body' } } } },
    { oauthUrl: 'oauth.zaloapp.com' },
    { refreshToken: '' },
  ])('refuses %o', (override) => {
    expect(ZaloConfig.safeParse({ ...REQUIRED, ...override }).success).toBe(false);
  });
});
