import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as arb from '../testing/campaign-arbitraries.js';
import { addDays, localDateOf } from './calendar.js';
import { isOverdue, nextDue, reminderInstants } from './deadlines.js';

const MINUTE_MS = 60_000;

describe('deadline properties', () => {
  it('a date deadline turns overdue at the first instant of the next local day, in any zone', () => {
    fc.assert(
      fc.property(arb.zoneAndInstant, ([zone, now]) => {
        const by = localDateOf(now, zone);
        const deadline = { kind: 'date' as const, by };
        // On its own day (read in the zone) it is never overdue…
        expect(isOverdue(deadline, null, now, zone)).toBe(false);
        expect(nextDue(deadline, now, zone)).toBe(by);
        // …the day before it is, and once done it is not.
        const yesterday = { kind: 'date' as const, by: addDays(by, -1) };
        expect(isOverdue(yesterday, null, now, zone)).toBe(true);
        expect(isOverdue(yesterday, new Date(now.getTime() - MINUTE_MS), now, zone)).toBe(false);
        expect(nextDue(yesterday, now, zone)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it('reminders come from `now` on, sorted, each `daysBefore` its due date at its time', () => {
    fc.assert(
      fc.property(
        arb.zoneAndInstant,
        fc.integer({ min: -20, max: 40 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 14 }), { maxLength: 4 }),
        arb.time,
        ([zone, now], offset, daysBefore, time) => {
          const by = addDays(localDateOf(now, zone), offset);
          const reminders = reminderInstants({ kind: 'date', by }, daysBefore, time, zone, now);
          expect(reminders.length).toBeLessThanOrEqual(daysBefore.length);
          for (const [i, r] of reminders.entries()) {
            expect(r.at.getTime()).toBeGreaterThanOrEqual(now.getTime());
            if (i > 0)
              expect(r.at.getTime()).toBeGreaterThanOrEqual(reminders[i - 1]?.at.getTime() ?? 0);
            expect(r.localDate).toBe(addDays(by, -r.daysBefore));
            expect(r.key).toBe(`${by}/${r.daysBefore}d@${zone}`);
          }
          // Every day count whose reminder is still ahead is there.
          const ahead = daysBefore.filter((n) => addDays(by, -n) > localDateOf(now, zone));
          for (const n of ahead) expect(reminders.map((r) => r.daysBefore)).toContain(n);
        },
      ),
      { numRuns: 300 },
    );
  });
});
