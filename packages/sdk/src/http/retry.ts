import type { SafenetApiError } from './errors.js';

/** The retry policy of one client. */
export interface RetryPolicy {
  /** Extra attempts after the first. */
  retries: number;
  /** First backoff; it doubles per attempt. */
  baseDelayMs: number;
  /** Largest backoff between two attempts. */
  maxDelayMs: number;
  /** A `Retry-After` longer than this is not waited for: the error is thrown instead. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retries: 2,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
};

/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random, so
 * clients that failed together do not come back together, yet none retries at once.
 */
export function backoffDelay(
  attempt: number,
  baseDelayMs: number,
  maxDelayMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
  return ceiling / 2 + random() * (ceiling / 2);
}

/**
 * How long to wait before retrying after `error` on attempt `attempt` (0-based), or
 * `undefined` when the SDK must not retry: the error is not retryable, attempts are used
 * up, or the hub asked to come back later than the policy is willing to wait.
 */
export function retryDelay(
  error: SafenetApiError,
  attempt: number,
  policy: RetryPolicy,
): number | undefined {
  if (!error.retryable || attempt >= policy.retries) return undefined;
  const backoff = backoffDelay(attempt, policy.baseDelayMs, policy.maxDelayMs);
  if (error.retryAfterSeconds === undefined) return backoff;
  const asked = error.retryAfterSeconds * 1000;
  if (asked > policy.maxRetryAfterMs) return undefined;
  return Math.max(asked, backoff);
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
