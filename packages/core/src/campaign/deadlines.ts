import {
  addDays,
  type DateWindow,
  dueDates,
  endOfDay,
  startOfDay,
  zonedInstant,
} from './calendar.js';
import type { Deadline, IsoDate, LocalTime } from './model.js';

/**
 * Deadlines of the activity plan, read in the *responsible organisation's* zone: "by 25 April"
 * is met by a school in Ho Chi Minh City until its own midnight, two hours after Almaty's.
 * A deadline's due dates are its last days (see {@link dueDates}): a window's `to`, a date's
 * `by`, every day a recurring rule picks inside the campaign window; an ongoing task has none
 * and is never overdue. A recurring deadline needs the campaign window (its rule counts from
 * the campaign's first day); the others ignore it.
 */

export { dueDates } from './calendar.js';

/** One reminder about one due date, in one zone. */
export interface ReminderOccurrence {
  /** Stable, e.g. `2017-04-25/3d@Asia/Almaty`: the due date, the days before it, the zone. */
  key: string;
  at: Date;
  dueDate: IsoDate;
  daysBefore: number;
  localDate: IsoDate;
  localTime: LocalTime;
  zone: string;
}

function datesOf(deadline: Deadline, window: DateWindow | undefined): IsoDate[] {
  if (deadline.kind === 'recurring' && !window) {
    throw new RangeError('a recurring deadline needs the campaign window to find its due dates');
  }
  return dueDates(deadline, window ?? { from: '0001-01-01', to: '0001-01-01' });
}

/**
 * The due date a pair is overdue for at `now`, or null when it is not overdue. A due date is
 * missed once its day has ended in `zone`. Work done at `doneAt` (before or at `now`) clears
 * it: for a window or a date, any time; for a recurring deadline, only work done since the
 * previous due date ended (the campaign's first day for the first), so last month's report
 * does not answer this month's.
 */
export function overdueFor(
  deadline: Deadline,
  doneAt: Date | null,
  now: Date,
  zone: string,
  window?: DateWindow,
): IsoDate | null {
  const passed = datesOf(deadline, window).filter((d) => endOfDay(d, zone) <= now);
  const missed = passed.at(-1);
  if (missed === undefined) return null;
  const done = doneAt !== null && doneAt <= now ? doneAt : null;
  if (done === null) return missed;
  if (deadline.kind !== 'recurring') return null;
  const previous = passed.at(-2);
  const periodStart =
    previous === undefined ? startOfDay(window?.from ?? missed, zone) : endOfDay(previous, zone);
  return done >= periodStart ? null : missed;
}

/**
 * True when the responsible organisation has missed the deadline at `now`: the due date's day
 * has ended in its zone and the work was not done (see {@link overdueFor}).
 *
 * @example
 * isOverdue({ kind: 'date', by: '2017-04-25' }, null, new Date('2017-04-25T18:00:00Z'), 'Asia/Almaty') // true: 00:00 on 26 April there (UTC+6)
 */
export function isOverdue(
  deadline: Deadline,
  doneAt: Date | null,
  now: Date,
  zone: string,
  window?: DateWindow,
): boolean {
  return overdueFor(deadline, doneAt, now, zone, window) !== null;
}

/** The first due date whose day has not ended at `now` in `zone`, or null when none is left. */
export function nextDue(
  deadline: Deadline,
  now: Date,
  zone: string,
  window?: DateWindow,
): IsoDate | null {
  return datesOf(deadline, window).find((d) => endOfDay(d, zone) > now) ?? null;
}

/**
 * When to remind a responsible organisation: `daysBefore` each due date (0 = on the day) at
 * `time` in its zone, from `now` on (pass an earlier instant to see missed ones), sorted by
 * instant. Duplicated or negative day counts are dropped; an ongoing task has no reminders.
 *
 * @example
 * reminderInstants({ kind: 'date', by: '2017-04-25' }, [3, 0], '10:00', 'Asia/Almaty', new Date('2017-04-01'))
 * // → 22 April 10:00 (key 2017-04-25/3d@Asia/Almaty) and 25 April 10:00 (2017-04-25/0d@Asia/Almaty)
 */
export function reminderInstants(
  deadline: Deadline,
  daysBefore: readonly number[],
  time: LocalTime,
  zone: string,
  now: Date,
  window?: DateWindow,
): ReminderOccurrence[] {
  const counts = [...new Set(daysBefore)].filter((n) => Number.isInteger(n) && n >= 0);
  const reminders: ReminderOccurrence[] = [];
  for (const dueDate of datesOf(deadline, window)) {
    for (const n of counts) {
      const localDate = addDays(dueDate, -n);
      const at = zonedInstant(localDate, time, zone);
      if (at < now) continue;
      const key = `${dueDate}/${n}d@${zone}`;
      reminders.push({ key, at, dueDate, daysBefore: n, localDate, localTime: time, zone });
    }
  }
  return reminders.sort((a, b) => a.at.getTime() - b.at.getTime() || (a.key < b.key ? -1 : 1));
}
