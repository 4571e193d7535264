import { addDays, zonedInstant } from '../campaign/calendar.js';
import type { ReportPeriod } from './report-form.schema.js';
import type { NudgeKind, ReportNudges } from './report-nudges.schema.js';

/** One nudge of a period as an organisation's zone places it. */
export interface NudgeInstant {
  kind: NudgeKind;
  /** Days before (`before`) or after (`after`) the due date. */
  days: number;
  /** The local date it goes on. */
  localDate: string;
  at: Date;
}

/**
 * The nudges of `period` in `zone`, in time order: each `before` offset at `time` that many
 * days before the due date, each `after` offset that many days after it. A nudge falling after
 * the period's lock date is dropped: nothing can be submitted then, so there is nothing to
 * ask for.
 *
 * @example
 * nudgeInstants({ before: [7, 1], time: '10:00', channels: ['sms'], after: [1] },
 *   { key: 'once', startsOn: '2017-04-10', endsOn: '2017-04-21', dueOn: '2017-04-25', locksOn: '2017-04-30' },
 *   'Asia/Almaty')
 * // 18 April 10:00, 24 April 10:00 (before), 26 April 10:00 (after), Almaty time
 */
export function nudgeInstants(
  nudges: ReportNudges,
  period: ReportPeriod,
  zone: string,
): NudgeInstant[] {
  const of = (kind: NudgeKind, days: number): NudgeInstant => {
    const localDate = addDays(period.dueOn, kind === 'before' ? -days : days);
    return { kind, days, localDate, at: zonedInstant(localDate, nudges.time, zone) };
  };
  return [
    ...nudges.before.map((days) => of('before', days)),
    ...nudges.after.map((days) => of('after', days)),
  ]
    .filter((nudge) => period.locksOn === null || nudge.localDate <= period.locksOn)
    .sort((a, b) => a.at.getTime() - b.at.getTime());
}
