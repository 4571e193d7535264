import type { CalendarOccurrence } from '@safenet/sdk';

/**
 * A calendar's occurrences split at `now`: what is due from now on (in time order) and what
 * was due before (latest first, so the last one sent heads the list).
 */
export function splitOccurrences(
  occurrences: readonly CalendarOccurrence[],
  now: Date,
): { upcoming: CalendarOccurrence[]; past: CalendarOccurrence[] } {
  const at = now.getTime();
  const byTime = [...occurrences].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return {
    upcoming: byTime.filter((o) => Date.parse(o.at) >= at),
    past: byTime.filter((o) => Date.parse(o.at) < at).reverse(),
  };
}
