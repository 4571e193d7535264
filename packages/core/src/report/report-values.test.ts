import { describe, expect, it } from 'vitest';
import { ReportField } from './report-form.schema.js';
import {
  answeredKeys,
  breakingFieldChanges,
  changedFields,
  reportValuesSchema,
} from './report-values.js';

const fields = [
  { key: 'assemblies', type: 'count', label: { ru: 'Кол-во общешкольных линеек' }, required: true },
  { key: 'share', type: 'number', label: { en: 'Share' }, min: 0, max: 100, decimals: 1 },
  { key: 'held', type: 'yesNo', label: { en: 'Held' } },
  {
    key: 'kind',
    type: 'choice',
    label: { en: 'Kind' },
    options: [
      { key: 'tv', label: { en: 'TV' } },
      { key: 'press', label: { en: 'Press' } },
    ],
  },
  {
    key: 'kinds',
    type: 'choice',
    multiple: true,
    label: { en: 'Kinds' },
    options: [
      { key: 'tv', label: { en: 'TV' } },
      { key: 'press', label: { en: 'Press' } },
    ],
  },
  { key: 'on', type: 'date', label: { en: 'On' } },
  { key: 'note', type: 'text', label: { en: 'Note' }, maxLength: 5 },
  { key: 'other', type: 'longText', label: { en: 'Other' } },
  {
    key: 'media',
    type: 'group',
    label: { ru: 'Освещение в СМИ' },
    maxRows: 3,
    fields: [
      { key: 'outlet', type: 'text', label: { ru: 'Наименование СМИ' }, required: true },
      { key: 'date', type: 'date', label: { ru: 'Дата размещения' }, required: true },
      { key: 'link', type: 'text', label: { en: 'Link' } },
    ],
  },
].map((f) => ReportField.parse(f));

const submit = reportValuesSchema(fields);
const draft = reportValuesSchema(fields, { draft: true });

function problems(values: unknown, schema = submit) {
  const result = schema.safeParse(values);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({
    path: issue.path,
    code: (issue as { params?: { code?: string } }).params?.code,
    message: issue.message,
  }));
}

describe('reportValuesSchema', () => {
  it('takes valid answers of every type and normalises them', () => {
    const parsed = submit.parse({
      assemblies: 12,
      share: 12.5,
      held: false,
      kind: 'tv',
      kinds: ['press', 'tv'],
      on: '2017-04-12',
      note: '  hi  ',
      other: null,
      media: [{ outlet: 'Казахстанская правда', date: '2017-04-12' }, {}],
    });
    expect(parsed).toEqual({
      assemblies: 12,
      share: 12.5,
      held: false,
      kind: 'tv',
      kinds: ['press', 'tv'],
      on: '2017-04-12',
      note: 'hi',
      media: [{ outlet: 'Казахстанская правда', date: '2017-04-12' }],
    });
  });

  it.each([
    [{ assemblies: -3 }, ['assemblies'], 'assemblies: a count is a whole number 0 or more, got -3'],
    [
      { assemblies: 2.5 },
      ['assemblies'],
      'assemblies: a count is a whole number 0 or more, got 2.5',
    ],
    [
      { assemblies: '3' },
      ['assemblies'],
      'assemblies: a count is a whole number 0 or more, got "3"',
    ],
    [{ assemblies: 1, share: 12.25 }, ['share'], 'share: write at most 1 decimal place, got 12.25'],
    [{ assemblies: 1, share: 101 }, ['share'], 'share: the largest value is 100, got 101'],
    [{ assemblies: 1, share: Number.NaN }, ['share'], 'share: write a number, got NaN'],
    [{ assemblies: 1, held: 'yes' }, ['held'], 'held: answer yes or no (true or false), got "yes"'],
    [{ assemblies: 1, kind: 'radio' }, ['kind'], 'kind: choose one of tv, press, got "radio"'],
    [{ assemblies: 1, kind: ['tv'] }, ['kind'], 'kind: choose one of tv, press, got a list'],
    [
      { assemblies: 1, kinds: ['tv', 'tv'] },
      ['kinds'],
      'kinds: choose each option at most once, got a list',
    ],
    [
      { assemblies: 1, kinds: 'tv' },
      ['kinds'],
      'kinds: choose a list of options among tv, press, got "tv"',
    ],
    [
      { assemblies: 1, on: '2017-02-30' },
      ['on'],
      'on: write a real date as YYYY-MM-DD, e.g. 2017-04-12, got "2017-02-30"',
    ],
    [
      { assemblies: 1, on: '12.04.2017' },
      ['on'],
      'on: write a real date as YYYY-MM-DD, e.g. 2017-04-12, got "12.04.2017"',
    ],
    [
      { assemblies: 1, note: 'toolong' },
      ['note'],
      'note: write at most 5 characters (this has 7), got "toolong"',
    ],
    [{ assemblies: 1, other: 5 }, ['other'], 'other: write a text, got 5'],
    [{ assemblies: 1, media: {} }, ['media'], 'media: write a list of rows, got an object'],
    [
      {
        assemblies: 1,
        media: [
          { outlet: 'A', date: '2017-04-12' },
          { outlet: 'B', date: '2017-13-01' },
        ],
      },
      ['media', 1, 'date'],
      'media[1].date: write a real date as YYYY-MM-DD, e.g. 2017-04-12, got "2017-13-01"',
    ],
    [
      { assemblies: 1, media: [{ outlet: 'A', date: '2017-04-12', views: 3 }] },
      ['media', 0, 'views'],
      'media[0]: "views" is not a column of media; the columns are outlet, date, link',
    ],
    [
      { assemblies: 1, media: [{ outlet: 'A' }] },
      ['media', 0, 'date'],
      'media[0].date: required in every row',
    ],
    [{ assemblies: 1, media: [1, 2, 3, 4] }, ['media'], 'media: at most 3 rows, got 4'],
    [
      { assemblies: 1, children: 5 },
      ['children'],
      expect.stringContaining('"children" is not a field of this form'),
    ],
    [{}, ['assemblies'], 'assemblies: required (a draft may leave it empty)'],
    [{ assemblies: null }, ['assemblies'], 'assemblies: required (a draft may leave it empty)'],
  ])('refuses %j at its path with report_values_invalid', (values, path, message) => {
    expect(problems(values)).toEqual([{ path, code: 'report_values_invalid', message }]);
  });

  it('refuses what is not an object of answers', () => {
    expect(problems([1])).toEqual([
      {
        path: [],
        code: 'report_values_invalid',
        message: 'the answers are an object of field keys, got a list',
      },
    ]);
  });

  it('lets a draft leave required fields and required columns empty, nothing else', () => {
    expect(draft.parse({ media: [{ outlet: 'A' }] })).toEqual({ media: [{ outlet: 'A' }] });
    expect(problems({ assemblies: -1 }, draft).map((p) => p.path)).toEqual([['assemblies']]);
    expect(problems({ extra: 1 }, draft).map((p) => p.path)).toEqual([['extra']]);
  });

  it('counts a text that is only spaces as unanswered', () => {
    const required = reportValuesSchema([
      ReportField.parse({ key: 'note', type: 'text', label: { en: 'Note' }, required: true }),
    ]);
    expect(problems({ note: '   ' }, required).map((p) => p.message)).toEqual([
      'note: required (a draft may leave it empty)',
    ]);
  });

  it('honours a count’s max', () => {
    const capped = reportValuesSchema([
      ReportField.parse({ key: 'n', type: 'count', label: { en: 'N' }, max: 10 }),
    ]);
    expect(problems({ n: 11 }, capped).map((p) => p.message)).toEqual([
      'n: a count here is at most 10, got 11',
    ]);
    expect(capped.parse({ n: 10 })).toEqual({ n: 10 });
  });
});

