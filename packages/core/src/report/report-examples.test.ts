import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ReportFormFile, ReportSchedule } from './report-form.schema.js';
import { reportPeriods } from './report-periods.js';
import { reportValuesSchema } from './report-values.js';

const example = (name: string) =>
  ReportFormFile.parse(
    parse(readFileSync(new URL(`../../../../examples/reports/${name}`, import.meta.url), 'utf8')),
  );

describe('example report forms', () => {
  it('reads the 2017 regional form with the source’s columns', () => {
    const form = example('safe-internet-2017-results.ru.yaml');
    expect(form.fields.map((f) => f.key)).toEqual([
      'assemblies',
      'class_hours',
      'contests',
      'meetings',
      'debates',
      'parent_meetings',
      'children_reached',
      'media_coverage',
      'other',
    ]);
    expect(form.fields[0]?.label.ru).toBe('Кол-во общешкольных линеек');
    expect(reportPeriods(ReportSchedule.parse(form.schedule), { until: '2017-12-31' })).toEqual([
      {
        key: 'once',
        startsOn: '2017-04-10',
        endsOn: '2017-04-21',
        dueOn: '2017-04-25',
        locksOn: '2017-04-30',
      },
    ]);
    const values = reportValuesSchema(form.fields);
    expect(
      values.safeParse({
        assemblies: 212,
        class_hours: 1480,
        contests: 35,
        meetings: 12,
        debates: 4,
        parent_meetings: 310,
        children_reached: 41_250,
        media_coverage: [{ outlet: 'Казахстанская правда', date: '2017-04-12' }],
      }).success,
    ).toBe(true);
  });

  it('reads the Vietnamese school form, reported every school year', () => {
    const form = example('nguyen-binh-khiem-2022-2023.vi.yaml');
    expect(form.fields.every((f) => f.label.vi !== undefined && f.label.en !== undefined)).toBe(
      true,
    );
    expect(reportPeriods(ReportSchedule.parse(form.schedule), { until: '2023-12-31' })).toEqual([
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
  });
});
