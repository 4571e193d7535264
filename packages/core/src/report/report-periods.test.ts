import { describe, expect, it } from 'vitest';
import { ReportSchedule } from './report-form.schema.js';
import { periodInstants, reportPeriod, reportPeriodOn, reportPeriods } from './report-periods.js';

const once = ReportSchedule.parse({
  kind: 'once',
  startsOn: '2017-04-10',
  endsOn: '2017-04-21',
  dueOn: '2017-04-25',
  locksOn: '2017-04-30',
});
const schoolYears = ReportSchedule.parse({
  kind: 'recurring',
  every: 'schoolYear',
  from: '2022-09-05',
  dueAfterDays: 15,
  lockAfterDays: 45,
});
const quarters = ReportSchedule.parse({
  kind: 'recurring',
  every: 'quarter',
  from: '2022-11-15',
  until: '2023-05-01',
  dueAfterDays: 10,
});
const months = ReportSchedule.parse({
  kind: 'recurring',
  every: 'month',
  from: '2022-11-30',
  dueAfterDays: 5,
  lockAfterDays: 20,
});

describe('reportPeriods', () => {
  it('gives a once schedule its one period, when it overlaps the range', () => {
    const period = {
      key: 'once',
      startsOn: '2017-04-10',
      endsOn: '2017-04-21',
      dueOn: '2017-04-25',
      locksOn: '2017-04-30',
    };
    expect(reportPeriods(once, { until: '2017-04-10' })).toEqual([period]);
    expect(reportPeriods(once, { from: '2017-04-21', until: '2017-12-31' })).toEqual([period]);
    expect(reportPeriods(once, { until: '2017-04-09' })).toEqual([]);
    expect(reportPeriods(once, { from: '2017-04-22', until: '2017-12-31' })).toEqual([]);
    expect(reportPeriod(once, 'once')).toEqual(period);
    expect(reportPeriodOn(once, '2017-04-15')).toEqual(period);
    expect(reportPeriodOn(once, '2017-04-22')).toBeUndefined();
  });

  it('starts school years on the 1st of their month, from the one containing `from`', () => {
    expect(reportPeriods(schoolYears, { until: '2024-01-10' })).toEqual([
      {
        key: '2022-2023',
        startsOn: '2022-09-01',
        endsOn: '2023-08-31',
        dueOn: '2023-09-15',
        locksOn: '2023-10-15',
      },
      {
        key: '2023-2024',
        startsOn: '2023-09-01',
        endsOn: '2024-08-31',
        dueOn: '2024-09-15',
        locksOn: '2024-10-15',
      },
    ]);
    expect(
      reportPeriods(schoolYears, { from: '2023-09-01', until: '2023-09-01' }).map((p) => p.key),
    ).toEqual(['2023-2024']);
    expect(reportPeriods(schoolYears, { until: '2022-08-31' })).toEqual([]);
  });

  it('reads a school year starting in another month', () => {
    const southern = ReportSchedule.parse({
      kind: 'recurring',
      every: 'schoolYear',
      from: '2023-01-20',
      schoolYearStartsInMonth: 2,
      dueAfterDays: 0,
    });
    expect(reportPeriods(southern, { until: '2023-03-01' })).toEqual([
      {
        key: '2022-2023',
        startsOn: '2022-02-01',
        endsOn: '2023-01-31',
        dueOn: '2023-01-31',
        locksOn: null,
      },
      {
        key: '2023-2024',
        startsOn: '2023-02-01',
        endsOn: '2024-01-31',
        dueOn: '2024-01-31',
        locksOn: null,
      },
    ]);
  });

  it('runs quarters and months across a year end, stopping at `until`', () => {
    expect(reportPeriods(quarters, { until: '2030-01-01' })).toEqual([
      {
        key: '2022-Q4',
        startsOn: '2022-10-01',
        endsOn: '2022-12-31',
        dueOn: '2023-01-10',
        locksOn: null,
      },
      {
        key: '2023-Q1',
        startsOn: '2023-01-01',
        endsOn: '2023-03-31',
        dueOn: '2023-04-10',
        locksOn: null,
      },
      {
        key: '2023-Q2',
        startsOn: '2023-04-01',
        endsOn: '2023-06-30',
        dueOn: '2023-07-10',
        locksOn: null,
      },
    ]);
    expect(reportPeriods(months, { from: '2022-01-01', until: '2023-02-14' })).toEqual([
      {
        key: '2022-11',
        startsOn: '2022-11-01',
        endsOn: '2022-11-30',
        dueOn: '2022-12-05',
        locksOn: '2022-12-20',
      },
      {
        key: '2022-12',
        startsOn: '2022-12-01',
        endsOn: '2022-12-31',
        dueOn: '2023-01-05',
        locksOn: '2023-01-20',
      },
      {
        key: '2023-01',
        startsOn: '2023-01-01',
        endsOn: '2023-01-31',
        dueOn: '2023-02-05',
        locksOn: '2023-02-20',
      },
      {
        key: '2023-02',
        startsOn: '2023-02-01',
        endsOn: '2023-02-28',
        dueOn: '2023-03-05',
        locksOn: '2023-03-20',
      },
    ]);
  });

  it('finds each listed period again by its key and by its days', () => {
    for (const schedule of [once, schoolYears, quarters, months])
      for (const period of reportPeriods(schedule, { until: '2025-12-31' })) {
        expect(reportPeriod(schedule, period.key)).toEqual(period);
        expect(reportPeriodOn(schedule, period.startsOn)).toEqual(period);
        expect(reportPeriodOn(schedule, period.endsOn)).toEqual(period);
      }
  });

  it.each([
    [schoolYears, '2022-2024'],
    [schoolYears, '2021-2022'],
    [schoolYears, '2022'],
    [quarters, '2023-Q5'],
    [quarters, '2023-q1'],
    [quarters, '2022-Q3'],
    [quarters, '2023-Q3'],
    [months, '2023-13'],
    [months, '2023-4'],
    [months, '2022-10'],
    [months, 'once'],
    [once, '2017'],
  ])('has no period %#: "%s"', (schedule, key) => {
    expect(reportPeriod(schedule, key)).toBeUndefined();
  });

  it('has no period on a day outside the schedule', () => {
    expect(reportPeriodOn(months, '2022-10-31')).toBeUndefined();
    expect(reportPeriodOn(quarters, '2023-07-01')).toBeUndefined();
    expect(reportPeriodOn(schoolYears, '2040-01-01')?.key).toBe('2039-2040');
  });
});

