import { DateTime, IANAZone } from 'luxon';
import type { Anchor, Deadline, IsoDate, LocalTime, Phase, PlanItem, Schedule } from './model.js';
import { type DateWindow, recurrenceDates } from './recurrence.js';

export type { DateWindow } from './recurrence.js';

/**
 * Calendar arithmetic for campaign programmes. Every rule is a wall-clock rule ("opening day
 * 09:00", "every Monday 09:00", "3 days before the end, 10:00") read in an IANA zone when it is
 * evaluated, never a stored offset: Asia/Almaty was UTC+6 until 1 March 2024 and is UTC+5
 * since, and a weekly 09:00 rule keeps firing at 09:00 on both sides of that change.
 *
 * Two readings of a wall clock need a choice, made here once for every rule:
 * - a time that does not exist (a gap, clocks moved forward) is moved forward by the length
 *   of the gap: 02:30 on New York's spring-forward night fires at 03:30;
 * - a time that exists twice (clocks moved back) takes the first: 23:30 on 29 February 2024 in
 *   Almaty is 23:30 UTC+6, not the second 23:30 UTC+5.
 * This is what Temporal calls the `compatible` disambiguation.
 */

/**
 * What the calendar reads of an activity plan: its sections' items, by key, with their
 * deadlines (`item.deadline` anchors count from them). A file's plan is one; the hub reads
 * the stored plan in this shape.
 */
export type PlanDeadlines = readonly {
  readonly items: readonly Pick<PlanItem, 'key' | 'deadline'>[];
}[];

/** What the calendar rules read of a campaign: its window, zone, phases and plan. */
export interface CampaignCalendar {
  startsOn: IsoDate;
  endsOn: IsoDate;
  timeZone: string;
  phases?: Phase[];
  plan?: PlanDeadlines;
}

/** A span of instants: `from` included, `to` excluded. */
export interface InstantRange {
  from: Date;
  to: Date;
}

