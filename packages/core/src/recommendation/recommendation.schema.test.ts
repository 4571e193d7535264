import { describe, expect, it } from 'vitest';
import { issues } from '../testing/zod-issues.js';
import { RecommendationInput, RecommendationPatch } from './recommendation.schema.js';

const memo = {
  orgId: '018f2a00-0000-7000-8000-000000000001',
  topic: 'parental-control',
  title: { ru: 'Памятка для родителей', kk: 'Ата-аналарға арналған жадынама' },
  body: { ru: 'Установите родительский контроль. Телефон доверия: {{hotline}}' },
};

describe('RecommendationInput', () => {
  it('accepts a memo and fills the defaults', () => {
    expect(RecommendationInput.parse(memo)).toEqual({
      ...memo,
      targetRoles: [],
      targetAgeBands: [],
      status: 'draft',
    });
  });

  it('takes targets and a status', () => {
    const parsed = RecommendationInput.parse({
      ...memo,
      targetRoles: ['parent', 'teacher'],
      targetAgeBands: [{ min: 6, max: 10 }],
      status: 'published',
    });
    expect(parsed).toMatchObject({ targetRoles: ['parent', 'teacher'], status: 'published' });
  });

  it('wants a lower-case dashed topic', () => {
    for (const topic of ['Parental Control', 'parental_control', '']) {
      expect(issues(RecommendationInput.safeParse({ ...memo, topic }))[0]?.[0], topic).toBe(
        'topic',
      );
    }
  });

  it('refuses an invalid age band and unknown fields', () => {
    expect(
      issues(RecommendationInput.safeParse({ ...memo, targetAgeBands: [{ min: 10, max: 6 }] })),
    ).toEqual([['targetAgeBands.0', 'custom']]);
    expect(issues(RecommendationInput.safeParse({ ...memo, author: 'x' }))).toEqual([
      ['', 'unrecognized_keys'],
    ]);
  });
});

describe('RecommendationPatch', () => {
  it('changes only the fields given: no defaults reset the status or the targets', () => {
    expect(RecommendationPatch.parse({})).toEqual({});
    expect(RecommendationPatch.parse({ title: { en: 'Memo for parents' } })).toEqual({
      title: { en: 'Memo for parents' },
    });
    expect(RecommendationPatch.parse({ status: 'archived' })).toEqual({ status: 'archived' });
  });

  it('checks the fields it is given like RecommendationInput', () => {
    expect(issues(RecommendationPatch.safeParse({ title: {} }))).toEqual([['title', 'custom']]);
    expect(issues(RecommendationPatch.safeParse({ status: 'deleted' }))).toEqual([
      ['status', 'invalid_value'],
    ]);
  });

  it('refuses orgId (a recommendation does not move) and unknown fields', () => {
    expect(
      issues(RecommendationPatch.safeParse({ orgId: '018f2a00-0000-7000-8000-000000000002' })),
    ).toEqual([['', 'unrecognized_keys']]);
    expect(issues(RecommendationPatch.safeParse({ author: 'x' }))).toEqual([
      ['', 'unrecognized_keys'],
    ]);
  });
});
