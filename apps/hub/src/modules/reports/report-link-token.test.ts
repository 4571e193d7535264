import { SafenetError } from '@safenet/core';
import { describe, expect, it } from 'vitest';
import { signReportLinkToken, verifyReportLinkToken } from './report-link-token.js';

const SECRET = 'report-link-test-secret';
const ID = '0190f3c2-7a1b-7c3d-8e4f-5a6b7c8d9e0f';

const refused = (token: string, secret = SECRET) => {
  try {
    verifyReportLinkToken(secret, token);
  } catch (error) {
    return error instanceof SafenetError ? error.code : 'other';
  }
  return 'accepted';
};

describe('report link tokens', () => {
  it('round-trips the link id in 46 characters', () => {
    const token = signReportLinkToken(SECRET, ID);
    expect(token).toHaveLength(46);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(verifyReportLinkToken(SECRET, token)).toBe(ID);
  });

  it('refuses every one-character change, a cut token, another key and junk', () => {
    const token = signReportLinkToken(SECRET, ID);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let i = 0; i < token.length; i++) {
      if (token[i] === '.') continue;
      const other = alphabet[(alphabet.indexOf(token[i] ?? 'A') + 1) % alphabet.length];
      const changed = `${token.slice(0, i)}${other}${token.slice(i + 1)}`;
      expect(refused(changed), changed).toBe('report_link_invalid');
    }
    expect(refused(token.slice(0, -1))).toBe('report_link_invalid');
    expect(refused(token, 'another hub')).toBe('report_link_invalid');
    for (const junk of ['', '.', 'a.b.c', `${token}.x`, 'x'.repeat(500), 'é.é']) {
      expect(refused(junk), junk).toBe('report_link_invalid');
    }
  });

  it('signs only UUIDs', () => {
    expect(() => signReportLinkToken(SECRET, 'school-9')).toThrow(TypeError);
  });
});
