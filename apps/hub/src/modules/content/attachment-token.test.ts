import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ATTACHMENT_TOKEN_LENGTH,
  signAttachmentToken,
  verifyAttachmentToken,
} from './attachment-token.js';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const invalid = expect.objectContaining({ code: 'attachment_link_invalid', status: 404 });

describe('file link tokens', () => {
  it('are 40 URL-safe characters for every file, and name the file back', () => {
    fc.assert(
      fc.property(fc.uuid(), (attachmentId) => {
        const token = signAttachmentToken(SECRET, attachmentId);
        expect(token).toHaveLength(ATTACHMENT_TOKEN_LENGTH);
        expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(verifyAttachmentToken(SECRET, token)).toBe(attachmentId.toLowerCase());
      }),
    );
  });

  it('refuses a token altered in any character, cut short, or signed with another key', () => {
    const token = signAttachmentToken(SECRET, '0190a5a0-0000-7000-8000-000000000001');
    for (let i = 0; i < token.length; i += 1) {
      const other = token[i] === 'A' ? 'B' : 'A';
      const altered = `${token.slice(0, i)}${other}${token.slice(i + 1)}`;
      expect(() => verifyAttachmentToken(SECRET, altered)).toThrow(invalid);
    }
    expect(() => verifyAttachmentToken(SECRET, token.slice(0, 39))).toThrow(invalid);
    expect(() => verifyAttachmentToken(`${SECRET}!`, token)).toThrow(invalid);
  });
});
