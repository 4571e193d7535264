/**
 * Days of a campaign as the console shows them. A campaign's dates are calendar days in its
 * own time zone (`2017-04-10`), not instants: they are shown as written, never shifted by the
 * reader's zone; "today" is today in the campaign's zone.
 */

/** Today's date in `timeZone` at `now`, as `YYYY-MM-DD`. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  // en-CA writes dates as ISO does.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`): 0 for the same day. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * Where `day` falls on the window `startsOn`–`endsOn` (inclusive days), from 0 (the first
 * day's start) to 1 (the last day's end); the middle of the day, so the marker sits inside it.
 * Before the window: below 0; after it: above 1.
 */
export function windowPosition(startsOn: string, endsOn: string, day: string): number {
  const length = daysBetween(startsOn, endsOn) + 1;
  return (daysBetween(startsOn, day) + 0.5) / length;
}

/** A calendar day `YYYY-MM-DD` in the reader's language, as written (no zone shift). */
export function formatDay(locale: string, day: string): string {
  // Kazakh month names are missing from browsers' ICU (see formatter.ts): digits then.
  const options: Intl.DateTimeFormatOptions = locale.startsWith('kk')
    ? { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }
    : { dateStyle: 'medium', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(locale.startsWith('kk') ? 'ru-KZ' : locale, options).format(
    new Date(`${day}T00:00:00Z`),
  );
}
