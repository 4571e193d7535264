import { describe, expect, it } from 'vitest';
import { staleByMs } from './webhook-age.js';

const HOUR = 3_600_000;
const NOW = new Date('2026-06-01T12:00:00Z');

describe('staleByMs', () => {
  it('is 0 up to the bound and counts beyond it', () => {
    const at = (hoursAgo: number) => ({ newestEventAt: new Date(NOW.getTime() - hoursAgo * HOUR) });
    expect(staleByMs(at(23), 24 * HOUR, NOW)).toBe(0);
    expect(staleByMs(at(24), 24 * HOUR, NOW)).toBe(0);
    expect(staleByMs(at(25), 24 * HOUR, NOW)).toBe(HOUR);
  });

  it('cannot judge a request whose provider signs no time, nor one from the future', () => {
    expect(staleByMs({}, HOUR, NOW)).toBe(0);
    expect(staleByMs({ newestEventAt: new Date(NOW.getTime() + HOUR) }, HOUR, NOW)).toBe(0);
  });
});
