import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as arb from '../testing/campaign-arbitraries.js';
import { localReading } from './calendar.js';
import { DEFAULT_QUIET_HOURS, isQuiet, nextAllowed } from './quiet-hours.js';

const MINUTE_MS = 60_000;
const toMinutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3));

/** Ends that clock changes skip or repeat in the zones of the arbitraries (00:xx, 01:xx, 02:xx). */
const changeTimes = fc.constantFrom(
  '00:00',
  '00:15',
  '00:30',
  '01:00',
  '01:30',
  '02:00',
  '02:15',
  '02:30',
  '23:30',
);

/** Quiet hours of any shape: across midnight, inside a day, none; often the default. */
const quietHours = fc.oneof(
  fc.constant(DEFAULT_QUIET_HOURS),
  fc.record({ from: arb.time, to: arb.time }),
  fc.record({ from: fc.oneof(arb.time, changeTimes), to: changeTimes }),
);

describe('quiet-hour properties', () => {
  it('isQuiet reads the local wall clock: inside [from, to), across midnight when from > to', () => {
    fc.assert(
      fc.property(quietHours, arb.zoneAndInstant, (quiet, [zone, instant]) => {
        const now = toMinutes(localReading(instant, zone).time);
        const from = toMinutes(quiet.from);
        const to = toMinutes(quiet.to);
        const inside =
          from === to ? false : from < to ? from <= now && now < to : now >= from || now < to;
        expect(isQuiet(quiet, instant, zone)).toBe(inside);
      }),
      { numRuns: 500 },
    );
  });

  it('nextAllowed is never quiet, never earlier, the instant itself when not quiet, else the end of the quiet period', () => {
    fc.assert(
      fc.property(quietHours, arb.zoneAndInstant, (quiet, [zone, instant]) => {
        const allowed = nextAllowed(quiet, instant, zone);
        expect(isQuiet(quiet, allowed, zone)).toBe(false);
        expect(allowed.getTime()).toBeGreaterThanOrEqual(instant.getTime());
        if (!isQuiet(quiet, instant, zone)) {
          expect(allowed).toBe(instant);
          return;
        }
        // The end of the period, not a later one: the minute before is still quiet…
        const before = new Date(allowed.getTime() - MINUTE_MS);
        if (before > instant) expect(isQuiet(quiet, before, zone)).toBe(true);
        // …and no night lasts longer than two days (a day, plus a clock change skipping the
        // only allowed minute of quiet hours 00:01–00:00).
        expect(allowed.getTime() - instant.getTime()).toBeLessThanOrEqual(50 * 60 * MINUTE_MS);
        // It is `to` on the wall clock, unless the clocks jumped over `to`.
        const reading = localReading(allowed, zone).time;
        if (reading !== quiet.to) {
          const step =
            (toMinutes(reading) - toMinutes(localReading(before, zone).time) + 1440) % 1440;
          expect(step, `ends at ${reading} instead of ${quiet.to} in ${zone}`).not.toBe(1);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('sampled minute by minute, the quiet period ends exactly where nextAllowed says', () => {
    fc.assert(
      fc.property(quietHours, arb.zoneAndInstant, (quiet, [zone, instant]) => {
        const start = new Date(Math.floor(instant.getTime() / MINUTE_MS) * MINUTE_MS);
        let probe = start;
        for (let i = 0; i < 50 * 60 && isQuiet(quiet, probe, zone); i++) {
          probe = new Date(probe.getTime() + MINUTE_MS);
        }
        expect(nextAllowed(quiet, start, zone).getTime()).toBe(probe.getTime());
      }),
      { numRuns: 60 },
    );
  });
});