describe('changedFields', () => {
  it('names the fields whose answer differs, ignoring key order and null-vs-missing', () => {
    expect(
      changedFields(
        { a: 1, media: [{ outlet: 'A', date: '2017-04-12' }], b: null, c: 'x' },
        { a: 1, media: [{ date: '2017-04-12', outlet: 'A' }], c: 'y', d: true },
      ),
    ).toEqual(['c', 'd']);
    expect(changedFields({ a: 1 }, {})).toEqual(['a']);
  });
});

describe('breakingFieldChanges', () => {
  const answered = answeredKeys(fields, [
    { assemblies: 3, kind: 'tv', media: [{ outlet: 'A', date: '2017-04-12' }] },
  ]);

  it('lists what submissions answer, options and columns included', () => {
    expect([...answered].sort()).toEqual(
      ['assemblies', 'kind', 'kind.tv', 'media', 'media.date', 'media.outlet'].sort(),
    );
  });

  it('allows relabelling, new fields, new options and dropping unanswered things', () => {
    const after = fields
      .filter((f) => f.key !== 'held')
      .map((f) => (f.key === 'assemblies' ? { ...f, label: { en: 'Assemblies' } } : f));
    after.push(ReportField.parse({ key: 'debates', type: 'count', label: { en: 'Debates' } }));
    expect(breakingFieldChanges(fields, after, answered)).toEqual([]);
    const noPress = fields.map((f) =>
      f.key === 'kind' && f.type === 'choice'
        ? { ...f, options: f.options.filter((o) => o.key !== 'press') }
        : f,
    );
    expect(breakingFieldChanges(fields, noPress, answered)).toEqual([]);
  });

  it('names answered fields dropped or retyped, columns as group.column, removed answered options', () => {
    const after = fields
      .filter((f) => f.key !== 'assemblies')
      .map((f) => {
        if (f.key === 'kind' && f.type === 'choice')
          return { ...f, options: f.options.filter((o) => o.key !== 'tv') };
        if (f.type === 'group')
          return {
            ...f,
            fields: f.fields
              .filter((c) => c.key !== 'outlet')
              .map((c) => (c.key === 'date' ? { ...c, type: 'text' as const, maxLength: 10 } : c)),
          };
        return f;
      });
    expect(breakingFieldChanges(fields, after as ReportField[], answered)).toEqual([
      'assemblies',
      'kind',
      'media.outlet',
      'media.date',
    ]);
  });

  it('treats a choice turning multiple as a retype', () => {
    const after = fields.map((f) =>
      f.key === 'kind' && f.type === 'choice' ? { ...f, multiple: true } : f,
    );
    expect(breakingFieldChanges(fields, after, answered)).toEqual(['kind']);
  });
});
