import { describe, expect, it } from 'vitest';
import { issues } from '../testing/zod-issues.js';
import { canNest, isWithin, OrganisationInput } from './organisation.schema.js';

const MINISTRY = '018f2a00-0000-7000-8000-000000000001';
const DAK_LAK = '018f2a00-0000-7000-8000-000000000002';
const SCHOOL = '018f2a00-0000-7000-8000-000000000003';

describe('canNest', () => {
  it('builds the tree ministry → province → district → school', () => {
    expect(canNest('ministry', 'province')).toBe(true);
    expect(canNest('province', 'district')).toBe(true);
    expect(canNest('district', 'school')).toBe(true);
  });

  it('lets schools sit directly under a province (Vietnamese high schools)', () => {
    expect(canNest('province', 'school')).toBe(true);
  });

  it('hangs associations under any public body but not under another association', () => {
    for (const parent of ['ministry', 'province', 'district', 'school'] as const) {
      expect(canNest(parent, 'association'), parent).toBe(true);
    }
    expect(canNest('association', 'association')).toBe(false);
  });

  it('refuses upside-down and skipping nestings', () => {
    expect(canNest('province', 'ministry')).toBe(false);
    expect(canNest('school', 'district')).toBe(false);
    expect(canNest('ministry', 'district')).toBe(false);
    expect(canNest('ministry', 'school')).toBe(false);
    expect(canNest('association', 'school')).toBe(false);
  });
});

describe('isWithin', () => {
  it('is true for the organisation itself and its subtree only', () => {
    const school = { path: [MINISTRY, DAK_LAK, SCHOOL] };
    expect(isWithin(school, SCHOOL)).toBe(true);
    expect(isWithin(school, DAK_LAK)).toBe(true);
    expect(isWithin(school, MINISTRY)).toBe(true);
    expect(isWithin({ path: [MINISTRY] }, DAK_LAK)).toBe(false);
  });
});

describe('OrganisationInput', () => {
  it('accepts a province and normalises its default language', () => {
    expect(
      OrganisationInput.parse({
        parentId: MINISTRY,
        kind: 'province',
        name: 'Đắk Lắk',
        timeZone: 'Asia/Ho_Chi_Minh',
        defaultLanguage: 'VI',
      }),
    ).toEqual({
      parentId: MINISTRY,
      kind: 'province',
      name: 'Đắk Lắk',
      timeZone: 'Asia/Ho_Chi_Minh',
      defaultLanguage: 'vi',
    });
  });

  it('refuses an unknown kind, language or field', () => {
    const base = { parentId: MINISTRY, kind: 'school', name: 'Nguyễn Bình Khiêm' };
    expect(issues(OrganisationInput.safeParse({ ...base, kind: 'club' }))).toEqual([
      ['kind', 'invalid_value'],
    ]);
    expect(issues(OrganisationInput.safeParse({ ...base, defaultLanguage: 'fr' }))).toEqual([
      ['defaultLanguage', 'unsupported_language'],
    ]);
    expect(issues(OrganisationInput.safeParse({ ...base, path: [] }))).toEqual([
      ['', 'unrecognized_keys'],
    ]);
  });
});
