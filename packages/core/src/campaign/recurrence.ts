import { RRuleTemporal } from 'rrule-temporal';
import type { IsoDate } from './model.js';

/**
 * Recurrence rules of a programme ("every Monday", "every month by the 25th"): an RFC 5545
 * RRULE value without DTSTART, which picks *days*; the time of day is given beside it and read
 * in a zone later (calendar.ts), so a rule never carries an offset. Evaluated by rrule-temporal
 * in UTC, which has no clock changes, from DTSTART = the campaign's first day: `INTERVAL=2` and
 * `COUNT=3` count from there.
 *
 * Each part is checked here before the library sees it: rrule-temporal drops an unknown part
 * (`BYDAYS=MO`) or a value out of range (`BYMONTHDAY=40`) without a word, and the rule would
 * then fire on days nobody asked for.
 */

/** A span of dates, both days included. */
export interface DateWindow {
  from: IsoDate;
  to: IsoDate;
}

/** Why a recurrence rule cannot be used for a campaign window. */
export interface RecurrenceProblem {
  /**
   * `rrule_invalid` (does not parse, or an unknown part or value), `rrule_not_daily` (picks
   * hours, minutes or seconds: the time is given apart), `rrule_never_fires` (no day inside).
   */
  code: 'rrule_invalid' | 'rrule_not_daily' | 'rrule_never_fires';
  message: string;
}

/** A recurrence rule that cannot be evaluated; `code` says why. */
export class RecurrenceError extends RangeError {
  constructor(
    readonly code: 'rrule_invalid' | 'rrule_not_daily',
    message: string,
  ) {
    super(message);
    this.name = 'RecurrenceError';
  }
}

const WEEKDAY = '(MO|TU|WE|TH|FR|SA|SU)';
const list = (item: string) => new RegExp(`^${item}(,${item})*$`);
const signed = (max: number) => (v: string) =>
  list('[+-]?\\d{1,3}').test(v) &&
  v.split(',').every((n) => Math.abs(Number(n)) >= 1 && Math.abs(Number(n)) <= max);
const positive = (v: string) => /^\d{1,4}$/.test(v) && Number(v) >= 1;

/** The parts a day-picking rule may have, each with its value check. */
const PARTS: Record<string, (value: string) => boolean> = {
  FREQ: (v) => /^(DAILY|WEEKLY|MONTHLY|YEARLY)$/.test(v),
  INTERVAL: positive,
  COUNT: positive,
  UNTIL: (v) => /^\d{8}(T\d{6}Z?)?$/.test(v),
  BYDAY: (v) => list(`([+-]?\\d{1,2})?${WEEKDAY}`).test(v),
  BYMONTHDAY: signed(31),
  BYYEARDAY: signed(366),
  BYWEEKNO: signed(53),
  BYMONTH: (v) => list('\\d{1,2}').test(v) && v.split(',').every((n) => +n >= 1 && +n <= 12),
  BYSETPOS: signed(366),
  WKST: (v) => new RegExp(`^${WEEKDAY}$`).test(v),
};
const TIME_PARTS = new Set(['BYHOUR', 'BYMINUTE', 'BYSECOND']);

/** The rule's parts, upper-cased and checked; UNTIL cut to its day, floating like DTSTART. */
function parseRule(rrule: string): string {
  const value = rrule.trim().replace(/^RRULE:/i, '');
  if (value === '' || /[\r\n:]/.test(value)) {
    throw new RecurrenceError(
      'rrule_invalid',
      'give one RRULE value such as "FREQ=WEEKLY;BYDAY=MO", without DTSTART',
    );
  }
  const seen = new Set<string>();
  const parts = value.split(';').map((part) => {
    const [name = '', v = '', ...rest] = part.trim().toUpperCase().split('=');
    if (TIME_PARTS.has(name) || (name === 'FREQ' && /^(HOURLY|MINUTELY|SECONDLY)$/.test(v))) {
      throw new RecurrenceError(
        'rrule_not_daily',
        `"${part}" picks times of day; a campaign rule picks days (its time is given apart): use FREQ=DAILY, WEEKLY, MONTHLY or YEARLY without BYHOUR, BYMINUTE or BYSECOND`,
      );
    }
    const check = PARTS[name];
    if (!check) {
      throw new RecurrenceError(
        'rrule_invalid',
        `"${name}" is not a rule part; use ${Object.keys(PARTS).join(', ')}`,
      );
    }
    if (rest.length > 0 || !check(v)) {
      throw new RecurrenceError('rrule_invalid', `"${part}" is not a valid ${name} value`);
    }
    if (seen.has(name)) throw new RecurrenceError('rrule_invalid', `${name} is given twice`);
    seen.add(name);
    return name === 'UNTIL' ? `UNTIL=${v.slice(0, 8)}T235959` : `${name}=${v}`;
  });
  if (!seen.has('FREQ')) {
    throw new RecurrenceError('rrule_invalid', 'the rule needs FREQ, e.g. "FREQ=WEEKLY;BYDAY=MO"');
  }
  if (seen.has('COUNT') && seen.has('UNTIL')) {
    throw new RecurrenceError('rrule_invalid', 'give COUNT or UNTIL, not both');
  }
  return parts.join(';');
}

/**
 * The days a recurrence rule picks inside a window, both ends included, sorted and unique.
 * Throws a {@link RecurrenceError} for a rule that does not parse or picks times of day.
 *
 * @example
 * recurrenceDates('FREQ=WEEKLY;BYDAY=MO', { from: '2017-04-10', to: '2017-04-21' }) // ['2017-04-10', '2017-04-17']
 */
export function recurrenceDates(rrule: string, window: DateWindow): IsoDate[] {
  const value = parseRule(rrule);
  let rule: RRuleTemporal;
  try {
    rule = new RRuleTemporal({
      rruleString: `DTSTART:${window.from.replaceAll('-', '')}T000000\nRRULE:${value}`,
      tzid: 'UTC',
      strict: true,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RecurrenceError('rrule_invalid', `the RRULE does not parse: ${reason}`);
  }
  const from = new Date(`${window.from}T00:00:00Z`);
  const to = new Date(`${window.to}T00:00:00Z`);
  const days = rule.between(from, to, true).map((zdt) => zdt.toPlainDate().toString());
  return [...new Set(days)].filter((d) => d >= window.from && d <= window.to).sort();
}

/** Why `rrule` cannot bound a campaign `window`, or null when it fires inside it. */
export function recurrenceProblem(rrule: string, window: DateWindow): RecurrenceProblem | null {
  try {
    if (recurrenceDates(rrule, window).length > 0) return null;
  } catch (error) {
    if (error instanceof RecurrenceError) return { code: error.code, message: error.message };
    throw error;
  }
  return {
    code: 'rrule_never_fires',
    message: `"${rrule}" never fires between ${window.from} and ${window.to}`,
  };
}

/** True when `rrule` parses and picks at least one day inside `window`. */
export function firesInside(rrule: string, window: DateWindow): boolean {
  return recurrenceProblem(rrule, window) === null;
}
