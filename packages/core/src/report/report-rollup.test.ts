import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReportField } from './report-form.schema.js';
import { type RollUpOrg, type RollUpSubmission, rollUpReports } from './report-rollup.js';
import { RollUpNode } from './report-rollup.schema.js';
import { SUBMISSION_STATES } from './report-submission.schema.js';

const fields = [
  { key: 'assemblies', type: 'count', label: { en: 'Assemblies' } },
  { key: 'share', type: 'number', decimals: 1, label: { en: 'Share' } },
  { key: 'held', type: 'yesNo', label: { en: 'Held' } },
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
  { key: 'other', type: 'longText', label: { en: 'Other' } },
  {
    key: 'media',
    type: 'group',
    label: { en: 'Media' },
    fields: [
      { key: 'outlet', type: 'text', label: { en: 'Outlet' } },
      { key: 'date', type: 'date', label: { en: 'Date' } },
    ],
  },
].map((f) => ReportField.parse(f));

const org = (
  id: string,
  parentId: string | null,
  kind: RollUpOrg['kind'],
  name = id,
): RollUpOrg => ({
  id,
  parentId,
  kind,
  name,
});

describe('rollUpReports', () => {
  // ministry ─ north (province) ─ n1, n2 (districts)
  //          └ south (province) ─ s1 (district)
  const orgs = [
    org('s1', 'south', 'district', 'Sary'),
    org('n2', 'north', 'district', 'Aral'),
    org('ministry', null, 'ministry', 'Ministry'),
    org('north', 'ministry', 'province', 'North'),
    org('n1', 'north', 'district', 'Bes'),
    org('south', 'ministry', 'province', 'South'),
  ];
  const submissions: RollUpSubmission[] = [
    {
      orgId: 'n1',
      state: 'submitted',
      onTime: true,
      values: {
        assemblies: 3,
        share: 0.1,
        held: true,
        kinds: ['tv'],
        other: 'posters',
        media: [{ outlet: 'A', date: '2017-04-12' }],
      },
    },
    {
      orgId: 'n2',
      state: 'returned',
      onTime: false,
      values: {
        assemblies: 4,
        share: 0.2,
        held: false,
        kinds: ['tv', 'press'],
        media: [{ outlet: 'B' }],
      },
    },
    { orgId: 's1', state: 'draft', onTime: null, values: { assemblies: 100, held: true } },
    // Not expected: counts in the totals, not in the rates.
    { orgId: 'north', state: 'approved', onTime: true, values: { assemblies: 1, share: 0.7 } },
  ];
  const expected = new Set(['n1', 'n2', 's1', 'south']);
  const [ministry, north, south, s1] = rollUpReports({ fields, orgs, expected, submissions }, [
    'ministry',
    'north',
    'south',
    's1',
  ]);

  it('sums bottom-up, drafts never counting', () => {
    expect(ministry?.totals).toEqual({
      assemblies: { type: 'count', sum: 8, answered: 3 },
      share: { type: 'number', sum: 1, answered: 3 },
      held: { type: 'yesNo', yes: 1, answered: 2 },
      kinds: { type: 'choice', answered: 2, counts: { tv: 2, press: 1 } },
      other: { type: 'longText', values: [{ orgId: 'n1', value: 'posters' }] },
      media: {
        type: 'group',
        rows: [
          { orgId: 'n2', row: { outlet: 'B' } },
          { orgId: 'n1', row: { outlet: 'A', date: '2017-04-12' } },
        ],
      },
    });
    expect(south?.totals.assemblies).toEqual({ type: 'count', sum: 0, answered: 0 });
  });

  it('measures completeness against the expected set only', () => {
    expect(ministry?.completeness).toEqual({
      expected: 4,
      submitted: 2,
      onTime: 1,
      reportingRate: 0.5,
      onTimeRate: 0.25,
      missing: ['s1', 'south'],
    });
    expect(north?.completeness).toMatchObject({
      expected: 2,
      submitted: 2,
      reportingRate: 1,
      missing: [],
    });
    expect(s1?.completeness).toMatchObject({
      expected: 1,
      submitted: 0,
      reportingRate: 0,
      missing: ['s1'],
    });
  });

  it('gives each node its own status and fits the schema', () => {
    expect([ministry, north, south, s1].map((n) => [n?.own, n?.ownOnTime])).toEqual([
      ['not_expected', null],
      ['approved', true],
      ['missing', null],
      ['draft', null],
    ]);
    // The same roll-up with real ids fits the API's schema.
    const names = orgs.map((o) => o.id);
    const uuid = (id: string) =>
      `00000000-0000-4000-8000-${String(names.indexOf(id)).padStart(12, '0')}`;
    const real = rollUpReports(
      {
        fields,
        orgs: orgs.map((o) => ({ ...o, id: uuid(o.id), parentId: o.parentId && uuid(o.parentId) })),
        expected: new Set([...expected].map(uuid)),
        submissions: submissions.map((s) => ({ ...s, orgId: uuid(s.orgId) })),
      },
      orgs.map((o) => uuid(o.id)),
    );
    for (const node of real) expect(RollUpNode.parse(node)).toEqual(node);
  });

  it('gives null rates where nobody is expected, and refuses an unknown id', () => {
    const [node] = rollUpReports({ fields, orgs, expected: new Set(), submissions }, ['ministry']);
    expect(node?.completeness).toMatchObject({
      expected: 0,
      reportingRate: null,
      onTimeRate: null,
    });
    expect(() => rollUpReports({ fields, orgs, expected, submissions }, ['nowhere'])).toThrow(
      RangeError,
    );
  });
});