describe('periodInstants', () => {
  it('ends the due and lock days at midnight in the organisation’s zone', () => {
    const period = reportPeriod(once, 'once');
    if (!period) throw new Error('no period');
    // Almaty was UTC+6 in 2017 (it moved to UTC+5 on 1 March 2024).
    expect(periodInstants(period, 'Asia/Almaty')).toEqual({
      dueAt: new Date('2017-04-25T18:00:00Z'),
      locksAt: new Date('2017-04-30T18:00:00Z'),
    });
    // Aqtobe, in the west of Kazakhstan, was UTC+5 then: its day ends an hour later.
    expect(periodInstants(period, 'Asia/Aqtobe').dueAt).toEqual(new Date('2017-04-25T19:00:00Z'));
    const year = reportPeriod(schoolYears, '2022-2023');
    if (!year) throw new Error('no period');
    expect(periodInstants(year, 'Asia/Ho_Chi_Minh')).toEqual({
      dueAt: new Date('2023-09-15T17:00:00Z'),
      locksAt: new Date('2023-10-15T17:00:00Z'),
    });
    const quarter = reportPeriod(quarters, '2023-Q1');
    if (!quarter) throw new Error('no period');
    expect(periodInstants(quarter, 'Asia/Ho_Chi_Minh').locksAt).toBeNull();
  });

  it('reads Almaty at UTC+5 after the 2024 change', () => {
    const period = reportPeriod(months, '2024-03');
    if (!period) throw new Error('no period');
    expect(period.dueOn).toBe('2024-04-05');
    expect(periodInstants(period, 'Asia/Almaty').dueAt).toEqual(new Date('2024-04-05T19:00:00Z'));
  });
});
