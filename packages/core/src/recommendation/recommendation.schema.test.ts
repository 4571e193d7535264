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
      tags: [],
      targetRoles: [],
      targetAgeBands: [],
    });
  });

  it('takes targets and tags, but no status: a new recommendation is a draft', () => {
    const parsed = RecommendationInput.parse({
      ...memo,
      tags: ['memo-2017', 'bảo-vệ'],
      targetRoles: ['parent', 'teacher'],
      targetAgeBands: [{ min: 6, max: 10 }],
    });
    expect(parsed).toMatchObject({
      targetRoles: ['parent', 'teacher'],
      tags: ['memo-2017', 'bảo-vệ'],
    });
    expect(issues(RecommendationInput.safeParse({ ...memo, status: 'published' }))).toEqual([
      ['', 'unrecognized_keys'],
    ]);
  });

  it('takes a topic of the vocabulary only', () => {
    for (const topic of ['Parental Control', 'parental_control', '', 'safe-internet']) {
      expect(issues(RecommendationInput.safeParse({ ...memo, topic })), topic).toEqual([
        ['topic', 'invalid_value'],
      ]);
    }
  });

  it('refuses tags twice, upper-case or with spaces', () => {
    for (const tags of [['memo', 'memo'], ['Memo'], ['two words']]) {
      expect(issues(RecommendationInput.safeParse({ ...memo, tags }))[0]?.[0], tags.join()).toMatch(
        /^tags/,
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
  it('changes only the fields given: no defaults reset the targets or tags', () => {
    expect(RecommendationPatch.parse({})).toEqual({});
    expect(RecommendationPatch.parse({ title: { en: 'Memo for parents' } })).toEqual({
      title: { en: 'Memo for parents' },
    });
  });

  it('checks the fields it is given like RecommendationInput, and changes no status', () => {
    expect(issues(RecommendationPatch.safeParse({ title: {} }))).toEqual([['title', 'custom']]);
    expect(issues(RecommendationPatch.safeParse({ topic: 'memes' }))).toEqual([
      ['topic', 'invalid_value'],
    ]);
    expect(issues(RecommendationPatch.safeParse({ status: 'published' }))).toEqual([
      ['', 'unrecognized_keys'],
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
