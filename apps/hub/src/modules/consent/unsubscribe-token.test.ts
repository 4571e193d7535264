import { SafenetError } from '@safenet/core';
import { describe, expect, it } from 'vitest';
import { unsubscribeLinksWith } from './unsubscribe-links.js';
import { signUnsubscribeToken, verifyUnsubscribeToken } from './unsubscribe-token.js';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const CONTACT = '0190c0de-0000-7000-8000-000000000001';
const OTHER = '0190c0de-0000-7000-8000-000000000002';
const target = { contactId: CONTACT, channel: 'email' } as const;

function expectInvalid(token: string, secret = SECRET) {
  try {
    verifyUnsubscribeToken(secret, token);
  } catch (error) {
    expect(error).toBeInstanceOf(SafenetError);
    expect((error as SafenetError).code).toBe('unsubscribe_link_invalid');
    expect((error as SafenetError).status).toBe(404);
    return;
  }
  throw new Error(`token ${token} was accepted`);
}

/** Flips one character of base64url text to another valid one. */
function flip(text: string, at: number): string {
  const char = text[at] === 'A' ? 'B' : 'A';
  return `${text.slice(0, at)}${char}${text.slice(at + 1)}`;
}

describe('unsubscribe tokens', () => {
  it('round-trip the contact and the channel', () => {
    const token = signUnsubscribeToken(SECRET, target);
    expect(token).toMatch(/^[A-Za-z0-9_-]{24}\.[A-Za-z0-9_-]{43}$/);
    expect(verifyUnsubscribeToken(SECRET, token)).toEqual(target);
    const sms = signUnsubscribeToken(SECRET, { contactId: CONTACT, channel: 'sms' });
    expect(verifyUnsubscribeToken(SECRET, sms)).toEqual({ contactId: CONTACT, channel: 'sms' });
  });

  it('are the same every time, so a re-sent email carries the same link', () => {
    expect(signUnsubscribeToken(SECRET, target)).toBe(signUnsubscribeToken(SECRET, target));
  });

  it('refuse a tampered payload', () => {
    const [payload = '', signature = ''] = signUnsubscribeToken(SECRET, target).split('.');
    // Another channel, or another contact, under the first token's signature.
    const sms = signUnsubscribeToken(SECRET, { contactId: CONTACT, channel: 'sms' });
    const other = signUnsubscribeToken(SECRET, { ...target, contactId: OTHER });
    expectInvalid(`${sms.split('.')[0]}.${signature}`);
    expectInvalid(`${other.split('.')[0]}.${signature}`);
    for (const at of [0, 5, payload.length - 1]) expectInvalid(`${flip(payload, at)}.${signature}`);
  });

  it('refuse a tampered or truncated signature', () => {
    const [payload = '', signature = ''] = signUnsubscribeToken(SECRET, target).split('.');
    for (const at of [0, 20, 41]) expectInvalid(`${payload}.${flip(signature, at)}`);
    expectInvalid(`${payload}.${signature.slice(0, -1)}`);
    expectInvalid(`${payload}.${signature}A`);
    // Every other last character, including the three that decode to the same 32 bytes.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const spellings = [...alphabet].filter((char) => char !== signature.at(-1));
    const sameBytes = spellings.filter((char) =>
      Buffer.from(`${signature.slice(0, -1)}${char}`, 'base64url').equals(
        Buffer.from(signature, 'base64url'),
      ),
    );
    expect(sameBytes).toHaveLength(3);
    for (const char of spellings) expectInvalid(`${payload}.${signature.slice(0, -1)}${char}`);
    expectInvalid(`${payload}.`);
  });

  it('refuse a token signed with another secret', () => {
    const token = signUnsubscribeToken('another-secret-of-thirty-two-characters!', target);
    expectInvalid(token);
  });

  it.each(['', 'not-a-token', 'a.b.c', '.', 'eyJ2IjoxfQ.%2F%2F', 'x'.repeat(600)])(
    'refuse malformed input %#',
    (token) => {
      expectInvalid(token);
    },
  );

  it('name contacts by UUID only', () => {
    expect(() => signUnsubscribeToken(SECRET, { ...target, contactId: 'not-a-uuid' })).toThrow(
      /UUID/,
    );
  });
});

describe('unsubscribe links', () => {
  it('point at /v1/unsubscribe/<token> under the public URL', () => {
    const links = unsubscribeLinksWith(SECRET, 'https://hub.example.org/safenet/');
    const url = links.urlFor(CONTACT, 'email');
    const token = links.tokenFor(CONTACT, 'email');
    expect(url).toBe(`https://hub.example.org/safenet/v1/unsubscribe/${token}`);
    expect(links.verify(token)).toEqual(target);
  });
});
