import { addDays, localReading, minutesOfDay, zonedInstant } from './calendar.js';
import type { QuietHours } from './model.js';

/**
 * Quiet hours: the part of each night a recipient is not disturbed. A message that would reach
 * someone inside them waits for their morning (urgent broadcasts and alerts override them).
 * They are read on the recipient's own wall clock, so one broadcast to Almaty and Ho Chi Minh
 * City at 22:00 Almaty time goes out at 08:00 in each city: two different instants.
 */

const MINUTE_MS = 60_000;

/** Without a setting anywhere up the tree: 21:00–08:00 in the recipient's zone. */
export const DEFAULT_QUIET_HOURS: Readonly<QuietHours> = Object.freeze({
  from: '21:00',
  to: '08:00',
});

/**
 * True when `instant` falls inside the quiet hours on `zone`'s wall clock: from `from`
 * (included) to `to` (excluded). `from > to` crosses midnight (21:00–08:00); `from === to`
 * means no quiet hours at all.
 */
export function isQuiet(quiet: QuietHours, instant: Date, zone: string): boolean {
  const from = minutesOfDay(quiet.from);
  const to = minutesOfDay(quiet.to);
  if (from === to) return false;
  const now = minutesOfDay(localReading(instant, zone).time);
  return from < to ? now >= from && now < to : now >= from || now < to;
}

/**
 * The first instant a message may go out: `instant` itself when it is not quiet, else the
 * instant the quiet period it falls in ends: `to` on the recipient's wall clock that morning.
 * When the clocks jump over `to` (a gap), the night ends with the jump; when they show `to`
 * twice, the first reading after `instant` counts.
 *
 * @example
 * nextAllowed(DEFAULT_QUIET_HOURS, new Date('2024-06-03T17:00:00Z'), 'Asia/Almaty')      // 22:00 there
 * // → 2024-06-04T03:00:00Z, 08:00 in Almaty
 * nextAllowed(DEFAULT_QUIET_HOURS, new Date('2024-06-03T17:00:00Z'), 'Asia/Ho_Chi_Minh') // 00:00 there
 * // → 2024-06-04T01:00:00Z, 08:00 in Ho Chi Minh City
 */
export function nextAllowed(quiet: QuietHours, instant: Date, zone: string): Date {
  if (!isQuiet(quiet, instant, zone)) return instant;
  const { date, time } = localReading(instant, zone);
  // Quiet before `to` (in the morning part, or a same-day window): it ends today; otherwise
  // (the evening part of a window across midnight) tomorrow.
  let day = minutesOfDay(time) < minutesOfDay(quiet.to) ? date : addDays(date, 1);
  // A repeated hour can put the first reading of `to` before the instant; then the next day's
  // `to` is the one that ends the night (the loop runs once in practice, twice at most).
  for (let i = 0; i < 3; i++) {
    const end = zonedInstant(day, quiet.to, zone);
    if (end > instant && !isQuiet(quiet, end, zone)) return firstAllowed(quiet, instant, end, zone);
    // `to` skipped by a clock change into the next quiet period (03:01–02:01 on the night
    // New York's clocks jump from 02:00 to 03:00): the minutes the jump left are the day's.
    const left = end > instant ? allowedInGap(quiet, instant, end, zone) : null;
    if (left) return left;
    const second = laterReading(day, quiet.to, zone, end);
    if (second && second > instant && !isQuiet(quiet, second, zone)) return second;
    day = addDays(day, 1);
  }
  throw new Error(`quiet hours ${quiet.from}–${quiet.to} never end in ${zone}`);
}

/**
 * `end` itself, or, when `to` was skipped by a clock change and `end` reads later than `to`,
 * the instant the clocks jumped: the first minute not quiet.
 */
function firstAllowed(quiet: QuietHours, instant: Date, end: Date, zone: string): Date {
  let first = end;
  // Gaps last an hour or two; a normal night stops at the first step.
  for (let step = 0; step < 180; step++) {
    const previous = new Date(first.getTime() - MINUTE_MS);
    if (previous <= instant || isQuiet(quiet, previous, zone)) break;
    first = previous;
  }
  return first;
}

/**
 * The first minute not quiet in the three hours before `end` (and after `instant`), when
 * `end` — `to` shifted past a clock change's gap — falls in quiet hours again; null if there
 * is none.
 */
function allowedInGap(quiet: QuietHours, instant: Date, end: Date, zone: string): Date | null {
  for (let back = 180; back >= 1; back--) {
    const candidate = new Date(end.getTime() - back * MINUTE_MS);
    if (candidate > instant && !isQuiet(quiet, candidate, zone)) return candidate;
  }
  return null;
}

/** The second reading of a repeated wall-clock time, if it is repeated. */
function laterReading(date: string, time: string, zone: string, first: Date): Date | null {
  // Clock changes are at most a few hours apart in the readings they make.
  for (let hours = 0.5; hours <= 3; hours += 0.5) {
    const candidate = new Date(first.getTime() + hours * 3_600_000);
    const reading = localReading(candidate, zone);
    if (reading.date === date && reading.time === time) return candidate;
  }
  return null;
}

/**
 * The quiet hours that apply to an organisation: the nearest setting along `chain` — the
 * organisation's own first, then its parent's, up to the root — else the default 21:00–08:00.
 * A school without its own setting takes its district's, then its province's.
 */
export function effectiveQuietHours(
  chain: ReadonlyArray<QuietHours | null | undefined>,
): QuietHours {
  for (const quiet of chain) if (quiet) return quiet;
  return DEFAULT_QUIET_HOURS;
}
