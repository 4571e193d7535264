import { SafenetApiError, type TargetMeasure } from '@safenet/sdk';
import { describe, expect, it } from 'vitest';
import {
  approvalAction,
  approvalBlockers,
  canReturn,
  targetIsShare,
  targetState,
} from './report-review.js';

const MINISTRY = '0190d2a4-0000-7000-8000-000000000001';
const ALMATY = '0190d2a4-0000-7000-8000-0000000000a1';
const ZHAMBYL = '0190d2a4-0000-7000-8000-0000000000a2';
const SCHOOL = '0190d2a4-0000-7000-8000-0000000000b1';
const at = '2017-04-28T04:00:00.000Z';
const by = { kind: 'user' as const, id: MINISTRY };
const LEVELS = ['province', 'ministry'] as const;

describe('approvalAction', () => {
  it('offers Approve to a writer at an approval level that nothing covers', () => {
    const province = { orgId: ALMATY, kind: 'province' as const, approved: null };
    expect(approvalAction(province, LEVELS, true)).toBe('approve');
    expect(approvalAction(province, LEVELS, false)).toBe('none');
    expect(approvalAction(province, ['ministry'], true)).toBe('none');
  });

  it('offers Withdraw on its own approval, nothing under an approval above', () => {
    const own = { orgId: ALMATY, kind: 'province' as const, approved: { orgId: ALMATY, at, by } };
    expect(approvalAction(own, LEVELS, true)).toBe('withdraw');
    const covered = { ...own, approved: { orgId: MINISTRY, at, by } };
    expect(approvalAction(covered, LEVELS, true)).toBe('none');
  });
});

describe('canReturn', () => {
  const submitted = { orgId: ALMATY, own: 'submitted' as const, approved: null };
  it('offers Return on a submitted report of an organisation beneath the writer', () => {
    expect(canReturn(submitted, MINISTRY, true)).toBe(true);
  });
  it('not to a reader, not on its own report, not returned twice, not under an approval', () => {
    expect(canReturn(submitted, MINISTRY, false)).toBe(false);
    expect(canReturn(submitted, ALMATY, true)).toBe(false);
    expect(canReturn({ ...submitted, own: 'returned' }, MINISTRY, true)).toBe(false);
    expect(canReturn({ ...submitted, own: 'missing' }, MINISTRY, true)).toBe(false);
    expect(canReturn({ ...submitted, approved: { orgId: MINISTRY, at, by } }, MINISTRY, true)).toBe(
      false,
    );
  });
});

describe('approvalBlockers', () => {
  const orgs = [
    { id: MINISTRY, name: 'Министерство просвещения', kind: 'ministry' as const },
    { id: ALMATY, name: 'Алматинская область', kind: 'province' as const },
    { id: ZHAMBYL, name: 'Жамбылская область', kind: 'province' as const },
  ];
  const blocked = (paths: string[]) =>
    new SafenetApiError({
      code: 'report_approval_blocked',
      status: 409,
      retryable: false,
      errors: paths.map((path) => ({ path, code: 'report_approval_blocked', message: 'x' })),
    });

  it('names a lower approval level as not approved, anyone else as not submitted', () => {
    expect(approvalBlockers(blocked([ALMATY, SCHOOL]), MINISTRY, LEVELS, orgs)).toEqual([
      { orgId: ALMATY, name: 'Алматинская область', reason: 'notApproved' },
      { orgId: SCHOOL, name: SCHOOL, reason: 'notSubmitted' },
    ]);
  });

  it('the approver itself, listed, has not submitted (a returned report)', () => {
    expect(approvalBlockers(blocked([ZHAMBYL]), ZHAMBYL, LEVELS, orgs)).toEqual([
      { orgId: ZHAMBYL, name: 'Жамбылская область', reason: 'notSubmitted' },
    ]);
  });

  it('an empty list when nobody is expected; null for any other error', () => {
    expect(approvalBlockers(blocked([]), MINISTRY, LEVELS, orgs)).toEqual([]);
    const conflict = new SafenetApiError({
      code: 'report_approval_conflict',
      status: 409,
      retryable: false,
    });
    expect(approvalBlockers(conflict, MINISTRY, LEVELS, orgs)).toBeNull();
    expect(approvalBlockers(new Error('network'), MINISTRY, LEVELS, orgs)).toBeNull();
  });
});

describe('targetState', () => {
  const base: TargetMeasure = {
    key: 'schools-run-programmes',
    title: { vi: '100% trường học tổ chức các hoạt động' },
    formula: { kind: 'share', form: 'f', field: 'sessions', when: { atLeast: 1 } },
    measured: true,
    unmeasurable: null,
    formId: ALMATY,
    periodKey: '2022-2023',
    value: 0.4,
    goal: 1,
    met: false,
    completeness: { expected: 5, submitted: 3, reportingRate: 0.6 },
  };

  it('met, not met, or without a goal', () => {
    expect(targetState(base)).toEqual({ key: 'notMet' });
    expect(targetState({ ...base, value: 1, met: true })).toEqual({ key: 'met' });
    expect(targetState({ ...base, goal: null, met: null })).toEqual({ key: 'noGoal' });
  });

  it('not measured: without a formula, or with the reason', () => {
    const unmeasured = { ...base, measured: false, value: null, met: null, completeness: null };
    expect(targetState({ ...unmeasured, formula: null })).toEqual({ key: 'noFormula' });
    expect(
      targetState({
        ...unmeasured,
        unmeasurable: { code: 'unknown_field', message: 'no field sessions' },
      }),
    ).toEqual({ key: 'unmeasurable', code: 'unknown_field' });
  });

  it('a share and a ratio are percentages, a total a number', () => {
    expect(targetIsShare(base)).toBe(true);
    expect(
      targetIsShare({
        ...base,
        formula: { kind: 'ratio', form: 'f', numerator: 'a', denominator: 'b' },
      }),
    ).toBe(true);
    expect(targetIsShare({ ...base, formula: { kind: 'total', form: 'f', field: 'a' } })).toBe(
      false,
    );
  });
});
