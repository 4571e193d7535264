import * as rruleModule from 'rrule';

/**
 * The one place the programme file's validation touches the `rrule` library: does an RRULE
 * value parse, and does it fire at least once inside a campaign window? The rules slice's
 * `firesInside` (calendar.ts) will replace this; until then it is kept small on purpose.
 *
 * Dates are compared as floating calendar days (UTC midnight stands for the day), which is
 * exact for "is some occurrence's day inside the window": the wall-clock time and the zone
 * do not move an occurrence to another day.
 */

// `rrule` ships CommonJS for Node and ESM for bundlers: under Node the named exports sit on
// the default export, under a bundler on the namespace itself.
const lib = ((rruleModule as unknown as { default?: typeof rruleModule }).default ??
  rruleModule) as typeof rruleModule;

/** Why an RRULE value cannot be used, or null when it parses. */
export function rruleProblem(value: string): string | null {
  if (/DTSTART|RRULE:|[\r\n]/i.test(value)) {
    return 'give the RRULE value only, e.g. "FREQ=WEEKLY;BYDAY=MO", without DTSTART or an "RRULE:" prefix: the campaign window bounds it';
  }
  if (!/(^|;)FREQ=/i.test(value)) return 'an RRULE needs FREQ, e.g. "FREQ=MONTHLY;BYMONTHDAY=25"';
  try {
    const options = lib.RRule.parseString(value);
    // The parser lets some nonsense through that fails only when iterating.
    new lib.RRule({ ...options, dtstart: new Date(Date.UTC(2000, 0, 1)) }).after(
      new Date(Date.UTC(2000, 0, 1)),
      true,
    );
    return null;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return `"${value}" is not an RFC 5545 RRULE (${reason}); e.g. "FREQ=MONTHLY;BYMONTHDAY=25"`;
  }
}

/**
 * The first day (YYYY-MM-DD) on which `value` fires inside `[from, to]`, or null when it never
 * does. The recurrence starts on the window's first day (no DTSTART in the file).
 * Call only with a value {@link rruleProblem} accepts.
 */
export function firstDayInside(value: string, from: string, to: string): string | null {
  const start = dayStart(from);
  const end = dayStart(to) + 86_400_000 - 1;
  const rule = new lib.RRule({ ...lib.RRule.parseString(value), dtstart: new Date(start) });
  const first = rule.after(new Date(start), true);
  if (first === null || first.getTime() > end) return null;
  return first.toISOString().slice(0, 10);
}

function dayStart(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}
