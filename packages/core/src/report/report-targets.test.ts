import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Target } from '../campaign/target.schema.js';
import { ReportField } from './report-form.schema.js';
import type { RollUpInput, RollUpOrg, RollUpSubmission } from './report-rollup.js';
import { SUBMISSION_STATES } from './report-submission.schema.js';
import { formulaProblem, measureTargets } from './report-targets.js';
import { TargetMeasure } from './report-targets.schema.js';

const fields = [
  { key: 'enrolled', type: 'count', label: { en: 'Enrolled' } },
  { key: 'reached', type: 'count', label: { en: 'Reached' } },
  { key: 'sessions', type: 'count', label: { en: 'Sessions' } },
  { key: 'integrated', type: 'yesNo', label: { en: 'Integrated' } },
  { key: 'notes', type: 'text', label: { en: 'Notes' } },
  {
    key: 'channels',
    type: 'choice',
    multiple: true,
    label: { en: 'Channels' },
    options: [
      { key: 'web', label: { en: 'Web' } },
      { key: 'social', label: { en: 'Social' } },
    ],
  },
].map((f) => ReportField.parse(f));

const org = (id: string, parentId: string | null, kind: RollUpOrg['kind']): RollUpOrg => ({
  id,
  parentId,
  kind,
  name: id,
});

// A province, two districts, five schools; district d1 is expected too (it reports itself).
const orgs = [
  org('p', null, 'province'),
  org('d1', 'p', 'district'),
  org('d2', 'p', 'district'),
  org('s1', 'd1', 'school'),
  org('s2', 'd1', 'school'),
  org('s3', 'd1', 'school'),
  org('s4', 'd2', 'school'),
  org('s5', 'd2', 'school'),
];
const sub = (
  orgId: string,
  values: RollUpSubmission['values'],
  state: RollUpSubmission['state'] = 'submitted',
): RollUpSubmission => ({ orgId, state, values, onTime: true });

const input: RollUpInput = {
  fields,
  orgs,
  expected: new Set(['d1', 's1', 's2', 's3', 's4', 's5']),
  submissions: [
    sub('s1', { enrolled: 400, reached: 400, sessions: 2, integrated: true, channels: ['web'] }),
    sub('s2', { enrolled: 300, reached: 150, sessions: 0, integrated: false, channels: [] }),
    sub('s4', { enrolled: 300, reached: 250, sessions: 1, integrated: true, channels: ['social'] }),
    // A draft never counts: s5 has not reported.
    sub('s5', { enrolled: 999, reached: 999, sessions: 9, integrated: true }, 'draft'),
    // The district's own submission: expected, but not a school.
    sub('d1', { enrolled: 0, reached: 0, sessions: 5 }),
  ],
};

const target = (raw: Record<string, unknown>) =>
  Target.parse({ key: 't', title: { en: 'A target' }, ...raw });

const share = (when: Record<string, unknown>, field = 'sessions') =>
  target({
    measure: { percent: 100, of: 'school' },
    formula: { kind: 'share', form: 'f', field, when },
  });

