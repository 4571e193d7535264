import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { withTimeout } from './send-timeout.js';

describe('withTimeout', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('leaves no timer behind once the work has settled, answered or failed', async () => {
    await expect(withTimeout(30_000, async () => 'sent')).resolves.toBe('sent');
    await expect(
      withTimeout(30_000, async () => {
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('aborts work still running after the time with a TimeoutError, not before', async () => {
    let seen: AbortSignal | undefined;
    const running = withTimeout(
      30_000,
      (signal) =>
        new Promise((_, reject) => {
          seen = signal;
          signal.addEventListener('abort', () => reject(signal.reason));
        }),
    );
    const outcome = running.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(seen?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await outcome).toMatchObject({ name: 'TimeoutError' });
    expect(vi.getTimerCount()).toBe(0);
  });
});
