import { describe, expect, it } from 'vitest';
import { issues } from '../testing/zod-issues.js';
import { CampaignInput } from './campaign.schema.js';
import { Target } from './target.schema.js';

const campaign = (targets: unknown[]) => ({
  orgId: '018f2a00-0000-7000-8000-000000000001',
  title: 'Safe Internet',
  startsOn: '2017-04-10',
  endsOn: '2017-04-21',
  timeZone: 'Asia/Almaty',
  targets,
});

const share = {
  kind: 'share',
  form: 'school-report',
  field: 'sessions_held',
  when: { atLeast: 1 },
};

describe('Target with a formula', () => {
  it('takes a share, a ratio and a total, each with its goal', () => {
    const targets = [
      { key: 'a', title: { en: 'a' }, measure: { percent: 100, of: 'school' }, formula: share },
      {
        key: 'b',
        title: { en: 'b' },
        measure: { percent: 90 },
        formula: { kind: 'ratio', form: 'f', numerator: 'reached', denominator: 'enrolled' },
      },
      {
        key: 'c',
        title: { en: 'c' },
        goal: 500,
        formula: { kind: 'total', form: 'f', field: 'x' },
      },
      { key: 'd', title: { en: 'd' }, measure: { percent: 100, of: 'school' } },
    ];
    expect(CampaignInput.parse(campaign(targets)).targets).toEqual(targets);
  });

  it('refuses an unknown kind, a condition of no known shape and an ill-formed key', () => {
    const bad = (formula: unknown) =>
      issues(Target.safeParse({ key: 'a', title: { en: 'a' }, formula }));
    expect(bad({ ...share, kind: 'average' })).toEqual([['formula.kind', 'invalid_union']]);
    expect(bad({ ...share, when: { atMost: 1 } })[0]?.[0]).toBe('formula.when');
    expect(bad({ ...share, field: 'Sessions Held' })).toEqual([
      ['formula.field', 'invalid_format'],
    ]);
  });

  it('asks for the goal its formula reads, and only that one, with the path', () => {
    const codes = (target: Record<string, unknown>) =>
      issues(CampaignInput.safeParse(campaign([{ key: 'a', title: { en: 'a' }, ...target }])));
    expect(codes({ formula: share })).toEqual([['targets.0.measure', 'no_goal']]);
    expect(codes({ formula: share, measure: { percent: 100 }, goal: 3 })).toEqual([
      ['targets.0.goal', 'goal_misplaced'],
    ]);
    const total = { kind: 'total', form: 'f', field: 'x' };
    expect(codes({ formula: total })).toEqual([['targets.0.goal', 'no_goal']]);
    expect(codes({ formula: total, goal: 1, measure: { percent: 50 } })).toEqual([
      ['targets.0.measure', 'goal_misplaced'],
    ]);
    expect(codes({ goal: 1 })).toEqual([['targets.0.goal', 'goal_misplaced']]);
  });
});
