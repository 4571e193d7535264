import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { parseGrace } from './calendar.config.js';

describe('SAFENET_CALENDAR_GRACE', () => {
  it('reads seconds, minutes and hours', () => {
    expect(parseGrace('90s')).toBe(90_000);
    expect(parseGrace('15m')).toBe(900_000);
    expect(parseGrace('2h')).toBe(7_200_000);
    expect(parseGrace('0m')).toBe(0);
    for (const bad of ['15', '15 min', '1.5h', '-5m', 'm', ''])
      expect(parseGrace(bad)).toBeUndefined();
  });

  it('defaults to 15 minutes and refuses what is not a duration', () => {
    const base = {};
    expect(loadConfig(base).calendar.graceMs).toBe(15 * 60_000);
    expect(loadConfig({ ...base, SAFENET_CALENDAR_GRACE: '2h' }).calendar.graceMs).toBe(7_200_000);
    expect(() => loadConfig({ ...base, SAFENET_CALENDAR_GRACE: 'soon' })).toThrow(
      /SAFENET_CALENDAR_GRACE: write a duration such as 90s, 15m or 2h/,
    );
  });
});