describe('measureTargets', () => {
  it('a share is over the expected schools: the ones not reported do not meet it', () => {
    const [m] = measureTargets([share({ atLeast: 1 })], input, 'p', {
      formId: '0190a5e0-0000-7000-8000-000000000001',
      periodKey: '2022-2023',
    });
    // s1 and s4 held a session; s2 did not; s3 and s5 (draft) have not reported.
    expect(m).toMatchObject({
      measured: true,
      value: 2 / 5,
      goal: 1,
      met: false,
      formId: '0190a5e0-0000-7000-8000-000000000001',
      periodKey: '2022-2023',
      completeness: { expected: 5, submitted: 3, reportingRate: 3 / 5 },
    });
    expect(TargetMeasure.parse(m)).toEqual(m);
  });

  it('a share without a kind counts every expected organisation of the subtree', () => {
    const t = target({
      measure: { percent: 50 },
      formula: { kind: 'share', form: 'f', field: 'sessions', when: { atLeast: 1 } },
    });
    const [m] = measureTargets([t], input, 'd1');
    // d1 (5 sessions), s1 meet; s2 does not; s3 has not reported.
    expect(m).toMatchObject({
      value: 2 / 4,
      goal: 0.5,
      met: true,
      completeness: { expected: 4, submitted: 3, reportingRate: 3 / 4 },
    });
  });

  it('reads yes/no and choice answers', () => {
    const [yes, web] = measureTargets(
      [share({ is: true }, 'integrated'), share({ oneOf: ['web', 'social'] }, 'channels')],
      input,
      'p',
    );
    expect(yes?.value).toBe(2 / 5);
    expect(web?.value).toBe(2 / 5);
  });

  it('a ratio and a total read the subtree’s sums; the goal decides met', () => {
    const ratio = target({
      key: 'reached',
      measure: { percent: 80 },
      formula: { kind: 'ratio', form: 'f', numerator: 'reached', denominator: 'enrolled' },
    });
    const total = target({
      key: 'sessions',
      goal: 3,
      formula: { kind: 'total', form: 'f', field: 'sessions' },
    });
    const [r, t] = measureTargets([ratio, total], input, 'p');
    expect(r).toMatchObject({ value: 800 / 1000, goal: 0.8, met: true });
    expect(r?.completeness).toEqual({ expected: 6, submitted: 4, reportingRate: 4 / 6 });
    expect(t).toMatchObject({ value: 8, goal: 3, met: true });
    const [d2] = measureTargets([ratio], input, 'd2');
    expect(d2).toMatchObject({ value: 250 / 300, met: true });
  });

  it('a target without a formula is listed, not measured', () => {
    const [m] = measureTargets([target({ measure: { percent: 100, of: 'school' } })], input, 'p');
    expect(m).toMatchObject({ measured: false, unmeasurable: null, value: null, goal: 1 });
  });

  it('a formula that does not fit the form is unmeasurable, with the reason', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ kind: 'total', form: 'f', field: 'gone' }, 'unknown_field'],
      [{ kind: 'total', form: 'f', field: 'notes' }, 'wrong_field_type'],
      [
        { kind: 'ratio', form: 'f', numerator: 'reached', denominator: 'integrated' },
        'wrong_field_type',
      ],
      [{ kind: 'share', form: 'f', field: 'integrated', when: { atLeast: 1 } }, 'wrong_field_type'],
      [{ kind: 'share', form: 'f', field: 'sessions', when: { is: true } }, 'wrong_field_type'],
      [
        { kind: 'share', form: 'f', field: 'sessions', when: { oneOf: ['web'] } },
        'wrong_field_type',
      ],
      [{ kind: 'share', form: 'f', field: 'channels', when: { oneOf: ['tv'] } }, 'unknown_option'],
    ];
    for (const [formula, code] of cases) {
      const [m] = measureTargets([target({ goal: 1, formula })], input, 'p');
      expect(m, JSON.stringify(formula)).toMatchObject({
        measured: false,
        value: null,
        unmeasurable: { code },
      });
      expect(
        formulaProblem(
          Target.parse({ key: 'x', title: { en: 'x' }, formula }).formula as never,
          fields,
        )?.code,
      ).toBe(code);
    }
  });

  it('nobody expected, or nothing below the line, is unmeasurable rather than 0 or 100 %', () => {
    const none = { ...input, expected: new Set<string>() };
    const [m] = measureTargets([share({ atLeast: 1 })], none, 'p');
    expect(m).toMatchObject({ measured: false, unmeasurable: { code: 'nobody_expected' } });
    const ratio = target({
      measure: { percent: 100 },
      formula: { kind: 'ratio', form: 'f', numerator: 'reached', denominator: 'enrolled' },
    });
    const [r] = measureTargets([ratio], { ...input, submissions: [] }, 'p');
    expect(r).toMatchObject({ measured: false, unmeasurable: { code: 'zero_denominator' } });
  });

  it('an organisation outside the input is a RangeError', () => {
    expect(() => measureTargets([share({ atLeast: 1 })], input, 'nowhere')).toThrow(RangeError);
  });
});

describe('a share, for any tree and any submissions', () => {
  const world = fc.array(fc.nat(), { maxLength: 30 }).chain((parents) => {
    const tree = [
      org('o0', null, 'district'),
      ...parents.map((p, i) => org(`o${i + 1}`, `o${p % (i + 1)}`, i % 3 ? 'school' : 'district')),
    ];
    const submission = fc.record({
      state: fc.constantFrom(...SUBMISSION_STATES),
      sessions: fc.option(fc.nat({ max: 5 }), { nil: undefined }),
    });
    return fc.record({
      tree: fc.constant(tree),
      expected: fc.subarray(tree.map((o) => o.id)),
      submissions: fc.array(fc.option(submission, { nil: null }), {
        minLength: tree.length,
        maxLength: tree.length,
      }),
      atLeast: fc.nat({ max: 6 }),
      of: fc.constantFrom(undefined, 'school' as const),
      root: fc.nat(),
    });
  });

  it('is between 0 and 1 and never above the reporting rate it stands on', () => {
    fc.assert(
      fc.property(world, ({ tree, expected, submissions, atLeast, of, root }) => {
        const t = target({
          measure: of === undefined ? { percent: 100 } : { percent: 100, of },
          formula: { kind: 'share', form: 'f', field: 'sessions', when: { atLeast } },
        });
        const rootId = tree[root % tree.length]?.id as string;
        const [m] = measureTargets(
          [t],
          {
            fields,
            orgs: tree,
            expected: new Set(expected),
            submissions: submissions.flatMap((s, i) =>
              s === null
                ? []
                : [sub(`o${i}`, s.sessions === undefined ? {} : { sessions: s.sessions }, s.state)],
            ),
          },
          rootId,
        );
        if (!m?.measured) {
          expect(m?.unmeasurable?.code).toBe('nobody_expected');
          expect(m?.completeness?.expected).toBe(0);
          return;
        }
        const value = m.value as number;
        const reportingRate = m.completeness?.reportingRate as number;
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(1);
        expect(value).toBeLessThanOrEqual(reportingRate);
        expect(m.met).toBe(value === 1);
      }),
      { numRuns: 300 },
    );
  });
});
