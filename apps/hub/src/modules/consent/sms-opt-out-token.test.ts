import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SMS_OPT_OUT_TOKEN_LENGTH,
  signSmsOptOutToken,
  verifySmsOptOutToken,
} from './sms-opt-out-token.js';
import { unsubscribeLinksWith } from './unsubscribe-links.js';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';

describe('SMS opt-out tokens', () => {
  it('are 40 URL-safe characters for every contact, and name the contact back', () => {
    fc.assert(
      fc.property(fc.uuid(), (contactId) => {
        const token = signSmsOptOutToken(SECRET, contactId);
        expect(token).toHaveLength(SMS_OPT_OUT_TOKEN_LENGTH);
        expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(verifySmsOptOutToken(SECRET, token)).toBe(contactId.toLowerCase());
      }),
    );
  });

  it('refuses a token altered in any character, cut short, or signed with another key', () => {
    const contactId = '0190a5a0-0000-7000-8000-000000000001';
    const token = signSmsOptOutToken(SECRET, contactId);
    const invalid = { code: 'unsubscribe_link_invalid' };
    for (let i = 0; i < token.length; i += 1) {
      const other = token[i] === 'A' ? 'B' : 'A';
      const altered = `${token.slice(0, i)}${other}${token.slice(i + 1)}`;
      expect(() => verifySmsOptOutToken(SECRET, altered)).toThrow(expect.objectContaining(invalid));
    }
    expect(() => verifySmsOptOutToken(SECRET, token.slice(0, 39))).toThrow(
      expect.objectContaining(invalid),
    );
    expect(() => verifySmsOptOutToken(`${SECRET}!`, token)).toThrow(
      expect.objectContaining(invalid),
    );
  });

  it('make one short link per contact under the public URL, none when turned off', () => {
    const on = unsubscribeLinksWith(SECRET, 'https://hub.example.org/');
    const url = on.smsOptOutUrlFor('0190a5a0-0000-7000-8000-000000000001');
    expect(url).toMatch(/^https:\/\/hub\.example\.org\/u\/[A-Za-z0-9_-]{40}$/);
    expect(on.verifySmsOptOut(url?.split('/u/')[1] as string)).toEqual({
      contactId: '0190a5a0-0000-7000-8000-000000000001',
      channel: 'sms',
    });
    const off = unsubscribeLinksWith(SECRET, 'https://hub.example.org', { smsOptOutLink: false });
    expect(off.smsOptOutUrlFor('0190a5a0-0000-7000-8000-000000000001')).toBeNull();
  });
});