describe('rollUpReports, for any tree and any submissions', () => {
  const counted = fields.filter((f) => f.type === 'count' || f.type === 'number');
  const world = fc
    .array(fc.nat(), { maxLength: 40 })
    .chain((parents) => {
      // Org i > 0 hangs under one of the orgs before it: always a tree rooted at org 0.
      const orgs = [
        org('o0', null, 'ministry'),
        ...parents.map((p, i) => org(`o${i + 1}`, `o${p % (i + 1)}`, 'school')),
      ];
      const submission = fc.record({
        state: fc.constantFrom(...SUBMISSION_STATES),
        onTime: fc.option(fc.boolean(), { nil: null }),
        assemblies: fc.option(fc.nat({ max: 1000 }), { nil: undefined }),
        share: fc.option(
          fc.integer({ min: -1000, max: 1000 }).map((n) => n / 10),
          { nil: undefined },
        ),
        held: fc.option(fc.boolean(), { nil: undefined }),
      });
      return fc.record({
        orgs: fc.shuffledSubarray(orgs, { minLength: orgs.length, maxLength: orgs.length }),
        expected: fc.subarray(orgs.map((o) => o.id)),
        submissions: fc.array(fc.option(submission, { nil: null }), {
          minLength: orgs.length,
          maxLength: orgs.length,
        }),
      });
    })
    .map(({ orgs, expected, submissions }) => ({
      orgs,
      expected: new Set(expected),
      submissions: submissions.flatMap((s, i): RollUpSubmission[] => {
        if (s === null) return [];
        const { state, onTime, ...values } = s;
        return [
          {
            orgId: `o${i}`,
            state,
            onTime,
            values: Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)),
          },
        ];
      }),
    }));

  it('totals equal the naive sum of each subtree, rates the submitted share of the expected', () => {
    fc.assert(
      fc.property(world, ({ orgs, expected, submissions }) => {
        const ids = orgs.map((o) => o.id);
        const nodes = rollUpReports({ fields, orgs, expected, submissions }, ids);
        const parentOf = new Map(orgs.map((o) => [o.id, o.parentId]));
        const within = (id: string, root: string): boolean => {
          for (let at: string | null | undefined = id; at != null; at = parentOf.get(at))
            if (at === root) return true;
          return false;
        };
        nodes.forEach((node, i) => {
          const root = ids[i] as string;
          const mine = submissions.filter((s) => s.state !== 'draft' && within(s.orgId, root));
          for (const field of counted) {
            const answers = mine
              .map((s) => s.values[field.key])
              .filter((v): v is number => typeof v === 'number');
            const sum = answers.reduce((a, b) => a + b, 0);
            expect(node.totals[field.key]).toMatchObject({ answered: answers.length });
            const total = node.totals[field.key];
            expect(total && 'sum' in total && total.sum).toBe(Math.round(sum * 10) / 10);
          }
          const held = mine.map((s) => s.values.held).filter((v) => typeof v === 'boolean');
          expect(node.totals.held).toEqual({
            type: 'yesNo',
            yes: held.filter(Boolean).length,
            answered: held.length,
          });
          const expectedHere = ids.filter((id) => expected.has(id) && within(id, root));
          const submitted = expectedHere.filter((id) => mine.some((s) => s.orgId === id));
          expect(node.completeness.expected).toBe(expectedHere.length);
          expect(node.completeness.submitted).toBe(submitted.length);
          expect(node.completeness.reportingRate).toBe(
            expectedHere.length === 0 ? null : submitted.length / expectedHere.length,
          );
          expect(node.completeness.reportingRate ?? 0).toBeLessThanOrEqual(1);
          expect(new Set(node.completeness.missing)).toEqual(
            new Set(expectedHere.filter((id) => !submitted.includes(id))),
          );
        });
      }),
      { numRuns: 200 },
    );
  });
});
