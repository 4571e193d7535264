import { DateTime } from 'luxon';
import { addDays, endOfDay } from '../campaign/calendar.js';
import type { IsoDate } from '../campaign/shapes.schema.js';
import type { Recurrence, ReportPeriod, ReportSchedule } from './report-form.schema.js';

/**
 * The periods of a report form. A once form has one period, `once`: the campaign. A recurring
 * form has a period after period from the one containing `from` to the one containing `until`
 * (or on for ever), each named by a key that reads as what it is: the school year `2022-2023`
 * (from the 1st of its starting month to the day before the next one), the quarter `2023-Q2`,
 * the month `2023-04`. A period is due `dueAfterDays` after its last day and locks
 * `lockAfterDays` after it (never, without one). Dates are calendar dates; `periodInstants`
 * reads them in an organisation's zone.
 */

type Recurring = Extract<ReportSchedule, { kind: 'recurring' }>;

const KEY = {
  schoolYear: /^(\d{4})-(\d{4})$/,
  quarter: /^(\d{4})-Q([1-4])$/,
  month: /^(\d{4})-(0[1-9]|1[0-2])$/,
} as const satisfies Record<Recurrence, RegExp>;

const MONTHS = { schoolYear: 12, quarter: 3, month: 1 } as const satisfies Record<
  Recurrence,
  number
>;

function day(date: IsoDate): DateTime {
  const parsed = DateTime.fromISO(date, { zone: 'utc' });
  if (!parsed.isValid) throw new RangeError(`"${date}" is not a date YYYY-MM-DD`);
  return parsed;
}

const iso = (date: DateTime): IsoDate => date.toFormat('yyyy-MM-dd');

/** The first day of the period of `schedule` that contains `date`. */
function startOfPeriod(schedule: Recurring, date: IsoDate): DateTime {
  const d = day(date);
  if (schedule.every === 'month') return d.startOf('month');
  if (schedule.every === 'quarter') return d.startOf('quarter');
  const startMonth = schedule.schoolYearStartsInMonth;
  const year = d.month >= startMonth ? d.year : d.year - 1;
  return DateTime.utc(year, startMonth, 1);
}

function keyOf(schedule: Recurring, start: DateTime): string {
  if (schedule.every === 'month') return start.toFormat('yyyy-MM');
  if (schedule.every === 'quarter') return `${start.year}-Q${start.quarter}`;
  return `${start.year}-${start.year + 1}`;
}

/** The first day of the period a well-formed key names, or undefined. */
function startOfKey(schedule: Recurring, key: string): DateTime | undefined {
  const m = KEY[schedule.every].exec(key);
  if (!m) return undefined;
  const year = Number(m[1]);
  const second = Number(m[2]);
  if (schedule.every === 'month') return DateTime.utc(year, second, 1);
  if (schedule.every === 'quarter') return DateTime.utc(year, (second - 1) * 3 + 1, 1);
  return second === year + 1 ? DateTime.utc(year, schedule.schoolYearStartsInMonth, 1) : undefined;
}

function periodFrom(schedule: Recurring, start: DateTime): ReportPeriod {
  const endsOn = iso(start.plus({ months: MONTHS[schedule.every] }).minus({ days: 1 }));
  return {
    key: keyOf(schedule, start),
    startsOn: iso(start),
    endsOn,
    dueOn: addDays(endsOn, schedule.dueAfterDays),
    locksOn: schedule.lockAfterDays === undefined ? null : addDays(endsOn, schedule.lockAfterDays),
  };
}

function oncePeriod(schedule: Extract<ReportSchedule, { kind: 'once' }>): ReportPeriod {
  return {
    key: 'once',
    startsOn: schedule.startsOn,
    endsOn: schedule.endsOn,
    dueOn: schedule.dueOn,
    locksOn: schedule.locksOn ?? null,
  };
}

/** Whether a recurring schedule has a period starting on `start`. */
function inSchedule(schedule: Recurring, start: DateTime): boolean {
  if (start < startOfPeriod(schedule, schedule.from)) return false;
  return schedule.until === undefined || start <= startOfPeriod(schedule, schedule.until);
}

/**
 * The periods of a schedule overlapping `[from, until]` (inclusive dates), in order. An
 * open-ended schedule stops at the period containing `until`.
 *
 * @example
 * reportPeriods({ kind: 'recurring', every: 'quarter', from: '2022-11-15', dueAfterDays: 10, … }, { until: '2023-02-01' })
 * // [{ key: '2022-Q4', … }, { key: '2023-Q1', … }]
 */
export function reportPeriods(
  schedule: ReportSchedule,
  range: { from?: IsoDate; until: IsoDate },
): ReportPeriod[] {
  if (range.from !== undefined && range.until < range.from) return [];
  if (schedule.kind === 'once') {
    const period = oncePeriod(schedule);
    const overlaps =
      period.startsOn <= range.until && (range.from === undefined || period.endsOn >= range.from);
    return overlaps ? [period] : [];
  }
  const first = startOfPeriod(schedule, schedule.from);
  const fromStart = range.from === undefined ? first : startOfPeriod(schedule, range.from);
  const lastOfSchedule =
    schedule.until === undefined ? undefined : startOfPeriod(schedule, schedule.until);
  const untilStart = startOfPeriod(schedule, range.until);
  const last =
    lastOfSchedule !== undefined && lastOfSchedule < untilStart ? lastOfSchedule : untilStart;
  const periods: ReportPeriod[] = [];
  for (
    let start = DateTime.max(fromStart, first);
    start <= last;
    start = start.plus({ months: MONTHS[schedule.every] })
  )
    periods.push(periodFrom(schedule, start));
  return periods;
}

/** The period with this key, or undefined when the key is malformed or outside the schedule. */
export function reportPeriod(schedule: ReportSchedule, key: string): ReportPeriod | undefined {
  if (schedule.kind === 'once') return key === 'once' ? oncePeriod(schedule) : undefined;
  const start = startOfKey(schedule, key);
  return start?.isValid && inSchedule(schedule, start) ? periodFrom(schedule, start) : undefined;
}

/** The period containing a date, or undefined when the schedule has none there. */
export function reportPeriodOn(schedule: ReportSchedule, date: IsoDate): ReportPeriod | undefined {
  if (schedule.kind === 'once') {
    const period = oncePeriod(schedule);
    return date >= period.startsOn && date <= period.endsOn ? period : undefined;
  }
  const start = startOfPeriod(schedule, date);
  return inSchedule(schedule, start) ? periodFrom(schedule, start) : undefined;
}

/**
 * The instants a period's due and lock dates have ended in an organisation's zone: a
 * submission is on time when it is first submitted before `dueAt`; the period is locked from
 * `locksAt` on.
 */
export function periodInstants(
  period: ReportPeriod,
  timeZone: string,
): { dueAt: Date; locksAt: Date | null } {
  return {
    dueAt: endOfDay(period.dueOn, timeZone),
    locksAt: period.locksOn === null ? null : endOfDay(period.locksOn, timeZone),
  };
}
