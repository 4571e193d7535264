import { SafenetError } from '@safenet/core';
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { classifyTwilioError, parseRetryAfter, reasonForTwilioCode } from './twilio.errors.js';

/** A RestException as the twilio library builds it from an error answer. */
function restError(status: number, code: number, extra: Record<string, unknown> = {}) {
  const body = JSON.stringify({ code, message: `error ${code}`, more_info: '', status });
  return Object.assign(new twilio.RestException({ statusCode: status, body, headers: {} }), extra);
}

describe('classifyTwilioError', () => {
  it.each([
    [400, 21610, 'opted_out'],
    [400, 21211, 'invalid_address'],
    [400, 21614, 'invalid_address'],
    [400, 21612, 'invalid_address'],
    [400, 21408, 'provider_rejected'],
    [400, 21602, 'provider_rejected'],
    [403, 20403, 'provider_rejected'],
    [404, 20404, 'provider_rejected'],
  ])('refuses HTTP %i code %i for good, reason %s', (status, code, reason) => {
    const cause = restError(status, code);
    expect(classifyTwilioError(cause)).toMatchObject({
      code: 'provider_rejected',
      retryable: false,
      reason,
      providerCode: String(code),
      cause,
    });
  });

  it.each([
    [429, 20429],
    [500, 20500],
    [503, 20503],
    [401, 20003],
    [400, 20429],
  ])('retries HTTP %i code %i', (status, code) => {
    const error = classifyTwilioError(restError(status, code));
    expect(error).toMatchObject({
      code: 'provider_unavailable',
      retryable: true,
      providerCode: String(code),
    });
    expect(error.reason).toBeUndefined();
  });

  it('keeps the Retry-After of a 429', () => {
    const error = classifyTwilioError(restError(429, 20429, { retryAfterSeconds: 12 }));
    expect(error.retryAfterSeconds).toBe(12);
    expect(classifyTwilioError(restError(429, 20429)).retryAfterSeconds).toBeUndefined();
  });

  it('marks a 429 as throttling the whole account, a 5xx not', () => {
    expect(classifyTwilioError(restError(429, 20429)).throttlesChannel).toBe(true);
    expect(classifyTwilioError(restError(503, 20500)).throttlesChannel).toBe(false);
  });

  it('retries a failure without an HTTP answer', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
      code: 'ECONNREFUSED',
    });
    expect(classifyTwilioError(refused)).toMatchObject({
      code: 'provider_unavailable',
      retryable: true,
      providerCode: 'ECONNREFUSED',
    });
    expect(classifyTwilioError('odd')).toMatchObject({ code: 'provider_unavailable' });
  });

  it('names the HTTP status when Twilio sent no code', () => {
    const bare = new twilio.RestException({ statusCode: 502, body: 'Bad Gateway', headers: {} });
    expect(classifyTwilioError(bare)).toMatchObject({
      code: 'provider_unavailable',
      providerCode: 'HTTP 502',
    });
  });

  it('passes a SafenetError through', () => {
    const error = new SafenetError('provider_rejected', 'already classified');
    expect(classifyTwilioError(error)).toBe(error);
  });
});

describe('reasonForTwilioCode', () => {
  it.each([
    ['21610', 'opted_out'],
    ['30003', 'provider_unavailable'],
    ['30005', 'invalid_address'],
    ['30006', 'invalid_address'],
    ['30007', 'provider_rejected'],
    [undefined, 'provider_rejected'],
  ])('maps %s to %s', (code, reason) => {
    expect(reasonForTwilioCode(code)).toBe(reason);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-23T10:00:00Z');
  it.each([
    ['7', 7],
    [' 0 ', 0],
    [['3', '9'], 3],
    ['Mon, 23 Nov 2026 10:00:30 GMT', 30],
    ['Mon, 23 Nov 2026 09:59:00 GMT', 0],
    ['soon', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('reads %j as %s', (value, seconds) => {
    expect(parseRetryAfter(value, now)).toBe(seconds);
  });
});
