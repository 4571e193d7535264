import { describe, expect, it } from 'vitest';
import { SmtpConfig } from './smtp.config.js';

describe('SmtpConfig', () => {
  it('applies the pool and TLS defaults', () => {
    expect(
      SmtpConfig.parse({ url: 'smtp://mail.example.org', from: 'noreply@example.org' }),
    ).toEqual({
      url: 'smtp://mail.example.org',
      from: { name: '', address: 'noreply@example.org' },
      pool: { maxConnections: 5, maxMessages: 100 },
      ignoreTLS: false,
      rejectUnauthorized: true,
    });
  });

  it('keeps a display name, in any script', () => {
    const config = SmtpConfig.parse({
      url: 'smtps://u:p%40ss@mail.example.org:465',
      from: '"Қауіпсіз Интернет" <noreply@edu.kz>',
      pool: { maxConnections: 2 },
    });
    expect(config.from).toEqual({ name: 'Қауіпсіз Интернет', address: 'noreply@edu.kz' });
    expect(config.pool).toEqual({ maxConnections: 2, maxMessages: 100 });
  });

  it.each([
    ['http://mail.example.org', 'noreply@example.org'],
    ['smtp://', 'noreply@example.org'],
    ['mail.example.org:25', 'noreply@example.org'],
    ['smtp://mail.example.org', 'not an address'],
    ['smtp://mail.example.org', 'a@example.org, b@example.org'],
  ])('refuses url %s with from %s', (url, from) => {
    expect(SmtpConfig.safeParse({ url, from }).success).toBe(false);
  });

  it('refuses an empty pool', () => {
    const config = { url: 'smtp://h', from: 'a@h', pool: { maxConnections: 0 } };
    expect(SmtpConfig.safeParse(config).success).toBe(false);
  });
});