/** One firing of a schedule in one zone. */
export interface Occurrence {
  /**
   * Stable across evaluations, processes and releases, e.g. `2017-04-10T09:00@Asia/Almaty`:
   * the rule's local date and time and the zone it is read in. The hub fires each (rule,
   * key, rule version) once.
   */
  key: string;
  at: Date;
  /** The rule's wall-clock date and time (in a gap `at` reads later; see the module notes). */
  localDate: IsoDate;
  localTime: LocalTime;
  zone: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

function zoneOf(zone: string): IANAZone {
  const z = IANAZone.create(zone);
  if (!z.isValid) throw new RangeError(`"${zone}" is not an IANA time zone`);
  return z;
}

/** Minutes since midnight of an `HH:mm` time. */
export function minutesOfDay(time: LocalTime): number {
  const m = TIME.exec(time);
  if (!m) throw new RangeError(`"${time}" is not a time of day HH:mm`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** The wall clock of a date and time as if it were UTC, in milliseconds: date arithmetic only. */
function wallMillis(date: IsoDate, time: LocalTime): number {
  const m = DATE.exec(date);
  const day = m && DateTime.fromISO(date, { zone: 'utc' });
  if (!m || !day?.isValid) throw new RangeError(`"${date}" is not a date YYYY-MM-DD`);
  return day.toMillis() + minutesOfDay(time) * MINUTE_MS;
}

/**
 * The instant a wall clock in `zone` shows `date` at `time`. A skipped time moves forward by
 * the gap, a repeated one takes its first reading (see the module notes).
 */
export function zonedInstant(date: IsoDate, time: LocalTime, zone: string): Date {
  const z = zoneOf(zone);
  const wall = wallMillis(date, time);
  // The offsets in force around that wall clock; no zone changes offset twice within a day.
  const offsets = new Set([z.offset(wall - DAY_MS), z.offset(wall), z.offset(wall + DAY_MS)]);
  const readings = [...offsets]
    .map((offset) => wall - offset * MINUTE_MS)
    .filter((ts) => z.offset(ts) * MINUTE_MS === wall - ts)
    .sort((a, b) => a - b);
  // A gap: read it with the offset before the change (the smaller one), which lands later.
  return new Date(readings[0] ?? wall - Math.min(...offsets) * MINUTE_MS);
}

/** The local date and time an instant reads in `zone`. */
export function localReading(instant: Date, zone: string): { date: IsoDate; time: LocalTime } {
  const local = DateTime.fromMillis(instant.getTime(), { zone: zoneOf(zone) });
  return { date: local.toFormat('yyyy-MM-dd'), time: local.toFormat('HH:mm') };
}

/** The local date an instant falls on in `zone`: "today" there. */
export function localDateOf(instant: Date, zone: string): IsoDate {
  return localReading(instant, zone).date;
}

/** The date `days` after `date` (before it when negative). */
export function addDays(date: IsoDate, days: number): IsoDate {
  return DateTime.fromMillis(wallMillis(date, '00:00') + days * DAY_MS, { zone: 'utc' }).toFormat(
    'yyyy-MM-dd',
  );
}

/** The instant a local day begins in `zone` (its first minute, or the first after a gap). */
export function startOfDay(date: IsoDate, zone: string): Date {
  return zonedInstant(date, '00:00', zone);
}

/** The instant a local day has ended in `zone`: the start of the next day. */
export function endOfDay(date: IsoDate, zone: string): Date {
  return startOfDay(addDays(date, 1), zone);
}

/** The stable key of an occurrence: `2017-04-10T09:00@Asia/Almaty`. */
export function occurrenceKey(date: IsoDate, time: LocalTime, zone: string): string {
  return `${date}T${time}@${zone}`;
}

/**
 * The due dates of a deadline, sorted: a window's last day, a date's day, every day a
 * recurring rule picks inside the campaign window, and none for an ongoing task.
 */
export function dueDates(deadline: Deadline, window: DateWindow): IsoDate[] {
  switch (deadline.kind) {
    case 'window':
      return [deadline.to];
    case 'date':
      return [deadline.by];
    case 'recurring':
      return recurrenceDates(deadline.rrule, window);
    case 'ongoing':
      return [];
  }
}

/**
 * The days an anchor names in a campaign: its first or last day, a phase's first or last day,
 * or an item's due dates. Throws a RangeError when the phase or item does not exist.
 */
export function anchorDates(anchor: Anchor, campaign: CampaignCalendar): IsoDate[] {
  switch (anchor.to) {
    case 'campaign.start':
      return [campaign.startsOn];
    case 'campaign.end':
      return [campaign.endsOn];
    case 'phase.start':
    case 'phase.end': {
      const phase = campaign.phases?.find((p) => p.key === anchor.phase);
      if (!phase) throw new RangeError(`the campaign has no phase "${anchor.phase}"`);
      return [anchor.to === 'phase.start' ? phase.startsOn : phase.endsOn];
    }
    case 'item.deadline': {
      const items = campaign.plan?.flatMap((section) => section.items) ?? [];
      const item = items.find((i) => i.key === anchor.item);
      if (!item) throw new RangeError(`the campaign's plan has no item "${anchor.item}"`);
      return dueDates(item.deadline, { from: campaign.startsOn, to: campaign.endsOn });
    }
  }
}

/**
 * The zones a schedule is evaluated in: the campaign's own, or each distinct zone of the
 * recipients (one occurrence per zone), sorted.
 */
export function scheduleZones(
  schedule: Schedule,
  campaign: Pick<CampaignCalendar, 'timeZone'>,
  recipientZones: Iterable<string>,
): string[] {
  if (schedule.zone === 'campaign') return [campaign.timeZone];
  return [...new Set(recipientZones)].sort();
}

/**
 * The occurrences of a schedule read in `zone` (use {@link scheduleZones} to know which), inside
 * `range`, sorted by instant, one per instant and key:
 * - `at`: the date at its time;
 * - `relative`: each anchor day moved by `days` (negative: before), at its time; an item's
 *   deadline anchors on its last day (window → `to`, date → `by`), on every due date of a
 *   recurring deadline, and on none for an ongoing one;
 * - `recurring`: every day the RRULE picks inside the campaign window, at its time.
 * Relative days may fall outside the window ("3 days before the start"); recurrences never do.
 *
 * @example
 * occurrences({ when: { kind: 'relative', anchor: { to: 'campaign.start' }, days: 0, time: '09:00' }, zone: 'campaign' },
 *   safeInternet2017, 'Asia/Almaty', { from: new Date('2017-01-01'), to: new Date('2018-01-01') })
 * // → [{ key: '2017-04-10T09:00@Asia/Almaty', at: 2017-04-10T03:00:00Z, localDate: '2017-04-10', localTime: '09:00', zone: 'Asia/Almaty' }]
 */
export function occurrences(
  schedule: Schedule,
  campaign: CampaignCalendar,
  zone: string,
  range: InstantRange,
): Occurrence[] {
  const { when } = schedule;
  let dates: IsoDate[];
  switch (when.kind) {
    case 'at':
      dates = [when.date];
      break;
    case 'relative':
      dates = anchorDates(when.anchor, campaign).map((d) => addDays(d, when.days));
      break;
    case 'recurring':
      dates = recurrenceDates(when.rrule, { from: campaign.startsOn, to: campaign.endsOn });
      break;
  }
  // One occurrence per instant: a skipped day moved onto the next day's firing fires once,
  // under the key of the wall clock that exists (Samoa skipped 30 December 2011 whole).
  const byInstant = new Map<number, Occurrence>();
  for (const localDate of [...new Set(dates)].sort()) {
    const at = zonedInstant(localDate, when.time, zone);
    if (at < range.from || at >= range.to) continue;
    const key = occurrenceKey(localDate, when.time, zone);
    const reading = localReading(at, zone);
    const exists = reading.date === localDate && reading.time === when.time;
    if (byInstant.has(at.getTime()) && !exists) continue;
    byInstant.set(at.getTime(), { key, at, localDate, localTime: when.time, zone });
  }
  return [...byInstant.values()].sort((a, b) => a.at.getTime() - b.at.getTime());
}
