import { describe, expect, it } from 'vitest';
import {
  allowedCaseActions,
  CASE_CONDITIONS,
  CASE_STATES,
  CASE_TRANSITION_NAMES,
  type CaseFacts,
  caseActionAllowed,
  caseSeverityFor,
  higherSeverity,
  nextCaseState,
  routeCase,
} from './case-workflow.js';

const none: CaseFacts = Object.fromEntries(CASE_CONDITIONS.map((c) => [c, false])) as CaseFacts;

describe('the case state machine', () => {
  it('allows exactly the moves the issue draws, state by state', () => {
    const table = Object.fromEntries(
      CASE_STATES.map((state) => [
        state,
        Object.fromEntries(
          CASE_TRANSITION_NAMES.map((t) => [t, nextCaseState(state, t)]).filter(([, to]) => to),
        ),
      ]),
    );
    expect(table).toEqual({
      new: { triage: 'triaged', reject: 'rejected' },
      triaged: { refer: 'referred', act: 'in_action', resolve: 'resolved', reject: 'rejected' },
      referred: { act: 'in_action', resolve: 'resolved' },
      in_action: { refer: 'referred', resolve: 'resolved' },
      resolved: { reopen: 'triaged' },
      rejected: { reopen: 'triaged' },
    });
  });
});

describe('the permission rules', () => {
  it('lets a specialist triage but only the assignee or the level above resolve', () => {
    const specialist = { ...none, specialist: true, handling: true };
    expect(caseActionAllowed('triage', specialist)).toBe(true);
    expect(caseActionAllowed('resolve', specialist)).toBe(false);
    expect(caseActionAllowed('resolve', { ...specialist, assignee: true })).toBe(true);
    expect(caseActionAllowed('resolve', { ...none, specialist: true, above: true })).toBe(true);
  });

  it('gives an admin the list, the audit and the settings, never the reports', () => {
    expect(allowedCaseActions({ ...none, admin: true, handling: true }, 'triaged')).toEqual([
      'list',
      'audit',
      'configure',
    ]);
  });

  it('gives nobody anything on no facts', () => {
    expect(allowedCaseActions(none, 'new')).toEqual([]);
  });

  it('offers only the moves the state machine allows from the state', () => {
    const above = { ...none, specialist: true, above: true };
    expect(allowedCaseActions(above, 'new')).toEqual([
      'list',
      'view',
      'triage',
      'reject',
      'assign',
      'referral',
    ]);
    expect(allowedCaseActions(above, 'resolved')).toEqual([
      'list',
      'view',
      'reopen',
      'assign',
      'referral',
    ]);
  });
});

describe('severity', () => {
  it('starts from the category and rises at 3 and 10 reports, capped at critical', () => {
    expect(caseSeverityFor('other', 1)).toBe('normal');
    expect(caseSeverityFor('other', 2)).toBe('normal');
    expect(caseSeverityFor('other', 3)).toBe('high');
    expect(caseSeverityFor('other', 10)).toBe('critical');
    expect(caseSeverityFor('violence', 3)).toBe('critical');
    expect(caseSeverityFor('grooming', 50)).toBe('critical');
    expect(higherSeverity('low', 'high')).toBe('high');
    expect(higherSeverity('critical', 'normal')).toBe('critical');
  });
});

describe('routing', () => {
  // ministry > Đắk Lắk department > its child-protection unit; Đắk Lắk > a school.
  const paths: Record<string, string[]> = {
    ministry: ['ministry'],
    daklak: ['ministry', 'daklak'],
    unit: ['ministry', 'daklak', 'unit'],
    school: ['ministry', 'daklak', 'school'],
  };
  const pathOf = (id: string) => paths[id];
  const rules = [
    { scopeOrgId: 'daklak', categories: null, targetOrgId: 'unit' },
    { scopeOrgId: 'school', categories: ['bullying' as const], targetOrgId: 'school' },
  ];

  it('sends a case about a school in Đắk Lắk to Đắk Lắk’s unit, nearest rule first', () => {
    const base = { intakeOrgId: 'ministry', concernedPath: paths.school ?? [], rules, pathOf };
    expect(routeCase({ ...base, category: 'violence' })).toEqual({
      handlingOrgId: 'unit',
      excludedOrgId: null,
    });
    expect(routeCase({ ...base, category: 'bullying' })).toEqual({
      handlingOrgId: 'school',
      excludedOrgId: null,
    });
  });

  it('leaves a case with no concerned organisation at the intake', () => {
    expect(
      routeCase({
        category: 'violence',
        intakeOrgId: 'ministry',
        concernedPath: null,
        rules,
        pathOf,
      }),
    ).toEqual({ handlingOrgId: 'ministry', excludedOrgId: null });
  });

  it('never sends a staff member’s conduct to the school concerned: the level above gets it', () => {
    const schoolRule = [{ scopeOrgId: 'school', categories: null, targetOrgId: 'school' }];
    expect(
      routeCase({
        category: 'staff_misconduct',
        intakeOrgId: 'ministry',
        concernedPath: paths.school ?? [],
        rules: schoolRule,
        pathOf,
      }),
    ).toEqual({ handlingOrgId: 'daklak', excludedOrgId: 'school' });
    // A rule already pointing elsewhere stands, but the school stays excluded.
    expect(
      routeCase({
        category: 'staff_misconduct',
        intakeOrgId: 'ministry',
        concernedPath: paths.school ?? [],
        rules,
        pathOf,
      }),
    ).toEqual({ handlingOrgId: 'unit', excludedOrgId: 'school' });
  });
});
