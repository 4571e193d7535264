import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, nextAttemptAt, RETRY_DELAYS_MS } from './retry-schedule.js';

describe('the retry schedule', () => {
  it('waits 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h: eight tries over more than a day', () => {
    expect(MAX_ATTEMPTS).toBe(8);
    const offsets: number[] = [];
    let at = 0;
    for (let failed = 1; ; failed++) {
      const next = nextAttemptAt(failed, at);
      if (next === undefined) break;
      offsets.push(next - at);
      at = next;
    }
    expect(offsets).toEqual([...RETRY_DELAYS_MS]);
    expect(offsets.map((ms) => ms / 1000)).toEqual([5, 300, 1800, 7200, 18000, 36000, 36000]);
    // The last try comes 27 h 35 min 5 s after the first.
    expect(at).toBe(((27 * 60 + 35) * 60 + 5) * 1000);
    expect(at).toBeGreaterThan(24 * 3_600_000);
  });

  it('has no next try after the eighth', () => {
    expect(nextAttemptAt(MAX_ATTEMPTS - 1, 0)).toBe(36_000_000);
    expect(nextAttemptAt(MAX_ATTEMPTS, 0)).toBeUndefined();
  });
});
