import { SafenetError } from '@safenet/core';
import { describe, expect, it } from 'vitest';
import { classifySmtpError } from './smtp.errors.js';

/** An error shaped like the ones nodemailer reports. */
function smtpError(message: string, fields: Record<string, unknown>): Error {
  return Object.assign(new Error(message), fields);
}

describe('classifySmtpError', () => {
  it.each([
    [450, 'provider_unavailable', true],
    [421, 'provider_unavailable', true],
    [452, 'provider_unavailable', true],
    [550, 'provider_rejected', false],
    [552, 'provider_rejected', false],
    [554, 'provider_rejected', false],
    [503, 'provider_unavailable', true],
  ] as const)('maps SMTP reply %i to %s', (responseCode, code, retryable) => {
    const cause = smtpError('Message failed', {
      code: 'EENVELOPE',
      responseCode,
      response: `${responseCode} reply`,
    });
    const error = classifySmtpError(cause);
    expect(error).toMatchObject({ code, retryable, cause });
    expect(error.message).toContain(`${responseCode} reply`);
  });

  it.each([
    ['ECONNECTION', undefined],
    ['ETIMEDOUT', undefined],
    ['ESOCKET', 'ECONNREFUSED'],
    ['ESOCKET', 'ECONNRESET'],
    ['EDNS', 'ENOTFOUND'],
    ['EABORT', undefined],
    [undefined, 'EHOSTUNREACH'],
  ])('maps a connection failure (%s, %s) to provider_unavailable', (code, originalCode) => {
    const error = classifySmtpError(smtpError('connect failed', { code, originalCode }));
    expect(error).toMatchObject({ code: 'provider_unavailable', retryable: true });
  });

  it('maps a plain Node.js socket error to provider_unavailable', () => {
    const error = classifySmtpError(
      smtpError('connect ECONNREFUSED 127.0.0.1:25', { code: 'ECONNREFUSED' }),
    );
    expect(error).toMatchObject({ code: 'provider_unavailable', retryable: true });
  });

  it('maps an abort to provider_unavailable', () => {
    const abort = new DOMException('This operation was aborted', 'AbortError');
    expect(classifySmtpError(abort)).toMatchObject({ code: 'provider_unavailable' });
  });

  it('retries a refused login, which is about the configuration, not the message', () => {
    const cause = smtpError('Invalid login: 535 Invalid credentials', {
      code: 'EAUTH',
      responseCode: 535,
      command: 'AUTH PLAIN',
    });
    expect(classifySmtpError(cause)).toMatchObject({
      code: 'provider_unavailable',
      retryable: true,
    });
  });

  it('rejects a message nodemailer cannot send at all', () => {
    const error = classifySmtpError(smtpError('No recipients defined', { code: 'EENVELOPE' }));
    expect(error).toMatchObject({ code: 'provider_rejected', retryable: false });
  });

  it('retries what it does not recognise', () => {
    expect(classifySmtpError(new Error('surprise'))).toMatchObject({
      code: 'provider_unavailable',
      retryable: true,
    });
    expect(classifySmtpError('a string')).toMatchObject({ code: 'provider_unavailable' });
  });

  it('passes a SafenetError through', () => {
    const error = new SafenetError('provider_rejected', 'already classified');
    expect(classifySmtpError(error)).toBe(error);
  });
});
