import { describe, expect, it } from 'vitest';
import { rollUpTable, toCsv } from './report-export.js';
import { ReportField } from './report-form.schema.js';
import { rollUpReports } from './report-rollup.js';

const fields = [
  {
    key: 'assemblies',
    type: 'count',
    label: { ru: 'Кол-во общешкольных линеек', en: 'School assemblies' },
  },
  { key: 'held', type: 'yesNo', label: { ru: 'Проведено' } },
  {
    key: 'kind',
    type: 'choice',
    label: { kk: 'Түрі' },
    options: [
      { key: 'tv', label: { ru: 'ТВ' } },
      { key: 'press', label: { ru: 'Пресса' } },
    ],
  },
  {
    key: 'media',
    type: 'group',
    label: { ru: 'Освещение в СМИ' },
    fields: [
      { key: 'outlet', type: 'text', label: { ru: 'Наименование СМИ' } },
      { key: 'date', type: 'date', label: { ru: 'Дата размещения' } },
    ],
  },
  { key: 'other', type: 'longText', label: { ru: 'Другие' } },
].map((f) => ReportField.parse(f));

const [total, akmola, almaty, astana] = rollUpReports(
  {
    fields,
    orgs: [
      { id: 'kz', parentId: null, kind: 'ministry', name: 'МОН РК' },
      { id: 'akm', parentId: 'kz', kind: 'province', name: 'Акмолинская область' },
      { id: 'ala', parentId: 'kz', kind: 'province', name: 'г. Алматы' },
      { id: 'ast', parentId: 'kz', kind: 'province', name: 'г. Астана' },
    ],
    expected: new Set(['akm', 'ala', 'ast']),
    submissions: [
      {
        orgId: 'akm',
        state: 'submitted',
        onTime: true,
        values: {
          assemblies: 212,
          held: true,
          kind: 'tv',
          media: [
            { outlet: 'Казахстанская правда', date: '2017-04-12' },
            { outlet: 'Акмолинская правда' },
          ],
          other: 'флешмоб, "акция"',
        },
      },
      {
        orgId: 'ala',
        state: 'returned',
        onTime: false,
        values: { assemblies: 40, held: false, kind: 'press', other: '=1+1' },
      },
      { orgId: 'ast', state: 'draft', onTime: null, values: { assemblies: 9 } },
    ],
  },
  ['kz', 'akm', 'ala', 'ast'],
);

describe('rollUpTable', () => {
  it('lays a roll-up out as the 2017 table, with a totals row', () => {
    if (!total || !akmola || !almaty || !astana) throw new Error('no roll-up');
    const table = rollUpTable(
      fields,
      [akmola, almaty, astana],
      total,
      'ru',
      new Map([['akm', '11']]),
    );
    expect(table).toEqual([
      [
        'Организация',
        'Код',
        'Статус',
        'Кол-во общешкольных линеек',
        'Проведено',
        'Түрі: ТВ',
        'Түрі: Пресса',
        'Освещение в СМИ',
        'Другие',
        'Доля сдавших отчёт, %',
        'Доля сдавших в срок, %',
        'Ожидается',
        'Сдано',
      ],
      [
        'Акмолинская область',
        '11',
        'сдан',
        '212',
        '1',
        '1',
        '0',
        'Казахстанская правда, 2017-04-12; Акмолинская правда',
        'флешмоб, "акция"',
        '100.0',
        '100.0',
        '1',
        '1',
      ],
      ['г. Алматы', '', 'с опозданием', '40', '0', '0', '1', '', '=1+1', '100.0', '0.0', '1', '1'],
      ['г. Астана', '', 'черновик', '', '', '', '', '', '', '0.0', '0.0', '1', '0'],
      [
        'Итого',
        '',
        '',
        '252',
        '1',
        '1',
        '1',
        'Казахстанская правда, 2017-04-12; Акмолинская правда',
        'флешмоб, "акция"; =1+1',
        '66.7',
        '33.3',
        '3',
        '2',
      ],
    ]);
  });

  it('falls back to English, then Russian, then any language for labels', () => {
    if (!total) throw new Error('no roll-up');
    const [header] = rollUpTable(fields, [], total, 'vi');
    expect(header?.slice(0, 7)).toEqual([
      'Đơn vị',
      'Mã',
      'Trạng thái',
      'School assemblies',
      'Проведено',
      'Түрі: ТВ',
      'Түрі: Пресса',
    ]);
  });
});

describe('toCsv', () => {
  it('writes UTF-8 with a BOM and CRLF, quoting commas, quotes and newlines', () => {
    const csv = toCsv([
      ['Организация', 'Tỉnh'],
      ['a, b', 'say "hi"'],
      ['two\nlines', '-3.5'],
    ]);
    expect(csv).toBe('\uFEFFОрганизация,Tỉnh\r\n"a, b","say ""hi"""\r\n"two\nlines",-3.5\r\n');
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    expect(toCsv([['=1+1', '@SUM(A1)', '+7', '-x', '12']])).toBe(
      "\uFEFF'=1+1,'@SUM(A1),'+7,'-x,12\r\n",
    );
  });
});
