import { describe, expect, it } from 'vitest';
import { zonedWallTimeToIso } from './zoned-time.js';

describe('zonedWallTimeToIso', () => {
  it('gives the zone offset of that moment, across Almaty’s 2024 change', () => {
    expect(zonedWallTimeToIso('2017-04-10T09:00', 'Asia/Almaty')).toBe('2017-04-10T09:00:00+06:00');
    expect(zonedWallTimeToIso('2024-04-10T09:00', 'Asia/Almaty')).toBe('2024-04-10T09:00:00+05:00');
  });

  it('handles zones behind UTC and Vietnam', () => {
    expect(zonedWallTimeToIso('2022-08-16T08:30', 'Asia/Ho_Chi_Minh')).toBe(
      '2022-08-16T08:30:00+07:00',
    );
    expect(zonedWallTimeToIso('2022-01-15T08:30', 'America/New_York')).toBe(
      '2022-01-15T08:30:00-05:00',
    );
  });

  it('refuses what is not a wall-clock time', () => {
    expect(() => zonedWallTimeToIso('10 April', 'Asia/Almaty')).toThrow(RangeError);
  });
});
