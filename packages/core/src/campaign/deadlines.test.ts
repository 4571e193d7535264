import { describe, expect, it } from 'vitest';
import { isOverdue, nextDue, overdueFor, reminderInstants } from './deadlines.js';
import type { Deadline } from './model.js';

const REGIONAL_REPORTS: Deadline = { kind: 'date', by: '2017-04-25' };
const MAIN_PHASE: Deadline = { kind: 'window', from: '2017-04-10', to: '2017-04-21' };
const ONGOING: Deadline = { kind: 'ongoing' };
/** Vietnam's school year 2022–2023: a monthly report due on the 25th. */
const MONTHLY: Deadline = { kind: 'recurring', rrule: 'FREQ=MONTHLY;BYMONTHDAY=25' };
const SCHOOL_YEAR = { from: '2022-09-05', to: '2023-05-31' };

const t = (instant: string) => new Date(instant);

describe('isOverdue', () => {
  it('is overdue once the due day has ended in the responsible organisation’s zone', () => {
    // Midnight 25→26 April is 18:00 UTC in Almaty (UTC+6 in 2017), 17:00 UTC in Ho Chi Minh City.
    expect(isOverdue(REGIONAL_REPORTS, null, t('2017-04-25T17:59:59Z'), 'Asia/Almaty')).toBe(false);
    expect(isOverdue(REGIONAL_REPORTS, null, t('2017-04-25T18:00:00Z'), 'Asia/Almaty')).toBe(true);
    expect(isOverdue(REGIONAL_REPORTS, null, t('2017-04-25T16:59:59Z'), 'Asia/Ho_Chi_Minh')).toBe(
      false,
    );
    expect(isOverdue(REGIONAL_REPORTS, null, t('2017-04-25T17:00:00Z'), 'Asia/Ho_Chi_Minh')).toBe(
      true,
    );
  });

  it('takes a window’s last day, and is never overdue for an ongoing task', () => {
    expect(isOverdue(MAIN_PHASE, null, t('2017-04-21T12:00:00Z'), 'Asia/Almaty')).toBe(false);
    expect(isOverdue(MAIN_PHASE, null, t('2017-04-21T18:00:00Z'), 'Asia/Almaty')).toBe(true);
    expect(isOverdue(ONGOING, null, t('2030-01-01T00:00:00Z'), 'Asia/Almaty')).toBe(false);
  });

  it('clears once done, on time or late, but not by work done after `now`', () => {
    const late = t('2017-04-27T05:00:00Z');
    expect(isOverdue(REGIONAL_REPORTS, t('2017-04-24T05:00:00Z'), late, 'Asia/Almaty')).toBe(false);
    expect(isOverdue(REGIONAL_REPORTS, t('2017-04-26T05:00:00Z'), late, 'Asia/Almaty')).toBe(false);
    expect(isOverdue(REGIONAL_REPORTS, t('2017-04-28T05:00:00Z'), late, 'Asia/Almaty')).toBe(true);
  });

  it('asks each period of a recurring deadline for its own work', () => {
    const zone = 'Asia/Ho_Chi_Minh';
    const afterOctober = t('2022-10-26T03:00:00Z');
    expect(overdueFor(MONTHLY, null, afterOctober, zone, SCHOOL_YEAR)).toBe('2022-10-25');
    // September's report does not answer October's…
    expect(overdueFor(MONTHLY, t('2022-09-20T03:00:00Z'), afterOctober, zone, SCHOOL_YEAR)).toBe(
      '2022-10-25',
    );
    // …work after 25 September does, even if late.
    expect(
      overdueFor(MONTHLY, t('2022-10-01T03:00:00Z'), afterOctober, zone, SCHOOL_YEAR),
    ).toBeNull();
    expect(
      overdueFor(MONTHLY, t('2022-10-26T01:00:00Z'), afterOctober, zone, SCHOOL_YEAR),
    ).toBeNull();
    // The first period starts with the campaign.
    const afterSeptember = t('2022-09-26T03:00:00Z');
    expect(
      overdueFor(MONTHLY, t('2022-09-06T03:00:00Z'), afterSeptember, zone, SCHOOL_YEAR),
    ).toBeNull();
    expect(overdueFor(MONTHLY, null, t('2022-09-20T03:00:00Z'), zone, SCHOOL_YEAR)).toBeNull();
  });

  it('needs the campaign window for a recurring deadline', () => {
    expect(() => isOverdue(MONTHLY, null, t('2022-10-26T03:00:00Z'), 'Asia/Ho_Chi_Minh')).toThrow(
      /campaign window/,
    );
  });
});

