import { describe, expect, it } from 'vitest';
import { SafenetApiError } from './errors.js';
import { parseRetryAfter } from './problem.js';
import { backoffDelay, DEFAULT_RETRY_POLICY, retryDelay } from './retry.js';

const transient = (retryAfterSeconds?: number) =>
  new SafenetApiError({
    code: 'store_unavailable',
    status: 503,
    retryable: true,
    retryAfterSeconds,
  });

describe('backoffDelay', () => {
  it('doubles per attempt, keeps at least half of it and stays under the cap', () => {
    expect(backoffDelay(0, 250, 8_000, () => 0)).toBe(125);
    expect(backoffDelay(0, 250, 8_000, () => 1)).toBe(250);
    expect(backoffDelay(3, 250, 8_000, () => 0)).toBe(1_000);
    expect(backoffDelay(20, 250, 8_000, () => 1)).toBe(8_000);
  });
});

describe('retryDelay', () => {
  it('waits at least what Retry-After asks', () => {
    expect(retryDelay(transient(3), 0, DEFAULT_RETRY_POLICY)).toBe(3_000);
  });

  it('stops when attempts are used up or the error is not retryable', () => {
    expect(retryDelay(transient(), DEFAULT_RETRY_POLICY.retries, DEFAULT_RETRY_POLICY)).toBe(
      undefined,
    );
    const final = new SafenetApiError({ code: 'not_found', status: 404, retryable: false });
    expect(retryDelay(final, 0, DEFAULT_RETRY_POLICY)).toBe(undefined);
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds and HTTP dates', () => {
    const now = Date.parse('2017-04-10T09:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter('Mon, 10 Apr 2017 09:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('soon', now)).toBe(undefined);
    expect(parseRetryAfter(null, now)).toBe(undefined);
  });
});
