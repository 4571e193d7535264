import { describe, expect, it } from 'vitest';
import { approvalGaps } from './report-approval.rules.js';
import type { SubtreeOrg } from './report-approval.store.js';

/** The approval rule on a small tree: ministry m → province p → districts d1, d2 → schools. */
const org = (id: string, kind: string, path: string[], expected = false): SubtreeOrg => ({
  id,
  name: id,
  kind,
  path: [...path, id],
  expected,
});
const LEVELS = ['district', 'province', 'ministry'];
const TREE = [
  org('m', 'ministry', []),
  org('p', 'province', ['m']),
  org('d1', 'district', ['m', 'p']),
  org('d2', 'district', ['m', 'p']),
  org('d3', 'district', ['m', 'p']), // no school to report: needs no approval
  org('s1', 'school', ['m', 'p', 'd1'], true),
  org('s2', 'school', ['m', 'p', 'd2'], true),
  org('x', 'school', ['m', 'p'], true), // a school right under the province
];
const ids = (orgs: SubtreeOrg[]) => orgs.map((o) => o.id);

describe('approvalGaps', () => {
  it('asks a district for its own schools’ current submissions', () => {
    const gaps = approvalGaps('d1', LEVELS, TREE, new Map([['s1', 'draft']]), new Set());
    expect(ids(gaps.unsubmitted)).toEqual(['s1']);
    expect(ids(gaps.unapproved)).toEqual([]);
    expect(
      approvalGaps('d1', LEVELS, TREE, new Map([['s1', 'submitted']]), new Set()).unsubmitted,
    ).toEqual([]);
  });

  it('asks a province for every district with schools, and for the schools no district covers', () => {
    const states = new Map([
      ['s1', 'submitted'],
      ['s2', 'returned'],
    ] as const);
    const gaps = approvalGaps('p', LEVELS, TREE, states, new Set(['d1']));
    expect(ids(gaps.unapproved)).toEqual(['d2']);
    expect(ids(gaps.unsubmitted)).toEqual(['x']);
    expect(gaps.expected).toBe(3);
    const ready = approvalGaps(
      'p',
      LEVELS,
      TREE,
      new Map([['x', 'submitted']]),
      new Set(['d1', 'd2']),
    );
    expect([...ready.unapproved, ...ready.unsubmitted]).toEqual([]);
  });

  it('asks the ministry for every level beneath it, not only the next', () => {
    const gaps = approvalGaps('m', LEVELS, TREE, new Map([['x', 'submitted']]), new Set(['p']));
    expect(ids(gaps.unapproved).sort()).toEqual(['d1', 'd2']);
  });
});