describe('nextDue', () => {
  it('is the first due date whose day has not ended in the zone', () => {
    expect(nextDue(REGIONAL_REPORTS, t('2017-04-25T17:59:00Z'), 'Asia/Almaty')).toBe('2017-04-25');
    expect(nextDue(REGIONAL_REPORTS, t('2017-04-25T18:00:00Z'), 'Asia/Almaty')).toBeNull();
    expect(nextDue(ONGOING, t('2017-04-01T00:00:00Z'), 'Asia/Almaty')).toBeNull();
    expect(nextDue(MONTHLY, t('2022-11-25T16:59:00Z'), 'Asia/Ho_Chi_Minh', SCHOOL_YEAR)).toBe(
      '2022-11-25',
    );
    expect(nextDue(MONTHLY, t('2022-11-25T17:00:00Z'), 'Asia/Ho_Chi_Minh', SCHOOL_YEAR)).toBe(
      '2022-12-25',
    );
    expect(nextDue(MONTHLY, t('2023-05-26T00:00:00Z'), 'Asia/Ho_Chi_Minh', SCHOOL_YEAR)).toBeNull();
  });
});

describe('reminderInstants', () => {
  it('reminds 3 days before and on the day at 10:00 in the organisation’s zone', () => {
    const now = t('2017-04-01T00:00:00Z');
    const almaty = reminderInstants(REGIONAL_REPORTS, [0, 3], '10:00', 'Asia/Almaty', now);
    expect(almaty.map((r) => [r.key, r.at.toISOString(), r.localDate])).toEqual([
      ['2017-04-25/3d@Asia/Almaty', '2017-04-22T04:00:00.000Z', '2017-04-22'],
      ['2017-04-25/0d@Asia/Almaty', '2017-04-25T04:00:00.000Z', '2017-04-25'],
    ]);
    const hanoi = reminderInstants(REGIONAL_REPORTS, [3, 0], '10:00', 'Asia/Ho_Chi_Minh', now);
    expect(hanoi.map((r) => r.at.toISOString())).toEqual([
      '2017-04-22T03:00:00.000Z',
      '2017-04-25T03:00:00.000Z',
    ]);
  });

  it('leaves out reminders before `now`, duplicates and negative day counts', () => {
    const now = t('2017-04-23T00:00:00Z');
    const left = reminderInstants(REGIONAL_REPORTS, [3, 0, 0, -1], '10:00', 'Asia/Almaty', now);
    expect(left.map((r) => r.key)).toEqual(['2017-04-25/0d@Asia/Almaty']);
    expect(reminderInstants(ONGOING, [3, 0], '10:00', 'Asia/Almaty', now)).toEqual([]);
  });

  it('reminds before every due date of a recurring deadline', () => {
    const reminders = reminderInstants(
      MONTHLY,
      [2],
      '08:30',
      'Asia/Ho_Chi_Minh',
      t('2023-03-01T00:00:00Z'),
      SCHOOL_YEAR,
    );
    expect(reminders.map((r) => [r.dueDate, r.localDate])).toEqual([
      ['2023-03-25', '2023-03-23'],
      ['2023-04-25', '2023-04-23'],
      ['2023-05-25', '2023-05-23'],
    ]);
  });
});
