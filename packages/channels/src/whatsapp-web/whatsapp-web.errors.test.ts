import { SafenetError } from '@safenet/core';
import { describe, expect, it } from 'vitest';
import { classifyWhatsAppWebError, isBanState } from './whatsapp-web.errors.js';

describe('classifyWhatsAppWebError', () => {
  it.each([
    'Evaluation failed: Error: This account is banned',
    'Evaluation failed: Error: TOS_BLOCK',
    'Your phone number is blocked from using WhatsApp',
    'SMB_TOS_BLOCK',
  ])('treats "%s" as a ban: permanent provider_rejected', (message) => {
    const cause = new Error(message);
    const { error, banned } = classifyWhatsAppWebError(cause);
    expect(banned).toBe(true);
    expect(error).toMatchObject({ code: 'provider_rejected', retryable: false, cause });
    expect(error.message).toContain(message);
  });

  it.each([
    'Evaluation failed: TypeError: Cannot read properties of undefined (reading "serialize")',
    'Protocol error (Runtime.callFunctionOn): Session closed. Most likely the page has been closed.',
    'Protocol error (Runtime.callFunctionOn): Target closed',
    'Execution context was destroyed, most likely because of a navigation.',
  ])('retries a broken page or in-page failure: "%s"', (message) => {
    const { error, banned } = classifyWhatsAppWebError(new Error(message));
    expect(banned).toBe(false);
    expect(error).toMatchObject({ code: 'provider_unavailable', retryable: true });
    expect(error.message).toMatch(/^WhatsApp Web failed or disconnected during the send: /);
  });

  it('retries what it does not recognise', () => {
    expect(classifyWhatsAppWebError(new Error('surprise')).error).toMatchObject({
      code: 'provider_unavailable',
      retryable: true,
      message: 'The WhatsApp Web send failed: surprise',
    });
    expect(classifyWhatsAppWebError('a string').error.message).toContain('a string');
  });

  it('does not mistake PROXYBLOCK or other words for a ban', () => {
    expect(classifyWhatsAppWebError(new Error('PROXYBLOCK')).banned).toBe(false);
    expect(classifyWhatsAppWebError(new Error('unblocking chat list')).banned).toBe(false);
  });

  it('passes a SafenetError through', () => {
    const error = new SafenetError('provider_rejected', 'no', { reason: 'not_on_whatsapp' });
    expect(classifyWhatsAppWebError(error)).toEqual({ error, banned: false });
  });
});

describe('isBanState', () => {
  it.each([
    ['TOS_BLOCK', true],
    ['SMB_TOS_BLOCK', true],
    ['CONFLICT', false],
    ['UNPAIRED', false],
    ['LOGOUT', false],
    ['PROXYBLOCK', false],
  ])('%s → %s', (state, expected) => {
    expect(isBanState(state)).toBe(expected);
  });
});
