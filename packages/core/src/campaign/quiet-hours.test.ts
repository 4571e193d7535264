import { describe, expect, it } from 'vitest';
import { localReading } from './calendar.js';
import { DEFAULT_QUIET_HOURS, effectiveQuietHours, isQuiet, nextAllowed } from './quiet-hours.js';

const iso = (d: Date) => d.toISOString();

describe('isQuiet', () => {
  it('is quiet from 21:00 (included) to 08:00 (excluded) by default, across midnight', () => {
    const zone = 'Asia/Almaty'; // UTC+5 in 2025
    const cases: Array<[string, boolean]> = [
      ['2025-06-03T15:59:00Z', false], // 20:59
      ['2025-06-03T16:00:00Z', true], // 21:00
      ['2025-06-03T19:00:00Z', true], // 00:00
      ['2025-06-04T02:59:00Z', true], // 07:59
      ['2025-06-04T03:00:00Z', false], // 08:00
      ['2025-06-04T07:00:00Z', false], // 12:00
    ];
    for (const [instant, quiet] of cases) {
      expect(isQuiet(DEFAULT_QUIET_HOURS, new Date(instant), zone), instant).toBe(quiet);
    }
  });

  it('keeps a window inside one day, and none when from equals to', () => {
    const siesta = { from: '13:00', to: '15:00' };
    expect(isQuiet(siesta, new Date('2025-06-04T12:59:00Z'), 'UTC')).toBe(false);
    expect(isQuiet(siesta, new Date('2025-06-04T13:00:00Z'), 'UTC')).toBe(true);
    expect(isQuiet(siesta, new Date('2025-06-04T15:00:00Z'), 'UTC')).toBe(false);
    expect(isQuiet(siesta, new Date('2025-06-04T23:00:00Z'), 'UTC')).toBe(false);
    const none = { from: '08:00', to: '08:00' };
    for (let h = 0; h < 24; h++) {
      expect(isQuiet(none, new Date(Date.UTC(2025, 5, 4, h, 30)), 'UTC')).toBe(false);
    }
  });
});

describe('nextAllowed', () => {
  it('sends one broadcast at 22:00 in Almaty to each recipient at their own 08:00', () => {
    const sentAt = new Date('2024-06-03T17:00:00Z'); // 22:00 in Almaty (UTC+5), 00:00 in Ho Chi Minh City
    const almaty = nextAllowed(DEFAULT_QUIET_HOURS, sentAt, 'Asia/Almaty');
    const hoChiMinh = nextAllowed(DEFAULT_QUIET_HOURS, sentAt, 'Asia/Ho_Chi_Minh');
    expect(iso(almaty)).toBe('2024-06-04T03:00:00.000Z');
    expect(iso(hoChiMinh)).toBe('2024-06-04T01:00:00.000Z');
    expect(localReading(almaty, 'Asia/Almaty')).toEqual({ date: '2024-06-04', time: '08:00' });
    expect(localReading(hoChiMinh, 'Asia/Ho_Chi_Minh')).toEqual({
      date: '2024-06-04',
      time: '08:00',
    });
  });

  it('is the instant itself outside quiet hours, and the same morning after midnight', () => {
    const noon = new Date('2024-06-04T07:00:00Z');
    expect(nextAllowed(DEFAULT_QUIET_HOURS, noon, 'Asia/Almaty')).toBe(noon);
    const lateNight = new Date('2024-06-03T21:30:00Z'); // 02:30 in Almaty on 4 June
    expect(iso(nextAllowed(DEFAULT_QUIET_HOURS, lateNight, 'Asia/Almaty'))).toBe(
      '2024-06-04T03:00:00.000Z',
    );
    const siesta = { from: '13:00', to: '15:00' };
    expect(iso(nextAllowed(siesta, new Date('2024-06-04T13:10:00Z'), 'UTC'))).toBe(
      '2024-06-04T15:00:00.000Z',
    );
  });

  it('ends the night by the wall clock when the offset changes during it', () => {
    // Almaty, night of 29 February 2024: 22:00 UTC+6, clocks back an hour at midnight.
    const almatyEvening = new Date('2024-02-29T16:00:00Z');
    expect(iso(nextAllowed(DEFAULT_QUIET_HOURS, almatyEvening, 'Asia/Almaty'))).toBe(
      '2024-03-01T03:00:00.000Z', // 08:00 UTC+5
    );
    // New York, spring forward (02:00 → 03:00) over the end of a window ending 02:30: the
    // night ends with the jump, at 03:00 EDT.
    const quiet = { from: '22:00', to: '02:30' };
    const night = new Date('2021-03-14T05:00:00Z'); // 00:00 EST
    expect(iso(nextAllowed(quiet, night, 'America/New_York'))).toBe('2021-03-14T07:00:00.000Z');
    // The jump lands inside the next night (quiet 03:01–02:01): the one minute it leaves,
    // 03:00 EDT, is the day's, not 02:01 the next day (found by the property test).
    const short = { from: '03:01', to: '02:01' };
    const evening = new Date('2021-03-14T00:00:00Z'); // 19:00 EST the evening before
    expect(iso(nextAllowed(short, evening, 'America/New_York'))).toBe('2021-03-14T07:00:00.000Z');
  });

  it('takes the reading of a repeated end time that comes after the instant', () => {
    // New York, 7 November 2021: 01:00–02:00 happens twice. Quiet until 01:30.
    const quiet = { from: '23:00', to: '01:30' };
    const secondOneFifteen = new Date('2021-11-07T06:15:00Z'); // 01:15 EST, the second reading
    const end = nextAllowed(quiet, secondOneFifteen, 'America/New_York');
    expect(iso(end)).toBe('2021-11-07T06:30:00.000Z'); // 01:30 EST
    expect(end.getTime()).toBeGreaterThan(secondOneFifteen.getTime());
  });
});

describe('effectiveQuietHours', () => {
  it('takes the nearest setting from the organisation up to the root, else the default', () => {
    const district = { from: '22:00', to: '07:00' };
    const province = { from: '20:00', to: '09:00' };
    expect(effectiveQuietHours([undefined, district, province])).toBe(district);
    expect(effectiveQuietHours([null, null, province])).toBe(province);
    expect(effectiveQuietHours([null, undefined])).toEqual({ from: '21:00', to: '08:00' });
    expect(effectiveQuietHours([])).toBe(DEFAULT_QUIET_HOURS);
    const off = { from: '00:00', to: '00:00' };
    expect(effectiveQuietHours([off, district])).toBe(off);
  });
});
