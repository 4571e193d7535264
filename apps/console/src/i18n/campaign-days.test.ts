import { describe, expect, it } from 'vitest';
import { daysBetween, formatDay, todayIn, windowPosition } from './campaign-days.js';

describe('campaign days', () => {
  it('reads today in the campaign’s zone, not the reader’s', () => {
    // 2017-04-09 19:30 UTC is already the 10th in Almaty (UTC+6 then), still the 9th in London.
    const now = new Date('2017-04-09T19:30:00Z');
    expect(todayIn('Asia/Almaty', now)).toBe('2017-04-10');
    expect(todayIn('Europe/London', now)).toBe('2017-04-09');
  });

  it('counts days and places a day on the window', () => {
    expect(daysBetween('2017-04-10', '2017-04-21')).toBe(11);
    expect(daysBetween('2017-04-10', '2017-04-10')).toBe(0);
    // The 12-day window of "Safe Internet" 2017: its first day sits in the first twelfth.
    expect(windowPosition('2017-04-10', '2017-04-21', '2017-04-10')).toBeCloseTo(0.5 / 12);
    expect(windowPosition('2017-04-10', '2017-04-21', '2017-04-21')).toBeCloseTo(11.5 / 12);
    expect(windowPosition('2017-04-10', '2017-04-21', '2017-04-01')).toBeLessThan(0);
    expect(windowPosition('2017-04-10', '2017-04-21', '2017-05-01')).toBeGreaterThan(1);
  });

  it('shows a day as written, whatever the reader’s zone', () => {
    expect(formatDay('en-GB', '2017-04-10')).toBe('10 Apr 2017');
    expect(formatDay('kk-KZ', '2017-04-10')).toBe('10.04.2017');
  });
});
