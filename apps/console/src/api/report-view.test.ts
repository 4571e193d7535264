import type { ReportField, RollUpNode } from '@safenet/sdk';
import { describe, expect, it } from 'vitest';
import {
  currentPeriod,
  rateBand,
  rollUpColumns,
  rollUpRows,
  rollUpSearch,
  scheduleWords,
} from './report-view.js';

const ALMATY = '0190d2a4-0000-7000-8000-0000000000a1';
const ASTANA = '0190d2a4-0000-7000-8000-0000000000a2';

const fields: ReportField[] = [
  { key: 'assemblies', type: 'count', label: { ru: 'Кол-во общешкольных линеек' }, required: true },
  { key: 'hotline', type: 'yesNo', label: { en: 'Hotline publicised' }, required: false },
  {
    key: 'format',
    type: 'choice',
    label: { en: 'Format' },
    required: false,
    multiple: false,
    options: [
      { key: 'online', label: { en: 'Online' } },
      { key: 'offline', label: { en: 'In person' } },
    ],
  },
  {
    key: 'media',
    type: 'group',
    label: { en: 'Media coverage' },
    required: false,
    maxRows: 200,
    fields: [
      { key: 'outlet', type: 'text', label: { en: 'Outlet' }, required: true, maxLength: 200 },
    ],
  },
  { key: 'other', type: 'longText', label: { en: 'Other' }, required: false, maxLength: 4000 },
];

const completeness = (expected: number, submitted: number, onTime: number) => ({
  expected,
  submitted,
  onTime,
  reportingRate: expected === 0 ? null : submitted / expected,
  onTimeRate: expected === 0 ? null : onTime / expected,
  missing: [],
});

const node = (
  orgId: string,
  name: string,
  totals: RollUpNode['totals'],
  c = completeness(1, 1, 1),
): RollUpNode => ({
  orgId,
  name,
  kind: 'province',
  parentId: null,
  own: c.submitted > 0 ? 'submitted' : 'missing',
  ownOnTime: c.submitted > 0 ? c.onTime > 0 : null,
  totals,
  completeness: c,
  approved: null,
});

describe('the roll-up as the console draws it', () => {
  it('bands a reporting rate, none when nobody is expected', () => {
    expect([null, 0, 0.39, 0.4, 0.74, 0.75, 0.99, 1].map(rateBand)).toEqual([
      'none',
      'low',
      'low',
      'partial',
      'partial',
      'most',
      'most',
      'complete',
    ]);
  });

  it('gives a choice field one column per option, the others one each', () => {
    expect(rollUpColumns(fields).map((c) => [c.key, c.listed])).toEqual([
      ['assemblies', false],
      ['hotline', false],
      ['format.online', false],
      ['format.offline', false],
      ['media', true],
      ['other', true],
    ]);
  });

  it('makes a row per node: sums, yes answers, choosers, listed answers; a dash for none', () => {
    const rows = rollUpRows(rollUpColumns(fields), [
      node(ALMATY, 'Алматинская область', {
        assemblies: { type: 'count', sum: 212, answered: 1 },
        hotline: { type: 'yesNo', yes: 1, answered: 1 },
        format: { type: 'choice', counts: { offline: 1 }, answered: 1 },
        media: {
          type: 'group',
          rows: [
            { orgId: ALMATY, row: { outlet: 'Казахстанская правда' } },
            { orgId: ALMATY, row: { outlet: 'Хабар' } },
          ],
        },
        other: { type: 'longText', values: [] },
      }),
      node(
        ASTANA,
        'Астана',
        {
          assemblies: { type: 'count', sum: 0, answered: 0 },
          hotline: { type: 'yesNo', yes: 0, answered: 0 },
          format: { type: 'choice', counts: {}, answered: 0 },
          media: { type: 'group', rows: [] },
          other: { type: 'longText', values: [{ orgId: ASTANA, value: 'Флешмоб' }] },
        },
        completeness(1, 0, 0),
      ),
    ]);
    expect(rows.map((r) => [r.name, r.cells, r.band])).toEqual([
      ['Алматинская область', [212, 1, 0, 1, 2, null], 'complete'],
      ['Астана', [null, null, null, null, null, 1], 'low'],
    ]);
    // A field the hub's totals lack (added to the form after) is a dash too.
    expect(rollUpRows(rollUpColumns(fields), [node(ALMATY, 'A', {})])[0]?.cells).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
  });
});

describe('a schedule in words', () => {
  const day = (iso: string) => `<${iso}>`;

  it('says the 2017 report’s window, due date and lock', () => {
    expect(
      scheduleWords(
        {
          kind: 'once',
          startsOn: '2017-04-10',
          endsOn: '2017-04-21',
          dueOn: '2017-04-25',
          locksOn: '2017-04-30',
        },
        day,
      ),
    ).toEqual([
      {
        key: 'onceLocks',
        values: {
          from: '<2017-04-10>',
          to: '<2017-04-21>',
          due: '<2017-04-25>',
          locks: '<2017-04-30>',
        },
      },
    ]);
    expect(
      scheduleWords(
        { kind: 'once', startsOn: '2017-04-10', endsOn: '2017-04-21', dueOn: '2017-04-25' },
        day,
      ),
    ).toEqual([
      { key: 'once', values: { from: '<2017-04-10>', to: '<2017-04-21>', due: '<2017-04-25>' } },
    ]);
  });

  it('says a recurring one’s length, delays and last period', () => {
    expect(
      scheduleWords(
        {
          kind: 'recurring',
          every: 'schoolYear',
          from: '2022-09-05',
          schoolYearStartsInMonth: 9,
          dueAfterDays: 15,
          lockAfterDays: 45,
        },
        day,
      ),
    ).toEqual([
      { key: 'schoolYear', values: { from: '<2022-09-05>' } },
      { key: 'dueDays', values: { count: 15 } },
      { key: 'locksDays', values: { count: 45 } },
    ]);
    expect(
      scheduleWords(
        {
          kind: 'recurring',
          every: 'month',
          from: '2023-01-01',
          until: '2023-12-31',
          schoolYearStartsInMonth: 9,
          dueAfterDays: 0,
        },
        day,
      ).map((w) => w.key),
    ).toEqual(['month', 'dueDays', 'until']);
  });
});

describe('the current period of a form', () => {
  const period = (key: string, startsOn: string, endsOn: string) => ({
    key,
    startsOn,
    endsOn,
    dueOn: endsOn,
    locksOn: null,
  });
  const quarters = [
    period('2023-Q1', '2023-01-01', '2023-03-31'),
    period('2023-Q2', '2023-04-01', '2023-06-30'),
  ];

  it('is the one containing today, else the last begun, else the first to come', () => {
    expect(currentPeriod(quarters, '2023-04-01')?.key).toBe('2023-Q2');
    expect(currentPeriod(quarters, '2023-03-31')?.key).toBe('2023-Q1');
    expect(currentPeriod(quarters, '2023-08-10')?.key).toBe('2023-Q2');
    expect(currentPeriod(quarters, '2022-12-01')?.key).toBe('2023-Q1');
    expect(currentPeriod([], '2023-01-01')).toBeUndefined();
  });
});

describe('the roll-up page’s address', () => {
  it('keeps an organisation and a known kind, drops the rest', () => {
    expect(rollUpSearch({ orgId: ALMATY, level: 'province' })).toEqual({
      orgId: ALMATY,
      level: 'province',
    });
    expect(rollUpSearch({ orgId: '', level: 'planet', other: 1 })).toEqual({});
  });
});
