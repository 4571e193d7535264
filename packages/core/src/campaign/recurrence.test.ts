import { describe, expect, it } from 'vitest';
import { firesInside, RecurrenceError, recurrenceDates, recurrenceProblem } from './recurrence.js';

const SAFE_INTERNET = { from: '2017-04-10', to: '2017-04-21' };
const SCHOOL_YEAR = { from: '2022-09-05', to: '2023-05-31' };

describe('recurrenceDates', () => {
  it('picks the days of a rule inside the window, both ends included', () => {
    expect(
      recurrenceDates('FREQ=WEEKLY;BYDAY=MO', { from: '2017-04-10', to: '2017-04-24' }),
    ).toEqual(['2017-04-10', '2017-04-17', '2017-04-24']);
    expect(
      recurrenceDates('FREQ=MONTHLY;BYMONTHDAY=15', { from: '2022-09-01', to: '2023-01-10' }),
    ).toEqual(['2022-09-15', '2022-10-15', '2022-11-15', '2022-12-15']);
    expect(recurrenceDates('FREQ=MONTHLY;BYDAY=-1FR', SCHOOL_YEAR).slice(0, 3)).toEqual([
      '2022-09-30',
      '2022-10-28',
      '2022-11-25',
    ]);
  });

  it('counts INTERVAL and COUNT from the window’s first day; forgives "RRULE:" and lower case', () => {
    expect(
      recurrenceDates('RRULE:FREQ=DAILY;INTERVAL=2;COUNT=3', {
        from: '2024-02-27',
        to: '2024-03-31',
      }),
    ).toEqual(['2024-02-27', '2024-02-29', '2024-03-02']);
    expect(recurrenceDates('freq=weekly;byday=fr', SAFE_INTERNET)).toEqual([
      '2017-04-14',
      '2017-04-21',
    ]);
  });

  it('ends with the day of UNTIL, written as a date or a date-time', () => {
    expect(recurrenceDates('FREQ=WEEKLY;BYDAY=MO;UNTIL=20221003', SCHOOL_YEAR)).toEqual([
      '2022-09-05',
      '2022-09-12',
      '2022-09-19',
      '2022-09-26',
      '2022-10-03',
    ]);
    expect(recurrenceDates('FREQ=WEEKLY;BYDAY=MO;UNTIL=20220912T000000Z', SCHOOL_YEAR)).toEqual([
      '2022-09-05',
      '2022-09-12',
    ]);
  });

  it('throws a RecurrenceError with its code', () => {
    expect(() => recurrenceDates('FREQ=HOURLY', SAFE_INTERNET)).toThrow(RecurrenceError);
    try {
      recurrenceDates('FREQ=MONTHLY;BYMONTHDAY=40', SAFE_INTERNET);
      expect.unreachable();
    } catch (error) {
      expect((error as RecurrenceError).code).toBe('rrule_invalid');
    }
  });
});

describe('recurrenceProblem', () => {
  const code = (rrule: string) => recurrenceProblem(rrule, SAFE_INTERNET)?.code ?? null;

  it('refuses what does not parse, including what the library would drop without a word', () => {
    for (const rrule of [
      'FREQ=WEEKLY;BYDAY=XX',
      'BYDAY=MO',
      'DTSTART:20170410\nRRULE:FREQ=DAILY',
      'FREQ=MONTHLY;BYMONTHDAY=40',
      'FREQ=MONTHLY;BYMONTHDAY=0',
      'FREQ=WEEKLY;BYDAYS=MO',
      'FREQ=WEEKLY;INTERVAL=0',
      'FREQ=WEEKLY;BYMONTH=13',
      'FREQ=WEEKLY;COUNT=2;UNTIL=20170420',
      'FREQ=WEEKLY;FREQ=DAILY',
      'FREQ=WEEKLY;BYDAY=MO=TU',
      '',
      'nonsense',
    ]) {
      expect(code(rrule), rrule).toBe('rrule_invalid');
    }
  });

  it('refuses rules that pick times of day: the time is given beside the rule', () => {
    for (const rrule of [
      'FREQ=HOURLY',
      'FREQ=MINUTELY',
      'FREQ=DAILY;BYHOUR=9',
      'FREQ=DAILY;BYMINUTE=30',
    ]) {
      expect(code(rrule), rrule).toBe('rrule_not_daily');
    }
  });

  it('refuses a rule that never fires inside the window, saying which window', () => {
    const never = recurrenceProblem('FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=1', SAFE_INTERNET);
    expect(never?.code).toBe('rrule_never_fires');
    expect(never?.message).toContain('2017-04-10');
    expect(never?.message).toContain('2017-04-21');
    expect(code('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30')).toBe('rrule_never_fires');
    expect(code('FREQ=WEEKLY;BYDAY=MO;UNTIL=20170401')).toBe('rrule_never_fires');
  });

  it('accepts a rule that fires at least once', () => {
    expect(recurrenceProblem('FREQ=WEEKLY;BYDAY=FR', SAFE_INTERNET)).toBeNull();
    expect(firesInside('FREQ=WEEKLY;BYDAY=FR', SAFE_INTERNET)).toBe(true);
    expect(firesInside('FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1;WKST=SU', SCHOOL_YEAR)).toBe(true);
    expect(firesInside('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30', SAFE_INTERNET)).toBe(false);
    expect(firesInside('nonsense', SAFE_INTERNET)).toBe(false);
  });
});
