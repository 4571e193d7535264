import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as arb from '../testing/campaign-arbitraries.js';
import {
  addDays,
  type CampaignCalendar,
  localReading,
  occurrences,
  zonedInstant,
} from './calendar.js';
import type { Schedule } from './model.js';
import { recurrenceDates } from './recurrence.js';

const ALL_TIME = { from: new Date('1990-01-01T00:00:00Z'), to: new Date('2100-01-01T00:00:00Z') };
const DAY_MS = 86_400_000;
const wall = (r: { date: string; time: string }) => `${r.date}T${r.time}`;

/** Milliseconds of a wall-clock reading taken as if it were UTC: arithmetic on readings. */
const wallMs = (r: string) => Date.parse(`${r}:00Z`);
/** The offset in force at an instant, from its reading alone. */
const offsetAt = (instant: Date, zone: string) =>
  wallMs(wall(localReading(instant, zone))) - instant.getTime();

/**
 * The wall-clock contract of every rule, checked from readings alone: either `at` reads the
 * requested date and time and no other offset in force that day reads it earlier (a repeated
 * time takes its first reading); or the requested time does not exist: `at` reads later by
 * exactly the change of offset, and the instant the old offset would give reads as much
 * earlier (a gap moves forward by its length).
 */
function expectWallClock(at: Date, date: string, time: string, zone: string) {
  const requested = `${date}T${time}`;
  const reading = wall(localReading(at, zone));
  if (reading === requested) {
    const offsets = [-1, 1].map((days) => offsetAt(new Date(at.getTime() + days * DAY_MS), zone));
    for (const offset of offsets) {
      const other = new Date(wallMs(requested) - offset);
      if (other < at)
        expect(wall(localReading(other, zone)), `${requested} in ${zone}: first reading`).not.toBe(
          requested,
        );
    }
    return;
  }
  const shift = wallMs(reading) - wallMs(requested);
  expect(shift, `${requested} in ${zone} read as ${reading}`).toBeGreaterThan(0);
  expect(shift).toBeLessThanOrEqual(DAY_MS);
  const before = new Date(at.getTime() - shift);
  expect(offsetAt(at, zone) - offsetAt(before, zone), `${requested} in ${zone}: a gap`).toBe(shift);
  expect(wallMs(wall(localReading(before, zone)))).toBe(wallMs(requested) - shift);
}

describe('calendar properties', () => {
  it('a wall clock lands on its local date and time in any zone, or after a gap', () => {
    fc.assert(
      fc.property(arb.zoneAndDate, arb.time, ([zone, date], time) => {
        expectWallClock(zonedInstant(date, time, zone), date, time, zone);
      }),
      { numRuns: 400 },
    );
  });

  it('a relative rule lands `days` after its anchor, at its time, in any zone', () => {
    const anchors = fc.constantFrom('campaign.start', 'campaign.end', 'phase.start', 'phase.end');
    fc.assert(
      fc.property(
        arb.zoneAndDate,
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: -60, max: 60 }),
        arb.time,
        anchors,
        ([zone, startsOn], length, days, time, to) => {
          const endsOn = addDays(startsOn, length);
          const campaign: CampaignCalendar = {
            startsOn,
            endsOn,
            timeZone: zone,
            phases: [{ key: 'main', title: { en: 'Main' }, startsOn, endsOn }],
          };
          const anchor =
            to === 'phase.start' || to === 'phase.end'
              ? { to, phase: 'main' }
              : { to: to as 'campaign.start' | 'campaign.end' };
          const schedule: Schedule = {
            when: { kind: 'relative', anchor, days, time },
            zone: 'campaign',
          };
          const fired = occurrences(schedule, campaign, zone, ALL_TIME);
          const day = to.endsWith('start') ? startsOn : endsOn;
          const expected = addDays(day, days);
          expect(fired).toHaveLength(1);
          expect(fired[0]?.localDate).toBe(expected);
          expect(fired[0]?.key).toBe(`${expected}T${time}@${zone}`);
          expectWallClock(fired[0]?.at as Date, expected, time, zone);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('adding days is exact and reversible', () => {
    fc.assert(
      fc.property(arb.anyDate, fc.integer({ min: -2000, max: 2000 }), (date, days) => {
        const moved = addDays(date, days);
        expect(addDays(moved, -days)).toBe(date);
        const diff = (Date.parse(`${moved}T00:00:00Z`) - Date.parse(`${date}T00:00:00Z`)) / DAY_MS;
        expect(diff).toBe(days);
      }),
    );
  });

  const weekdays = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
  const rules = fc.oneof(
    fc.subarray([...weekdays], { minLength: 1 }).map((days) => ({
      rrule: `FREQ=WEEKLY;BYDAY=${days.join(',')}`,
      days: new Set<string>(days),
    })),
    fc.integer({ min: 1, max: 5 }).map((n) => ({ rrule: `FREQ=DAILY;INTERVAL=${n}`, every: n })),
    fc
      .integer({ min: 1, max: 28 })
      .map((d) => ({ rrule: `FREQ=MONTHLY;BYMONTHDAY=${d}`, monthDay: d })),
  );

  it('recurrences stay inside the window, sorted, unique, on the days the rule names', () => {
    fc.assert(
      fc.property(
        rules,
        arb.zoneAndDate,
        fc.integer({ min: 0, max: 200 }),
        arb.time,
        (rule, [zone, startsOn], length, time) => {
          const endsOn = addDays(startsOn, length);
          const campaign: CampaignCalendar = { startsOn, endsOn, timeZone: zone };
          const schedule: Schedule = {
            when: { kind: 'recurring', rrule: rule.rrule, time },
            zone: 'campaign',
          };
          const fired = occurrences(schedule, campaign, zone, ALL_TIME);
          const keys = fired.map((o) => o.key);
          expect(new Set(keys).size).toBe(keys.length);
          for (const [i, o] of fired.entries()) {
            expect(o.localDate >= startsOn && o.localDate <= endsOn, o.localDate).toBe(true);
            if (i > 0)
              expect(o.at.getTime()).toBeGreaterThan((fired[i - 1] as { at: Date }).at.getTime());
            expectWallClock(o.at, o.localDate, time, zone);
            const day = new Date(`${o.localDate}T00:00:00Z`);
            if ('days' in rule)
              expect(rule.days.has(weekdays[(day.getUTCDay() + 6) % 7] as string)).toBe(true);
            if ('monthDay' in rule) expect(day.getUTCDate()).toBe(rule.monthDay);
          }
          // Against a count made by hand: every n-th day from the first, every matching day.
          const dates = recurrenceDates(rule.rrule, { from: startsOn, to: endsOn });
          // Every day fires, once: a day skipped whole shares the next day's firing.
          for (const o of fired) expect(dates).toContain(o.localDate);
          const instants = new Set(fired.map((o) => o.at.getTime()));
          for (const d of dates)
            expect(instants.has(zonedInstant(d, time, zone).getTime())).toBe(true);
          const window = Array.from({ length: length + 1 }, (_, i) => addDays(startsOn, i));
          const byHand = window.filter((d, i) => {
            const day = new Date(`${d}T00:00:00Z`);
            if ('every' in rule) return i % rule.every === 0;
            if ('days' in rule) return rule.days.has(weekdays[(day.getUTCDay() + 6) % 7] as string);
            return day.getUTCDate() === rule.monthDay;
          });
          expect(dates).toEqual(byHand);
        },
      ),
      { numRuns: 150 },
    );
  });
});
